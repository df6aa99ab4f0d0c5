"""What a reader may see: the one definition of a public page, for every channel.

A page is public when it is live (published, not scheduled, not expired), when neither it nor
any of its ancestors has a view restriction (a password, a login or groups), and it is shown
in the reader's language. The pages, their menus and filters, the search and its editors'
picks, suggestions and "did you mean", the API, feeds, open data, sitemap and widget all take
their pages from here; what is not public is not there, whoever asks (a signed-in editor
included, since these answers are cached as public).

It lives in `search`, the package every area may import and which knows nothing of the site,
because "public" is Wagtail's notion (live, view restrictions, locale), not an area's."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import DraftStateMixin, Locale, Page, PageViewRestriction

from .remembered import remembered


def _restricted():
    """True for a page that is, or is below, a page with a view restriction. Wagtail's own
    `.public()` reads every restriction first (one query for each queryset it narrows); this
    asks the same inside the page query: a tree path starts with its ancestors' paths."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


def is_public_page():
    """For annotating pages: True for a page every reader may see (in any language)."""
    return ExpressionWrapper(
        Q(live=True, depth__gt=1) & ~_restricted(), output_field=BooleanField()
    )


def public(queryset, *, language=None, locale=None, for_search_backend=False):
    """`queryset` narrowed to what every reader may see; in one language when `language` (a
    code) or `locale` (a Locale or its id) is given. For pages (of any type) that is the
    definition above; for snippets with drafts, the published ones (a snippet's draft lives in
    its revisions, and one never published is not live). A search backend takes only field
    lookups (`for_search_backend`): the restrictions are then read first, as Wagtail does."""
    if issubclass(queryset.model, Page):
        queryset = queryset.live().filter(depth__gt=1)
        if for_search_backend:
            queryset = queryset.exclude(_private_q())
        else:
            queryset = queryset.filter(~_restricted())
    elif issubclass(queryset.model, DraftStateMixin):
        queryset = queryset.filter(live=True)
    if language is not None:
        queryset = queryset.filter(locale__language_code=language)
    if locale is not None:
        queryset = queryset.filter(locale_id=locale.pk if isinstance(locale, Locale) else locale)
    return queryset


def public_pages(language=None, *, model=Page, locale=None, for_search_backend=False):
    """Every public page of `model` (any page type by default), in one language if given."""
    return public(
        model.objects.all(),
        language=language,
        locale=locale,
        for_search_backend=for_search_backend,
    )


def locales(request=None):
    """Every locale by its language code, remembered until one changes (search/remembered.py)."""
    return remembered(
        request, "locales", lambda: {item.language_code: item for item in Locale.objects.all()}
    )


def _private_q():
    """Wagtail's `private_q` (the pages at or below a view restriction, in field lookups a
    search backend takes), from the restrictions remembered until one changes."""
    sections = remembered(
        None,
        "restricted_sections",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
    )
    q = Q()
    for path, depth in sections:
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])
