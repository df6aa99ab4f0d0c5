"""The API as a partner site's developer meets it: filters, errors, caching, CORS, limits."""

import gzip
import json

import pytest
from django.utils import timezone

from knowledge.models import GoodPracticeStory, RoadmapStepPage

pytestmark = pytest.mark.django_db
STORIES = "/api/v2/pages/?type=knowledge.GoodPracticeStory"


def test_english_stories_from_austria(client):
    data = client.get(f"{STORIES}&locale=en&country=AT&fields=place,country,theme_labels").json()
    assert data["meta"]["total_count"] >= 1
    for item in data["items"]:
        assert item["country"] == "AT" and item["meta"]["locale"] == "en"
        assert all(label["label"] for label in item["theme_labels"])


def test_country_filter_works_without_a_type(client):
    data = client.get("/api/v2/pages/?locale=lv&country=SE").json()
    types = {item["meta"]["type"] for item in data["items"]}
    assert "knowledge.CountryPracticePage" in types
    assert types <= {"knowledge.CountryPracticePage", "knowledge.GoodPracticeStory"}


def test_theme_filter_and_labels_in_the_pages_language(client):
    story = GoodPracticeStory.objects.filter(
        locale__language_code="en", themes__isnull=False
    ).first()
    theme = story.themes.first()
    data = client.get(f"{STORIES}&locale=en&theme={theme.slug}&fields=theme_labels").json()
    assert story.pk in [item["id"] for item in data["items"]]
    labels = [t["label"] for item in data["items"] for t in item["theme_labels"]]
    assert theme.name_en in labels and theme.name not in labels or theme.name == theme.name_en


def test_roadmap_step_filter_follows_translations(client):
    step = RoadmapStepPage.objects.get(locale__language_code="lv", step_number=3)
    english = client.get(f"/api/v2/pages/?locale=en&roadmap_step={step.pk}").json()
    assert english["meta"]["total_count"] >= 1
    assert {i["meta"]["locale"] for i in english["items"]} == {"en"}


def test_updated_since_for_partners_who_sync(client):
    future = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    assert (
        client.get(f"{STORIES}&updated_since={future}".replace("+", "%2B")).json()["meta"][
            "total_count"
        ]
        == 0
    )
    assert client.get(f"{STORIES}&updated_since=2020-01-01").json()["meta"]["total_count"] >= 6


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("country=XX", "country"),
        ("theme=nav-tadas", "theme"),
        ("roadmap_step=abc", "roadmap_step"),
        ("roadmap_step=999999", "roadmap_step"),
        ("updated_since=vakar", "updated_since"),
        ("colour=red", "colour"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, query, named):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400
    assert named in response.json()["message"]


def test_cache_headers_etag_and_not_modified(client):
    first = client.get(f"{STORIES}&locale=lv")
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    assert first.has_header("ETag")
    again = client.get(f"{STORIES}&locale=lv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_json_travels_compact_and_compressed_and_still_answers_304(client):
    plain = client.get(f"{STORIES}&locale=lv&fields=*")
    assert not plain.content.startswith(b"{\n")  # compact, not indented
    packed = client.get(f"{STORIES}&locale=lv&fields=*", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) * 3 < len(plain.content)
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    again = client.get(
        f"{STORIES}&locale=lv&fields=*",
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_IF_NONE_MATCH=packed["ETag"],
    )
    assert again.status_code == 304


def test_cors_for_reads_from_any_origin_and_no_cookies(client):
    response = client.get(f"{STORIES}&locale=lv", HTTP_ORIGIN="https://vrg.example.lv")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    preflight = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN="https://vrg.example.lv",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = 3
    # One window for the whole test: a window boundary between two requests would reset the count.
    settings.API_RATE_WINDOW = 10**9
    answers = [
        client.get("/api/v2/pages/?limit=1", REMOTE_ADDR="127.0.0.7").status_code for _ in range(5)
    ]
    assert answers[:3] == [200, 200, 200] and answers[3:] == [429, 429]
    limited = client.get("/api/v2/pages/?limit=1", REMOTE_ADDR="127.0.0.7")
    assert int(limited["Retry-After"]) >= 1
    assert limited["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v2/pages/?limit=1", REMOTE_ADDR="127.0.0.8").status_code == 200
