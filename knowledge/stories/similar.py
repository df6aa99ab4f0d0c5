""" "Villages like ours": the stories most like a story, each with the reason written out.

The score is a weighted count over the structured fields, so that a reader can check it: a
shared challenge counts most, then a shared theme, then a shared roadmap step; the same kind of
innovation and the same country count a little, only for stories that already share one of
the first three. Only live, public stories of the story's language, never the story itself;
the ranking is one query and the reasons three more, whatever the number of stories.

So that its cost does not grow with the number of stories, the ranking scores only the
stories most recently linked to one of the story's challenges, themes or steps (`CANDIDATES`
of each kind, read backwards along the links' indexes), not every story that shares one: with
10 000 stories a roadmap step is shared by thousands."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext

from search.public import public

from .models import GoodPracticeStory, StoryChallenge, StoryRoadmapStep
from .themes import StoryTheme

WEIGHTS = {"challenge": 3, "theme": 2, "step": 1, "innovation_type": 1, "country": 1}
LIMIT = 3
# How many of the latest links of each kind (challenge, step, theme) give the stories ranked.
CANDIDATES = 40


def same_challenge(n):
    return ngettext("same challenge: %(items)s", "same challenges: %(items)s", n)


def same_theme(n):
    return ngettext("same theme: %(items)s", "same themes: %(items)s", n)


def same_step(n):
    return ngettext("same roadmap step: %(items)s", "same roadmap steps: %(items)s", n)


@dataclass
class SimilarStory:
    story: GoodPracticeStory
    score: int
    reasons: list


def _shared(model, owner, field, keys):
    """How many of `keys` a story's links of `model` name (a correlated subquery)."""
    return Coalesce(
        Subquery(
            model.objects.filter(**{owner: OuterRef("pk"), f"{field}__in": keys})
            .values(owner)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _candidates(locale_id, challenge_keys, step_keys, theme_ids):
    """A subquery: the stories of the latest CANDIDATES links of each kind to one of the keys,
    to the challenges and steps in the language of `locale_id` (stories link to those of their
    own language), to the themes (shared by both languages: `rank` keeps the stories of its
    language). Each kind is read backwards along its link index."""
    parts = []
    for model, owner, target, keys in (
        (StoryChallenge, "page_id", "challenge", challenge_keys),
        (StoryRoadmapStep, "page_id", "step", step_keys),
        (StoryTheme, "content_object_id", None, theme_ids),
    ):
        if not keys:
            continue
        if target is None:
            links = model.objects.filter(tag_id__in=list(keys))
        else:
            targets = model._meta.get_field(target).related_model.objects.filter(
                translation_key__in=list(keys), locale_id=locale_id
            )
            links = model.objects.filter(**{f"{target}_id__in": targets.values("pk")})
        # A theme's links are of both languages: twice as many keep as many of this one.
        size = CANDIDATES * (2 if target is None else 1)
        parts.append(links.order_by("-pk").values_list(owner)[:size].query.sql_with_params())
    sql = " UNION ".join(f"SELECT * FROM ({part}) AS c{n}" for n, (part, _) in enumerate(parts))
    return RawSQL(sql, tuple(param for _, params in parts for param in params))


def _same(name, value):
    if value is None:
        return Value(0)
    return Case(
        When(**{name: value}, then=Value(WEIGHTS[name])),
        default=Value(0),
        output_field=IntegerField(),
    )


def rank(
    locale_id,
    *,
    challenge_keys=(),
    step_keys=(),
    theme_ids=(),
    innovation_type=None,
    country=None,
    exclude_keys=(),
    limit=LIMIT,
):
    """The live, public stories of one language that share the most challenges (by
    translation key), themes and roadmap steps, best first, each with its `similarity`; one
    query. Stories that share none of the three are never ranked."""
    if not (challenge_keys or step_keys or theme_ids):
        return []
    return list(
        public(GoodPracticeStory.objects.all(), locale=locale_id)
        .defer_streamfields()
        .exclude(translation_key__in=list(exclude_keys))
        .annotate(
            shared_challenges=_shared(
                StoryChallenge, "page", "challenge__translation_key", list(challenge_keys)
            ),
            shared_steps=_shared(
                StoryRoadmapStep, "page", "step__translation_key", list(step_keys)
            ),
            shared_themes=_shared(StoryTheme, "content_object", "tag_id", list(theme_ids)),
        )
        .filter(Q(shared_challenges__gt=0) | Q(shared_themes__gt=0) | Q(shared_steps__gt=0))
        .filter(pk__in=_candidates(locale_id, challenge_keys, step_keys, theme_ids))
        .annotate(
            similarity=WEIGHTS["challenge"] * F("shared_challenges")
            + WEIGHTS["theme"] * F("shared_themes")
            + WEIGHTS["step"] * F("shared_steps")
            + _same("innovation_type", innovation_type)
            + _same("country", country)
        )
        .order_by("-similarity", "-first_published_at", "pk")[:limit]
    )


def similar_stories(story, challenges, steps, limit=LIMIT):
    """Up to `limit` SimilarStory for `story`, best first; `challenges` and `steps` are the
    story's own, in its language (the page has them already)."""
    found = rank(
        story.locale_id,
        challenge_keys=[challenge.translation_key for challenge in challenges],
        step_keys=[step.translation_key for step in steps],
        theme_ids=[theme.pk for theme in story.theme_list],
        innovation_type=story.innovation_type,
        country=story.country,
        exclude_keys=[story.translation_key],
        limit=limit,
    )
    if not found:
        return []
    return [
        SimilarStory(other, other.similarity, reasons)
        for other, reasons in zip(found, _reasons(story, found, challenges, steps), strict=True)
    ]


def _reasons(story, others, challenges, steps):
    """For each of `others`, what it shares with `story`, in the reader's language."""
    ids = [other.pk for other in others]
    their_challenges, their_steps, their_themes = {}, {}, {}
    for page_id, key in StoryChallenge.objects.filter(page_id__in=ids).values_list(
        "page_id", "challenge__translation_key"
    ):
        their_challenges.setdefault(page_id, set()).add(key)
    for page_id, key in StoryRoadmapStep.objects.filter(page_id__in=ids).values_list(
        "page_id", "step__translation_key"
    ):
        their_steps.setdefault(page_id, set()).add(key)
    for page_id, tag_id in StoryTheme.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag_id"
    ):
        their_themes.setdefault(page_id, set()).add(tag_id)
    for other in others:
        shared_challenges = [
            c.title for c in challenges if c.translation_key in their_challenges.get(other.pk, ())
        ]
        shared_themes = [
            t.label for t in story.theme_list if t.pk in their_themes.get(other.pk, ())
        ]
        shared_steps = [
            f"{s.step_number}. {s.title}"
            for s in steps
            if s.translation_key in their_steps.get(other.pk, ())
        ]
        reasons = [
            label(len(items)) % {"items": ", ".join(items)}
            for items, label in (
                (shared_challenges, same_challenge),
                (shared_themes, same_theme),
                (shared_steps, same_step),
            )
            if items
        ]
        if other.innovation_type == story.innovation_type:
            reasons.append(
                gettext("same kind of innovation: %(kind)s")
                % {"kind": other.get_innovation_type_display().lower()}
            )
        if other.country == story.country:
            reasons.append(
                gettext("same country: %(country)s") % {"country": other.get_country_display()}
            )
        yield reasons
