"""The ground every page stands on: the base page with its translatable/synchronised
declaration, search text and sources; the home page; plain articles.

Each content area (guide/, roadmap/, practices/, stories/) keeps its own page types beside its
panels, search and API fields, filters and content mapping."""

from collections import defaultdict
from operator import attrgetter

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.queryset import FakeQuerySet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from search.analysis import analyze, autocomplete_terms
from search.public import public
from search.text import plain_text

from .api_schema import HTML, STRING, nullable, obj, stream
from .blocks import BodyBlock, SourceReferenceBlock
from .fields import APIField
from .forms import KnowledgePageForm
from .listing import with_intros
from .routing import ancestors_on_route, found_on_route, route_below, view_restrictions_on_route
from .translation import source_if_outdated


def linked_keys(links, target):
    """The translation keys of the objects a page's inline links point at.

    Saved, this is a subquery; in a preview the page is an unsaved copy whose links live in
    memory (modelcluster), where a subquery cannot go, so the keys are read from the objects."""
    if isinstance(links.all(), FakeQuerySet):
        return [getattr(link, target).translation_key for link in links.all()]
    return links.values(f"{target}__translation_key")


def in_locale(model, keys, locale_id):
    """The live (for pages: public) objects of `model` with these translation keys, in one
    locale.

    Links between pages may point at the source-language object (wagtail-localize copies
    synchronised inline links as they are); resolving them by translation key always shows
    the reader the object of the page's own language, in one query."""
    return public(model.objects.filter(translation_key__in=keys, locale_id=locale_id))


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
    base_form_class = KnowledgePageForm
    source_panels = [FieldPanel("sources")]
    # The raw fields serve the admin's search; the public search and the API query the
    # pre-analysed terms (search/analysis.py), identical for every backend.
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("search_terms"),
        index.AutocompleteField("search_autocomplete"),
    ]
    api_fields = [APIField("intro"), APIField("body"), APIField("sources")]
    api_schema = {
        "intro": STRING,
        "body": stream(
            ("heading", STRING),
            ("paragraph", HTML),
            ("quote", obj(text=STRING, attribution=STRING)),
            ("image", nullable("Image")),
        ),
        "sources": stream(("source", obj(source=nullable("Source"), locator=STRING))),
    }
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

    def get_view_restrictions(self):
        restrictions = view_restrictions_on_route(self)
        return super().get_view_restrictions() if restrictions is None else restrictions

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        crumbs = ancestors_on_route(self)
        if crumbs is None:
            crumbs = self.get_ancestors().filter(depth__gt=1).specific(defer=True)
        context["breadcrumbs"] = crumbs
        context["outdated_source"] = source_if_outdated(self, for_readers=True)
        return context


def with_sources(panels):
    return panels + [MultiFieldPanel(KnowledgePage.source_panels, heading=_("Sources"))]


class HomePage(KnowledgePage):
    parent_page_types = ["wagtailcore.Page"]
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "core/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        if not path_components:
            found_on_route(self, request, [])
        found = route_below(self, request, path_components) if path_components else None
        return found or super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = with_intros(public(self.get_children()))
        # A section may offer the home page a teaser of its newest items (the story index
        # does); the home page needs to know no section by name.
        context["latest_stories"] = next(
            (
                section.specific_class.latest_items(3, locale=self.locale_id)
                for section in context["sections"]
                if hasattr(section.specific_class, "latest_items")
            ),
            [],
        )
        return context


class SectionIndexMixin:
    """A section's front page: lists its public children in their order."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = with_intros(public(self.get_children()))
        return context


class StandardPage(KnowledgePage):
    subpage_types = []
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "core/standard_page.html"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")


def linked_in_own_locale(pages, link_model, target, model, order):
    """For each page, the objects its `link_model` rows point at, in the page's own language
    (see in_locale): two queries for all the pages instead of one per page."""
    keys = defaultdict(set)
    for page_id, key in link_model.objects.filter(page__in=pages).values_list(
        "page_id", f"{target}__translation_key"
    ):
        keys[page_id].add(key)
    items = public(
        model.objects.filter(
            translation_key__in={key for page_keys in keys.values() for key in page_keys},
            locale_id__in={page.locale_id for page in pages},
        )
    )
    found = {(item.translation_key, item.locale_id): item for item in items}
    return {
        page.pk: sorted(
            (found[key, page.locale_id] for key in keys[page.pk] if (key, page.locale_id) in found),
            key=attrgetter(order),
        )
        for page in pages
    }
