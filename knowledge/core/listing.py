"""Cards of pages of many types (a home page's sections, a guide's topics) in two queries.

A card shows a page's title, address and intro. Wagtail's `.specific()` loads each page as its
type: a query for every type listed (nine on the home page). `with_intros` loads the plain
pages, then every intro at once: one UNION over the types' tables."""

from collections import defaultdict


def with_intros(pages):
    """The pages of `pages` as plain Page rows, each with its `intro` ("" when its type has
    none)."""
    pages = list(pages)
    by_type = defaultdict(list)
    for page in pages:
        model = page.specific_class
        if model is not None and any(f.name == "intro" for f in model._meta.concrete_fields):
            by_type[model].append(page.pk)
    parts = [
        model.objects.filter(pk__in=pks).order_by().values_list("pk", "intro")
        for model, pks in by_type.items()
    ]
    intros = dict(parts[0].union(*parts[1:], all=True)) if parts else {}
    for page in pages:
        page.intro = intros.get(page.pk, "")
    return pages
