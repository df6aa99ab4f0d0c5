"""The layout keeps its promises: packages import one another in one direction, models know no
Django REST framework, search knows no model of the site, no module grows long without saying
why, and a page type cannot gain a field that the loader, the API or the OpenAPI document
forgets."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin

from knowledge.api.openapi import page_properties
from knowledge.content.schema import PAGE_MAPPINGS, SNIPPET_MAPPINGS

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "knowledge", "search", "devtools")
MAX_LINES = 400


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path):
    """Every module this file imports, at the top or inside a function, resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _unit(module):
    """The unit the import graph is drawn between: an area of `knowledge` (knowledge.stories,
    knowledge.core, …) or a top-level package (search, config, devtools)."""
    parts = module.split(".")
    if parts[0] == "knowledge" and len(parts) > 1 and (ROOT / "knowledge" / parts[1]).is_dir():
        return ".".join(parts[:2])
    return parts[0]


def _graph():
    graph = {}
    for path in _modules():
        source = _unit(_module_name(path))
        for target in _imports(path):
            if target.split(".")[0] in PACKAGES and _unit(target) != source:
                graph.setdefault(source, set()).add(_unit(target))
    return graph


def _cycle(graph):
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*trail, node, nxt]
            if nxt not in state:
                found = visit(nxt, [*trail, node])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def test_the_packages_import_one_another_in_one_direction():
    graph = _graph()
    assert _cycle(graph) is None, " → ".join(_cycle(graph))
    # The graph is real: areas do depend on the core, stories on the roadmap.
    assert "knowledge.core" in graph["knowledge.stories"]
    assert "knowledge.roadmap" in graph["knowledge.stories"]


def test_search_knows_nothing_of_the_site_and_production_nothing_of_devtools():
    graph = _graph()
    assert not {unit for unit in graph.get("search", ()) if unit.startswith("knowledge")}
    for unit, targets in graph.items():
        if unit != "devtools" and unit != "config":
            assert "devtools" not in targets, unit
    base = (ROOT / "config/settings/base.py").read_text()
    assert '"devtools"' not in base


def test_models_do_not_import_django_rest_framework():
    model_files = [
        path
        for path in _modules()
        if path.name in ("models.py", "snippets.py", "themes.py", "fields.py", "api_schema.py")
    ]
    assert len(model_files) >= 8
    for path in model_files:
        imported = _imports(path)
        assert not [m for m in imported if m.startswith("rest_framework")], path


def test_no_module_is_long_without_a_reason():
    long = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES and "Why this module is long" not in text[:2000]:
            long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
    assert not long


def _own_fields(model):
    """The page type's own editable model fields: not Page's, not the base page's."""
    inherited = {field.name for field in Page._meta.get_fields()} | {
        "intro",
        "body",
        "sources",
    }
    return {
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.Field)
        and field.concrete
        and field.editable
        and not field.auto_created
        and field.name not in inherited
    }


PAGE_TYPES = sorted(PAGE_MAPPINGS.values(), key=lambda mapping: mapping.kind)


@pytest.mark.parametrize("mapping", PAGE_TYPES, ids=lambda mapping: mapping.kind)
def test_every_field_of_a_page_type_is_loaded_served_and_described(mapping):
    model = mapping.model
    own = _own_fields(model)
    api = {field.name for field in model.api_fields}
    described = set(page_properties())
    # The API serves every own field (a story's `themes` as `theme_labels`).
    renamed = {"themes": "theme_labels"}
    missing_in_api = {renamed.get(name, name) for name in own} - api
    assert not missing_in_api, f"{model.__name__}: not in api_fields: {missing_in_api}"
    assert not api - set(model.api_schema), f"{model.__name__}: not in api_schema"
    assert not api - described, f"{model.__name__}: not in the OpenAPI document"
    # The loader fills every own field, or the area says why not.
    assert mapping.not_loaded <= own


@pytest.mark.django_db
@pytest.mark.parametrize("mapping", PAGE_TYPES, ids=lambda mapping: mapping.kind)
def test_the_loader_maps_every_field_it_does_not_exclude(mapping):
    from knowledge.content.loader import ContentLoader
    from knowledge.content.schema import read_content

    loader = ContentLoader(ROOT / "knowledge/content")
    loader.pages, loader.snippets, loader.themes = read_content(loader.root)
    item = next((item for item in loader.pages.values() if item.kind == mapping.kind), None)
    if item is None:
        pytest.skip(f"no content file of type {mapping.kind}")
    values = mapping.values(_NoLookups(), item, "lv", True)
    model = mapping.model
    own = _own_fields(model)
    # Tags are set from the file's `themes` by the loader itself.
    mapped = set(values) | (set(mapping.fields) & own)
    forgotten = own - mapped - mapping.not_loaded
    assert not forgotten, f"{model.__name__}: the content loader forgets {forgotten}"


class _Found:
    pk = None


class _NoLookups:
    """A loader stand-in for a draft pass: every lookup finds a placeholder."""

    def rich_text(self, text, lang, draft):
        return ""

    objects = page_objects = defaultdict(_Found)


@pytest.mark.parametrize(
    "mapping", list(SNIPPET_MAPPINGS.values()), ids=lambda mapping: mapping.kind
)
def test_every_field_of_a_snippet_is_loaded(mapping):
    from knowledge.content.schema import read_content

    _pages, snippets, _themes = read_content(ROOT / "knowledge/content")
    item = next(iter(snippets[mapping.kind].values()))
    values = set(mapping.values(_NoLookups(), item, "lv"))
    own = {
        field.attname
        for field in mapping.model._meta.get_fields()
        if isinstance(field, models.Field)
        and field.concrete
        and not field.auto_created
        and field.name not in ("id", "locale", "translation_key", "slug")
        and field.attname not in PUBLISHING_STATE
    }
    assert own - values - mapping.not_loaded == set(), mapping.kind


# What Wagtail keeps of a snippet's publishing (live, revisions, schedule, lock): not content.
PUBLISHING_STATE = {
    field.attname
    for mixin in (DraftStateMixin, LockableMixin, RevisionMixin)
    for field in mixin._meta.local_fields
}


def test_every_registered_page_type_has_a_content_mapping():
    page_models = {
        model
        for model in apps.get_app_config("knowledge").get_models()
        if issubclass(model, Page) and not model._meta.abstract
    }
    assert page_models == {mapping.model for mapping in PAGE_MAPPINGS.values()}
