"""Feeds, open data and JSON-LD: what a feed reader, a map or a search engine gets (that they
show nothing hidden: test_hidden_content.py)."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from knowledge.models import GoodPracticeStory, HomePage

pytestmark = pytest.mark.django_db


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
    rows = list(csv.DictReader(io.StringIO(client.get("/en/data/stories.csv").getvalue().decode())))
    assert len(rows) >= 6
    torup = next(r for r in rows if "Torup" in r["title"])
    assert torup["country"] == "DK" and torup["latitude"] and torup["themes"]
    assert torup["url"].endswith("/en/stories/torup-denmark/")
    geo = json.loads(client.get("/lv/data/stories.geojson").getvalue())
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) >= 6
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -30 < lon < 45 and 34 < lat < 72  # Europe, longitude first


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
