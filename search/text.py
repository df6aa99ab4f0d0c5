"""Plain text out of rich text and StreamField values, for search and snippets."""

import html
import re

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
