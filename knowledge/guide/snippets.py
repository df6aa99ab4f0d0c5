"""The concept guide's structured knowledge, kept as translatable snippets: each is shown on its
listing page (models.py) and linked from stories, roadmap steps and country practices."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from knowledge.core.blocks import SolutionBlock
from knowledge.core.snippets import Snippet
from search.public import public

__all__ = [
    "Source",
    "GlossaryTerm",
    "Criterion",
    "SmartActivity",
    "Challenge",
    "Stakeholder",
]


class Source(Snippet):
    title = models.CharField(_("title"), max_length=255)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    date = models.CharField(_("date"), max_length=40, blank=True)
    url = models.URLField(_("address"), blank=True)
    description = models.TextField(_("description"), blank=True)
    seed_file = models.CharField(_("file"), max_length=100, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("date"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = Snippet.base_translatable_fields + [
        TranslatableField("title"),
        TranslatableField("publisher"),
        SynchronizedField("date"),
        SynchronizedField("url"),
        TranslatableField("description"),
        SynchronizedField("seed_file"),
    ]
    api_fields = ["title", "publisher", "date", "url", "description"]
    entry_template = "includes/entries/source.html"

    class Meta(Snippet.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["slug"]
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.title


class GlossaryTerm(Snippet):
    term = models.CharField(_("term"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    variants = models.CharField(
        _("also written as"),
        max_length=500,
        blank=True,
        help_text=_(
            "Other ways readers write this term, separated by semicolons: the abbreviation in "
            "the other language, the full name, other spellings. The search finds the term's "
            "pages by each of them."
        ),
    )
    definition = models.TextField(_("definition"))

    panels = [
        FieldPanel("term"),
        FieldPanel("abbreviation"),
        FieldPanel("variants"),
        FieldPanel("definition"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("term", boost=3),
        index.SearchField("abbreviation", boost=3),
        index.SearchField("definition"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = Snippet.base_translatable_fields + [
        TranslatableField("term"),
        TranslatableField("abbreviation"),
        TranslatableField("variants"),
        TranslatableField("definition"),
    ]
    api_fields = ["term", "abbreviation", "variants", "definition"]
    entry_template = "includes/entries/glossary_term.html"
    entry_list = "dl"

    class Meta(Snippet.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return f"{self.term} ({self.abbreviation})" if self.abbreviation else self.term

    def variant_list(self):
        return [form.strip() for form in re.split(r"[;\n]", self.variants) if form.strip()]

    @classmethod
    def search_thesaurus(cls, language):
        """The search's synonyms (search/thesaurus.py): each published term with its
        abbreviation and the forms editors wrote under "also written as"."""
        for item in public(cls.objects.all(), language=language):
            yield [item.term, item.abbreviation, *item.variant_list()]


class Criterion(Snippet):
    """A sign of a smart village with the points a community checks itself against."""

    number = models.PositiveSmallIntegerField(
        _("number"),
        help_text=_("The criterion's number, 1 first; readers see it before the title."),
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    points = StreamField(
        [("point", blocks.CharBlock(label=_("Point")))],
        blank=True,
        verbose_name=_("points to check"),
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source"),
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("points"),
        FieldPanel("source"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.SearchField("points"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = Snippet.base_translatable_fields + [
        SynchronizedField("number"),
        TranslatableField("title"),
        TranslatableField("description"),
        TranslatableField("points"),
        TranslatableField("source"),
    ]
    api_fields = ["number", "title", "description", "points"]
    entry_template = "includes/entries/criterion.html"
    entry_list = "ol"

    class Meta(Snippet.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["number"]
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class SmartActivity(Snippet):
    """An example of a smart activity in one of three domains (economy, infrastructure and
    services, governance)."""

    DOMAIN_CHOICES = [
        ("economy", _("Economy")),
        ("infrastructure", _("Infrastructure and services")),
        ("governance", _("Governance")),
    ]
    domain = models.CharField(_("domain"), max_length=20, choices=DOMAIN_CHOICES)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position in its list: smaller numbers first.")
    )

    panels = [
        FieldPanel("domain"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = Snippet.base_translatable_fields + [
        SynchronizedField("domain"),
        TranslatableField("title"),
        TranslatableField("description"),
        SynchronizedField("sort_order"),
    ]
    api_fields = ["domain", "title", "description"]
    entry_template = "includes/entries/smart_activity.html"
    entry_list = "dl"

    class Meta(Snippet.Meta):
        verbose_name = _("smart activity example")
        verbose_name_plural = _("smart activity examples")
        ordering = ["domain", "sort_order"]
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.title


class Challenge(Snippet):
    """A challenge a rural community faces, with the digital and social solutions the focus
    groups proposed."""

    GROUP_CHOICES = [("table", _("Challenges and solutions")), ("other", _("Other challenges"))]
    title = models.CharField(_("challenge"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    solutions = StreamField(
        [("solution", SolutionBlock())], blank=True, verbose_name=_("solutions")
    )
    causes = StreamField(
        [("cause", blocks.CharBlock(label=_("Possible cause")))],
        blank=True,
        verbose_name=_("possible causes"),
    )
    group = models.CharField(_("group"), max_length=10, choices=GROUP_CHOICES, default="table")
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position in its list: smaller numbers first.")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("solutions"),
        FieldPanel("causes"),
        FieldPanel("group"),
        FieldPanel("sort_order"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.SearchField("solutions"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = Snippet.base_translatable_fields + [
        TranslatableField("title"),
        TranslatableField("description"),
        TranslatableField("solutions"),
        TranslatableField("causes"),
        SynchronizedField("group"),
        SynchronizedField("sort_order"),
    ]
    api_fields = ["title", "description", "solutions", "causes", "group"]
    entry_template = "includes/entries/challenge.html"

    class Meta(Snippet.Meta):
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["group", "sort_order"]
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.title


class Stakeholder(Snippet):
    """An institution: what communities expect from it, what they give, the steps needed."""

    name = models.CharField(_("name"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    expectations = models.TextField(_("what communities expect"), blank=True)
    contributions = models.TextField(_("what communities give"), blank=True)
    steps = models.TextField(_("steps towards the smart-village approach"), blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position in its list: smaller numbers first.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("abbreviation"),
        FieldPanel("expectations"),
        FieldPanel("contributions"),
        FieldPanel("steps"),
        FieldPanel("sort_order"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("abbreviation", boost=2),
        index.SearchField("expectations"),
        index.SearchField("contributions"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = Snippet.base_translatable_fields + [
        TranslatableField("name"),
        TranslatableField("abbreviation"),
        TranslatableField("expectations"),
        TranslatableField("contributions"),
        TranslatableField("steps"),
        SynchronizedField("sort_order"),
    ]
    api_fields = ["name", "abbreviation", "expectations", "contributions", "steps"]
    entry_template = "includes/entries/stakeholder.html"

    class Meta(Snippet.Meta):
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["sort_order"]
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.name
