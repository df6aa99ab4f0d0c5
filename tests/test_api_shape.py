"""What partners build on keeps its shape: every API response, feed and export on the real
content has the same fields of the same types as recorded in tests/golden/api_shape.json.

When a change of shape is intended (a new field, say), record it again with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_api_shape.py` and review the diff:
what a partner's code would meet is then visible in the commit."""

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from wagtail.models import Page

GOLDEN = Path(__file__).parent / "golden" / "api_shape.json"


def shape(value):
    """The structure of a JSON value: keys and types, not the values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        shapes = {json.dumps(shape(item), sort_keys=True) for item in value}
        return ["list", *(json.loads(s) for s in sorted(shapes))]
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return "str"


def xml_shape(text):
    """The element paths of a feed, each once."""
    root = ET.fromstring(text)
    paths = set()

    def walk(element, prefix):
        path = f"{prefix}/{element.tag}"
        paths.add(path)
        for child in element:
            walk(child, path)

    walk(root, "")
    return sorted(paths)


def _first_of_each_type(language):
    seen = {}
    for page in (
        Page.objects.live().public().filter(locale__language_code=language, depth__gt=1)
    ).order_by("path"):
        seen.setdefault(page.content_type_id, page)
    return sorted(seen.values(), key=lambda page: page.specific_class.__name__)


@pytest.fixture
def shapes(client, db):
    found = {}
    for language in ("lv", "en"):
        for url in (
            f"/api/v2/pages/?locale={language}&limit=50&fields=*",
            f"/api/v2/pages/?locale={language}&type=knowledge.GoodPracticeStory&fields=*",
            f"/api/v2/pages/?locale={language}&type=knowledge.RoadmapStepPage&fields=*",
            f"/api/v2/pages/?locale={language}&type=knowledge.CountryPracticePage&fields=*",
        ):
            found[url] = shape(client.get(url).json())
        url = f"/{language}/data/stories.geojson"  # streamed
        found[url] = shape(json.loads(client.get(url).getvalue()))
        for page in _first_of_each_type(language):
            found[f"detail {language} {page.specific_class.__name__}"] = shape(
                client.get(f"/api/v2/pages/{page.pk}/").json()
            )
        streamed = client.get(f"/{language}/data/stories.csv").getvalue().decode()
        rows = list(csv.reader(io.StringIO(streamed)))
        found[f"/{language}/data/stories.csv"] = rows[0]
        for feed in ("rss", "atom"):
            url = f"/{language}/feeds/stories.{feed}"
            found[url] = xml_shape(client.get(url).content)
    found["/api/v2/images/"] = shape(client.get("/api/v2/images/").json())
    found["/api/v2/documents/?fields=*"] = shape(client.get("/api/v2/documents/?fields=*").json())
    found["errors"] = [
        client.get(url).status_code
        for url in (
            "/api/v2/pages/?country=XX",
            "/api/v2/pages/?theme=nav-tadas",
            "/lv/data/stories.csv?country=XX",
            "/embed/stories/?country=XX",
            "/lv/feeds/stories.rss?theme=nav-tadas",
        )
    ]
    return found


def test_responses_keep_their_shape(shapes):
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(shapes, indent=1, ensure_ascii=False) + "\n")
    recorded = json.loads(GOLDEN.read_text())
    assert set(shapes) == set(recorded)
    for key, value in recorded.items():
        assert shapes[key] == value, key


@pytest.mark.django_db  # every request is given its site (knowledge/core/frame.py)
def test_the_openapi_document_is_what_the_models_describe(client):
    spec = client.get("/api/v2/openapi.json").json()
    properties = spec["components"]["schemas"]["Page"]["properties"]
    path = GOLDEN.with_name("openapi_page.json")
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(properties, indent=1, ensure_ascii=False) + "\n")
    assert properties == json.loads(path.read_text())
