"""How stories, the story index and the partner page are read from the content files."""

from knowledge.core.content import (
    COUNTRY,
    DECIMAL,
    KEY,
    KEYS,
    PAIR,
    PERIOD,
    STR,
    PageMapping,
    choices_of,
    localised,
)

from .index import StoryIndexPage
from .models import GoodPracticeStory, StoryChallenge, StoryRoadmapStep
from .partners import PartnerPage


def story_values(loader, item, lang, draft):
    data = item.checked
    one = localised(data, lang)
    start, end = data.get("period_start"), data.get("period_end")
    return {
        "place": one["place"],
        "municipality": one.get("municipality", ""),
        "country": data["country"],
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "innovation_type": data["innovation_type"],
        "status": data["status"],
        "funding_source": one.get("funding_source", ""),
        "funding_amount": data.get("funding_amount"),
        "funding_currency": data.get("funding_currency", "EUR"),
        "period_start": start.date if start else None,
        "period_end": end.date if end else None,
        "period_precision": start.precision if start else "day",
        "lag": loader.objects[("lags", data["lag"], lang)]
        if data.get("lag") and not draft
        else None,
    }


def story_relations(loader, item, lang):
    data = item.checked
    return {
        "challenge_links": [
            StoryChallenge(challenge=loader.objects[("challenges", key, lang)], sort_order=i)
            for i, key in enumerate(data.get("challenges", []))
        ],
        "roadmap_step_links": [
            StoryRoadmapStep(step=loader.page_objects[(key, lang)], sort_order=i)
            for i, key in enumerate(data.get("roadmap_steps", []))
        ],
    }


PAGES = [
    PageMapping("story_index", StoryIndexPage, priority=3),
    PageMapping("partners", PartnerPage),
    PageMapping(
        "story",
        GoodPracticeStory,
        fields={
            "place": (PAIR, True),
            "municipality": (PAIR, False),
            "country": (COUNTRY, True),
            "latitude": (DECIMAL, False),
            "longitude": (DECIMAL, False),
            "themes": (KEYS, False),
            "innovation_type": (choices_of(GoodPracticeStory, "innovation_type"), True),
            "status": (choices_of(GoodPracticeStory, "status"), True),
            "challenges": (KEYS, False),
            "roadmap_steps": (KEYS, False),
            "lag": (KEY, False),
            "funding_source": (PAIR, False),
            "funding_amount": (DECIMAL, False),
            "funding_currency": (STR, False),
            "period_start": (PERIOD, False),
            "period_end": (PERIOD, False),
        },
        values=story_values,
        relations=story_relations,
        # Images are chosen by editors in the admin: the content files hold no pictures.
        not_loaded=frozenset({"image", "image_alt"}),
    ),
]
SNIPPETS = []
