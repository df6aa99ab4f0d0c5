"""A reader's page found in two queries, whatever its depth.

Wagtail finds `/lv/stasti/engure/` one level at a time: each level is a query for the child
with that slug and another for it as its own type, four queries for a story. `route_below`
asks for every page on the path at once (by slug, then checked against each page's
`url_path`, the address Wagtail keeps for it), then for the last one as its own type with its
locale. Where the path goes on below the last page found, that page's own `route` takes the
rest (a routable page's sub-address); where a page on the way answers addresses of its own
(it overrides `route`), or the path has no such pages, Wagtail's way is taken, so nothing a
page type decides changes.

The pages found on the way are the page's breadcrumbs (`ancestors_on_route`) and tell which
view restrictions apply to it (`view_restrictions_on_route`), taken from the remembered ones
(knowledge/core/frame.py) without a query."""

from itertools import takewhile

from wagtail.models import Page

from . import frame


def route_below(home, request, path_components):
    """The route result of `path_components` below `home`, or None to let Wagtail route."""
    prefixes = [
        home.url_path + "".join(f"{slug}/" for slug in path_components[: n + 1])
        for n in range(len(path_components))
    ]
    candidates = Page.objects.filter(
        slug__in=set(path_components),
        depth__gt=home.depth,
        depth__lte=home.depth + len(path_components),
        path__startswith=home.path,
    )
    by_url_path = {page.url_path: page for page in candidates}
    chain = list(takewhile(bool, (by_url_path.get(prefix) for prefix in prefixes)))
    if not chain or any(page.specific_class is None for page in chain):
        return None
    if any(page.specific_class.route is not Page.route for page in chain[:-1]):
        return None
    last, rest = chain[-1], path_components[len(chain) :]
    if rest and last.specific_class.route is Page.route:
        return None  # no such page: Wagtail's own 404
    page = last.specific_class.objects.select_related("locale").get(pk=last.pk)
    ancestors = [home, *chain[:-1]]
    page._cached_parent_obj = ancestors[-1]
    found_on_route(page, request, ancestors)
    # The rest of the path, if any, is an address the page answers itself (the workshop kit
    # of a roadmap step): its own `route` decides, as it does under Wagtail's routing.
    return page.route(request, rest)


def found_on_route(page, request, ancestors):
    """Mark `page` as found below `ancestors` (the pages between the tree's root and it)."""
    page._ancestors_on_route = ancestors
    page._view_restrictions = frame.view_restrictions(request)


def ancestors_on_route(page):
    """The page's ancestors below the tree's root, if `route_below` found this page; None
    otherwise (a preview, say)."""
    return getattr(page, "_ancestors_on_route", None)


def view_restrictions_on_route(page):
    """The view restrictions of the page and its ancestors, when `route_below` found it and no
    page on its path is an alias (Wagtail then checks the alias's source); None otherwise."""
    ancestors = ancestors_on_route(page)
    if ancestors is None or any(item.alias_of_id for item in [*ancestors, page]):
        return None
    paths = {page.path[: n * page.steplen] for n in range(1, page.depth + 1)}
    return [item for item in page._view_restrictions if item.page_path in paths]
