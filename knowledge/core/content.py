"""The vocabulary of the content files, shared by every area's `content.py`.

An area says, for each of its page types and snippet kinds, which fields a content file may
hold (`fields`: name → (kind, required)) and how the checked data becomes the model's values in
one language (`values`) and its inline relations (`relations`). Choices are read from the model
fields, so a new choice in a model is a valid value in the files at once. The loader
(knowledge/content/) reads the files, checks them against these declarations and writes."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from .models import HomePage, StandardPage

LANGUAGES = ("lv", "en")

# Changing this namespace would re-key every item and block: never change it.
NAMESPACE = uuid.UUID("5d0c7f0e-2f53-4d9b-8a64-3f0f5a9e6b21")

# Field kinds ---------------------------------------------------------------------------------
PAIR = "pair"  # {lv: str, en: str}
MARKDOWN = "markdown"  # {lv: str, en: str} of Markdown
STR = "str"
INT = "int"
DECIMAL = "decimal"
PERIOD = "period"  # YYYY, YYYY-MM or YYYY-MM-DD
KEYS = "keys"  # list of keys
KEY = "key"
COUNTRY = "country"
PAIR_LIST = "pair_list"  # list of pairs
TITLED_LIST = "titled_list"  # list of {title: pair, text: pair}
FIGURES = "figures"  # list of {value: str, label: pair}
TOOLS = "tools"
SOURCES = "sources"
SOLUTIONS = "solutions"


def choice(*values):
    return ("choice", values)


def choices_of(model, field_name):
    """A field kind that accepts exactly the model field's choices."""
    return choice(*(value for value, _label in model._meta.get_field(field_name).choices))


def block_id(*parts):
    """A stable id for a stream block made from content: the same file gives the same id, and
    the block in the other language the same id (wagtail-localize finds translations by it)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def localised(value, lang):
    """The one-language view of checked data (pairs become strings)."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return value[lang]
        return {k: localised(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [localised(v, lang) for v in value]
    return value


def no_values(loader, item, lang, draft):
    return {}


def no_relations(loader, item, lang):
    return {}


@dataclass
class PageMapping:
    """How one page type is read from `pages/<key>.yaml` (`type: <kind>`).

    `values(loader, item, lang, draft)` gives the type's own field values (the common ones, title
    to sources, are the loader's); `relations(loader, item, lang)` its inline relations;
    `not_loaded` names the model's own fields that no content file fills, with the reason in
    the area's content.py (a test checks that every other field is mapped)."""

    kind: str
    model: type
    fields: dict = field(default_factory=dict)
    values: Callable = no_values
    relations: Callable = no_relations
    # Pages whose children others link to are built first, so links and relations resolve.
    priority: int = 5
    not_loaded: frozenset = frozenset()


@dataclass
class SnippetMapping:
    """How one snippet kind is read from `snippets/<kind>/<key>.yaml`; `order` is the loading
    order (a snippet that names another is loaded after it)."""

    kind: str
    model: type
    fields: dict
    values: Callable
    order: int
    not_loaded: frozenset = frozenset()


PAGES = [PageMapping("home", HomePage), PageMapping("standard", StandardPage)]
SNIPPETS = []
