"""Every kind of response says what it allows (Permissions-Policy, Cross-Origin-Resource-Policy,
HSTS for subdomains in production), and the main menu marks the section a reader is in."""

import re

import pytest

from knowledge.models import GoodPracticeStory, StoryIndexPage
from tests.test_settings import PRODUCTION, _settings_in_subprocess

pytestmark = pytest.mark.django_db

SHARED = [
    "/api/v2/pages/?limit=1",
    "/api/v2/openapi.json",
    "/embed/stories/?lang=lv",
    "/lv/feeds/stories.rss",
    "/en/data/stories.csv",
    "/en/data/stories.geojson",
]
OWN = ["/lv/", "/en/search/?q=energy", "/sitemap.xml", "/lv/nav-tadas-lapas/"]


@pytest.mark.parametrize("path", SHARED + OWN)
def test_every_kind_of_response_says_what_it_allows(client, path):
    response = client.get(path)
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy
    expected = "cross-origin" if path in SHARED else "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == expected, path


def test_the_admin_has_the_headers_too(client):
    response = client.get("/admin/login/")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "microphone=()" in response["Permissions-Policy"]


def test_production_asks_browsers_for_https_on_subdomains_too():
    code = "from django.conf import settings; print(settings.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    result = _settings_in_subprocess("config.settings.production", code, **PRODUCTION)
    assert result.stdout.strip() == "True", result.stderr
    result = _settings_in_subprocess(
        "config.settings.production", code, **PRODUCTION, SECURE_HSTS_INCLUDE_SUBDOMAINS="0"
    )
    assert result.stdout.strip() == "False", result.stderr


def _menu(html):
    return html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_main_menu_marks_the_section_a_reader_is_in(client, language):
    index = StoryIndexPage.objects.get(locale__language_code=language)
    story = GoodPracticeStory.objects.live().child_of(index).first()
    on_index = _menu(client.get(index.url).content.decode())
    assert re.search(rf'href="{re.escape(index.url)}" aria-current="page"', on_index)
    on_story = _menu(client.get(story.url).content.decode())
    assert re.search(rf'href="{re.escape(index.url)}" aria-current="true"', on_story)
    assert on_story.count("aria-current") == 1
    home = _menu(client.get(f"/{language}/").content.decode())
    assert "aria-current" not in home
