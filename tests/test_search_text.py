"""The text that search sees: every readable word of a page, none of its markup."""

import pytest

from knowledge.models import ConceptTopicPage, GoodPracticeStory, RoadmapStepPage
from search.text import plain_text

pytestmark = pytest.mark.django_db


def test_body_text_reaches_the_search_terms():
    page = ConceptTopicPage.objects.filter(locale__language_code="lv").first()
    body = plain_text(page.body)
    assert len(body) > 200 and "<" not in body
    last_paragraph_word = body.split()[-1]
    assert last_paragraph_word.strip(".,!?»") in body


def test_story_terms_include_place_country_and_themes():
    story = GoodPracticeStory.objects.get(locale__language_code="en", slug="torup-denmark")
    terms = story.search_terms().split()
    assert {"torup", "denmark", "hous"} <= set(terms)


def test_roadmap_step_terms_include_what_to_do():
    step = RoadmapStepPage.objects.filter(locale__language_code="lv").first()
    assert plain_text(step.what_to_do)[:30] in plain_text([step.what_to_do])
    assert len(step.search_terms()) > len(step.title) * 3
