"""The story index's facets: for each StoryFilter parameter, the values the listed stories have,
each with its label in the reader's language and the number of stories it would show.

A value's count is taken over the stories the OTHER chosen facets leave (the usual convention
of faceted browsing: choosing it shows exactly that many), in one aggregate query per facet
whatever the number of stories; each query brings its labels with it."""

import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from knowledge.core.countries import COUNTRY_CHOICES
from knowledge.guide.snippets import Challenge
from knowledge.roadmap.models import RoadmapStepPage
from search.public import public

from .filters import STORY_FACETS, StoryFilter
from .models import GoodPracticeStory
from .themes import Theme

LEGENDS = {
    "country": _("Country"),
    "theme": _("Theme"),
    "innovation": _("Innovation type"),
    "status": _("Status"),
    "step": _("Roadmap step"),
    "challenge": _("Challenge"),
}
# The link that takes a facet's choice away, named by what it then shows.
ALL = {
    "country": _("All countries"),
    "theme": _("All themes"),
    "innovation": _("All innovation types"),
    "status": _("Any status"),
    "step": _("All roadmap steps"),
    "challenge": _("All challenges"),
}
# The facets a story has exactly one value of, on its own row.
ON_THE_ROW = ("country", "innovation", "status")
CHOICES = {
    "country": COUNTRY_CHOICES,
    "innovation": GoodPracticeStory.INNOVATION_CHOICES,
    "status": GoodPracticeStory.STATUS_CHOICES,
}


def reading_order(text):
    """A sort key that puts Latvian letters where a Latvian reader looks for them: «ā» after
    «a» and before «b», «š» after «s» (a plain sort puts them after «z»)."""
    return [
        (decomposed[0], len(decomposed))
        for decomposed in (unicodedata.normalize("NFD", letter) for letter in text.casefold())
    ]


@dataclass
class Option:
    value: str
    label: str
    count: int
    chosen: bool = False


@dataclass
class Facet:
    name: str
    options: list
    chosen: str  # the chosen value, "" when none
    clear_query: str  # the index's query string without this facet

    @property
    def legend(self):
        return LEGENDS[self.name]

    @property
    def all_label(self):
        return ALL[self.name]


def canonical_query(values):
    """A query string with the facets in StoryFilter's order, so that one choice has one URL."""
    query = QueryDict(mutable=True)
    for name in StoryFilter.base_filters:
        if values.get(name):
            query[name] = values[name]
    return query.urlencode()


def _label_columns(name, lookup, locale_id):
    """The columns that label one facet's values, read in the same query as the counts."""
    if name == "theme":
        tag = lookup.removesuffix("__slug")
        return {"name_lv": f"{tag}__name", "name_en": f"{tag}__name_en"}, {}
    if name == "step":
        # Which steps are public is asked once (an uncorrelated subquery), not for every row:
        # the view-restriction check is costly, and the label is read for each link.
        public_ids = public(RoadmapStepPage.objects.filter(locale_id=locale_id)).values("pk")
        steps = RoadmapStepPage.objects.filter(pk__in=public_ids)
        title = steps.filter(step_number=OuterRef(lookup)).values("title")[:1]
        return {}, {"title": Subquery(title)}
    if name == "challenge":
        challenges = public(Challenge.objects.filter(locale_id=locale_id))
        title = challenges.filter(slug=OuterRef(lookup)).values("title")[:1]
        return {}, {"title": Subquery(title)}
    return {}, {}


def _label(name, row, language):
    if name in CHOICES:
        return str(dict(CHOICES[name]).get(row["value"], row["value"]))
    if name == "theme":
        return row["name_en"] if language == "en" and row["name_en"] else row["name_lv"]
    if row["title"] is None:
        return None  # not public in this language: not offered
    if name == "step":
        return f"{row['value']}. {row['title']}"
    return row["title"]


def _count(stories, name, chosen, locale_id, language):
    """[(value, label, count)] of one facet over `stories` narrowed by the other facets."""
    lookup = STORY_FACETS[name]
    others = {other: value for other, value in chosen.items() if other != name}
    columns, annotations = _label_columns(name, lookup, locale_id)
    rows = (
        StoryFilter.narrow(stories, **others)
        .order_by()
        .filter(**{f"{lookup}__isnull": False})
        .values(lookup, *columns.values())
        .annotate(count=Count("pk", distinct=True), **annotations)
    )
    found = []
    for row in rows:
        row |= {"value": row[lookup]} | {key: row[path] for key, path in columns.items()}
        label = _label(name, row, language)
        if label is not None:
            found.append((str(row["value"]), label, row["count"]))
    return found


def _count_together(stories, names, chosen, language):
    """{facet: [(value, label, count)]} of facets held on the story's own row (one value a
    story) and not chosen, in one query: each is counted over the stories every choice leaves,
    so one grouping by all of them serves them all."""
    if not names:
        return {}
    lookups = [STORY_FACETS[name] for name in names]
    rows = (
        StoryFilter.narrow(stories, **chosen)
        .order_by()
        .values_list(*lookups)
        .annotate(count=Count("pk", distinct=True))
    )
    totals = {name: Counter() for name in names}
    for *values, count in rows:
        for name, value in zip(names, values, strict=True):
            totals[name][value] += count
    return {
        name: [(value, _label(name, {"value": value}, language), n) for value, n in found.items()]
        for name, found in totals.items()
    }


def _chosen_label(name, value, locale_id, language):
    """The label of a chosen value no listed story has (one query, only in that case)."""
    if name in CHOICES:
        return str(dict(CHOICES[name]).get(value, value))
    if name == "theme":
        theme = Theme.objects.filter(slug=value).first()
        return theme.label_for(language) if theme else value
    if name == "step":
        step = public(RoadmapStepPage.objects.filter(locale_id=locale_id, step_number=value))
        title = step.values_list("title", flat=True).first()
        return f"{value}. {title}" if title else value
    challenge = public(Challenge.objects.filter(locale_id=locale_id, slug=value))
    return challenge.values_list("title", flat=True).first() or value


def story_facets(stories, chosen, *, locale_id, language):
    """Every facet of `stories` (public stories, not yet filtered) given the `chosen` values
    ({parameter: checked value}): its options with their counts, the chosen one marked and
    kept even when no story has it, and the query string that clears it."""
    facets = []
    counted = _count_together(stories, [n for n in ON_THE_ROW if n not in chosen], chosen, language)
    for name in StoryFilter.base_filters:
        if name in counted:
            options = counted[name]
        else:
            options = _count(stories, name, chosen, locale_id, language)
        value = chosen.get(name, "")
        if value and value not in {option[0] for option in options}:
            options.append((value, _chosen_label(name, value, locale_id, language), 0))
        if name == "step":
            options.sort(key=lambda option: int(option[0]))
        else:
            options.sort(key=lambda option: reading_order(option[1]))
        facets.append(
            Facet(
                name,
                [Option(*option, chosen=option[0] == value) for option in options],
                chosen=value,
                clear_query=canonical_query({**chosen, name: ""}),
            )
        )
    return facets


def chosen_total(facets):
    """How many stories the choice lists, read from the counts: every story has exactly one
    country, so the chosen country's count, or the sum of all of them, is that number."""
    country = next(facet for facet in facets if facet.name == "country")
    return sum(option.count for option in country.options if option.chosen or not country.chosen)
