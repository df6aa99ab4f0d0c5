"""The one definition of how stories are chosen by country and theme.

The story index, the API, the feeds, the open data and the widget all take their `country` and
`theme` through `StoryFilter`: the same parameters, the same checks and the same message for a
value that names nothing. Each channel decides only what to do with that message (a 400 for a
partner's code, a sentence above the list for a reader)."""

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Q
from wagtail.models import Page

from knowledge.core.countries import COUNTRY_CODES
from search.public import public

from .themes import Theme


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


class ThemeSlugField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and not public_themes().filter(slug=value).exists():
            raise forms.ValidationError(f"unknown theme {value!r}", code="unknown")
        return value


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


class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class ThemeFilter(django_filters.CharFilter):
    field_class = ThemeSlugField


class StoryFilter(django_filters.FilterSet):
    country = CountryFilter(method="filter_country")
    theme = ThemeFilter(method="filter_theme")

    def __init__(self, data=None, queryset=None, **kwargs):
        # Without a queryset it only checks the parameters (the partner channels do so first).
        super().__init__(data, Page.objects.none() if queryset is None else queryset, **kwargs)

    def filter_country(self, queryset, name, value):
        return on_pages(queryset, "country", value)

    def filter_theme(self, queryset, name, value):
        return on_pages(queryset, "theme", value)

    @property
    def messages(self):
        """Each bad parameter as "name: what is wrong", in the order of the fields."""
        errors = self.form.errors if self.is_bound else {}
        return [f"{name}: {errors[name][0]}" for name in self.filters if name in errors]

    def cleaned(self, name):
        """The checked value of one parameter ("" when absent or bad)."""
        if not self.is_bound or not self.form.is_valid() and name in self.form.errors:
            return ""
        return self.form.cleaned_data.get(name) or ""

    def valid_part(self, queryset):
        """The queryset filtered by the parameters that are valid, ignoring the bad ones."""
        self.form.is_valid()
        for name, value in self.form.cleaned_data.items():
            if value and name not in self.form.errors:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @classmethod
    def narrow(cls, queryset, **values):
        """The queryset filtered by values that were checked already (no queries to check)."""
        for name, value in values.items():
            if value:
                queryset = on_pages(queryset, name, value)
        return queryset
