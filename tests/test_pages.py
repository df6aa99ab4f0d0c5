"""Every page type renders in both languages, in a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from knowledge.content.schema import PAGE_MODELS

from . import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize(
    "model", sorted(PAGE_MODELS.values(), key=lambda m: m.__name__), ids=lambda m: m.__name__
)
def test_each_page_type_renders_in_both_languages(client, model, language):
    page = model.objects.live().filter(locale__language_code=language).first()
    assert page is not None, f"no live {model.__name__} in {language}"
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert page.title in html
    assert page.intro.split(".")[0][:40] in html or model.__name__ == "HomePage"
    assert html.count("<h1") == 1
    translation = page.get_translations().live().get()
    assert f'href="http://testserver{translation.url}"' in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_stories_or_countries(client):
    steps = factories.some_steps("lv")
    challenges = factories.some_challenges("lv")
    themes = factories.some_themes()
    home = Page.objects.get(depth=2, locale__language_code="lv").specific
    urls = {
        "home": home.url,
        "stories": home.get_children().type(factories.StoryIndexPage).first().url,
        "countries": home.get_children().type(factories.CountryIndexPage).first().url,
        "step": steps[0].url,
        "challenges": Page.objects.filter(
            locale__language_code="lv", content_type__model="challengebankpage"
        )
        .first()
        .url,
    }
    factories.story(steps=steps, challenges=challenges, themes=themes)
    factories.country_practice(steps=steps)
    client.get(urls["home"])  # warm caches (site root paths)
    before = {name: _queries(client, url) for name, url in urls.items()}
    for n in range(8):
        factories.story(steps=steps, challenges=challenges, themes=themes, country="SE")
        factories.country_practice(steps=steps, country="DE" if n % 2 else "FR")
    after = {name: _queries(client, url) for name, url in urls.items()}
    assert after == before
    assert max(after.values()) < 80, after
