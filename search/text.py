"""Plain text out of rich text and StreamField values, for search and snippets."""

import html
import re
from collections import defaultdict

from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def strip_tags(markup):
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup or ""))).strip()


def _walk(value):
    if value is None:
        return
    if isinstance(value, StreamValue):
        yield from _walk(list(value.raw_data))
        return
    if isinstance(value, RichText):
        yield strip_tags(value.source)
    elif isinstance(value, str):
        yield strip_tags(value) if "<" in value else value
    elif isinstance(value, dict):
        if "type" in value and "value" in value:
            yield from _walk(value["value"])
        else:
            for key, item in value.items():
                if key not in ("id", "type", "kind", "document", "source", "image", "url"):
                    yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)


def plain_text(value):
    """All the human-readable text in a value (StreamField, rich text, lists of them)."""
    return " ".join(part for part in _walk(value) if part)


def with_text_fields(pages, *names):
    """`pages` (of any types) as plain Page rows, each given the text fields `names` of its
    type ("" where its type has none), read in one query: a UNION over the types'
    tables, where `.specific()` asks once per type. All the types holding a field must hold it
    in the same kind of column (the pages' intro and body come from one abstract base)."""
    pages = list(pages)
    by_type = defaultdict(list)
    for page in pages:
        model = page.specific_class
        columns = {field.name for field in model._meta.concrete_fields} if model else set()
        if all(name in columns for name in names):
            by_type[model].append(page.pk)
    parts = [
        model.objects.filter(pk__in=pks).order_by().values_list("pk", *names)
        for model, pks in by_type.items()
    ]
    found = {row[0]: row[1:] for row in parts[0].union(*parts[1:], all=True)} if parts else {}
    for page in pages:
        for name, value in zip(names, found.get(page.pk, ("",) * len(names)), strict=True):
            setattr(page, name, value)
    return pages
