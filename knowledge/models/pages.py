"""The site's page types. Each type keeps its fields, panels, template, search fields, API
fields and its translatable/synchronised declaration side by side."""

from collections import defaultdict
from operator import attrgetter

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from knowledge.blocks import (
    RICH_TEXT_FEATURES,
    BodyBlock,
    KeyFigureBlock,
    SourceReferenceBlock,
    TitledTextBlock,
    ToolBlock,
)
from knowledge.countries import COUNTRY_CHOICES
from knowledge.serializers import ImageField
from search.analysis import analyze, autocomplete_terms
from search.text import plain_text

from .snippets import (
    Challenge,
    Criterion,
    GlossaryTerm,
    LocalActionGroup,
    SmartActivity,
    Source,
    Stakeholder,
)
from .taxonomy import StoryTheme

__all__ = [
    "HomePage",
    "ConceptGuidePage",
    "ConceptTopicPage",
    "CriteriaPage",
    "GlossaryPage",
    "SmartActivitiesPage",
    "ChallengeBankPage",
    "StakeholdersPage",
    "SourcesPage",
    "StandardPage",
    "PartnerPage",
    "RoadmapPage",
    "RoadmapStepPage",
    "CountryIndexPage",
    "CountryPracticePage",
    "CountryPracticeRoadmapStep",
    "CountryPracticeLAG",
    "StoryIndexPage",
    "GoodPracticeStory",
    "StoryRoadmapStep",
    "StoryChallenge",
    "prefetch_for_api",
]


def in_locale(model, keys, locale_id):
    """The live objects of `model` with these translation keys, in one locale.

    Links between pages may point at the source-language object (wagtail-localize copies
    synchronised inline links as they are); resolving them by translation key always shows
    the reader the object of the page's own language, in one query."""
    queryset = model.objects.filter(translation_key__in=keys, locale_id=locale_id)
    if issubclass(model, Page):
        queryset = queryset.live().public()
    return queryset


class KnowledgePage(Page):
    """Base of every public page: a plain-language introduction, a body and its sources.

    Which fields are translated and which are synchronised is declared here once; each page
    type adds its own."""

    intro = models.TextField(
        _("introduction"),
        help_text=_("One to three plain sentences: the lead, the card text, the description."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    sources = StreamField(
        [("source", SourceReferenceBlock())], blank=True, verbose_name=_("sources")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    source_panels = [FieldPanel("sources")]
    # The raw fields serve the admin's search; the public search and the API query the
    # pre-analysed terms (search/analysis.py), identical for every backend.
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("search_terms"),
        index.AutocompleteField("search_autocomplete"),
    ]
    api_fields = [APIField("intro"), APIField("body"), APIField("sources")]
    search_weights = {"title": 3, "intro": 2}
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("body"),
        TranslatableField("sources"),
        SynchronizedField("show_in_menus"),
    ]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.intro

    def search_text_parts(self):
        """The page's text for search, as (text, weight) pairs; page types add their fields."""
        yield self.title, 3
        yield self.intro, 2
        yield plain_text(self.body), 1

    def search_terms(self):
        language = self.locale.language_code
        return " ".join(
            " ".join(analyze(text, language))
            for text, weight in self.search_text_parts()
            for _ in range(weight)
        )

    def search_autocomplete(self):
        return " ".join(autocomplete_terms(self.title))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.get_ancestors().filter(depth__gt=1).specific(defer=True)
        return context


def with_sources(panels):
    return panels + [MultiFieldPanel(KnowledgePage.source_panels, heading=_("Sources"))]


class HomePage(KnowledgePage):
    parent_page_types = ["wagtailcore.Page"]
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "knowledge/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        context["latest_stories"] = (
            GoodPracticeStory.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by("-first_published_at")
            .prefetch_related("tagged_themes__tag")[:3]
        )
        return context


class SectionIndexMixin:
    """A section's front page: lists its live children in their order."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class ConceptGuidePage(SectionIndexMixin, KnowledgePage):
    definition = models.TextField(_("official EU definition"))
    definition_source = models.CharField(_("source of the definition"), max_length=255)

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = [
        "knowledge.ConceptTopicPage",
        "knowledge.CriteriaPage",
        "knowledge.GlossaryPage",
        "knowledge.SmartActivitiesPage",
        "knowledge.ChallengeBankPage",
        "knowledge.StakeholdersPage",
        "knowledge.StandardPage",
    ]
    content_panels = with_sources(
        Page.content_panels
        + [
            FieldPanel("intro"),
            MultiFieldPanel(
                [FieldPanel("definition"), FieldPanel("definition_source")], heading=_("Definition")
            ),
            FieldPanel("body"),
        ]
    )
    search_fields = KnowledgePage.search_fields + [index.SearchField("definition", boost=2)]
    api_fields = KnowledgePage.api_fields + [APIField("definition"), APIField("definition_source")]
    translatable_fields = KnowledgePage.translatable_fields + [
        TranslatableField("definition"),
        TranslatableField("definition_source"),
    ]
    template = "knowledge/concept_guide_page.html"

    def search_text_parts(self):
        yield from super().search_text_parts()
        yield self.definition, 1

    class Meta:
        verbose_name = _("concept guide")
        verbose_name_plural = _("concept guides")


class ConceptTopicPage(KnowledgePage):
    parent_page_types = ["knowledge.ConceptGuidePage"]
    subpage_types = []
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "knowledge/standard_page.html"

    class Meta:
        verbose_name = _("concept guide topic")
        verbose_name_plural = _("concept guide topics")


class StandardPage(KnowledgePage):
    subpage_types = []
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "knowledge/standard_page.html"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")


class PartnerPage(KnowledgePage):
    """How partner sites reuse the content: the API, the widgets, the feeds and open data,
    with examples built from this site's own address so that they always work."""

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "knowledge/partner_page.html"

    class Meta:
        verbose_name = _("page for partner sites")
        verbose_name_plural = _("pages for partner sites")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = self.locale.language_code
        stories = StoryIndexPage.objects.filter(locale_id=self.locale_id).first()
        context.update(
            base=request.build_absolute_uri("/").rstrip("/"),
            language=language,
            stories_path=stories.get_url(request) if stories else f"/{language}/",
        )
        return context


class ListingItemsField(serializers.Field):
    """The snippets a listing page shows, in the page's language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return [item.as_api_dict() for item in page.listing_items()]


class SnippetListingPage(KnowledgePage):
    """A page that presents one kind of structured knowledge in the page's language."""

    listing_model = None
    listing_select_related = ()

    parent_page_types = ["knowledge.ConceptGuidePage", "knowledge.HomePage"]
    subpage_types = []
    content_panels = with_sources(KnowledgePage.content_panels)
    api_fields = KnowledgePage.api_fields + [APIField("items", serializer=ListingItemsField())]

    class Meta:
        abstract = True

    def listing_items(self):
        return self.listing_model.objects.filter(locale_id=self.locale_id).select_related(
            *self.listing_select_related
        )

    def search_text_parts(self):
        yield from super().search_text_parts()
        for item in self.listing_items():
            yield (
                plain_text(
                    [
                        getattr(item, name)
                        for name in item.api_fields
                        if isinstance(getattr(item, name), str | StreamValue)
                    ]
                ),
                1,
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = self.listing_items()
        return context


class CriteriaPage(SnippetListingPage):
    listing_model = Criterion
    listing_select_related = ("source",)
    template = "knowledge/criteria_page.html"

    class Meta:
        verbose_name = _("criteria page")
        verbose_name_plural = _("criteria pages")


class GlossaryPage(SnippetListingPage):
    listing_model = GlossaryTerm
    template = "knowledge/glossary_page.html"

    class Meta:
        verbose_name = _("glossary")
        verbose_name_plural = _("glossaries")

    def listing_items(self):
        return sorted(super().listing_items(), key=lambda term: term.term.casefold())


class SmartActivitiesPage(SnippetListingPage):
    listing_model = SmartActivity
    template = "knowledge/smart_activities_page.html"

    class Meta:
        verbose_name = _("smart activity examples page")
        verbose_name_plural = _("smart activity examples pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = list(context["items"])
        context["domains"] = [
            (label, [item for item in items if item.domain == code])
            for code, label in SmartActivity.DOMAIN_CHOICES
        ]
        return context


class ChallengeBankPage(SnippetListingPage):
    listing_model = Challenge
    template = "knowledge/challenge_bank_page.html"

    class Meta:
        verbose_name = _("challenges and solutions page")
        verbose_name_plural = _("challenges and solutions pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = list(context["items"])
        links = StoryChallenge.objects.filter(
            page__live=True, page__locale_id=self.locale_id
        ).values_list("challenge__translation_key", "page_id")
        story_ids = {}
        for key, page_id in links:
            story_ids.setdefault(key, set()).add(page_id)
        stories = {
            story.pk: story
            for story in GoodPracticeStory.objects.filter(
                pk__in={pk for ids in story_ids.values() for pk in ids}
            )
            .live()
            .public()
            .order_by("title")
        }
        for item in items:
            item.stories = [
                stories[pk]
                for pk in sorted(story_ids.get(item.translation_key, ()))
                if pk in stories
            ]
        context["table"] = [item for item in items if item.group == "table"]
        context["other"] = [item for item in items if item.group == "other"]
        return context


class StakeholdersPage(SnippetListingPage):
    listing_model = Stakeholder
    template = "knowledge/stakeholders_page.html"

    class Meta:
        verbose_name = _("stakeholders page")
        verbose_name_plural = _("stakeholders pages")


class SourcesPage(SnippetListingPage):
    listing_model = Source
    template = "knowledge/sources_page.html"

    class Meta:
        verbose_name = _("sources page")
        verbose_name_plural = _("sources pages")


class RoadmapPage(KnowledgePage):
    plan_parts = StreamField(
        [("part", TitledTextBlock())],
        blank=True,
        verbose_name=_("parts of a long-term development plan"),
    )
    success_factors = StreamField(
        [("factor", TitledTextBlock())], blank=True, verbose_name=_("success factors")
    )
    capacity_phases = StreamField(
        [("phase", TitledTextBlock())], blank=True, verbose_name=_("capacity-building phases")
    )

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.RoadmapStepPage"]
    content_panels = with_sources(
        KnowledgePage.content_panels
        + [
            FieldPanel("plan_parts"),
            FieldPanel("success_factors"),
            FieldPanel("capacity_phases"),
        ]
    )
    search_fields = KnowledgePage.search_fields + [
        index.SearchField("plan_parts"),
        index.SearchField("success_factors"),
        index.SearchField("capacity_phases"),
    ]
    api_fields = KnowledgePage.api_fields + [
        APIField("plan_parts"),
        APIField("success_factors"),
        APIField("capacity_phases"),
    ]
    translatable_fields = KnowledgePage.translatable_fields + [
        TranslatableField("plan_parts"),
        TranslatableField("success_factors"),
        TranslatableField("capacity_phases"),
    ]
    template = "knowledge/roadmap_page.html"

    def search_text_parts(self):
        yield from super().search_text_parts()
        yield plain_text([self.plan_parts, self.success_factors, self.capacity_phases]), 1

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = (
            RoadmapStepPage.objects.child_of(self).live().public().order_by("step_number")
        )
        return context


class RoadmapStepPage(KnowledgePage):
    """A step of the road; stories and country practices link to it (roadmap_step_links)."""

    step_number = models.PositiveSmallIntegerField(_("step number"))
    what_to_do = RichTextField(_("what to do"), features=RICH_TEXT_FEATURES)
    who_to_involve = RichTextField(_("who to involve"), features=RICH_TEXT_FEATURES, blank=True)
    tools = StreamField([("tool", ToolBlock())], blank=True, verbose_name=_("tools and templates"))

    parent_page_types = ["knowledge.RoadmapPage"]
    subpage_types = []
    content_panels = with_sources(
        Page.content_panels
        + [
            FieldPanel("step_number"),
            FieldPanel("intro"),
            FieldPanel("what_to_do"),
            FieldPanel("who_to_involve"),
            FieldPanel("tools"),
            FieldPanel("body"),
        ]
    )
    search_fields = KnowledgePage.search_fields + [
        index.SearchField("what_to_do"),
        index.SearchField("who_to_involve"),
        index.FilterField("step_number"),
    ]
    api_fields = KnowledgePage.api_fields + [
        APIField("step_number"),
        APIField("what_to_do"),
        APIField("who_to_involve"),
        APIField("tools"),
    ]
    translatable_fields = KnowledgePage.translatable_fields + [
        SynchronizedField("step_number"),
        TranslatableField("what_to_do"),
        TranslatableField("who_to_involve"),
        TranslatableField("tools"),
    ]
    template = "knowledge/roadmap_step_page.html"

    def search_text_parts(self):
        yield from super().search_text_parts()
        yield plain_text([self.what_to_do, self.who_to_involve, self.tools]), 1

    class Meta:
        verbose_name = _("roadmap step")
        verbose_name_plural = _("roadmap steps")
        ordering = ["step_number"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = self.illustrated_by(GoodPracticeStory)
        context["country_practices"] = self.illustrated_by(CountryPracticePage)
        siblings = RoadmapStepPage.objects.sibling_of(self).live().public()
        context["previous_step"] = (
            siblings.filter(step_number__lt=self.step_number).order_by("-step_number").first()
        )
        context["next_step"] = (
            siblings.filter(step_number__gt=self.step_number).order_by("step_number").first()
        )
        return context

    def illustrated_by(self, model):
        """Live pages of `model` in this step's language that link to it (in any language)."""
        return (
            model.objects.live()
            .public()
            .filter(
                roadmap_step_links__step__translation_key=self.translation_key,
                locale_id=self.locale_id,
            )
            .order_by("title")
            .distinct()
        )


class IllustratesStepsMixin:
    """For pages with `roadmap_step_links`: the linked steps in the page's own language."""

    def linked_steps(self):
        if hasattr(self, "prefetched_steps"):  # see prefetch_for_api
            return self.prefetched_steps
        keys = self.roadmap_step_links.values("step__translation_key")
        return in_locale(RoadmapStepPage, keys, self.locale_id).order_by("step_number")


class CountryIndexPage(SectionIndexMixin, KnowledgePage):
    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.CountryPracticePage"]
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "knowledge/country_index_page.html"

    class Meta:
        verbose_name = _("LAG practices by country")
        verbose_name_plural = _("LAG practices by country")


class CountryPracticePage(IllustratesStepsMixin, KnowledgePage):
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
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
    api_fields = KnowledgePage.api_fields + [
        APIField("country"),
        APIField("key_figures"),
    ]
    translatable_fields = KnowledgePage.translatable_fields + [
        SynchronizedField("country"),
        TranslatableField("key_figures"),
        SynchronizedField("lag_links"),
        SynchronizedField("roadmap_step_links"),
    ]
    template = "knowledge/country_practice_page.html"

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
        keys = self.lag_links.values("lag__translation_key")
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


class StoryIndexPage(KnowledgePage):
    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.GoodPracticeStory"]
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "knowledge/story_index_page.html"
    page_size = 12

    class Meta:
        verbose_name = _("story index")
        verbose_name_plural = _("story indexes")

    def get_context(self, request, *args, **kwargs):
        from .taxonomy import Theme

        context = super().get_context(request, *args, **kwargs)
        stories = (
            GoodPracticeStory.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at", "title")
            .prefetch_related("tagged_themes__tag")
        )
        country = request.GET.get("country", "").upper()
        theme = request.GET.get("theme", "")
        countries = dict(COUNTRY_CHOICES)
        if country in countries:
            stories = stories.filter(country=country)
        else:
            country = ""
        if theme and Theme.objects.filter(slug=theme).exists():
            stories = stories.filter(themes__slug=theme)
        else:
            theme = ""
        paginator = Paginator(stories, self.page_size)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        present = (
            GoodPracticeStory.objects.child_of(self)
            .live()
            .public()
            .values_list("country", flat=True)
            .distinct()
        )
        context.update(
            stories=page_obj,
            paginator=paginator,
            selected_country=country,
            selected_theme=theme,
            country_options=sorted(
                ((code, countries[code]) for code in set(present) if code in countries),
                key=lambda item: str(item[1]),
            ),
            theme_options=Theme.objects.filter(
                tagged_stories__content_object__locale_id=self.locale_id
            ).distinct(),
        )
        return context


class ThemesField(serializers.Field):
    """Themes with their labels in the page's language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        language = page.locale.language_code
        return [{"slug": t.slug, "label": t.label_for(language)} for t in page.theme_list]


class StoryLinksField(serializers.Field):
    """Related challenges and roadmap steps as the API shows them."""

    def __init__(self, relation, **kwargs):
        self.relation = relation
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        if self.relation == "challenges":
            return [
                {"slug": challenge.slug, "title": challenge.title}
                for challenge in page.linked_challenges()
            ]
        return [
            {"id": step.pk, "step_number": step.step_number, "title": step.title}
            for step in page.linked_steps()
        ]


class LagField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, lag):
        return {
            "slug": lag.slug,
            "name": lag.name,
            "region": lag.region,
            "country": lag.country,
            "website": lag.website,
        }


class GoodPracticeStory(IllustratesStepsMixin, KnowledgePage):
    INNOVATION_CHOICES = [
        ("business", _("Business innovation")),
        ("social", _("Social innovation")),
        ("technological", _("Technological innovation")),
    ]
    STATUS_CHOICES = [
        ("lighthouse", _("Lighthouse example")),
        ("in_transition", _("Village in transition")),
    ]

    place = models.CharField(_("place"), max_length=255)
    municipality = models.CharField(_("municipality or region"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    themes = ClusterTaggableManager(through=StoryTheme, blank=True, verbose_name=_("themes"))
    innovation_type = models.CharField(
        _("innovation type"), max_length=20, choices=INNOVATION_CHOICES
    )
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES)
    lag = models.ForeignKey(
        LocalActionGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("Local Action Group"),
    )
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    funding_amount = models.DecimalField(
        _("funding amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    period_start = models.DateField(_("start"), null=True, blank=True)
    period_end = models.DateField(_("end"), null=True, blank=True)
    period_precision = models.CharField(
        _("precision of the dates"),
        max_length=5,
        default="day",
        choices=[("day", _("day")), ("month", _("month")), ("year", _("year"))],
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(_("image description (alt text)"), max_length=255, blank=True)

    parent_page_types = ["knowledge.StoryIndexPage"]
    subpage_types = []
    content_panels = with_sources(
        Page.content_panels
        + [
            FieldPanel("intro"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("place"), FieldPanel("municipality"), FieldPanel("country")]
                    ),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Place"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("themes"),
                    FieldRowPanel([FieldPanel("innovation_type"), FieldPanel("status")]),
                    FieldPanel("lag"),
                ],
                heading=_("About the initiative"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("funding_source"),
                            FieldPanel("funding_amount"),
                            FieldPanel("funding_currency"),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("period_start"),
                            FieldPanel("period_end"),
                            FieldPanel("period_precision"),
                        ]
                    ),
                ],
                heading=_("Funding and period"),
            ),
            MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
            FieldPanel("body"),
            InlinePanel("challenge_links", label=_("Challenges it answers")),
            InlinePanel("roadmap_step_links", label=_("Roadmap steps it illustrates")),
        ]
    )
    search_fields = KnowledgePage.search_fields + [
        index.SearchField("place", boost=3),
        index.SearchField("municipality", boost=2),
        index.AutocompleteField("place"),
        index.FilterField("country"),
        index.FilterField("innovation_type"),
        index.FilterField("status"),
        index.RelatedFields("themes", [index.SearchField("name"), index.SearchField("name_en")]),
    ]
    api_fields = KnowledgePage.api_fields + [
        APIField("place"),
        APIField("municipality"),
        APIField("country"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("theme_labels", serializer=ThemesField()),
        APIField("innovation_type"),
        APIField("status"),
        APIField("challenges", serializer=StoryLinksField("challenges")),
        APIField("roadmap_steps", serializer=StoryLinksField("roadmap_steps")),
        APIField("lag", serializer=LagField(source="localized_lag")),
        APIField("funding_source"),
        APIField("funding_amount"),
        APIField("funding_currency"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("period_precision"),
        APIField("image", serializer=ImageField(alt_field="image_alt")),
        APIField("image_alt"),
    ]
    translatable_fields = KnowledgePage.translatable_fields + [
        TranslatableField("place"),
        TranslatableField("municipality"),
        SynchronizedField("country"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("themes"),
        SynchronizedField("innovation_type"),
        SynchronizedField("status"),
        TranslatableField("lag"),
        TranslatableField("funding_source"),
        SynchronizedField("funding_amount"),
        SynchronizedField("funding_currency"),
        SynchronizedField("period_start"),
        SynchronizedField("period_end"),
        SynchronizedField("period_precision"),
        SynchronizedField("image"),
        TranslatableField("image_alt"),
        SynchronizedField("challenge_links"),
        SynchronizedField("roadmap_step_links"),
    ]
    template = "knowledge/good_practice_story.html"

    def search_text_parts(self):
        yield from super().search_text_parts()
        language = self.locale.language_code
        with translation.override(language):
            yield str(self.get_country_display()), 2
        yield f"{self.place} {self.municipality}", 2
        yield " ".join(theme.label_for(language) for theme in self.theme_list), 2
        yield self.funding_source, 1

    class Meta:
        verbose_name = _("good-practice story")
        verbose_name_plural = _("good-practice stories")

    @cached_property
    def theme_list(self):
        # Through the tagged items, in the order they were tagged, so that a listing's
        # prefetch_related("tagged_themes__tag") is used; in one query without it.
        tagged = self.tagged_themes.all()
        if "tagged_themes" not in getattr(self, "_prefetched_objects_cache", {}):
            tagged = tagged.select_related("tag")
        return [item.tag for item in sorted(tagged, key=attrgetter("pk"))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["challenges"] = self.linked_challenges()
        context["steps"] = self.linked_steps()
        return context

    def linked_challenges(self):
        if hasattr(self, "prefetched_challenges"):  # see prefetch_for_api
            return self.prefetched_challenges
        keys = self.challenge_links.values("challenge__translation_key")
        return in_locale(Challenge, keys, self.locale_id).order_by("sort_order")

    @property
    def localized_lag(self):
        if self.lag is None or self.lag.locale_id == self.locale_id:
            return self.lag
        if hasattr(self, "prefetched_lag"):  # see prefetch_for_api
            return self.prefetched_lag or self.lag
        return self.lag.get_translation_or_none(self.locale) or self.lag


class StoryRoadmapStep(Orderable):
    page = ParentalKey(
        GoodPracticeStory, on_delete=models.CASCADE, related_name="roadmap_step_links"
    )
    step = models.ForeignKey(
        RoadmapStepPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("roadmap step")
    )
    panels = [FieldPanel("step")]


class StoryChallenge(Orderable):
    page = ParentalKey(GoodPracticeStory, on_delete=models.CASCADE, related_name="challenge_links")
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="story_links", verbose_name=_("challenge")
    )
    panels = [FieldPanel("challenge")]


def _linked_in_own_locale(pages, link_model, target, model, order):
    """For each page, the objects its `link_model` rows point at, in the page's own language
    (see in_locale): two queries for all the pages instead of one per page."""
    keys = defaultdict(set)
    for page_id, key in link_model.objects.filter(page__in=pages).values_list(
        "page_id", f"{target}__translation_key"
    ):
        keys[page_id].add(key)
    items = model.objects.filter(
        translation_key__in={key for page_keys in keys.values() for key in page_keys},
        locale_id__in={page.locale_id for page in pages},
    )
    if issubclass(model, Page):
        items = items.live().public()
    found = {(item.translation_key, item.locale_id): item for item in items}
    return {
        page.pk: sorted(
            (found[key, page.locale_id] for key in keys[page.pk] if (key, page.locale_id) in found),
            key=attrgetter(order),
        )
        for page in pages
    }


def prefetch_for_api(pages):
    """Fetch what the API fields of these pages read for all of them at once, so that a page of
    API results costs the same number of queries whatever its size."""
    stories = [page for page in pages if isinstance(page, GoodPracticeStory)]
    if stories:
        prefetch_related_objects(stories, "tagged_themes__tag")
        challenges = _linked_in_own_locale(
            stories, StoryChallenge, "challenge", Challenge, "sort_order"
        )
        steps = _linked_in_own_locale(
            stories, StoryRoadmapStep, "step", RoadmapStepPage, "step_number"
        )
        foreign_lags = {
            (story.lag.translation_key, story.locale_id)
            for story in stories
            if story.lag is not None and story.lag.locale_id != story.locale_id
        }
        lags = {}
        if foreign_lags:
            lags = {
                (lag.translation_key, lag.locale_id): lag
                for lag in LocalActionGroup.objects.filter(
                    translation_key__in={key for key, _locale in foreign_lags}
                )
            }
        for story in stories:
            story.prefetched_challenges = challenges[story.pk]
            story.prefetched_steps = steps[story.pk]
            if story.lag is not None:
                story.prefetched_lag = lags.get((story.lag.translation_key, story.locale_id))
    return pages
