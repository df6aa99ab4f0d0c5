"""Rich text in the shape Wagtail's editor saves it.

The editor (Draftail) does not keep rich text as it was written: it reads it into its own
document model and writes it back in one normal form (`<b><a>…</a> …</b>` becomes
`<a><b>…</b></a><b> …</b>`, a space moves out of a `<b>`, …). wagtail-localize translates rich
text string by string, so if the loader stored another shape, the first save of a Latvian page
in the admin would change its strings and lose the English recorded for them. The loader stores
each field and block's rich text as that field's own editor widget would save it."""

import re
from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from wagtail import blocks
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.fields import RichTextField, StreamField

# The editor marks each paragraph with a random key; a key only identifies a paragraph in the
# editor's session, so the stored text goes without (and two loads store the same text).
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


@lru_cache(maxsize=32)
def _converter(editor, features):
    features = None if features is None else list(features)
    return getattr(get_rich_text_editor_widget(editor, features=features), "converter", None)


def converter_for(field_or_block):
    """The converter of the editor widget of a RichTextField or RichTextBlock (None for an
    editor without one)."""
    features = field_or_block.features
    return _converter(field_or_block.editor, None if features is None else tuple(features))


def as_the_editor_saves(html, converter):
    """`html` through the editor's document model and back (`converter`: the editor widget's)
    until it stops changing, as a round trip is not always a fixed point at once."""
    html = html or ""
    if converter is None:
        return html
    for _round in range(5):
        saved = BLOCK_KEY.sub(
            "", converter.to_database_format(converter.from_database_format(html))
        )
        if saved == html:
            break
        html = saved
    return html


def block_in_editor_shape(block, value):
    """The stored (raw or prep) `value` of `block` with its rich text as the editor saves it."""
    if isinstance(block, blocks.RichTextBlock) and isinstance(value, str):
        return as_the_editor_saves(value, converter_for(block))
    if isinstance(block, blocks.StreamBlock) and isinstance(value, list):
        children = block.child_blocks
        return [
            dict(child, value=block_in_editor_shape(children[child["type"]], child["value"]))
            if child.get("type") in children
            else child
            for child in value
        ]
    if isinstance(block, blocks.ListBlock) and isinstance(value, list):
        return [
            dict(item, value=block_in_editor_shape(block.child_block, item["value"]))
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item
            else block_in_editor_shape(block.child_block, item)
            for item in value
        ]
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        return {
            name: block_in_editor_shape(block.child_blocks[name], item)
            if name in block.child_blocks
            else item
            for name, item in value.items()
        }
    return value


def in_editor_shape(model, values):
    """`values` (field name → stored value) for `model`, its rich text fields and blocks as
    the editor saves them."""
    shaped = {}
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a relation or an attribute the loader sets
            shaped[name] = value
            continue
        if isinstance(field, RichTextField) and isinstance(value, str):
            value = as_the_editor_saves(value, converter_for(field))
        elif isinstance(field, StreamField):
            value = block_in_editor_shape(field.stream_block, value)
        shaped[name] = value
    return shaped
