"""What every reader page takes from the cache instead of the database (the site, the home
pages, the header's menu, the footer's form page, the view restrictions, where rich-text links
go: search/remembered.py, knowledge/core/frame.py) changes for readers as soon as an editor's
change is committed, in both languages; and until it is committed, nothing is remembered."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from knowledge.core import frame
from knowledge.models import (
    GoodPracticeStory,
    HomePage,
    StandardPage,
    StoryIndexPage,
    StorySubmissionPage,
)

from .factories import publish, restrict, story

pytestmark = pytest.mark.django_db

LANGUAGES = ["lv", "en"]


def menu(client, url):
    html = client.get(url).content.decode()
    return html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


def footer(client, url):
    return client.get(url).content.decode().split("<footer", 1)[1]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what follows as an editor's committed change (the commit starts a new generation)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_section_added_to_the_menu_shows_on_every_page_once_committed(
    client, committed, language
):
    home = HomePage.objects.get(locale__language_code=language)
    story_url = GoodPracticeStory.objects.live().filter(locale=home.locale).first().url
    assert "Jauna sadaļa" not in menu(client, story_url)  # the menu is remembered now

    with committed():
        section = StandardPage(
            title="Jauna sadaļa", slug="jauna-sadala", intro="Ievads.", show_in_menus=True
        )
        publish(home.add_child(instance=section))
    assert "Jauna sadaļa" in menu(client, story_url)
    assert "Jauna sadaļa" in menu(client, home.url)

    with committed():
        section.unpublish()
    assert "Jauna sadaļa" not in menu(client, story_url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_shows_its_new_intro_once_committed(client, committed, language):
    home = HomePage.objects.get(locale__language_code=language)
    assert client.get(home.url).status_code == 200
    with committed():
        home.intro = "Jaunais ievads sākumlapā."
        publish(home)
    assert "Jaunais ievads sākumlapā." in client.get(home.url).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_section_made_private_asks_for_its_password_at_once(client, committed, language):
    index = StoryIndexPage.objects.get(locale__language_code=language)
    page = GoodPracticeStory.objects.live().child_of(index).first()
    assert 'name="password"' not in client.get(page.url).content.decode()

    with committed():
        restriction = restrict(index, "password", password="ciems")
    assert 'name="password"' in client.get(page.url).content.decode()
    assert 'name="password"' in client.get(index.url).content.decode()

    with committed():
        restriction.delete()
    assert 'name="password"' not in client.get(page.url).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_drops_the_story_form_once_it_is_private(client, committed, language):
    home = HomePage.objects.get(locale__language_code=language)
    form = StorySubmissionPage.objects.live().get(locale=home.locale)
    assert form.url in footer(client, home.url)

    with committed():
        restrict(form, "login")
    assert form.url not in footer(client, home.url)


def test_a_rich_text_link_loses_its_address_once_its_page_is_unpublished(client, committed):
    with committed():
        target = story("lv", title="Saites mērķis")
        text = f'<p>Lasiet <a linktype="page" id="{target.pk}">stāstu</a>.</p>'
        page = story("lv", title="Stāsts ar saiti", body=[("paragraph", text)])
    assert f'<a href="{target.url}">stāstu</a>' in client.get(page.url).content.decode()

    with committed():
        target.unpublish()
    assert "<a>stāstu</a>" in client.get(page.url).content.decode()


def test_until_a_change_is_committed_every_request_reads_the_database(
    client, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get(locale__language_code="lv")
    client.get(home.url)
    remembered = queries(client, home.url)

    with django_capture_on_commit_callbacks() as on_commit:
        home.intro = "Vēl nesaglabāts ievads."
        publish(home)
    # The transaction is still open: what it wrote is read, never remembered.
    assert "Vēl nesaglabāts ievads." in client.get(home.url).content.decode()
    assert queries(client, home.url) > remembered

    for callback in on_commit:
        callback()
    client.get(home.url)
    assert queries(client, home.url) == remembered


HOSTS = ["testserver", "example.org", "example.org:8080", "other.example.net", "localhost:8000"]


@pytest.mark.parametrize("host", HOSTS)
def test_the_site_of_a_request_is_the_one_wagtail_would_choose(settings, host):
    root = Page.objects.get(depth=2, locale__language_code="lv")
    Site.objects.create(hostname="example.org", port=80, root_page=root)
    Site.objects.create(hostname="example.org", port=8080, root_page=root)
    Site.objects.create(hostname="localhost", port=80, root_page=root)
    settings.ALLOWED_HOSTS = ["*"]
    request = RequestFactory().get("/lv/", HTTP_HOST=host)
    assert frame.site_for_request(request) == Site._find_for_request(request)
