"""The roadmap: the path from a first meeting to a monitored strategy, its steps, and what
links a story or a country practice to the steps it illustrates; each step's workshop kit
(workshop.py) is a sub-page of the step."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from knowledge.core.api_schema import HTML, INTEGER, STRING, TITLED_TEXT, nullable, obj, stream
from knowledge.core.blocks import RICH_TEXT_FEATURES, TitledTextBlock, ToolBlock
from knowledge.core.fields import APIField
from knowledge.core.listing import STORY_CARDS, story_index_url
from knowledge.core.models import KnowledgePage, in_locale, linked_keys, with_sources
from search.public import public
from search.remembered import remembered
from search.text import plain_text

from . import workshop

# A step shows STORY_CARDS of the pages that illustrate it as cards, newest first; a link leads
# to all of them on their index filtered by the step (the stories' `step` facet). When there
# are more, their number is counted once per change of the site (search/remembered.py).


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
    workshop_agenda = StreamField(
        [("item", workshop.AgendaItemBlock())],
        blank=True,
        verbose_name=_("workshop agenda"),
        help_text=_(
            "The agenda of a village meeting on one step, printed on every step's workshop kit "
            "above the step's own questions."
        ),
    )

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.RoadmapStepPage"]
    content_panels = with_sources(
        KnowledgePage.content_panels
        + [
            FieldPanel("plan_parts"),
            FieldPanel("success_factors"),
            FieldPanel("capacity_phases"),
            FieldPanel("workshop_agenda"),
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
        APIField("workshop_agenda"),
    ]
    api_schema = KnowledgePage.api_schema | {
        "plan_parts": stream(("part", TITLED_TEXT)),
        "success_factors": stream(("factor", TITLED_TEXT)),
        "capacity_phases": stream(("phase", TITLED_TEXT)),
        "workshop_agenda": stream(("item", obj(minutes=INTEGER, title=STRING, text=STRING))),
    }
    translatable_fields = KnowledgePage.translatable_fields + [
        TranslatableField("plan_parts"),
        TranslatableField("success_factors"),
        TranslatableField("capacity_phases"),
        TranslatableField("workshop_agenda"),
    ]
    template = "roadmap/roadmap_page.html"

    def search_text_parts(self):
        yield from super().search_text_parts()
        yield plain_text([self.plan_parts, self.success_factors, self.capacity_phases]), 1

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = public(RoadmapStepPage.objects.child_of(self)).order_by("step_number")
        return context


class RoadmapStepPage(RoutablePageMixin, KnowledgePage):
    """A step of the road; stories and country practices link to it (roadmap_step_links)."""

    step_number = models.PositiveSmallIntegerField(
        _("step number"),
        help_text=_("The step's place on the road, 1 first; readers see «Step 3» and the order."),
    )
    what_to_do = RichTextField(_("what to do"), features=RICH_TEXT_FEATURES)
    who_to_involve = RichTextField(_("who to involve"), features=RICH_TEXT_FEATURES, blank=True)
    tools = StreamField([("tool", ToolBlock())], blank=True, verbose_name=_("tools and templates"))
    workshop_questions = StreamField(
        [("question", blocks.CharBlock(label=_("Question"), max_length=300))],
        blank=True,
        verbose_name=_("workshop questions"),
        help_text=_(
            "The questions a village meeting on this step talks over; the workshop kit prints "
            "each with lines to write the answers on."
        ),
    )

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
            MultiFieldPanel([FieldPanel("workshop_questions")], heading=_("Workshop kit")),
        ]
    )
    search_fields = KnowledgePage.search_fields + [
        index.SearchField("what_to_do"),
        index.SearchField("who_to_involve"),
        index.SearchField("workshop_questions"),
        index.FilterField("step_number"),
    ]
    api_fields = KnowledgePage.api_fields + [
        APIField("step_number"),
        APIField("what_to_do"),
        APIField("who_to_involve"),
        APIField("tools"),
        APIField("workshop_questions"),
    ]
    api_schema = KnowledgePage.api_schema | {
        "step_number": INTEGER,
        "what_to_do": HTML,
        "who_to_involve": HTML,
        "tools": stream(
            (
                "tool",
                obj(title=STRING, description=STRING, document=nullable("Document"), url=STRING),
            )
        ),
        "workshop_questions": stream(("question", STRING)),
    }
    translatable_fields = KnowledgePage.translatable_fields + [
        SynchronizedField("step_number"),
        TranslatableField("what_to_do"),
        TranslatableField("who_to_involve"),
        TranslatableField("tools"),
        TranslatableField("workshop_questions"),
    ]
    template = "roadmap/roadmap_step_page.html"

    def search_text_parts(self):
        yield from super().search_text_parts()
        yield plain_text([self.what_to_do, self.who_to_involve, self.tools]), 1

    class Meta:
        verbose_name = _("roadmap step")
        verbose_name_plural = _("roadmap steps")
        ordering = ["step_number"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for model in IllustratesStepsMixin.illustrating_models():
            illustrating = self.illustrated_by(model)
            shown = list(illustrating[:STORY_CARDS])
            context[model.step_context_name] = shown
            context[f"{model.step_context_name}_count"] = (
                remembered(
                    request,
                    f"step_illustrated:{self.pk}:{model._meta.label_lower}",
                    illustrating.count,
                )
                if len(shown) == STORY_CARDS
                else len(shown)
            )
        if context.get("stories"):
            context["all_stories_url"] = self.all_stories_url(request)
        steps = [step for step in self.public_siblings() if step.pk != self.pk]
        context["previous_step"] = next(
            (step for step in reversed(steps) if step.step_number < self.step_number), None
        )
        context["next_step"] = next(
            (step for step in steps if step.step_number > self.step_number), None
        )
        context["workshop_url"] = self.workshop_url()
        return context

    def public_siblings(self):
        """The public steps of this step's road (itself included), in order: one query along
        the tree's path index (a path range, not Wagtail's `sibling_of`, whose LIKE reads
        every page on SQLite)."""
        parent = self.path[: -self.steplen]
        return list(
            public(
                RoadmapStepPage.objects.filter(
                    depth=self.depth, path__gt=parent, path__lte=parent + "Z" * self.steplen
                )
            ).order_by("step_number")
        )

    def workshop_url(self, request=None):
        return workshop.kit_url(self, request)

    @re_path(workshop.ROUTE, name="workshop")
    def workshop_kit(self, request, slug):
        return workshop.serve(self, request, slug)

    def illustrated_by(self, model):
        """Public pages of `model` in this step's language that link to it (in any language),
        newest first: one query over this step's links (an indexed lookup)."""
        links = model.roadmap_step_links.rel.related_model.objects.filter(
            step__translation_key=self.translation_key
        )
        return (
            public(model.objects.all(), locale=self.locale_id)
            .filter(pk__in=links.values("page_id"))
            .defer_streamfields()
            .order_by("-first_published_at", "title")
        )

    def all_stories_url(self, request):
        """The story index in this step's language filtered by this step (its `step` facet)."""
        return story_index_url(request, self.locale_id, step=self.step_number)


class IllustratesStepsMixin:
    """For pages with `roadmap_step_links`: the linked steps in the page's own language.

    Each page type that uses it names the template variable under which a step lists its
    pages (`step_context_name`), so that a step needs to know none of them by name."""

    step_context_name = None

    @staticmethod
    def illustrating_models():
        return [
            model
            for model in apps.get_models()
            if issubclass(model, IllustratesStepsMixin) and model.step_context_name
        ]

    def linked_steps(self):
        if hasattr(self, "prefetched_steps"):  # see prefetch_for_api
            return self.prefetched_steps
        keys = linked_keys(self.roadmap_step_links, "step")
        return in_locale(RoadmapStepPage, keys, self.locale_id).order_by("step_number")
