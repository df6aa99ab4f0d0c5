"""Template tags of the newsroom: where the story form page is, in the reader's language (the
story index and the footer link to it), and the editors' address for the footer."""

from django import template
from django.conf import settings
from django.utils import translation

from search.public import public

from .pages import StorySubmissionPage

register = template.Library()


@register.simple_tag(takes_context=True)
def story_form_page(context):
    """The live, public story form page of the active language, or None; once per request."""
    request = context.get("request")
    language = translation.get_language()
    store = request.__dict__.setdefault("_newsroom_tags_cache", {}) if request else {}
    if language not in store:
        store[language] = (
            public(StorySubmissionPage.objects.all(), language=language)
            .select_related("privacy_page")
            .order_by("path")
            .first()
        )
    return store[language]


@register.simple_tag
def editors_email():
    """The editors' shared address, when the site has one (EDITORS_EMAIL)."""
    return getattr(settings, "EDITORS_EMAIL", "")
