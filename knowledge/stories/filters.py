"""The one definition of how stories are chosen: by country, theme, innovation type, status,
roadmap step and challenge.

The story index, the API, the feeds, the open data and the widget all take these parameters
through `StoryFilter`: the same names, the same checks and the same message for a value that
names nothing. Each channel decides only what to do with that message (a 400 for a partner's
code, a sentence above the list for a reader). A value is accepted only when a public story has
it, so that nothing only hidden stories have shows through a filter."""

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Q
from wagtail.models import Page

from knowledge.core.countries import COUNTRY_CODES
from knowledge.guide.snippets import Challenge
from knowledge.roadmap.models import RoadmapStepPage
from search.public import public

from .models import GoodPracticeStory
from .themes import Theme

# Where each parameter is found on a story. `country` and `theme` are also search facets of
# other page types (see on_pages); the others are the stories' own. A step is named by its
# number and a challenge by its slug: both are the same in every language.
STORY_FACETS = {
    "country": "country",
    "theme": "tagged_themes__tag__slug",
    "innovation": "innovation_type",
    "status": "status",
    "step": "roadmap_step_links__step__step_number",
    "challenge": "challenge_links__challenge__slug",
}
PAGE_FACETS = {"country", "theme"}
# A step number is a PositiveSmallIntegerField: a larger number names nothing, and some
# databases cannot even be asked about it.
MAX_STEP_NUMBER = 32767


class CountryCodeField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        code = value.upper()
        if code not in COUNTRY_CODES:
            raise forms.ValidationError(
                f"unknown code {value!r} (ISO 3166-1 alpha-2, e.g. SE)", code="unknown"
            )
        return code


def public_themes(**where):
    """The themes that at least one public page (search/public.py) has, among the page types
    that declare the `theme` facet; `where` narrows those pages (e.g. `locale=…`).

    These are the only themes a reader is offered or a partner may name: a theme whose pages
    are all hidden is unknown, exactly like a slug that names nothing, so that neither its
    existence nor that of its hidden stories shows."""
    condition = Q(pk__in=[])
    for model in apps.get_models():
        lookup = getattr(model, "search_facets", {}).get("theme")
        if lookup and issubclass(model, Page):
            condition |= Q(slug__in=public(model.objects.filter(**where)).values(lookup))
    return Theme.objects.filter(condition)


def public_challenges(**where):
    """The published challenges that at least one public story answers (`where` narrows the
    stories); like public_themes, a challenge only hidden stories answer is unknown."""
    answered = public(GoodPracticeStory.objects.filter(**where)).values(STORY_FACETS["challenge"])
    return public(Challenge.objects.filter(slug__in=answered))


def public_steps(**where):
    """The public roadmap steps that at least one public story illustrates (`where` narrows
    the stories), in any language: a step number names the same step in both."""
    illustrated = public(GoodPracticeStory.objects.filter(**where)).values(STORY_FACETS["step"])
    return public(RoadmapStepPage.objects.filter(step_number__in=illustrated))


class ThemeSlugField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and not public_themes().filter(slug=value).exists():
            raise forms.ValidationError(f"unknown theme {value!r}", code="unknown")
        return value


class ChallengeSlugField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and not public_challenges().filter(slug=value).exists():
            raise forms.ValidationError(
                f"unknown challenge {value!r} (a challenge's slug, e.g. depopulation)",
                code="unknown",
            )
        return value


class StepNumberField(forms.CharField):
    """A roadmap step by its number, given back as digits without leading zeros ("3")."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        known = (
            value.isascii()
            and value.isdigit()
            and 0 < int(value) <= MAX_STEP_NUMBER
            and public_steps().filter(step_number=int(value)).exists()
        )
        if not known:
            raise forms.ValidationError(
                f"unknown roadmap step {value!r} (a step's number, e.g. 3)", code="unknown"
            )
        return str(int(value))


class CodeField(forms.CharField):
    """One of a story field's choices, by its code (e.g. `social`)."""

    def __init__(self, *, choices, what, **kwargs):
        self.codes = [code for code, _label in choices]
        self.what = what
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        if value.lower() not in self.codes:
            raise forms.ValidationError(
                f"unknown {self.what} {value!r} (one of {', '.join(self.codes)})", code="unknown"
            )
        return value.lower()


def on_pages(queryset, facet, value):
    """Filter by a facet (`country`, `theme`) whatever the queryset's page type: the page types
    that declare the facet in `search_facets` say which of their fields holds it; a listing of
    every page (`Page`) matches any of them, any other type matches nothing."""
    model = queryset.model
    declared = getattr(model, "search_facets", {})
    if facet in declared:
        return queryset.filter(**{declared[facet]: value})
    if model is Page:
        condition = Q()
        for page_model in apps.get_models():
            lookup = getattr(page_model, "search_facets", {}).get(facet)
            if lookup and issubclass(page_model, Page):
                condition |= Q(**{f"{page_model._meta.model_name}__{lookup}": value})
        return queryset.filter(condition) if condition else queryset.none()
    return queryset.none()


def on_stories(queryset, facet, value):
    """Filter by one of the stories' own facets: a listing of stories or of every page keeps
    the stories that have the value, any other type matches nothing. Through a subquery, so
    that a story linked twice to the same step is still listed once."""
    model = queryset.model
    if model is Page or issubclass(model, GoodPracticeStory):
        having = GoodPracticeStory.objects.filter(**{STORY_FACETS[facet]: value})
        return queryset.filter(pk__in=having.values("pk"))
    return queryset.none()


def narrow_by(queryset, facet, value):
    """`queryset` narrowed to one facet's value (checked already)."""
    if facet in PAGE_FACETS:
        return on_pages(queryset, facet, value)
    return on_stories(queryset, facet, value)


class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class ThemeFilter(django_filters.CharFilter):
    field_class = ThemeSlugField


class CodeFilter(django_filters.CharFilter):
    field_class = CodeField


class StepFilter(django_filters.CharFilter):
    field_class = StepNumberField


class ChallengeFilter(django_filters.CharFilter):
    field_class = ChallengeSlugField


class StoryFilter(django_filters.FilterSet):
    """Every parameter is optional; given together they narrow each other (AND)."""

    country = CountryFilter(method="filter_facet")
    theme = ThemeFilter(method="filter_facet")
    innovation = CodeFilter(
        method="filter_facet", choices=GoodPracticeStory.INNOVATION_CHOICES, what="innovation type"
    )
    status = CodeFilter(
        method="filter_facet", choices=GoodPracticeStory.STATUS_CHOICES, what="status"
    )
    step = StepFilter(method="filter_facet")
    challenge = ChallengeFilter(method="filter_facet")

    def __init__(self, data=None, queryset=None, **kwargs):
        # Without a queryset it only checks the parameters (the partner channels do so first).
        super().__init__(data, Page.objects.none() if queryset is None else queryset, **kwargs)

    def filter_facet(self, queryset, name, value):
        return narrow_by(queryset, name, value)

    @property
    def messages(self):
        """Each bad parameter as "name: what is wrong", in the order of the fields."""
        errors = self.form.errors if self.is_bound else {}
        return [f"{name}: {errors[name][0]}" for name in self.filters if name in errors]

    @property
    def bad(self):
        """The bad parameters as {name: the value given}, in the order of the fields."""
        errors = self.form.errors if self.is_bound else {}
        return {name: self.data.get(name, "") for name in self.filters if name in errors}

    def chosen(self):
        """The valid parameters that were given, {name: checked value}, in the fields' order;
        the bad ones are left out."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            name: self.form.cleaned_data[name]
            for name in self.filters
            if name not in self.form.errors and self.form.cleaned_data.get(name)
        }

    @classmethod
    def narrow(cls, queryset, **values):
        """The queryset filtered by values that were checked already (no queries to check)."""
        for name, value in values.items():
            if value:
                queryset = narrow_by(queryset, name, value)
        return queryset
