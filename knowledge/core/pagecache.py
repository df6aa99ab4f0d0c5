"""Whole pages for anonymous readers, kept in the shared cache until the content changes.

Content changes only when an editor publishes, so every reader's page is the same until then:
the first anonymous reader's copy (gzip-compressed or plain, as that reader accepted) serves
everyone after. Invalidation is a site-wide generation: a number in the cache, read with the
page in one round trip; a page kept in another generation is not served. Whatever can change
what a reader sees (a page published, unpublished, moved, deleted or made private; a snippet
or a theme published or deleted; the site, its languages, an image or a document changed; a
content reload; a deploy's `migrate`) sets a new generation once its transaction commits,
and every cached page is gone at once — the story, its translation's language switcher, the
index, the home page's latest stories, the listing that shows a snippet, and every page no
one thought of. It is coarse on purpose: a page of this site shows many others (menus,
cards, similar stories, snippets), so a dependency map would be large and easy to get wrong,
and publishing is rare next to reading.

The generation is the time of the last change, in nanoseconds: it never repeats, even when
the cache lost it (a page kept in an old generation is never taken for a new one), and it is
the pages' `Last-Modified`. A CDN configured with FRONTEND_CACHE (Wagtail's
`wagtail.contrib.frontend_cache` backends) is purged at the same moment.

Only Wagtail's pages (`wagtail_serve`) are kept, for GET and HEAD without a session; never
what rendered a CSRF token or sets a cookie, a non-200, or what says `private`/`no-store`. The
throttled channels (search, suggestions, feeds, open data, widget) are not pages and are not
kept, so their limits count every request as before."""

import hashlib
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Longer query strings (a script's junk) are answered but not kept: they would fill the cache.
MAX_QUERY_LENGTH = 512
_accepts_gzip = re.compile(r"\bgzip\b")
# Headers that belong to one answer, not to the page.
_NOT_KEPT = {"x-cache", "age", "last-modified", "set-cookie", "date"}


def generation():
    """The current generation: the time of the last change (ns), set now if the cache has none."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value


def _bump_now():
    try:
        old = cache.get(GENERATION_KEY) or 0
        cache.set(GENERATION_KEY, max(time.time_ns(), old + 1), None)
    except Exception:  # the cache is down: it serves nothing either; publishing goes on
        logger.exception("Could not start a new page-cache generation")
    purge_frontend_caches()


class _Change:
    """The changes of one transaction: however many signals it sends, one new generation and
    one purge when it commits."""

    done = False

    def run(self):
        if not self.done:
            self.done = True
            _bump_now()


def bump(**_kwargs):
    """Forget every cached page (and purge the CDN) once the current transaction commits: a
    reader asking before the commit would otherwise keep the old page under the new generation.
    It bumps with the cache off too, so pages kept before it was turned off are not served
    again."""
    connection = connections[DEFAULT_DB_ALIAS]
    change = getattr(connection, "_page_cache_change", None)
    if change is None or change.done:
        change = connection._page_cache_change = _Change()
    transaction.on_commit(change.run)


@dataclass
class Lookup:
    """What the cache holds for a request: its key, the generation when it was asked (a page
    rendered now is kept under that one, so a change during the rendering forgets it) and the
    kept page, if it is of that generation."""

    key: str
    generation: int
    kept: tuple | None


def lookup(request):
    """The cache's answer for this request, in one round trip to the cache; None when the
    request may be neither served from the cache nor kept in it (not a plain anonymous read)."""
    if (
        not settings.PAGE_CACHE
        or request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH
        # Wagtail's pages live under a language prefix; the admin, API, files, sitemap do not.
        or not request.path_info.startswith(tuple(f"/{code}/" for code, _ in settings.LANGUAGES))
    ):
        return None
    try:
        encoding = (
            "gzip" if _accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
        )
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
        key = f"pagecache:{request.scheme}://{request.get_host()}:{encoding}:{address}"
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
    except Exception:  # a host Django refuses, or the cache is down: the ordinary path answers
        return None
    kept = found.get(key)
    return Lookup(key, current, kept if kept and kept[0] == current else None)


def _last_modified(generation):
    """The generation's time as Last-Modified, once it is a whole second old: an HTTP date
    has seconds only, and a change in the same second must not look unmodified."""
    changed = generation / 1e9
    return int(changed) if time.time() - changed >= 1 else None


def _finish(response, found, state):
    response["X-Cache"] = state
    last_modified = _last_modified(found.generation)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def serve(request, found):
    """The kept page (a 304 when the reader's copy is current)."""
    _generation, stored_at, headers, content = found.kept
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    response["Age"] = str(max(0, int(time.time() - stored_at)))
    _finish(response, found, "hit")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=_last_modified(found.generation),
        response=response,
    )


def _keepable(request, response):
    match = getattr(request, "resolver_match", None)
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and match is not None
        and match.url_name == "wagtail_serve"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
        and not re.search(r"\b(private|no-store|no-cache)\b", cache_control)
        and "*" not in response.get("Vary", "")
    )


def store(request, response, found):
    """Keep `response` when it is a plain anonymous page; mark it either way."""
    if not _keepable(request, response):
        return response
    # Browsers ask again each time (a 304 when nothing changed); a CDN that is purged on
    # every change may keep the page as long as this cache does.
    if settings.WAGTAILFRONTENDCACHE:
        patch_cache_control(response, max_age=0, s_maxage=settings.PAGE_CACHE_SECONDS)
    else:
        patch_cache_control(response, max_age=0)
    headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_KEPT]
    kept = (found.generation, time.time(), headers, response.content)
    try:
        cache.set(found.key, kept, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("The page cache does not answer")
        return response
    return _finish(response, found, "miss")


def purge_frontend_caches():
    """Purge the CDN (FRONTEND_CACHE): Cloudflare empties the zone in one call; an HTTP cache
    (Varnish, nginx) gets a PURGE for the address of every public page in both languages,
    since it has no "everything". A failure is logged; publishing goes on."""
    from wagtail.contrib.frontend_cache.backends import CloudflareBackend
    from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends

    from search.public import public_pages

    backends = get_backends()
    urls = None
    for name, backend in backends.items():
        try:
            if isinstance(backend, CloudflareBackend):
                _cloudflare_purge_everything(backend)
                continue
            if urls is None:
                batch = PurgeBatch()
                batch.add_pages(public_pages().order_by("path"))
                urls = sorted(batch.urls)
            backend.purge_batch(urls)
        except Exception:
            logger.exception("Could not purge the front-end cache %s", name)


def _cloudflare_purge_everything(backend):
    import requests

    headers = {"Authorization": f"Bearer {backend.cloudflare_token}"}
    response = requests.post(
        backend.cloudflare_purge_endpoint_url,
        json={"purge_everything": True},
        headers=headers,
        timeout=30,
    )
    response.raise_for_status()


def _snippet_published(sender, **_kwargs):
    # A page's publication sends both signals; page_published is the one counted for pages.
    from wagtail.models import Page

    if not issubclass(sender, Page):
        bump()


def _saved(sender, update_fields=None, raw=False, **kwargs):
    # An image's or a document's size and hash are filled in lazily, by a reader's request.
    if not raw and not (update_fields and set(update_fields) <= {"file_size", "file_hash"}):
        bump()


# What readers see besides pages and snippets: the site and its languages, theme labels, the
# files pages show, and the content loader's record of a reload.
SHOWN_MODELS = (
    "knowledge.Theme",
    "knowledge.LoadedContent",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailimages.Image",
    "wagtaildocs.Document",
)


def in_process_cache_check(app_configs=None, **kwargs):
    """A warning where pages would be kept in each process's own memory outside development:
    a publish handled by one worker would leave the others' pages as they were."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE and not settings.DEBUG and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The page cache is in each process's memory: with several worker processes "
                "a publish reaches only the pages of the process that handled it.",
                hint="Set REDIS_URL (or CACHE_URL), or PAGE_CACHE=0, or run one process.",
                id="pagecache.W001",
            )
        ]
    return []


def install():
    """Bump the generation on every change that readers can see (see the module's text)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
    from wagtail.models import DraftStateMixin, Page, PageViewRestriction
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    checks.register(in_process_cache_check, checks.Tags.caches)
    uid = "pagecache"
    for name, signal in [("published", page_published), ("unpublished", page_unpublished)]:
        signal.connect(bump, dispatch_uid=f"{uid}-page-{name}")
    for name, signal in [("published", published), ("unpublished", unpublished)]:
        signal.connect(_snippet_published, dispatch_uid=f"{uid}-snippet-{name}")
    post_page_move.connect(bump, dispatch_uid=f"{uid}-page-moved")
    post_delete.connect(bump, sender=Page, dispatch_uid=f"{uid}-page-deleted")
    post_save.connect(bump, sender=PageViewRestriction, dispatch_uid=f"{uid}-restriction")
    post_delete.connect(bump, sender=PageViewRestriction, dispatch_uid=f"{uid}-unrestricted")
    m2m_changed.connect(
        bump, sender=PageViewRestriction.groups.through, dispatch_uid=f"{uid}-groups"
    )
    for model in apps.get_models():
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page):
            post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}-deleted-{model}")
    for label in SHOWN_MODELS:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-saved-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}-deleted-{label}")
    # A deploy runs migrate: new templates or code may change every page.
    post_migrate.connect(
        bump, sender=apps.get_app_config("knowledge"), dispatch_uid=f"{uid}-migrated"
    )
