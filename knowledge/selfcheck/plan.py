"""The plan for the weakest criteria: the roadmap steps, challenges (with their solutions) and
stories the self-check page links to each criterion, shown in the page's language.

Where the page names too few public stories for a criterion, the plan adds those that share
most of its challenges and steps (the "villages like ours" score, stories/similar.py).

The page may link to items of either language (a synchronised stream); each is shown as its
translation in the page's language, in one query per kind whatever the number of items."""

from dataclasses import dataclass

from knowledge.core.models import in_locale
from knowledge.guide.snippets import Challenge
from knowledge.roadmap.models import RoadmapStepPage
from knowledge.stories.models import GoodPracticeStory
from knowledge.stories.similar import rank

STORIES_PER_CRITERION = 3
MIN_STORIES = 2


@dataclass
class PlanItem:
    result: object
    steps: list
    challenges: list
    stories: list


def _keys(items):
    return [item.translation_key for item in items if item is not None]


def build_plan(page, weakest):
    """One PlanItem per weak criterion, in the order of `weakest`."""
    blocks = {
        block.value["criterion"].translation_key: block.value
        for block in page.criterion_plans
        if block.block_type == "criterion" and block.value["criterion"] is not None
    }
    wanted = [blocks.get(result.criterion.translation_key) for result in weakest]
    found = {}
    for model, name, order in (
        (RoadmapStepPage, "roadmap_steps", "step_number"),
        (Challenge, "challenges", "sort_order"),
        (GoodPracticeStory, "stories", "title"),
    ):
        keys = {key for value in wanted if value for key in _keys(value[name])}
        queryset = in_locale(model, keys, page.locale_id).order_by(order)
        if model is GoodPracticeStory:
            queryset = queryset.prefetch_related("tagged_themes__tag")
        found[name] = {item.translation_key: item for item in queryset}
    plan, shown = [], set()
    for result, value in zip(weakest, wanted, strict=True):
        items = {
            name: [found[name][key] for key in _keys(value[name]) if key in found[name]]
            if value
            else []
            for name in found
        }
        items["steps"] = sorted(items.pop("roadmap_steps"), key=lambda step: step.step_number)
        items["stories"] = _fresh_first(items["stories"], shown)
        if len(items["stories"]) < MIN_STORIES:
            items["stories"] += _like(page, items, shown)
        shown.update(story.pk for story in items["stories"])
        plan.append(PlanItem(result, **items))
    return plan


def _like(page, items, shown):
    """Where the page names too few public stories for a criterion: the stories that share
    most of its challenges and steps, scored as "villages like ours" are (one query)."""
    return rank(
        page.locale_id,
        challenge_keys=_keys(items["challenges"]),
        step_keys=_keys(items["steps"]),
        exclude_keys=[story.translation_key for story in items["stories"]],
        limit=MIN_STORIES - len(items["stories"]),
    )


def _fresh_first(stories, shown):
    """Up to three stories, those the plan has not shown yet first; at least two if there are."""
    fresh = [story for story in stories if story.pk not in shown]
    again = [story for story in stories if story.pk in shown]
    chosen = fresh[:STORIES_PER_CRITERION]
    if len(chosen) < MIN_STORIES:
        chosen += again[: MIN_STORIES - len(chosen)]
    return chosen
