"""Small builders for pages the tests add on top of the real content."""

import itertools
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from knowledge.models import (
    Challenge,
    CountryIndexPage,
    CountryPracticePage,
    CountryPracticeRoadmapStep,
    GoodPracticeStory,
    RoadmapStepPage,
    StandardPage,
    StoryChallenge,
    StoryIndexPage,
    StoryRoadmapStep,
    Theme,
)

_counter = itertools.count(1)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def story(
    language="lv",
    *,
    title=None,
    country="LV",
    themes=(),
    steps=(),
    challenges=(),
    live=True,
    parent=None,
    **fields,
):
    locale = Locale.objects.get(language_code=language)
    index = parent or StoryIndexPage.objects.get(locale=locale)
    n = next(_counter)
    page = GoodPracticeStory(
        title=title or f"Testa stāsts {n}",
        slug=f"testa-stasts-{n}",
        intro=fields.pop("intro", "Īss ievads."),
        place="Ciems",
        country=country,
        innovation_type="social",
        status="in_transition",
        locale=locale,
        live=live,
        **fields,
    )
    page.challenge_links = [StoryChallenge(challenge=c) for c in challenges]
    page.roadmap_step_links = [StoryRoadmapStep(step=s) for s in steps]
    index.add_child(instance=page)
    if themes:
        page.themes.set(list(themes))
    if live:
        publish(page)
    return page


def scheduled_story(language="lv", *, go_live_at=None, **fields):
    """A story an editor approved to go live later: not live yet, its revision waits for
    `go_live_at` (a week from now unless given)."""
    page = story(language, live=False, **fields)
    page.go_live_at = go_live_at or timezone.now() + timedelta(days=7)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def restrict(page, restriction_type="login", *, password=""):
    """Make `page` and everything under it private (and its translations: core/privacy.py)."""
    PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password=password
    )
    return page


def country_practice(language="lv", *, country="DE", steps=(), title=None):
    locale = Locale.objects.get(language_code=language)
    index = CountryIndexPage.objects.get(locale=locale)
    n = next(_counter)
    page = CountryPracticePage(
        title=title or f"Valsts {n}",
        slug=f"valsts-{n}",
        intro="Ievads.",
        country=country,
        locale=locale,
    )
    page.roadmap_step_links = [CountryPracticeRoadmapStep(step=s) for s in steps]
    index.add_child(instance=page)
    return publish(page)


def standard_page(parent, *, title="Tikai latviski", slug=None):
    page = StandardPage(
        title=title, slug=slug or f"lapa-{next(_counter)}", intro="Ievads.", locale=parent.locale
    )
    parent.add_child(instance=page)
    return publish(page)


def some_steps(language, count=3):
    return list(RoadmapStepPage.objects.filter(locale__language_code=language)[:count])


def some_challenges(language, count=3):
    return list(Challenge.objects.filter(locale__language_code=language)[:count])


def some_themes(count=2):
    return list(Theme.objects.all()[:count])
