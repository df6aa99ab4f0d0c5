"""Cards of pages of many types (a home page's sections, a guide's topics) in two queries.

A card shows a page's title, address and intro. Wagtail's `.specific()` loads each page as its
type: a query for every type listed (nine on the home page). `with_intros` loads the plain
pages, then every intro at once: one UNION over the types' tables (search/text.py)."""

from search.text import with_text_fields


def with_intros(pages):
    """The pages of `pages` as plain Page rows, each with its `intro` ("" when its type has
    none)."""
    return with_text_fields(pages, "intro")
