"""Feeds, open data and JSON-LD: what a feed reader, a map or a search engine gets."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import Page

from knowledge.models import GoodPracticeStory, HomePage, StoryIndexPage

from .factories import restrict, scheduled_story, standard_page, story

pytestmark = pytest.mark.django_db


class Channels:
    """Stories that no public channel may show, and one beside them that every channel shows
    (so that a channel which shows nothing at all cannot pass)."""

    def __init__(self):
        # Coordinates, so that the GeoJSON, which leaves out stories without them, could leak.
        where = {"latitude": "56.95", "longitude": "24.11"}
        self.draft = story("lv", title="Melnraksta zīļuknis", live=False, **where)
        self.private = restrict(story("lv", title="Privātais zīļuknis", **where))
        self.unpublished = story("lv", title="Atsauktais zīļuknis", **where)
        self.unpublished.unpublish()
        self.scheduled = scheduled_story("lv", title="Ieplānotais zīļuknis", **where)
        self.section = restrict(
            standard_page(HomePage.objects.get(locale__language_code="lv"), title="Iekšējā")
        )
        self.in_private_section = story(
            "lv", title="Iekšējais zīļuknis", parent=self.section, **where
        )
        self.visible = story("lv", title="Redzamais zīļuknis", **where)

    @property
    def hidden(self):
        return [
            self.draft,
            self.private,
            self.unpublished,
            self.scheduled,
            self.section,
            self.in_private_section,
        ]


@pytest.fixture
def channels():
    return Channels()


def test_the_hidden_kinds_are_what_they_claim_to_be(channels):
    assert not channels.draft.live and channels.draft.first_published_at is None
    assert channels.unpublished.first_published_at and not channels.unpublished.live
    scheduled = channels.scheduled
    assert not scheduled.live and scheduled.go_live_at > timezone.now()
    assert scheduled.latest_revision.approved_go_live_at == scheduled.go_live_at
    assert channels.private.live and channels.in_private_section.live
    private = set(Page.objects.live().not_public().values_list("pk", flat=True))
    assert {channels.private.pk, channels.section.pk, channels.in_private_section.pk} <= private
    assert channels.visible.live and channels.visible.pk not in private


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/lv/feeds/stories.rss", "rss"),
        ("/en/feeds/stories.atom", "atom"),
    ],
)
def test_feeds_list_the_latest_stories_of_the_language(client, url, kind):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    language = url[1:3]
    links = [
        el.text or el.get("href")
        for el in root.iter()
        if el.tag.endswith("link") and (el.text or el.get("href"))
    ]
    stories = GoodPracticeStory.objects.live().filter(locale__language_code=language)
    assert sum(1 for s in stories if any(s.url in (link or "") for link in links)) >= 6
    assert all(f"/{language}/" in link for link in links if "stories" in link or "stasti" in link)


def test_feeds_filter_by_country_and_refuse_nonsense(client):
    root = ET.fromstring(client.get("/en/feeds/stories.rss?country=AT").content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles and all("Austria" in t or "Stanz" in t for t in titles)
    bad = client.get("/en/feeds/stories.rss?country=XX")
    assert bad.status_code == 400 and "country" in bad.content.decode()


def test_pages_advertise_the_feeds(client):
    html = client.get("/en/").content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/en/feeds/stories.rss"' in html


def test_csv_and_geojson_carry_coordinates_country_themes_and_links(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/en/data/stories.csv").content.decode())))
    assert len(rows) >= 6
    torup = next(r for r in rows if "Torup" in r["title"])
    assert torup["country"] == "DK" and torup["latitude"] and torup["themes"]
    assert torup["url"].endswith("/en/stories/torup-denmark/")
    geo = json.loads(client.get("/lv/data/stories.geojson").content)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) >= 6
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -30 < lon < 45 and 34 < lat < 72  # Europe, longitude first


@pytest.mark.parametrize(
    "url",
    [
        "/lv/feeds/stories.rss",
        "/lv/feeds/stories.atom",
        "/lv/data/stories.csv",
        "/lv/data/stories.geojson",
        "/embed/stories/?lang=lv",
    ],
)
def test_feeds_data_and_widget_show_only_public_stories(client, channels, url):
    body = client.get(url).content.decode()
    assert channels.visible.title in body
    for page in channels.hidden:
        assert page.title not in body


def test_the_api_shows_only_public_pages(client, channels):
    stories = client.get("/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=lv&limit=50")
    everything = client.get("/api/v2/pages/?locale=lv&limit=50&search=zīļuknis")
    for response in (stories, everything):
        ids = {item["id"] for item in response.json()["items"]}
        assert channels.visible.pk in ids
        assert not ids & {page.pk for page in channels.hidden}
    for page in channels.hidden:
        detail = client.get(f"/api/v2/pages/{page.pk}/", follow=True)
        assert detail.status_code == 404 and page.title not in detail.content.decode()


def test_the_search_shows_only_public_pages(client, channels):
    body = client.get("/lv/meklet/", {"q": "zīļuknis"}).content.decode()
    assert channels.visible.title in body
    for page in channels.hidden:
        assert page.title not in body


def test_the_story_index_shows_only_public_stories(client, channels):
    # A story in a private section is not a child of the index, so it is checked elsewhere.
    body = client.get(StoryIndexPage.objects.get(locale__language_code="lv").url).content.decode()
    assert channels.visible.title in body
    for page in (channels.draft, channels.private, channels.unpublished, channels.scheduled):
        assert page.title not in body


def test_the_sitemap_lists_only_public_pages(client, channels):
    body = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{channels.visible.url}<" in body
    for page in channels.hidden:
        assert page.url and page.url not in body


def test_story_pages_carry_schema_org_json_ld(client):
    page = GoodPracticeStory.objects.get(locale__language_code="en", slug="torup-denmark")
    html = client.get(page.url).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Article" and data["inLanguage"] == "en"
    assert data["contentLocation"]["address"]["addressCountry"] == "DK"
    assert data["contentLocation"]["geo"]["latitude"] == float(page.latitude)
    assert HomePage.objects.exists()
