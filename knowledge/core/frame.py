"""What every reader page needs around its own content, read from the database once per change
of the site instead of once per page (#15 item 1): the site answering the request, the locales,
the home page in each language (where Wagtail starts routing), the view restrictions, the
header's menus and the footer's story form page. How they are remembered and forgotten:
search/remembered.py."""

from django.conf import settings
from django.db.models import F
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site

from search.public import locales
from search.remembered import remembered


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
    by_code = locales(request)
    for code in (translation.get_language(), settings.LANGUAGE_CODE):
        try:
            found = by_code.get(get_supported_content_language_variant(code))
        except LookupError:
            found = None
        if found is not None:
            return found
    return None


def _roots():
    keys = Site.objects.values("root_page__translation_key")
    by_id = {locale.pk: locale for locale in locales().values()}
    roots = {}
    for page in Page.objects.filter(translation_key__in=keys).specific():
        page.locale = by_id[page.locale_id]
        roots[page.translation_key, page.locale_id] = page
    return roots


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
