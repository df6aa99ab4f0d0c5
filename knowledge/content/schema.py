"""Reading and checking the content files: every error names the file, the line and the fault."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from knowledge.core import content as core
from knowledge.core.content import (
    COUNTRY,
    DECIMAL,
    FIGURES,
    INT,
    KEY,
    KEYS,
    LANGUAGES,
    MARKDOWN,
    PAIR,
    PAIR_LIST,
    PERIOD,
    SOLUTIONS,
    SOURCES,
    STR,
    TITLED_LIST,
    TOOLS,
)
from knowledge.core.countries import COUNTRY_CODES
from knowledge.guide import content as guide
from knowledge.newsroom import content as newsroom
from knowledge.practices import content as practices
from knowledge.roadmap import content as roadmap
from knowledge.selfcheck import content as selfcheck
from knowledge.stories import content as stories

from .files import ContentError, Mapping, read_yaml

# The areas in the order their content is built: a later area's items may name an earlier's.
AREAS = (core, guide, roadmap, practices, stories, newsroom, selfcheck)
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# What each page type and snippet kind may hold is declared by its area (`content.py` beside
# its models); the fields every page has are the loader's.
COMMON_PAGE_FIELDS = {
    "type": (STR, True),
    "key": (STR, True),
    "parent": (KEY, False),
    "order": (INT, False),
    "slug": (PAIR, True),
    "title": (PAIR, True),
    "intro": (PAIR, True),
    "body": (MARKDOWN, False),
    "sources": (SOURCES, False),
}
SNIPPET_COMMON = {"key": (STR, True), "kind": (STR, False)}

PAGE_MAPPINGS = {mapping.kind: mapping for area in AREAS for mapping in area.PAGES}
SNIPPET_MAPPINGS = {
    mapping.kind: mapping
    for mapping in sorted(
        (mapping for area in AREAS for mapping in area.SNIPPETS), key=lambda m: m.order
    )
}
PAGE_MODELS = {kind: mapping.model for kind, mapping in PAGE_MAPPINGS.items()}
SNIPPET_MODELS = {kind: mapping.model for kind, mapping in SNIPPET_MAPPINGS.items()}
PAGE_TYPES = {kind: mapping.fields for kind, mapping in PAGE_MAPPINGS.items()}
SNIPPET_KINDS = {kind: mapping.fields for kind, mapping in SNIPPET_MAPPINGS.items()}


@dataclass
class Item:
    """One content file, checked."""

    path: str
    kind: str  # page type or snippet folder
    key: str
    data: Mapping
    is_page: bool
    line_of: dict = field(default_factory=dict)

    def line(self, name):
        return self.data.key_lines.get(name, self.data.start_line)

    def error(self, name, message):
        return ContentError(self.path, self.line(name), message)


@dataclass
class Period:
    date: datetime.date
    precision: str


def _check_pair(item, name, value, allow_empty=False):
    if not isinstance(value, dict):
        raise item.error(name, f"'{name}' must be a mapping with 'lv' and 'en'")
    missing = [lang for lang in LANGUAGES if lang not in value]
    if missing:
        raise item.error(name, f"'{name}' has no {' and '.join(missing)} text")
    extra = set(value) - set(LANGUAGES)
    if extra:
        raise item.error(name, f"'{name}' has unknown language(s): {', '.join(sorted(extra))}")
    for lang in LANGUAGES:
        text = value[lang]
        if text is None or not isinstance(text, str | int | float):
            raise item.error(name, f"'{name}.{lang}' must be text")
        if not allow_empty and not str(text).strip():
            raise item.error(name, f"'{name}.{lang}' is empty")
    return {lang: str(value[lang]).strip() for lang in LANGUAGES}


def _check_list(item, name, value):
    if not isinstance(value, list):
        raise item.error(name, f"'{name}' must be a list")
    return value


def parse_period(item, name, value):
    text = str(value).strip()
    for pattern, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return Period(datetime.datetime.strptime(text, pattern).date(), precision)
        except ValueError:
            continue
    raise item.error(name, f"'{name}' must be YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}")


def check_value(item, name, kind, value):  # noqa: C901 - one branch per field kind
    if callable(kind):
        # A kind of the area's own (e.g. a page's stream of links): it checks the value itself.
        return kind(item, name, value)
    if isinstance(kind, tuple) and kind[0] == "choice":
        if value not in kind[1]:
            raise item.error(name, f"'{name}' must be one of {', '.join(kind[1])}, not {value!r}")
        return value
    if kind in (PAIR, MARKDOWN):
        return _check_pair(item, name, value)
    if kind == STR:
        if not isinstance(value, str | int | float):
            raise item.error(name, f"'{name}' must be text")
        return str(value).strip()
    if kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise item.error(name, f"'{name}' must be a whole number, not {value!r}")
        return value
    if kind == DECIMAL:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise item.error(name, f"'{name}' must be a number, not {value!r}") from None
    if kind == PERIOD:
        return parse_period(item, name, value)
    if kind == COUNTRY:
        code = str(value).upper()
        if code not in COUNTRY_CODES:
            raise item.error(name, f"'{name}' is not a known country code: {value!r}")
        return code
    if kind == KEY:
        if not isinstance(value, str) or not KEY_RE.match(value):
            raise item.error(name, f"'{name}' must be a key (a-z, 0-9, -), not {value!r}")
        return value
    if kind == KEYS:
        keys = _check_list(item, name, value)
        for key in keys:
            if not isinstance(key, str) or not KEY_RE.match(key):
                raise item.error(name, f"'{name}' holds an invalid key: {key!r}")
        return list(keys)
    if kind == PAIR_LIST:
        return [_check_pair(item, name, entry) for entry in _check_list(item, name, value)]
    if kind == TITLED_LIST:
        result = []
        for entry in _check_list(item, name, value):
            if not isinstance(entry, dict) or set(entry) - {"title", "text"}:
                raise item.error(name, f"each of '{name}' needs 'title' and 'text' only")
            result.append(
                {
                    "title": _check_pair(item, name, entry.get("title")),
                    "text": _check_pair(item, name, entry.get("text"), allow_empty=True),
                }
            )
        return result
    if kind == FIGURES:
        result = []
        for entry in _check_list(item, name, value):
            if not isinstance(entry, dict) or "value" not in entry:
                raise item.error(name, f"each of '{name}' needs a 'value' and a 'label'")
            raw = entry["value"]
            figure = (
                _check_pair(item, name, raw)
                if isinstance(raw, dict)
                else {lang: str(raw) for lang in LANGUAGES}
            )
            result.append({"value": figure, "label": _check_pair(item, name, entry.get("label"))})
        return result
    if kind == TOOLS:
        result = []
        for entry in _check_list(item, name, value):
            if not isinstance(entry, dict) or "title" not in entry:
                raise item.error(name, f"each of '{name}' needs a 'title'")
            tool = {"title": _check_pair(item, name, entry["title"])}
            tool["description"] = (
                _check_pair(item, name, entry["description"]) if "description" in entry else None
            )
            tool["url"] = str(entry["url"]) if entry.get("url") else ""
            tool["file"] = _check_pair(item, name, entry["file"]) if entry.get("file") else None
            result.append(tool)
        return result
    if kind == SOURCES:
        result = []
        for entry in _check_list(item, name, value):
            if not isinstance(entry, dict) or "source" not in entry:
                raise item.error(name, f"each of '{name}' needs a 'source' key")
            result.append(
                {
                    "source": check_value(item, name, KEY, entry["source"]),
                    "locator": _check_pair(item, name, entry["locator"])
                    if entry.get("locator")
                    else None,
                }
            )
        return result
    if kind == SOLUTIONS:
        result = []
        for entry in _check_list(item, name, value):
            if not isinstance(entry, dict) or entry.get("kind") not in ("digital", "social"):
                raise item.error(name, f"each of '{name}' needs kind: digital or social")
            result.append(
                {
                    "kind": entry["kind"],
                    **_check_pair(item, name, {lang: entry.get(lang) for lang in LANGUAGES}),
                }
            )
        return result
    raise AssertionError(kind)


def check_item(item, spec):
    data = item.data
    unknown = [name for name in data if name not in spec]
    if unknown:
        name = unknown[0]
        raise item.error(name, f"unknown field '{name}' for {item.kind}")
    checked = {}
    for name, (kind, required) in spec.items():
        if name not in data or data[name] is None or data[name] == []:
            if required:
                raise ContentError(item.path, data.start_line, f"missing field '{name}'")
            continue
        checked[name] = check_value(item, name, kind, data[name])
    key = checked.get("key")
    if not KEY_RE.match(key or ""):
        raise item.error("key", f"'key' must be lower-case a-z, 0-9 and -, not {key!r}")
    return checked


def read_content(root):
    """Read and check every file under `root`; returns (pages, snippets, themes)."""
    root = Path(root)
    pages, snippets = {}, {}

    def display(path):
        return (
            str(path.relative_to(root.parent.parent))
            if root.parent.parent in path.parents
            else str(path)
        )

    def load(path):
        data = read_yaml(path, display(path))
        if not isinstance(data, dict):
            raise ContentError(display(path), 1, "the file must be a mapping of fields")
        return data

    page_files = [root / "home.yaml", *sorted((root / "pages").glob("*.yaml"))]
    for path in page_files:
        if not path.exists():
            raise ContentError(display(path), 1, "file is missing")
        data = load(path)
        page_type = data.get("type")
        if page_type not in PAGE_TYPES:
            raise ContentError(
                display(path), data.key_lines.get("type", 1), f"unknown page type {page_type!r}"
            )
        item = Item(display(path), page_type, data.get("key"), data, True)
        item.checked = check_item(item, {**COMMON_PAGE_FIELDS, **PAGE_TYPES[page_type]})
        if item.key in pages:
            raise item.error("key", f"key '{item.key}' is also used by {pages[item.key].path}")
        if page_type != "home" and "parent" not in item.checked:
            raise item.error("key", "missing field 'parent'")
        item.order = (item.checked.get("order", 10_000), path.name)
        pages[item.key] = item

    for folder in sorted((root / "snippets").iterdir()) if (root / "snippets").exists() else []:
        if not folder.is_dir():
            continue
        if folder.name not in SNIPPET_KINDS:
            raise ContentError(display(folder), 1, f"unknown snippet folder '{folder.name}'")
        for path in sorted(folder.glob("*.yaml")):
            data = load(path)
            # A snippet's key is its file name unless the file says otherwise.
            data.setdefault("key", path.stem)
            item = Item(display(path), folder.name, data.get("key"), data, False)
            item.checked = check_item(item, {**SNIPPET_COMMON, **SNIPPET_KINDS[folder.name]})
            bucket = snippets.setdefault(folder.name, {})
            if item.key in bucket:
                raise item.error("key", f"key '{item.key}' is also used by {bucket[item.key].path}")
            bucket[item.key] = item

    themes = {}
    themes_path = root / "themes.yaml"
    if themes_path.exists():
        data = read_yaml(themes_path, display(themes_path))
        if not isinstance(data, list):
            raise ContentError(display(themes_path), 1, "themes.yaml must be a list")
        for entry in data:
            line = getattr(entry, "start_line", 1)
            if not isinstance(entry, dict) or not {"key", "lv", "en"} <= set(entry):
                raise ContentError(display(themes_path), line, "each theme needs key, lv and en")
            if not KEY_RE.match(str(entry["key"])):
                raise ContentError(display(themes_path), line, f"invalid key {entry['key']!r}")
            themes[entry["key"]] = {"lv": str(entry["lv"]), "en": str(entry["en"]), "line": line}
    check_references(pages, snippets, themes)
    return pages, snippets, themes


def check_references(pages, snippets, themes):
    def need(item, name, key, pool, what):
        if key not in pool:
            raise item.error(name, f"'{name}' names {what} '{key}', which does not exist")

    def need_type(item, name, key, page_type):
        need(item, name, key, pages, "a page")
        if pages[key].kind != page_type:
            raise item.error(name, f"'{name}': '{key}' is a {pages[key].kind}, not a {page_type}")

    sources = snippets.get("sources", {})
    addresses = {}  # (parent, language, slug): the file that takes that address first
    for item in pages.values():
        data = item.checked
        for lang in LANGUAGES:
            place = (data.get("parent"), lang, data["slug"][lang])
            if place in addresses:
                raise item.error(
                    "slug",
                    f"{lang} slug {place[2]!r} is also used by {addresses[place].path} "
                    "under the same parent page",
                )
            addresses[place] = item
        if "parent" in data:
            need(item, "parent", data["parent"], pages, "a parent page")
        for entry in data.get("sources", []):
            need(item, "sources", entry["source"], sources, "a source")
        for key in data.get("roadmap_steps", []):
            need_type(item, "roadmap_steps", key, "roadmap_step")
        for key in data.get("country_practices", []):
            need_type(item, "country_practices", key, "country_practice")
        for key in data.get("challenges", []):
            need(item, "challenges", key, snippets.get("challenges", {}), "a challenge")
        for key in data.get("lags", []):
            need(item, "lags", key, snippets.get("lags", {}), "a Local Action Group")
        if "lag" in data:
            need(item, "lag", data["lag"], snippets.get("lags", {}), "a Local Action Group")
        for key in data.get("themes", []):
            need(item, "themes", key, themes, "a theme")
    for item in snippets.get("criteria", {}).values():
        if "source" in item.checked:
            need(item, "source", item.checked["source"], sources, "a source")
    # Cycles and depth: every parent chain must end at home.
    for item in pages.values():
        seen, current = set(), item
        while current.checked.get("parent"):
            if current.key in seen:
                raise item.error("parent", "the parent chain loops back on itself")
            seen.add(current.key)
            current = pages[current.checked["parent"]]
        if current.kind != "home":
            raise item.error("parent", "the page does not lead up to the home page")
