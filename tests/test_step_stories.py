"""A roadmap step, and each challenge in the challenge bank, shows a bounded number of its
stories, newest first, and a link to all of them: the story index filtered by the step or the
challenge (#13 item 6, #15 item 5)."""

import re
from html import unescape

import pytest

from knowledge.core.listing import STORY_CARDS as STEP_CARDS
from knowledge.models import (
    ChallengeBankPage,
    GoodPracticeStory,
    RoadmapStepPage,
    StoryIndexPage,
)
from search.public import public

from . import factories

pytestmark = pytest.mark.django_db

MORE = {
    "lv": "Visi {n} stāsti, kas parāda šo soli",
    "en": "All {n} stories that show this step",
}


def stories_section(html):
    found = re.search(r'<section aria-labelledby="stories-heading">(.*?)</section>', html, re.S)
    assert found, "the step shows no stories"
    return found.group(1)


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_step_shows_the_newest_stories_and_links_to_all_of_them(client, language):
    step = public(RoadmapStepPage.objects.all(), language=language).order_by("step_number")[0]
    other = public(RoadmapStepPage.objects.all(), language=language).order_by("step_number")[1]
    added = [
        factories.story(language, title=f"Jaunais stāsts {n}", steps=[step])
        for n in range(STEP_CARDS + 2)
    ]
    elsewhere = factories.story(language, title="Citā solī vien", steps=[other])
    total = (
        public(GoodPracticeStory.objects.all(), language=language)
        .filter(roadmap_step_links__step__translation_key=step.translation_key)
        .distinct()
        .count()
    )
    assert total > STEP_CARDS

    html = unescape(client.get(step.url).content.decode())
    section = stories_section(html)
    cards = re.findall(r'<li class="card">\s*<h3><a href="[^"]+">([^<]+)</a>', section)
    assert len(cards) == STEP_CARDS
    # Newest first: the last stories added are the ones shown.
    assert cards == [story.title for story in reversed(added)][:STEP_CARDS]
    link = re.search(r'<p class="more"><a href="([^"]+)">([^<]+)</a>', section)
    assert link, "no link to all the step's stories"
    assert link.group(2) == MORE[language].format(n=total)

    index_page = StoryIndexPage.objects.get(locale=step.locale)
    assert link.group(1) == f"{index_page.url}?step={step.step_number}"
    response = client.get(link.group(1))
    assert response.status_code == 200
    index = unescape(response.content.decode())
    assert added[-1].title in index
    assert elsewhere.title not in index


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_step_without_stories_shows_neither_cards_nor_the_link(client, language):
    step = public(RoadmapStepPage.objects.all(), language=language).order_by("step_number")[0]
    for story in public(GoodPracticeStory.objects.all(), language=language).filter(
        roadmap_step_links__step__translation_key=step.translation_key
    ):
        story.unpublish()
    html = client.get(step.url).content.decode()
    assert 'aria-labelledby="stories-heading"' not in html
    assert 'class="more"' not in html


CHALLENGE_MORE = {
    "lv": "Visi {n} stāsti par šo izaicinājumu",
    "en": "All {n} stories that meet this challenge",
}


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_challenge_shows_its_newest_stories_and_links_to_all_of_them(client, language):
    bank = ChallengeBankPage.objects.get(locale__language_code=language)
    challenge = bank.listing_model.objects.filter(locale=bank.locale).order_by("pk").first()
    added = [
        factories.story(language, title=f"Izaicinājuma stāsts {n}", challenges=[challenge])
        for n in range(STEP_CARDS + 3)
    ]
    total = (
        public(GoodPracticeStory.objects.all(), language=language)
        .filter(challenge_links__challenge__translation_key=challenge.translation_key)
        .distinct()
        .count()
    )
    html = unescape(client.get(bank.url).content.decode())
    found = re.search(rf'<section class="challenge" id="{challenge.slug}".*?</section>', html, re.S)
    assert found, "the challenge is not on its page"
    section = found.group(0)
    shown = re.findall(r'<a href="[^"?]+">([^<]+)</a>', section)
    assert shown == [story.title for story in reversed(added)][:STEP_CARDS]
    link = re.search(r'<a href="([^"]+\?challenge=[^"]+)">([^<]+)</a>', section)
    assert link and link.group(2) == CHALLENGE_MORE[language].format(n=total)
    index_page = StoryIndexPage.objects.get(locale=bank.locale)
    assert link.group(1) == f"{index_page.url}?challenge={challenge.slug}"
    index = unescape(client.get(link.group(1)).content.decode())
    assert added[-1].title in index  # the index, filtered by the challenge (its facet)
