"""The sitemap and robots.txt, as a search engine's crawler reads them."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils.http import parse_http_date
from wagtail.models import Page, PageLogEntry

from knowledge.models import GoodPracticeStory, HomePage

from .conftest import all_public_pages
from .factories import country_practice, story

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HOST = "http://testserver"


def _read(client):
    """{location: (lastmod, {hreflang: href})} from /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in url.findall(f"{XHTML}link")
            if link.get("rel") == "alternate"
        }
        entries[url.findtext(f"{SITEMAP}loc")] = (url.findtext(f"{SITEMAP}lastmod"), alternates)
    return entries


def test_sitemap_lists_every_public_page_of_both_languages_once(client):
    entries = _read(client)
    expected = {
        f"{HOST}{page.url}" for language in ("lv", "en") for page in all_public_pages(language)
    }
    assert set(entries) == expected
    assert f"{HOST}/lv/" in entries and f"{HOST}/en/" in entries
    assert all(lastmod for lastmod, _alternates in entries.values())


def test_each_story_names_its_translation_and_the_translation_names_it_back(client):
    entries = _read(client)
    stories = GoodPracticeStory.objects.live().filter(locale__language_code="lv")
    assert stories.count() >= 6
    for latvian in stories:
        english = latvian.get_translation(HomePage.objects.get(locale__language_code="en").locale)
        lv_url, en_url = f"{HOST}{latvian.url}", f"{HOST}{english.url}"
        assert en_url.startswith(f"{HOST}/en/")
        for url in (lv_url, en_url):
            _lastmod, alternates = entries[url]
            assert alternates == {"lv": lv_url, "en": en_url, "x-default": lv_url}


def test_home_pages_are_alternates_of_each_other_with_their_publication_date(client):
    entries = _read(client)
    lastmod, alternates = entries[f"{HOST}/en/"]
    assert alternates["lv"] == f"{HOST}/lv/" and alternates["en"] == f"{HOST}/en/"
    home = HomePage.objects.get(locale__language_code="en")
    published = datetime.fromisoformat(lastmod)  # W3C date-time with its offset
    assert published.utcoffset() is not None
    assert published == home.last_published_at.replace(microsecond=0)


def test_a_page_without_a_translation_has_no_alternates(client):
    latvian_only = story("lv", title="Tikai latviski")
    _lastmod, alternates = _read(client)[f"{HOST}{latvian_only.url}"]
    assert alternates == {}


def test_sitemap_is_cacheable_and_says_when_it_last_changed(client):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert not response.cookies
    newest = max(p.last_published_at for lang in ("lv", "en") for p in all_public_pages(lang))
    assert parse_http_date(response["Last-Modified"]) == int(newest.timestamp())
    again = client.get("/sitemap.xml", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_a_page_leaving_the_sitemap_is_never_answered_304(client):
    leaving = story("lv", title="Drīz atsaukts stāsts")
    # Everything so far happened minutes ago: HTTP dates count whole seconds.
    earlier = F("last_published_at") - timedelta(minutes=5)
    Page.objects.filter(last_published_at__isnull=False).update(last_published_at=earlier)
    PageLogEntry.objects.update(timestamp=F("timestamp") - timedelta(minutes=5))
    since = client.get("/sitemap.xml")["Last-Modified"]
    assert client.get("/sitemap.xml", HTTP_IF_MODIFIED_SINCE=since).status_code == 304

    leaving.unpublish()
    after = client.get("/sitemap.xml", HTTP_IF_MODIFIED_SINCE=since)
    assert after.status_code == 200
    assert f"{HOST}{leaving.url}" not in _read(client)


def test_sitemap_queries_do_not_grow_with_the_pages(client, django_capture_on_commit_callbacks):
    client.get("/sitemap.xml")  # the site's root paths are cached after the first request
    with CaptureQueriesContext(connection) as before:
        client.get("/sitemap.xml")
    # Committed, as an editor's publishing is (the site is remembered again after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        for language in ("lv", "en"):
            for _ in range(3):
                story(language)
            country_practice(language)
    client.get("/sitemap.xml")  # what the commit made the site forget is read again
    with CaptureQueriesContext(connection) as after:
        entries = _read(client)
    assert sum(1 for url in entries if "testa-stasts" in url) == 6
    # Restrictions and pages, then when what is public last changed (two aggregates).
    assert len(after.captured_queries) == len(before.captured_queries) <= 4


def test_robots_txt_opens_the_site_closes_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Disallow: /admin/" in lines
    assert "Disallow: /lv/meklet/" in lines and "Disallow: /en/search/" in lines
    assert not any(
        line.strip() in ("Disallow: /", "Disallow: /lv/", "Disallow: /en/") for line in lines
    )
    assert f"Sitemap: {HOST}/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_names_the_sitemap_on_the_host_that_was_asked(client):
    body = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in body.splitlines()
