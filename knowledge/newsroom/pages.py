"""The page "Tell us your story" (Pastāstiet savu stāstu): editors place it under the story
index in each language and write its introduction; the form, its checks and what happens to a
story sent through it are the newsroom's (forms_public.py, views_public.py, submissions.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail_localize.fields import SynchronizedField

from knowledge.core.api_schema import INTEGER, STRING, obj
from knowledge.core.fields import APIField
from knowledge.core.models import KnowledgePage, with_sources
from search.public import public_pages

from . import views_public


class StorySubmissionPage(KnowledgePage):
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy notice"),
        help_text=_(
            "The page that says what happens to the sender's name and e-mail address. The "
            "form links to it beside the consent box, in the reader's language."
        ),
    )

    parent_page_types = ["knowledge.StoryIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = with_sources(KnowledgePage.content_panels + [FieldPanel("privacy_page")])
    api_fields = KnowledgePage.api_fields + [
        APIField("privacy_page", serializer="knowledge.newsroom.serializers.PageLinkField")
    ]
    api_schema = KnowledgePage.api_schema | {
        "privacy_page": {
            "oneOf": [obj(id=INTEGER, title=STRING, html_url=STRING), {"type": "null"}]
        },
    }
    # The same page in both languages; each language's form links to its own translation.
    translatable_fields = KnowledgePage.translatable_fields + [SynchronizedField("privacy_page")]
    template = views_public.FORM_TEMPLATE

    class Meta:
        verbose_name = _("story form page")
        verbose_name_plural = _("story form pages")

    def localized_privacy_page(self):
        """The privacy notice in this page's language (or as it is), if it is public."""
        page = self.privacy_page
        if page is None:
            return None
        if page.locale_id != self.locale_id:
            page = page.get_translation_or_none(self.locale) or page
        return page if public_pages().filter(pk=page.pk).exists() else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["privacy_page"] = self.localized_privacy_page()
        return context

    def serve(self, request, *args, **kwargs):
        return views_public.serve(self, request)
