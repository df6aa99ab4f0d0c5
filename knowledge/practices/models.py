"""LAG practice by country: what Local Action Groups across Europe do, country by country,
and the Local Action Groups themselves (a translatable snippet)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from knowledge.core.api_schema import COUNTRY, STRING, obj, stream
from knowledge.core.blocks import KeyFigureBlock
from knowledge.core.countries import COUNTRY_CHOICES, country_thesaurus
from knowledge.core.fields import APIField
from knowledge.core.forms import KnowledgeSnippetForm
from knowledge.core.models import (
    KnowledgePage,
    SectionIndexMixin,
    in_locale,
    linked_keys,
    with_sources,
)
from knowledge.core.snippets import Snippet
from knowledge.roadmap.models import IllustratesStepsMixin, RoadmapStepPage
from search.text import plain_text


class LocalActionGroup(Snippet):
    """A Local Action Group (VRG): stories and country practices link to it."""

    name = models.CharField(_("name"), max_length=255)
    region = models.CharField(_("region"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    website = models.URLField(_("website"), blank=True)

    base_form_class = KnowledgeSnippetForm

    panels = [
        FieldPanel("name"),
        FieldPanel("region"),
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("region"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = Snippet.base_translatable_fields + [
        TranslatableField("name"),
        TranslatableField("region"),
        SynchronizedField("country"),
        SynchronizedField("website"),
    ]
    api_fields = ["name", "region", "country", "website"]
    entry_template = "includes/entries/local_action_group.html"
    entry_list = "ul"

    class Meta(Snippet.Meta):
        verbose_name = _("Local Action Group")
        verbose_name_plural = _("Local Action Groups")
        ordering = ["name"]
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.name


class CountryIndexPage(SectionIndexMixin, KnowledgePage):
    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.CountryPracticePage"]
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "practices/country_index_page.html"

    class Meta:
        verbose_name = _("LAG practices by country")
        verbose_name_plural = _("LAG practices by country")


class CountryPracticePage(IllustratesStepsMixin, KnowledgePage):
    step_context_name = "country_practices"
    search_facets = {"country": "country"}

    country = models.CharField(
        _("country"),
        max_length=2,
        choices=COUNTRY_CHOICES,
        help_text=_("Readers and partners filter by country; the same in both languages."),
    )
    key_figures = StreamField(
        [("figure", KeyFigureBlock())], blank=True, verbose_name=_("key figures")
    )

    parent_page_types = ["knowledge.CountryIndexPage"]
    subpage_types = []
    content_panels = with_sources(
        Page.content_panels
        + [
            FieldPanel("country"),
            FieldPanel("intro"),
            FieldPanel("key_figures"),
            FieldPanel("body"),
            InlinePanel("lag_links", label=_("Local Action Groups")),
            InlinePanel("roadmap_step_links", label=_("Roadmap steps it illustrates")),
        ]
    )
    search_fields = KnowledgePage.search_fields + [
        index.FilterField("country"),
        index.SearchField("key_figures"),
    ]

    @classmethod
    def search_thesaurus(cls, language):
        """A country's names in both languages are synonyms in the search (countries.py)."""
        return country_thesaurus()

    api_fields = KnowledgePage.api_fields + [
        APIField("country"),
        APIField("key_figures"),
    ]
    api_schema = KnowledgePage.api_schema | {
        "country": COUNTRY,
        "key_figures": stream(("figure", obj(value=STRING, label=STRING))),
    }
    translatable_fields = KnowledgePage.translatable_fields + [
        SynchronizedField("country"),
        TranslatableField("key_figures"),
        SynchronizedField("lag_links"),
        SynchronizedField("roadmap_step_links"),
    ]
    template = "practices/country_practice_page.html"

    def search_text_parts(self):
        yield from super().search_text_parts()
        with translation.override(self.locale.language_code):
            yield str(self.get_country_display()), 2
        yield plain_text(self.key_figures), 1

    class Meta:
        verbose_name = _("country practice")
        verbose_name_plural = _("country practices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lags"] = self.linked_lags()
        context["steps"] = self.linked_steps()
        return context

    def linked_lags(self):
        keys = linked_keys(self.lag_links, "lag")
        return in_locale(LocalActionGroup, keys, self.locale_id).order_by("name")


class CountryPracticeRoadmapStep(Orderable):
    page = ParentalKey(
        CountryPracticePage, on_delete=models.CASCADE, related_name="roadmap_step_links"
    )
    step = models.ForeignKey(
        RoadmapStepPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("roadmap step")
    )
    panels = [FieldPanel("step")]


class CountryPracticeLAG(Orderable):
    page = ParentalKey(CountryPracticePage, on_delete=models.CASCADE, related_name="lag_links")
    lag = models.ForeignKey(
        LocalActionGroup,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Local Action Group"),
    )
    panels = [FieldPanel("lag")]
