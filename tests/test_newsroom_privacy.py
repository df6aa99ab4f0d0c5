"""The privacy page says what the story form keeps, why, for how long and whom to ask, and
which cookies there are; the site does what it says."""

import pytest
from django.conf import settings
from django.test import Client

from knowledge.models import GoodPracticeStory, StandardPage

pytestmark = pytest.mark.django_db

PRIVACY = {"lv": "/lv/privatums/", "en": "/en/privacy/"}
FORM = {"lv": "/lv/stasti/pastastiet/", "en": "/en/stories/tell-your-story/"}


def test_the_privacy_page_is_there_in_both_languages():
    pages = {
        lang: StandardPage.objects.get(
            url_path__endswith=path.split("/")[2] + "/", locale__language_code=lang
        )
        for lang, path in PRIVACY.items()
    }
    assert pages["lv"].translation_key == pages["en"].translation_key
    client = Client()
    for language, path in PRIVACY.items():
        html = client.get(path).content.decode()
        assert f'href="{FORM[language]}"' in html  # what the form collects, with its link
        for word in ("csrftoken", "sessionid"):
            assert word in html
    lv = client.get(PRIVACY["lv"]).content.decode()
    en = client.get(PRIVACY["en"]).content.decode()
    assert "Datu valsts inspekcij" in lv and "Data State Inspectorate" in en


def test_the_time_it_promises_is_the_time_the_site_keeps():
    months = round(settings.SUBMISSION_RETENTION_DAYS / 30.4)
    client = Client()
    assert f"{months} mēnešus" in client.get(PRIVACY["lv"]).content.decode()
    assert f"{months} months" in client.get(PRIVACY["en"]).content.decode()


def test_the_editors_address_is_at_the_foot_of_every_page():
    client = Client()
    for path in ("/lv/", "/en/", PRIVACY["lv"], FORM["en"]):
        assert f'href="mailto:{settings.EDITORS_EMAIL}"' in client.get(path).content.decode()


def test_readers_get_no_cookies_and_the_form_only_its_security_cookie():
    story = GoodPracticeStory.objects.live().filter(locale__language_code="lv").first()
    for path in ("/lv/", "/en/", PRIVACY["lv"], story.url, "/lv/meklet/?q=kopiena", "/lv/stasti/"):
        response = Client().get(path)
        assert response.status_code == 200, path
        assert not response.cookies, (path, list(response.cookies))
    response = Client().get(FORM["lv"])
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
