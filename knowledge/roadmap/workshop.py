"""A roadmap step's workshop kit: a sheet to print on A4 for a village meeting on the step.

The agenda is the roadmap page's (`workshop_agenda`, one for every step); the questions are
the step's own (`workshop_questions`), each printed with lines to write on; two story cards
(the stories that show the step first, then lighthouse examples) carry a QR code back to the
story, drawn here as inline SVG by segno. Everything is content edited in the admin; the page
is a sub-page of the step (`…/<step>/darbnica/`, `…/<step>/workshop/`)."""

import io

import segno
from django.apps import apps
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from knowledge.core.models import KnowledgePage
from search.public import public

# The kit's address below its step, in the step's language.
SLUGS = {"lv": "darbnica", "en": "workshop"}
ROUTE = rf"^(?P<slug>{'|'.join(SLUGS.values())})/$"
STORY_CARDS = 2
# Lines to write on under each question: enough for a group's answer on A4.
WRITING_LINES = 3
# Error correction "M" survives a crease or a smudge on paper; one module is 2 SVG units,
# and the print style sets the printed size (the quiet zone of 4 modules is the standard's).
QR_ERROR = "m"
QR_SCALE = 2
QR_BORDER = 4
TEMPLATE = "roadmap/workshop_kit.html"


class AgendaItemBlock(blocks.StructBlock):
    """A part of the meeting: how long it takes, what it is, and how to run it."""

    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=1, max_value=240)
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("How to run it"), required=False)

    class Meta:
        icon = "time"
        label = _("Agenda item")


def slug_for(language):
    return SLUGS.get(language, SLUGS["en"])


def kit_url(step, request=None):
    """The address of `step`'s workshop kit (any page object of a step), in its language."""
    return step.get_url(request) + slug_for(step.locale.language_code) + "/"


def qr_svg(url, label):
    """`url` as a QR code: inline SVG (no XML declaration) that scales to its box, named by
    `label` for screen readers."""
    code = segno.make(url, error=QR_ERROR, micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        scale=QR_SCALE,
        border=QR_BORDER,
        title=label,
        svgclass="qr",
        lineclass=None,
    )
    svg = out.getvalue().decode()
    return mark_safe(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))


def story_cards(step, request):
    """Two public stories in the step's language: those that show the step first, then
    lighthouse examples, each with its full address and QR code (one query)."""
    story_model = apps.get_model("knowledge", "GoodPracticeStory")
    links = story_model.roadmap_step_links.rel.related_model.objects.filter(
        page=OuterRef("pk"), step__translation_key=step.translation_key
    )
    stories = (
        public(story_model.objects.all(), locale=step.locale_id)
        .defer_streamfields()
        .annotate(
            shows_step=Exists(links),
            lighthouse=Case(
                When(status="lighthouse", then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-shows_step", "-lighthouse", "title")[:STORY_CARDS]
    )
    cards = []
    for story in stories:
        url = story.get_full_url(request)
        label = gettext("QR code: the address of the story “%(title)s”") % {"title": story.title}
        cards.append({"story": story, "url": url, "qr": qr_svg(url, label)})
    return cards


def workshop_context(step, request):
    roadmap_model = apps.get_model("knowledge", "RoadmapPage")
    roadmap = roadmap_model.objects.filter(path=step.path[: -step.steplen]).first()
    agenda = list(roadmap.workshop_agenda) if roadmap else []
    return {
        "roadmap": roadmap,
        "agenda": agenda,
        "agenda_minutes": sum(item.value["minutes"] for item in agenda),
        "questions": [block.value for block in step.workshop_questions],
        "writing_lines": range(WRITING_LINES),
        "story_cards": story_cards(step, request),
        # The language switcher and the hreflang links lead to the kit in the other language.
        "translated_url": kit_url,
    }


def serve(step, request, slug):
    """The kit in the step's language; the other language's address is not this page."""
    if slug != slug_for(step.locale.language_code):
        raise Http404
    # The frame's context (breadcrumbs, the "behind" notice), not the step page's listings.
    context = KnowledgePage.get_context(step, request)
    context.update(workshop_context(step, request))
    return TemplateResponse(request, TEMPLATE, context)
