"""The self-check page (Pašpārbaude): the criteria's points as a plain GET form, the answers'
score per criterion as a radar chart with a table, and a plan for the weakest criteria.

What helps with each criterion (roadmap steps, challenges with their solutions, stories) is
the page's content (`criterion_plans`), edited in the admin and loaded from the content files;
the answers live only in the address (answers.py), and the plan is read from it (plan.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.fields import SynchronizedField

from knowledge.core.api_schema import INTEGER, STRING, obj, stream
from knowledge.core.fields import APIField
from knowledge.core.models import KnowledgePage, with_sources

from . import views


class CriterionPlanBlock(blocks.StructBlock):
    """What a community whose weak point is this criterion can read and do next."""

    criterion = SnippetChooserBlock("knowledge.Criterion", label=_("Criterion"))
    roadmap_steps = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="knowledge.RoadmapStepPage"),
        label=_("Roadmap steps"),
        default=[],
    )
    challenges = blocks.ListBlock(
        SnippetChooserBlock("knowledge.Challenge"), label=_("Challenges"), default=[]
    )
    stories = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="knowledge.GoodPracticeStory"),
        label=_("Stories"),
        default=[],
        help_text=_("Two or three stories that show how other villages grew in this criterion."),
    )

    class Meta:
        icon = "list-ul"
        label = _("What helps with a criterion")


PAGE_IDS = {
    "type": "array",
    "items": INTEGER,
    "description": "The ids of the pages linked (see /api/v2/pages/{id}/).",
}
SNIPPET = {
    **obj(id=INTEGER, slug=STRING),
    "description": "The snippet in the page's language, with the fields its listing page shows.",
}


class SelfCheckPage(KnowledgePage):
    criterion_plans = StreamField(
        [("criterion", CriterionPlanBlock())],
        blank=True,
        verbose_name=_("what helps with each criterion"),
        help_text=_(
            "For each criterion: the roadmap steps, challenges and stories that a community "
            "weak in it is shown in its plan. The questions are the criterion's own points."
        ),
    )

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = with_sources(KnowledgePage.content_panels + [FieldPanel("criterion_plans")])
    api_fields = KnowledgePage.api_fields + [APIField("criterion_plans")]
    api_schema = KnowledgePage.api_schema | {
        "criterion_plans": stream(
            (
                "criterion",
                obj(
                    criterion=SNIPPET,
                    roadmap_steps=PAGE_IDS,
                    challenges={"type": "array", "items": SNIPPET},
                    stories=PAGE_IDS,
                ),
            )
        ),
    }
    # Links only: the plan shows each linked item in the reader's language (plan.py).
    translatable_fields = KnowledgePage.translatable_fields + [SynchronizedField("criterion_plans")]
    template = "selfcheck/self_check_page.html"

    class Meta:
        verbose_name = _("self-check")
        verbose_name_plural = _("self-checks")

    def serve(self, request, *args, **kwargs):
        return views.serve(self, request, *args, **kwargs)
