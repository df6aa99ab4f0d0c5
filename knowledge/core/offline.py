"""Offline reading for readers on a weak rural signal: a service worker keeps the pages a
reader has opened, and shows them when the network is gone.

Pages always come from the network when it answers (network first), so nobody reads an old
version while online; only when the request fails does the worker answer from its copy, or
with the offline page of the reader's language, which lists the pages it keeps. Static files
have hashed names and come from the copy first. The admin, the API, the widget, search results
and documents are never kept; neither is a page made for a signed-in editor (it is sent
`no-store`)."""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .views import SUPPORTED

# Reader pages kept at most; the oldest go first.
MAX_PAGES = 60
STATIC_FILES = ["css/site.css", "css/print.css", "js/site.js", "img/favicon.svg", "img/logo.svg"]


def _in_each_language(url_name):
    urls = {}
    for language in SUPPORTED:
        with translation.override(language):
            urls[language] = reverse(url_name)
    return urls


def _worker_config():
    """What the worker needs to know, with a version that changes whenever a static file, an
    address or the worker itself changes (in development the files' names carry no hash):
    a new version drops the old copies."""
    assets = [static(name) for name in STATIC_FILES]
    offline = _in_each_language("offline")
    fingerprint = hashlib.sha256()
    for name in STATIC_FILES:
        path = finders.find(name)
        if path:  # (a deployment that ships only the collected files relies on their hashes)
            with open(path, "rb") as file:
                fingerprint.update(file.read())
    fingerprint.update(json.dumps([assets, offline]).encode())
    fingerprint.update(loader.get_template("offline/sw.js").template.source.encode())
    return json.dumps(
        {
            "version": fingerprint.hexdigest()[:12],
            "assets": assets,
            "offline": offline,
            "maxPages": MAX_PAGES,
            "languages": list(SUPPORTED),
            "searchPaths": list(_in_each_language("search").values()),
        }
    )


# Browsers ask for the worker on every visit: its files are read once per process, except in
# development, where they change under a running server.
_deployed_worker_config = cache(_worker_config)


@require_safe
def service_worker(request):
    """`/sw.js`: served from the root so that it may look after every reader's page."""
    config = _worker_config() if settings.DEBUG else _deployed_worker_config()
    response = render(request, "offline/sw.js", {"config": config}, content_type="text/javascript")
    # No cache may hold an old worker back.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_safe
def offline_page(request):
    """What a reader sees when the network is gone and the page was never opened here."""
    response = render(request, "offline/offline.html")
    patch_cache_control(response, no_cache=True)
    return response
