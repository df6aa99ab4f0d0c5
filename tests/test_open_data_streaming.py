"""The open data (#17 item 6): without `limit` the CSV and GeoJSON hold every public story of
the language, streamed a chunk at a time; with `limit` and `offset` they hold that page of
stories; a bad value is a 400 naming the parameter."""

import csv
import gzip
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils.html import escape

from knowledge.models import GoodPracticeStory
from knowledge.stories import data
from search.public import public

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "geojson"]
LANGUAGES = ["lv", "en"]


def url(language, kind):
    return f"/{language}/data/stories.{kind}"


def body(response):
    assert response.status_code == 200, response
    return response.getvalue()


def story_ids(kind, raw):
    """The ids of the stories in a file, in its order."""
    if kind == "csv":
        return [int(row["id"]) for row in csv.DictReader(io.StringIO(raw.decode()))]
    return [feature["properties"]["id"] for feature in json.loads(raw)["features"]]


def public_ids(language, kind):
    stories = public(GoodPracticeStory.objects.all(), language=language)
    if kind == "geojson":  # a map needs a place
        stories = stories.filter(latitude__isnull=False, longitude__isnull=False)
    return set(stories.values_list("pk", flat=True))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FORMATS)
def test_without_a_limit_the_whole_set_is_streamed(client, language, kind):
    response = client.get(url(language, kind))
    assert response.streaming
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=600"
    ids = story_ids(kind, body(response))
    assert len(ids) >= 6
    assert set(ids) == public_ids(language, kind) and len(ids) == len(set(ids))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FORMATS)
def test_limit_and_offset_choose_a_page_of_the_same_order(client, language, kind):
    whole = story_ids(kind, body(client.get(url(language, kind))))
    response = client.get(url(language, kind), {"limit": 3, "offset": 2})
    assert not response.streaming
    assert story_ids(kind, body(response)) == whole[2:5]
    assert story_ids(kind, body(client.get(url(language, kind), {"limit": 1}))) == whole[:1]
    beyond = client.get(url(language, kind), {"offset": len(whole) + 5})
    assert story_ids(kind, body(beyond)) == []


@pytest.mark.parametrize("kind", FORMATS)
def test_a_page_of_stories_answers_a_conditional_request(client, kind):
    first = client.get(url("lv", kind), {"limit": 5})
    assert first.status_code == 200 and first["ETag"]
    again = client.get(url("lv", kind), {"limit": 5}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("kind", FORMATS)
def test_streaming_writes_the_same_bytes_whatever_the_chunk(client, kind, monkeypatch):
    """The whole file is the same, byte for byte, as the page that holds every story (made at
    once), and as when it is read two stories a query, across the chunks' seams."""
    whole = body(client.get(url("en", kind)))
    assert len(story_ids(kind, whole)) <= 50
    assert whole == body(client.get(url("en", kind), {"limit": 50}))
    monkeypatch.setattr(data, "CHUNK", 2)
    assert body(client.get(url("en", kind))) == whole


@pytest.mark.parametrize("kind", FORMATS)
def test_a_streamed_file_travels_compressed(client, kind):
    plain = body(client.get(url("lv", kind)))
    response = client.get(url("lv", kind), HTTP_ACCEPT_ENCODING="gzip")
    assert response.streaming and response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.getvalue()) == plain
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "51"}, "limit"),
        ({"limit": "viss"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "pirmais"}, "offset"),
        ({"offset": str(10**12)}, "offset"),
        ({"limit": "5", "offset": "1.5"}, "offset"),
    ],
)
def test_bad_limits_and_offsets_are_a_400_naming_them(client, language, kind, params, named):
    response = client.get(url(language, kind), params)
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{named}: a whole number from")


def test_feeds_and_the_widget_honour_the_offset_too(client):
    def titles(raw):
        return [item.findtext("title") for item in ET.fromstring(raw).iter("item")]

    first_three = titles(client.get("/lv/feeds/stories.rss", {"limit": 3}).content)
    assert (
        titles(client.get("/lv/feeds/stories.rss", {"limit": 2, "offset": 1}).content)
        == (first_three[1:])
    )
    widget = client.get("/embed/stories/", {"lang": "lv", "limit": 1, "offset": 2})
    assert widget.status_code == 200 and escape(first_three[2]) in widget.content.decode()
    assert escape(first_three[0]) not in widget.content.decode()
    assert client.get("/lv/feeds/stories.rss", {"offset": "x"}).status_code == 400
