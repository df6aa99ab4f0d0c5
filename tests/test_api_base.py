"""The API base that partner sites build on."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["lv", "en"])
def test_pages_filtered_by_locale_and_type(client, language):
    response = client.get(
        f"/api/v2/pages/?type=knowledge.CountryPracticePage&locale={language}&fields=country"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] >= 9
    assert {item["meta"]["locale"] for item in data["items"]} == {language}
    assert {"AT", "SE"} <= {item["country"] for item in data["items"]}


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize(
    ("page_type", "minimum"),
    [
        ("knowledge.GoodPracticeStory", 6),
        ("knowledge.RoadmapStepPage", 9),
        ("knowledge.CountryPracticePage", 9),
    ],
)
def test_sections_are_listed_in_each_locale(client, language, page_type, minimum):
    data = client.get(f"/api/v2/pages/?type={page_type}&locale={language}").json()
    assert data["meta"]["total_count"] >= minimum
    assert all(item["meta"]["type"] == page_type for item in data["items"])


def test_images_and_documents_endpoints_answer(client):
    assert client.get("/api/v2/images/").status_code == 200
    documents = client.get("/api/v2/documents/")
    assert documents.status_code == 200
    assert documents.json()["meta"]["total_count"] >= 1


def test_links_in_the_api_use_the_sites_public_address(client):
    item = client.get("/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=lv").json()["items"][
        0
    ]
    assert item["meta"]["html_url"].startswith("http://testserver/lv/stasti/"), item["meta"]
