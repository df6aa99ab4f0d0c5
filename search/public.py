"""What a reader may see: the one definition of a public page, for every channel.

A page is public when it is live (published, not scheduled, not expired), when neither it nor
any of its ancestors has a view restriction (a password, a login or groups), and it is shown
in the reader's language. The pages, their menus and filters, the search and its editors'
picks, suggestions and "did you mean", the API, feeds, open data, sitemap and widget all take
their pages from here; what is not public is not there, whoever asks (a signed-in editor
included, since these answers are cached as public).

It lives in `search`, the package every area may import and which knows nothing of the site,
because "public" is Wagtail's notion (live, view restrictions, locale), not an area's."""

from wagtail.models import DraftStateMixin, Locale, Page


def public(queryset, *, language=None, locale=None):
    """`queryset` narrowed to what every reader may see; in one language when `language` (a
    code) or `locale` (a Locale or its id) is given. For pages (of any type) that is the
    definition above; for snippets with drafts, the published ones (a snippet's draft lives in
    its revisions, and one never published is not live)."""
    if issubclass(queryset.model, Page):
        queryset = queryset.live().public().filter(depth__gt=1)
    elif issubclass(queryset.model, DraftStateMixin):
        queryset = queryset.filter(live=True)
    if language is not None:
        queryset = queryset.filter(locale__language_code=language)
    if locale is not None:
        queryset = queryset.filter(locale_id=locale.pk if isinstance(locale, Locale) else locale)
    return queryset


def public_pages(language=None, *, model=Page, locale=None):
    """Every public page of `model` (any page type by default), in one language if given."""
    return public(model.objects.all(), language=language, locale=locale)
