""" "Villages like ours" on a story page: up to three similar stories with the reason written out,
never the story itself nor one a reader cannot open, at a cost in queries that does not grow
with the number of stories."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import GoodPracticeStory
from knowledge.stories.similar import CANDIDATES

from . import factories

pytestmark = pytest.mark.django_db

SIMILAR = r'<li><a href="[^"]+">([^<]+)</a>.*?class="similar-reason">([^<]*)<'


def story(language, slug_lv):
    latvian = GoodPracticeStory.objects.get(locale__language_code="lv", slug=slug_lv)
    return latvian if language == "lv" else latvian.get_translation(_locale(language))


def _locale(language):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=language)


def similar_on(client, page):
    """(title, reason) of each similar story the page shows."""
    text = unescape(client.get(page.url).content.decode())
    start = text.find('class="similar-stories"')
    if start < 0:
        return []
    part = text[start : text.index("</section>", start)]
    return re.findall(SIMILAR, part, re.S)


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_story_shows_three_similar_stories_with_their_reasons(client, language):
    engure = story(language, "engure-piekrastes-viedais-ciems")
    pape = story(language, "pape-piekrastes-viedais-ciems")
    shown = similar_on(client, engure)
    assert len(shown) == 3
    titles = [title for title, _reason in shown]
    assert engure.title not in titles
    # Pape shares the most with Engure: four challenges, four themes, three steps.
    assert titles[0] == pape.title
    reason = shown[0][1]
    expected = {
        "lv": ("kopīgi izaicinājumi: ", "Sadarbības trūkums", "kopīgas tēmas: ", "valsts: Latvija"),
        "en": ("same challenges: ", "Lack of cooperation", "same themes: ", "country: Latvia"),
    }[language]
    for words in expected:
        assert words in reason, reason
    # Every shown story is public and in the page's language.
    for title in titles:
        other = GoodPracticeStory.objects.get(title=title)
        assert other.live and other.locale.language_code == language


def test_a_story_that_is_not_public_is_never_suggested(client):
    engure = story("lv", "engure-piekrastes-viedais-ciems")
    pape = story("lv", "pape-piekrastes-viedais-ciems")
    assert similar_on(client, engure)[0][0] == pape.title
    factories.restrict(pape)
    assert pape.title not in [title for title, _ in similar_on(client, engure)]
    suiti = story("lv", "suitu-tirgus")
    suiti.unpublish()
    titles = [title for title, _ in similar_on(client, engure)]
    assert suiti.title not in titles and pape.title not in titles and len(titles) == 3


def test_a_draft_that_shares_everything_is_not_suggested(client):
    engure = story("lv", "engure-piekrastes-viedais-ciems")
    twin = factories.story(
        "lv",
        title="Melnraksta dvīnis",
        challenges=list(engure.linked_challenges()),
        steps=list(engure.linked_steps()),
        themes=engure.theme_list,
        live=False,
    )
    assert twin.title not in [title for title, _ in similar_on(client, engure)]


def test_the_queries_do_not_grow_with_the_number_of_stories(
    client, django_capture_on_commit_callbacks
):
    engure = story("lv", "engure-piekrastes-viedais-ciems")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(engure.url).status_code == 200
        return len(context.captured_queries)

    queries()
    before = queries()
    # Committed, as an editor's publishing is (the frame is remembered again after it).
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            factories.story(
                "lv",
                title=f"Līdzīgs stāsts {n}",
                challenges=list(engure.linked_challenges()),
                steps=list(engure.linked_steps()),
                themes=engure.theme_list,
            )
    queries()  # what the commit made the site forget is read again
    assert queries() == before
    titles = [title for title, _ in similar_on(client, engure)]
    assert len(titles) == 3 and all(title.startswith("Līdzīgs stāsts") for title in titles)


def test_many_newer_stories_that_share_less_do_not_push_out_those_that_share_more(client):
    """The ranking reads only the latest links of each kind (similar.CANDIDATES), so that its
    cost does not grow with the stories: more newer stories than that, sharing only a step,
    leave the stories that share challenges and themes in place."""
    engure = story("lv", "engure-piekrastes-viedais-ciems")
    before = similar_on(client, engure)
    assert len(before) == 3
    step = list(engure.linked_steps())[0]
    for n in range(CANDIDATES + 5):
        factories.story("lv", title=f"Tikai solis {n}", steps=[step], country="SE")
    assert similar_on(client, engure) == before
