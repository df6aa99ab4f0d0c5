"""Addresses, redirects, languages and error pages as a reader meets them."""

import re

import pytest

from knowledge.models import GoodPracticeStory, HomePage

from .factories import standard_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "target"),
    [("en-GB,en;q=0.9", "/en/"), ("lv", "/lv/"), ("de-DE,de;q=0.8", "/lv/"), ("", "/lv/")],
)
def test_root_redirects_to_the_visitors_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("language", ["lv", "en"])
def test_home_page_in_each_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    home = HomePage.objects.get(locale__language_code=language)
    assert f"<h1>{home.title}</h1>" in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and 'id="main"' in html


def test_home_pages_are_translations_of_each_other():
    lv_home = HomePage.objects.get(locale__language_code="lv")
    en_home = HomePage.objects.get(locale__language_code="en")
    assert lv_home.translation_key == en_home.translation_key


def test_hreflang_alternates_point_at_the_translation(client):
    story = GoodPracticeStory.objects.live().filter(locale__language_code="lv").first()
    english = story.get_translation(
        GoodPracticeStory.objects.filter(locale__language_code="en").first().locale
    )
    html = client.get(story.url).content.decode()
    assert f'hreflang="en" href="http://testserver{english.url}"' in html
    assert f'hreflang="lv" href="http://testserver{story.url}"' in html


def test_language_switcher_leads_to_this_page_in_the_other_language(client):
    story = GoodPracticeStory.objects.live().filter(locale__language_code="en").first()
    latvian = story.get_translation(HomePage.objects.get(locale__language_code="lv").locale)
    html = client.get(story.url).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert f'href="{latvian.url}"' in switcher
    assert 'aria-current="true" lang="en"' in switcher


def test_switcher_says_plainly_when_a_translation_is_missing(client):
    home = HomePage.objects.get(locale__language_code="lv")
    page = standard_page(home, title="Tikai latviešu valodā")
    html = client.get(page.url).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert "This page is not yet available in English." in switcher
    assert 'href="/en/"' in switcher
    assert 'hreflang="en" href=' not in html.split("</head>")[0]


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/lv/nav-tadas-lapas/", "lv", "Lapa nav atrasta"),
        ("/en/no-such-page/", "en", "Page not found"),
    ],
)
def test_not_found_page_speaks_the_language_of_the_address(client, path, language, heading):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert f'href="/{language}/"' in html


def test_a_reader_path_without_language_is_led_into_one(client):
    assert client.get("/nav-tadas-lapas/")["Location"] == "/lv/nav-tadas-lapas/"


@pytest.mark.parametrize("path", ["/embed/nowhere/", "/documents/999999/nothing.pdf"])
def test_partner_addresses_outside_the_language_trees_are_404_where_asked(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "Location" not in response


@pytest.mark.parametrize(
    "path",
    [
        "/lv/%00/",
        "/en/stories/a%00b/",
        "/api/v2/pages/?title=%00",
        "/embed/stories/?theme=%00",
        "/lv/feeds/stories.rss?theme=a%00",
    ],
)
def test_a_nul_character_in_the_address_is_a_400_with_a_message(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_server_error_page_in_both_languages(rf):
    from knowledge.core.views import server_error

    latvian = server_error(rf.get("/lv/kaut-kas/")).content.decode()
    english = server_error(rf.get("/en/something/")).content.decode()
    assert '<html lang="lv">' in latvian and "Kaut kas nogāja greizi" in latvian
    assert '<html lang="en">' in english and "Something went wrong" in english


@pytest.mark.parametrize(("language", "sign_in"), [("lv", "Pieteikties"), ("en", "Sign in")])
def test_admin_login_in_both_languages(client, language, sign_in):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert sign_in in html


def test_editor_signs_in_and_sees_the_admin_in_latvian(client, django_user_model):
    django_user_model.objects.create_superuser("redaktore", "", "parole-123-garā")
    client.post("/admin/login/", {"username": "redaktore", "password": "parole-123-garā"})
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(django_user_model.objects.get(username="redaktore"))
    profile.preferred_language = "lv"
    profile.save()
    html = client.get("/admin/").content.decode()
    assert 'lang="lv"' in html
    assert "Lapas" in html  # the "Pages" menu, in Latvian


@pytest.mark.parametrize("language", ["lv", "en"])
def test_header_menu_and_home_page_lead_into_every_section(client, language):
    home = HomePage.objects.get(locale__language_code=language)
    sections = [
        p
        for p in home.get_children().live().specific()
        if p.specific_class.__name__ != "StandardPage"
    ]
    html = client.get(home.url).content.decode()
    menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    main = html.split('id="main"', 1)[1]
    assert len(sections) >= 5
    for section in sections:
        assert f'href="{section.url}"' in menu, section.title
        assert f'href="{section.url}"' in main, section.title
