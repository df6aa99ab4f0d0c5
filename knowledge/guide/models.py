"""The concept guide: what a smart village is, its topics, and the pages that present the
structured knowledge (criteria, glossary, smart activities, challenges, stakeholders, sources),
each in the page's language. The snippets themselves are in snippets.py."""

from contextlib import contextmanager

from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks import StreamValue
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import published, unpublished
from wagtail_localize.fields import TranslatableField

from knowledge.core.api_schema import STRING
from knowledge.core.fields import APIField
from knowledge.core.listing import STORY_CARDS, story_index_url
from knowledge.core.models import KnowledgePage, SectionIndexMixin, with_sources
from search.public import public
from search.service import invalidate_vocabulary
from search.text import plain_text

from .snippets import Challenge, Criterion, GlossaryTerm, SmartActivity, Source, Stakeholder


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
    api_schema = KnowledgePage.api_schema | {"definition": STRING, "definition_source": STRING}
    translatable_fields = KnowledgePage.translatable_fields + [
        TranslatableField("definition"),
        TranslatableField("definition_source"),
    ]
    template = "guide/concept_guide_page.html"

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
    template = "core/standard_page.html"

    class Meta:
        verbose_name = _("concept guide topic")
        verbose_name_plural = _("concept guide topics")


class SnippetListingPage(KnowledgePage):
    """A page that presents one kind of structured knowledge in the page's language."""

    listing_model = None
    listing_select_related = ()

    parent_page_types = ["knowledge.ConceptGuidePage", "knowledge.HomePage"]
    subpage_types = []
    content_panels = with_sources(KnowledgePage.content_panels)
    api_fields = KnowledgePage.api_fields + [
        APIField("items", serializer="knowledge.api.serializers.ListingItemsField")
    ]
    api_schema = KnowledgePage.api_schema | {
        "items": {
            "type": "array",
            "description": "What a listing page (glossary, criteria, …) lists.",
            "items": {"type": "object"},
        }
    }

    class Meta:
        abstract = True

    def listing_items(self):
        return (
            self.listing_model.objects.live()
            .filter(locale_id=self.locale_id)
            .select_related(*self.listing_select_related)
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
    template = "guide/criteria_page.html"

    class Meta:
        verbose_name = _("criteria page")
        verbose_name_plural = _("criteria pages")


class GlossaryPage(SnippetListingPage):
    listing_model = GlossaryTerm
    template = "guide/glossary_page.html"

    class Meta:
        verbose_name = _("glossary")
        verbose_name_plural = _("glossaries")

    def listing_items(self):
        return sorted(super().listing_items(), key=lambda term: term.term.casefold())


class SmartActivitiesPage(SnippetListingPage):
    listing_model = SmartActivity
    template = "guide/smart_activities_page.html"

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
    template = "guide/challenge_bank_page.html"

    class Meta:
        verbose_name = _("challenges and solutions page")
        verbose_name_plural = _("challenges and solutions pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = list(context["items"])
        # The stories that answer each challenge, through the challenge's own reverse link:
        # whichever page type links to challenges, this page needs no name for it. Each
        # challenge shows its STORY_CARDS newest public stories and, when it has more, links
        # to all of them on the story index filtered by it: the page stays small however many
        # stories there are (one light query over the links, one for the stories shown).
        links = Challenge.story_links.rel.related_model
        story_model = links._meta.get_field("page").related_model
        public_stories = public(story_model.objects.filter(locale_id=self.locale_id))
        story_ids, published = {}, {}
        for key, page_id, first_published_at in links.objects.filter(
            page_id__in=public_stories.values("pk")
        ).values_list("challenge__translation_key", "page_id", "page__first_published_at"):
            story_ids.setdefault(key, set()).add(page_id)
            published[page_id] = first_published_at
        newest = {
            key: sorted(ids, key=lambda pk: (published[pk] is not None, published[pk], pk))[::-1]
            for key, ids in story_ids.items()
        }
        shown = story_model.objects.filter(
            pk__in={pk for ids in newest.values() for pk in ids[:STORY_CARDS]}
        ).defer_streamfields()
        stories = {story.pk: story for story in shown}
        for item in items:
            ids = newest.get(item.translation_key, [])
            item.stories = [stories[pk] for pk in ids[:STORY_CARDS] if pk in stories]
            item.stories_count = len(ids)
            if len(ids) > STORY_CARDS:
                item.all_stories_url = story_index_url(request, self.locale_id, challenge=item.slug)
        context["table"] = [item for item in items if item.group == "table"]
        context["other"] = [item for item in items if item.group == "other"]
        return context


class StakeholdersPage(SnippetListingPage):
    listing_model = Stakeholder
    template = "guide/stakeholders_page.html"

    class Meta:
        verbose_name = _("stakeholders page")
        verbose_name_plural = _("stakeholders pages")


class SourcesPage(SnippetListingPage):
    listing_model = Source
    template = "guide/sources_page.html"

    class Meta:
        verbose_name = _("sources page")
        verbose_name_plural = _("sources pages")


# Publishing a snippet changes the page that lists it ------------------------------------

_pending = None  # (page type, locale id) to reindex at the end of `reindex_once`


def listing_page_types(snippet_model):
    """The page types that list snippets of `snippet_model` (and index their text)."""
    found, queue = [], list(SnippetListingPage.__subclasses__())
    while queue:
        model = queue.pop()
        queue.extend(model.__subclasses__())
        if model.listing_model is snippet_model and not model._meta.abstract:
            found.append(model)
    return found


def reindex_listing_pages(page_types, locale_id):
    for page_type in page_types:
        for page in page_type.objects.live().filter(locale_id=locale_id):
            index.insert_or_update_object(page)
    invalidate_vocabulary()


def snippet_changed(sender, instance, **kwargs):
    """A snippet published, unpublished or deleted: the pages that list it are indexed with
    their new text, and the search's vocabulary follows (wagtail.signals.published for
    snippets, which Wagtail's own page handlers never see)."""
    page_types = listing_page_types(sender)
    if not page_types:
        return
    if _pending is not None:
        _pending.add((tuple(page_types), instance.locale_id))
    else:
        reindex_listing_pages(page_types, instance.locale_id)


@contextmanager
def reindex_once():
    """Within it, snippet changes reindex each listing page once, at the end (the content
    loader publishes hundreds of snippets)."""
    global _pending
    if _pending is not None:
        yield
        return
    _pending = set()
    try:
        yield
        pending = _pending
    finally:
        _pending = None
    for page_types, locale_id in pending:
        reindex_listing_pages(page_types, locale_id)


def listen():
    for signal in (published, unpublished):
        signal.connect(snippet_changed, dispatch_uid=f"listing-pages-{signal}")
    for page_type in SnippetListingPage.__subclasses__():
        post_delete.connect(
            snippet_changed, sender=page_type.listing_model, dispatch_uid=f"listing-{page_type}"
        )
