"""The site-wide middleware: language prefixes, NUL characters, compression, no shared copies
of pages made for a signed-in editor, and the Content-Security-Policy of every response.
The public API's own middleware (CORS, rate limit) is in knowledge/api/middleware.py."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_cache_control

from . import pagecache

PUBLIC_PREFIXES = ("/api/",)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except for the addresses that live outside the language trees.

    For a missing address without a language prefix, Django redirects to /lv/… whenever that
    path would match, and the page tree under a language prefix matches any path: a partner's
    mistyped /api/… or /embed/… address became a redirect to an HTML page. Those get their
    404 where they were asked."""

    OUTSIDE_LANGUAGES = ("/api/", "/embed/", "/documents/", "/media/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.OUTSIDE_LANGUAGES):
            return response
        return super().process_response(request, response)


NUL_MESSAGE = (
    "Adresē ir rakstzīme NUL (%00), ko nevar saturēt neviena lapa. "
    "The address contains a NUL character (%00), which no page can hold."
)


class NulCharacterMiddleware:
    """A NUL character in the address is a 400 with a message, on every database.

    PostgreSQL cannot hold NUL in a text value, so looking up a page or filtering the API by
    one failed as a server error there (SQLite merely found nothing). The search's `q` is left
    alone: the search cleans control characters out of the reader's words and answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        suspect = [request.path]
        for key, values in request.GET.lists():
            if key != "q":  # the reader's words: the search cleans them and answers
                suspect += [key, *values]
        if not any("\x00" in text for text in suspect):
            return self.get_response(request)
        if request.path.startswith(PUBLIC_PREFIXES):
            return JsonResponse({"message": NUL_MESSAGE}, status=400)
        return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")


class PageCacheMiddleware:
    """Anonymous readers' pages from the page cache (knowledge/core/pagecache.py). It stands
    outside the compression, so a hit is sent as kept, gzip-compressed or plain, without
    sessions, languages or templates; it answers If-None-Match and If-Modified-Since itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = pagecache.lookup(request)
        if found is None:
            return self.get_response(request)
        if found.kept:
            return pagecache.serve(request, found)
        return pagecache.store(request, self.get_response(request), found)


class CompressionMiddleware(GZipMiddleware):
    """Readers' pages, feeds, the sitemap and the API's JSON travel gzip-compressed: a home
    page of 11 KB becomes less than 4 KB, a 20-story API page a fifth of its size; a second or
    more saved on a weak rural signal, for our readers and the partners'.

    Compression with a secret in the page lets an attacker who can also put words into it
    guess the secret from the length (BREACH). So nothing is compressed that may hold one:
    not the admin, and no response that rendered a CSRF token (a private page's password
    form, say) or that was made for a signed-in editor (the Wagtail user bar)."""

    def process_response(self, request, response):
        if (
            request.path.startswith("/admin/")
            # Images are compressed already (knowledge/core/media.py).
            or request.path.startswith(settings.MEDIA_URL)
            # Django sends the CSRF cookie with every response that rendered a token.
            or settings.CSRF_COOKIE_NAME in response.cookies
            or getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            return response
        return super().process_response(request, response)


class SignedInNoStoreMiddleware:
    """Pages made for a signed-in editor (with Wagtail's user bar, drafts in previews) are sent
    `private, no-store`: no shared cache and no offline copy keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            patch_cache_control(response, private=True, no_store=True)
        return response


# Readers' pages load nothing but this site's own files: an editor's slip or a hostile link
# pasted into rich text cannot pull in or run anything else.
_OWN = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'"
)
READER_POLICY = f"{_OWN}; form-action 'self'; frame-ancestors 'self'"
# The widget keeps its few styles inline (one request less in the partner's page) and may be
# framed anywhere; it has no forms.
WIDGET_POLICY = _OWN.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + (
    "; form-action 'none'; frame-ancestors *"
)
# The admin runs Wagtail's own scripts and styles; it only must not be framed elsewhere.
FRAME_POLICY = "frame-ancestors 'self'"


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy of every response: strict for readers' pages, the same plus
    inline styles and any framer for the widget, only the framing rule for the admin (its
    preview frames this site's pages), the API's browsable pages for developers (Django REST
    framework styles them inline) and anything that is not HTML."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        html = response.get("Content-Type", "").startswith("text/html")
        if getattr(response, "embeddable", False):
            response["Content-Security-Policy"] = WIDGET_POLICY
            response.cookies.clear()
        elif html and not request.path.startswith(("/admin/", "/api/")):
            response["Content-Security-Policy"] = READER_POLICY
        else:
            response["Content-Security-Policy"] = FRAME_POLICY
        return response


# No page of this site uses the camera, the microphone, the reader's location or payment, and
# none may be made to by something an editor pastes.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), interest-cohort=()"
)
# What partners load from other origins: the API, feeds, open data, the widget, documents and
# the files the widget uses. Everything else only this site's own pages may embed.
SHARED_PREFIXES = ("/api/", "/embed/", "/documents/", "/static/", "/media/")
SHARED_SUFFIXES = (".rss", ".atom", ".csv", ".geojson")


class ResourcePolicyMiddleware:
    """Permissions-Policy on every response, and Cross-Origin-Resource-Policy: `cross-origin`
    for what partner sites embed or fetch, `same-origin` for everything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        shared = request.path.startswith(SHARED_PREFIXES) or request.path.endswith(SHARED_SUFFIXES)
        response.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if shared else "same-origin"
        )
        return response
