"""Template tags of the newsroom: where the story form page is, in the reader's language (the
story index and the footer link to it), and the editors' address for the footer."""

from django import template
from django.conf import settings
from django.utils import translation

from search.public import public
from search.remembered import remembered

from .pages import StorySubmissionPage

register = template.Library()


@register.simple_tag(takes_context=True)
def story_form_page(context):
    """The live, public story form page of the active language, or None, with its privacy
    notice (`privacy_notice`); read once per change of the site (knowledge/core/frame.py)."""
    language = translation.get_language()

    def compute():
        page = (
            public(StorySubmissionPage.objects.all(), language=language)
            .select_related("privacy_page")
            .order_by("path")
            .first()
        )
        if page is not None:
            page.privacy_notice = page.localized_privacy_page()
        return page

    return remembered(context.get("request"), f"story_form_page:{language}", compute)


@register.simple_tag
def editors_email():
    """The editors' shared address, when the site has one (EDITORS_EMAIL)."""
    return getattr(settings, "EDITORS_EMAIL", "")
