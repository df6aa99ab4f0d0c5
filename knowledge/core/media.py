"""Uploaded images served by the site itself, for the embedded default and for a production
without a reverse proxy in front of `/media/`.

Only images are served here: original uploads (`original_images/`) and their renditions
(`images/`). Documents are not: a document in a private collection must be reached only through
Wagtail's document view (`/documents/<id>/<name>`), which checks its privacy, so its file under
`/media/documents/` answers 404 here. Anything else under MEDIA_ROOT (files an editor never
published, a folder of backups) is not reachable either.

Renditions never change under their name (a new focal point or filter is a new file), so a phone
on a weak signal may keep them for a long time; originals can be replaced by an editor, so they
are revalidated daily. Both answer conditional requests with 304."""

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

# Folder under MEDIA_ROOT → Cache-Control for the files in it.
SERVED = {
    "images": "public, max-age=31536000, immutable",
    "original_images": "public, max-age=86400",
}


def media_path(path):
    """The file under MEDIA_ROOT for a request path, or None when it is not served here."""
    normalised = posixpath.normpath(path).lstrip("/")
    folder, _, rest = normalised.partition("/")
    if folder not in SERVED or not rest or normalised != path:
        return None, None
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, normalised))
    except Exception:  # noqa: BLE001 - any path that escapes MEDIA_ROOT (SuspiciousFileOperation)
        return None, None
    return (full if full.is_file() else None), SERVED[folder]


@require_safe
def serve(request, path):
    full, cache_control = media_path(path)
    if full is None:
        raise Http404("No such image")
    stat = full.stat()
    if not was_modified_since(request.headers.get("if-modified-since"), stat.st_mtime):
        response = HttpResponseNotModified()
    else:
        content_type, encoding = mimetypes.guess_type(str(full))
        response = FileResponse(
            open(full, "rb"),  # noqa: SIM115 - FileResponse closes it
            content_type=content_type or "application/octet-stream",
        )
        if encoding:
            response.headers["Content-Encoding"] = encoding
    response.headers["Last-Modified"] = http_date(stat.st_mtime)
    response.headers["Cache-Control"] = cache_control
    return response
