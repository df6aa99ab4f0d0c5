"""Good-practice stories: the story page with its place, funding, period,
themes, challenges and roadmap steps, and the page that tells partner sites how to reuse them.

The same stories reach partners through filters.py (one StoryFilter), feeds.py, data.py (open
data), embed.py (the widget) and serializers.py (their API fields); the index is index.py.

Why this module is long: the story is the richest page type, and its fields (each with the help
text an editor needs), panels, search and API fields, schema and translation declaration are kept
together, so that one file tells its whole story."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from knowledge.core.api_schema import (
    COUNTRY,
    INTEGER,
    NULLABLE_NUMBER,
    NULLABLE_STRING,
    STRING,
    nullable,
    obj,
    ref,
)
from knowledge.core.countries import COUNTRY_CHOICES
from knowledge.core.fields import APIField
from knowledge.core.models import (
    KnowledgePage,
    in_locale,
    linked_in_own_locale,
    linked_keys,
    with_sources,
)
from knowledge.guide.snippets import Challenge
from knowledge.practices.models import LocalActionGroup
from knowledge.roadmap.models import IllustratesStepsMixin, RoadmapStepPage

from .forms import StoryForm
from .themes import StoryTheme, with_themes

LINKS = "knowledge.stories.serializers.StoryLinksField"


class GoodPracticeStory(IllustratesStepsMixin, KnowledgePage):
    step_context_name = "stories"
    search_facets = {"country": "country", "theme": "tagged_themes__tag__slug"}

    INNOVATION_CHOICES = [
        ("business", _("Business innovation")),
        ("social", _("Social innovation")),
        ("technological", _("Technological innovation")),
    ]
    STATUS_CHOICES = [
        ("lighthouse", _("Lighthouse example")),
        ("in_transition", _("Village in transition")),
    ]

    place = models.CharField(
        _("place"),
        max_length=255,
        help_text=_("The village or area, as readers know it, e.g. «Pape». Shown on the card."),
    )
    municipality = models.CharField(
        _("municipality or region"),
        max_length=255,
        blank=True,
        help_text=_("E.g. «Dienvidkurzemes novads», or a region abroad."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=COUNTRY_CHOICES,
        help_text=_("Readers filter stories by country; the same in both languages."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Degrees north, a decimal number with a point, e.g. 56.9496 (Rīga). The story's "
            "point on the map and in the open data; leave both empty if the place is a region."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Degrees east, e.g. 24.1052 (Rīga)."),
    )
    themes = ClusterTaggableManager(through=StoryTheme, blank=True, verbose_name=_("themes"))
    innovation_type = models.CharField(
        _("innovation type"),
        max_length=20,
        choices=INNOVATION_CHOICES,
        help_text=_("The kind of innovation the story is mainly about."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=STATUS_CHOICES,
        help_text=_(
            "A lighthouse example has a working smart-village approach; a village in "
            "transition is on its way. Say in the text where the label comes from."
        ),
    )
    lag = models.ForeignKey(
        LocalActionGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("Local Action Group"),
        help_text=_("The LAG whose area the story is in; readers are pointed to it."),
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=255,
        blank=True,
        help_text=_("The programme or fund, e.g. «EJZF» or «LEADER»."),
    )
    funding_amount = models.DecimalField(
        _("funding amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "The whole amount in the currency beside it, digits only, e.g. 50000. A joint "
            "project's amount goes on one of its stories only, so that totals count it once."
        ),
    )
    funding_currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        help_text=_("Three-letter code, e.g. EUR."),
    )
    period_start = models.DateField(
        _("start"),
        null=True,
        blank=True,
        help_text=_("When the initiative started; with the precision below."),
    )
    period_end = models.DateField(
        _("end"), null=True, blank=True, help_text=_("Empty if it is still under way.")
    )
    period_precision = models.CharField(
        _("precision of the dates"),
        max_length=5,
        default="day",
        choices=[("day", _("day")), ("month", _("month")), ("year", _("year"))],
        help_text=_(
            "How exactly the dates are known: with «year», readers see only the year "
            "(enter 1 January); with «month», the month and year."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Required with an image: what it shows, for readers who cannot see it, in this "
            "page's language."
        ),
    )

    base_form_class = StoryForm

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
                    FieldPanel("confirm_location"),
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
        APIField("theme_labels", serializer="knowledge.stories.serializers.ThemesField"),
        APIField("innovation_type"),
        APIField("status"),
        APIField("challenges", serializer=LINKS, relation="challenges"),
        APIField("roadmap_steps", serializer=LINKS, relation="roadmap_steps"),
        APIField(
            "lag", serializer="knowledge.stories.serializers.LagField", source="localized_lag"
        ),
        APIField("funding_source"),
        APIField("funding_amount"),
        APIField("funding_currency"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("period_precision"),
        APIField("image", serializer="knowledge.api.serializers.ImageField", alt_field="image_alt"),
        APIField("image_alt"),
    ]
    api_schema = KnowledgePage.api_schema | {
        "place": STRING,
        "municipality": STRING,
        "country": COUNTRY,
        "latitude": NULLABLE_NUMBER,
        "longitude": NULLABLE_NUMBER,
        "theme_labels": {"type": "array", "items": ref("Theme")},
        "innovation_type": {"type": "string", "enum": ["business", "social", "technological"]},
        "status": {"type": "string", "enum": ["lighthouse", "in_transition"]},
        "lag": {
            "oneOf": [
                obj(slug=STRING, name=STRING, region=STRING, country=STRING, website=STRING),
                {"type": "null"},
            ]
        },
        "funding_source": STRING,
        "funding_amount": NULLABLE_NUMBER,
        "funding_currency": STRING,
        "period_start": NULLABLE_STRING,
        "period_end": NULLABLE_STRING,
        "period_precision": {"type": "string", "enum": ["day", "month", "year"]},
        "image": nullable("Image"),
        "image_alt": STRING,
        "roadmap_steps": {
            "type": "array",
            "items": obj(id=INTEGER, step_number=INTEGER, title=STRING),
        },
        "challenges": {"type": "array", "items": obj(slug=STRING, title=STRING)},
    }
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
    template = "stories/good_practice_story.html"

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
        # In a preview the tags are unsaved (no pk yet): they come last, in the order given.
        return [
            item.tag for item in sorted(tagged, key=lambda item: (item.pk is None, item.pk or 0))
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["challenges"] = list(self.linked_challenges())
        context["steps"] = list(self.linked_steps())
        from .similar import similar_stories  # it ranks this model's pages

        context["similar"] = similar_stories(self, context["challenges"], context["steps"])
        return context

    def linked_challenges(self):
        if hasattr(self, "prefetched_challenges"):  # see prefetch_for_api
            return self.prefetched_challenges
        keys = linked_keys(self.challenge_links, "challenge")
        return in_locale(Challenge, keys, self.locale_id).order_by("sort_order")

    @property
    def localized_lag(self):
        """The story's LAG in the story's language where that one is published, else the
        LAG as chosen; None when it is not published (a draft is never shown)."""
        lag = self.lag
        if lag is None:
            return None
        if lag.locale_id != self.locale_id:
            if hasattr(self, "prefetched_lag"):  # see prefetch_for_api
                translated = self.prefetched_lag
            else:
                translated = (
                    LocalActionGroup.objects.live()
                    .filter(translation_key=lag.translation_key, locale_id=self.locale_id)
                    .first()
                )
            if translated is not None:
                return translated
        return lag if lag.live else None

    @classmethod
    def prefetch_for_api(cls, stories):
        """Fetch what the API fields of these stories read for all of them at once, so that a
        page of API results costs the same number of queries whatever its size."""
        prefetch_related_objects(stories, "lag")
        prefetch_related_objects(stories, with_themes())
        challenges = linked_in_own_locale(
            stories, StoryChallenge, "challenge", Challenge, "sort_order"
        )
        steps = linked_in_own_locale(
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
                for lag in LocalActionGroup.objects.live().filter(
                    translation_key__in={key for key, _locale in foreign_lags}
                )
            }
        for story in stories:
            story.prefetched_challenges = challenges[story.pk]
            story.prefetched_steps = steps[story.pk]
            if story.lag is not None:
                story.prefetched_lag = lags.get((story.lag.translation_key, story.locale_id))


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
