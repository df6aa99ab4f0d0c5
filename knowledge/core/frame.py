"""What every reader page needs around its own content, read from the database once per change
of the site instead of once per page (#15 item 1): the site answering the request, the locales,
the home page in each language (where Wagtail starts routing), the view restrictions, the
header's menus and the footer's story form page.

Each value is remembered in Django's cache under a generation that every change a reader could
see replaces: a page saved (published, unpublished, edited, copied), moved or deleted, a view
restriction or its groups, a site or a locale. Until such a change is committed the generation
is *pending*: nothing is remembered and every request reads the database, so no process keeps
what a transaction rolled back, and the first request after the commit reads the new state.
Within one request each value is taken from the cache once.

Like Wagtail's own cache of the sites' root paths, this needs the cache shared by every worker
process that serves the site (Redis, as in production): an in-process cache hears only the
publishes of its own process. Entries expire after FRAME_SECONDS whatever happens, which bounds
how long a second process (`manage.py load_content` beside `runserver`) can go unheard."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

FRAME_SECONDS = 300
GENERATION_KEY = "frame:generation"
PENDING = "pending"
# A change whose transaction never commits (an error after the save) leaves the generation
# pending for this long at most; then remembering starts again from what is committed.
PENDING_SECONDS = 60
_MISSING = object()
# Saves and deletions of these change what the frame shows.
WATCHED = (Page, PageViewRestriction, Site, Locale)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def remembered(request, name, compute):
    """`compute()`, read from the cache of the current generation (computed and remembered
    there on a miss), once per request."""
    memo = request.__dict__.setdefault("_frame", {}) if request is not None else {}
    if name in memo:
        return memo[name]
    generation = memo.get(GENERATION_KEY) or _generation()
    memo[GENERATION_KEY] = generation
    value = _MISSING
    if generation not in (None, PENDING):
        key = f"frame:{generation}:{name}"
        value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if generation not in (None, PENDING):
            cache.set(key, value, FRAME_SECONDS)
    memo[name] = value
    return value


def renew():
    """Start a new generation: what was remembered is read again from the database."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def changed():
    """Something the frame shows changed: nothing is remembered until it is committed, and a
    new generation starts then."""
    cache.set(GENERATION_KEY, PENDING, PENDING_SECONDS)
    transaction.on_commit(renew)


def _saved_or_deleted(sender, instance, **kwargs):
    if isinstance(instance, WATCHED):
        changed()


def _signalled(sender, **kwargs):
    changed()


def listen():
    for signal in (post_save, post_delete):
        signal.connect(_saved_or_deleted, dispatch_uid=f"frame-{signal}")
    m2m_changed.connect(
        _signalled, sender=PageViewRestriction.groups.through, dispatch_uid="frame-groups"
    )
    # A move rewrites the tree with plain updates, an unpublication of many pages too.
    post_page_move.connect(_signalled, dispatch_uid="frame-move")
    page_unpublished.connect(_signalled, dispatch_uid="frame-unpublished")


def _sites():
    return list(Site.objects.select_related("root_page").order_by("pk"))


def site_for_request(request):
    """Wagtail's choice of site for `request` (`Site.find_for_request`), from the remembered
    sites: the exact host and port, then the host as the default site, then the default site
    (or the only other site on that host), else None."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def match(site):
        if site.hostname == hostname:
            return 0 if str(site.port) == str(port) else 1 if site.is_default_site else 3
        return 2

    found = sorted(
        (
            site
            for site in remembered(request, "sites", _sites)
            if site.hostname == hostname or site.is_default_site
        ),
        key=match,
    )
    if not found:
        return None
    if len(found) == 1 or match(found[0]) in (0, 1):
        return found[0]
    if match(found[0]) == 2:
        return found[len(found) == 2]
    return None


class SiteMiddleware:
    """Gives each request its Wagtail site (`request._wagtail_site`, where Wagtail keeps it for
    the request) without a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)


def active_locale(request):
    """The Locale of the active language (Wagtail's `Locale.get_active`), or the default one."""
    locales = remembered(
        request,
        "locales",
        lambda: {locale.language_code: locale for locale in Locale.objects.all()},
    )
    for code in (translation.get_language(), settings.LANGUAGE_CODE):
        try:
            found = locales.get(get_supported_content_language_variant(code))
        except LookupError:
            found = None
        if found is not None:
            return found
    return None


def _roots():
    keys = Site.objects.values("root_page__translation_key")
    return {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in=keys).specific()
    }


def localized_root(request, site):
    """The site's root page in the reader's language when that one is live, else the root page
    itself, as its own type (Wagtail's `site.root_page.localized.specific`)."""
    roots = remembered(request, "roots", _roots)
    root = site.root_page
    locale = active_locale(request)
    localized = roots.get((root.translation_key, locale.pk)) if locale else None
    if localized is not None and localized.live:
        return localized
    return roots.get((root.translation_key, root.locale_id)) or root.specific


def route_for_request(request, path):
    """Wagtail's `Page.route_for_request`, starting from the remembered home pages; the result
    is kept where Wagtail looks for it (`request._wagtail_route_for_request`)."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = getattr(request, "_wagtail_site", None) or Site.find_for_request(request)
    result = None
    if site is not None:
        components = [component for component in path.split("/") if component]
        try:
            result = localized_root(request, site).route(request, components)
        except Http404:
            result = None
    request._wagtail_route_for_request = result
    return result


def view_restrictions(request):
    """Every view restriction, each with its page's tree path (`page_path`) and its groups."""
    return remembered(
        request,
        "restrictions",
        lambda: list(
            PageViewRestriction.objects.annotate(page_path=F("page__path"))
            .prefetch_related("groups")
            .order_by("pk")
        ),
    )
