"""Real API responses checked against the OpenAPI description the API serves."""

import pytest
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    data = response.json()
    assert data["openapi"].startswith("3.")
    return data


def _validator(spec, name):
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    )


@pytest.mark.parametrize(
    "query",
    [
        "type=knowledge.GoodPracticeStory&locale=en&fields=*",
        "type=knowledge.GoodPracticeStory&locale=lv&country=AT&fields=place,country,theme_labels",
        "type=knowledge.RoadmapStepPage&locale=lv&fields=step_number,intro",
        "type=knowledge.CountryPracticePage&locale=en&fields=country,intro",
        "locale=lv&search=zviedrija",
    ],
)
def test_list_responses_match_the_description(client, spec, query):
    data = client.get(f"/api/v2/pages/?{query}").json()
    errors = list(_validator(spec, "PageList").iter_errors(data))
    assert not errors, errors[:3]
    assert data["items"]


def test_detail_and_error_responses_match_the_description(client, spec):
    first = client.get("/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=lv").json()
    detail = client.get(f"/api/v2/pages/{first['items'][0]['id']}/").json()
    assert not list(_validator(spec, "Page").iter_errors(detail))
    assert isinstance(detail["latitude"], float)
    bad = client.get("/api/v2/pages/?country=XX")
    assert bad.status_code == 400
    assert not list(_validator(spec, "Error").iter_errors(bad.json()))


def test_every_documented_parameter_is_accepted(client, spec):
    samples = {
        "type": "knowledge.GoodPracticeStory",
        "locale": "lv",
        "translation_of": None,
        "fields": "intro",
        "country": "LV",
        "theme": "energy",
        "roadmap_step": None,
        "updated_since": "2020-01-01",
        "search": "ciems",
        "order": "title",
        "limit": "5",
        "offset": "0",
    }
    for parameter in spec["paths"]["/api/v2/pages/"]["get"]["parameters"]:
        value = samples[parameter["name"]]
        if value is None:
            continue
        query = {"type": "knowledge.GoodPracticeStory", parameter["name"]: value}
        if parameter["name"] == "search":
            query.pop("type")
        response = client.get("/api/v2/pages/", query)
        assert response.status_code == 200, (parameter["name"], response.content[:200])
