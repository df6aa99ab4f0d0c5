"""Cards of pages of many types (a home page's sections, a guide's topics) in two queries.

A card shows a page's title, address and intro. Wagtail's `.specific()` loads each page as its
type: a query for every type listed (nine on the home page). `with_intros` loads the plain
pages, then every intro at once: one UNION over the types' tables (search/text.py)."""

from urllib.parse import urlencode

from django.apps import apps

from search.public import public_pages
from search.remembered import remembered
from search.text import with_text_fields

# A page that lists the stories of a step or a challenge shows this many, newest first, and
# links to the story index filtered by it for all of them.
STORY_CARDS = 6


def with_intros(pages):
    """The pages of `pages` as plain Page rows, each with its `intro` ("" when its type has
    none)."""
    return with_text_fields(pages, "intro")


def story_index_url(request, locale_id, **facets):
    """The story index in the language of `locale_id`, filtered by `facets` (its parameters,
    e.g. `step=3`), or None; the index's address is read once per change of the site."""

    def compute():
        index = public_pages(model=apps.get_model("knowledge", "StoryIndexPage"))
        index = index.filter(locale_id=locale_id).order_by("path").first()
        return index.get_url(request) if index is not None else None

    url = remembered(request, f"story_index_url:{locale_id}", compute)
    return f"{url}?{urlencode(facets)}" if url else None
