"""Real API responses checked against the OpenAPI description the API serves."""

import pytest
from jsonschema import Draft202012Validator
from wagtail.models import Page

from .factories import story
from .test_api_fields import a_picture

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
        "innovation": "social",
        "status": "lighthouse",
        "step": "3",
        "challenge": "challenge-housing",
        "roadmap_step": None,
        "updated_since": "2020-01-01",
        "search": "ciems",
        "order": "title",
        "limit": "5",
        "offset": "0",
    }
    for parameter in spec["paths"]["/api/v2/pages/"]["get"]["parameters"]:
        if parameter["in"] == "header":
            continue
        value = samples[parameter["name"]]
        if value is None:
            continue
        query = {"type": "knowledge.GoodPracticeStory", parameter["name"]: value}
        if parameter["name"] == "search":
            query.pop("type")
        response = client.get("/api/v2/pages/", query)
        assert response.status_code == 200, (parameter["name"], response.content[:200])


@pytest.mark.parametrize("language", ["lv", "en"])
def test_every_page_type_with_all_its_fields_matches_the_description(client, spec, language):
    validator = _validator(spec, "Page")
    seen = set()
    pages = Page.objects.live().filter(locale__language_code=language, depth__gt=1).specific()
    for page in pages:
        if type(page) in seen:
            continue
        seen.add(type(page))
        data = client.get(f"/api/v2/pages/{page.pk}/").json()
        errors = list(validator.iter_errors(data))
        assert not errors, (type(page).__name__, errors[:3])
        assert data["meta"]["translations"], type(page).__name__
        for name in data:
            assert name in spec["components"]["schemas"]["Page"]["properties"], name
    assert len(seen) >= 10


def test_a_story_with_images_matches_the_description(client, spec):
    picture = a_picture()
    page = story(
        "lv",
        image=picture,
        image_alt="Māja",
        body=[("image", {"image": picture, "alt_text": "Māja", "decorative": False})],
    )
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert not list(_validator(spec, "Page").iter_errors(data))
    assert not list(_validator(spec, "Image").iter_errors(data["image"]))
    assert not list(_validator(spec, "Image").iter_errors(data["body"][0]["value"]))
    # A wrong shape would be caught: the description is not too loose to fail.
    data["image"]["renditions"]["card"] = {"url": 5}
    assert list(_validator(spec, "Page").iter_errors(data))


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/pages/{id}/"])
def test_the_documented_headers_are_sent(client, spec, path):
    first = client.get("/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=lv").json()
    url = path.replace("{id}", str(first["items"][0]["id"]))
    response = client.get(url)
    documented = spec["paths"][path]["get"]["responses"]["200"]["headers"]
    assert set(documented) <= set(response.headers), set(documented) - set(response.headers)
    assert "304" in spec["paths"][path]["get"]["responses"]
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.parametrize("kind, name", [("images", "Image"), ("documents", "Document")])
def test_images_and_documents_are_described_and_their_files_are_reachable_from_elsewhere(
    client, spec, kind, name
):
    """A partner's page on another origin follows download_url as it is: it must be absolute
    and lead to the file."""
    a_picture()
    listing = client.get(f"/api/v2/{kind}/?fields=*").json()
    assert listing["items"]
    assert not list(_validator(spec, f"{name}List").iter_errors(listing))
    first = listing["items"][0]
    detail = client.get(f"/api/v2/{kind}/{first['id']}/").json()
    assert not list(_validator(spec, f"Media{name}").iter_errors(detail))
    download = detail["meta"]["download_url"]
    assert download.startswith("http://testserver/")
    response = client.get(download.removeprefix("http://testserver"))
    assert response.status_code == 200
    bad = client.get(f"/api/v2/{kind}/?limit=many")
    assert bad.status_code == 400 and "limit" in bad.json()["message"]
    assert not list(_validator(spec, "Error").iter_errors(bad.json()))
