"""Story themes: django-taggit tags whose identity is shared by both languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase

__all__ = ["Theme", "StoryTheme", "with_themes"]


class Theme(TagBase):
    """A theme tag. One tag serves both languages, so a story and its translation share themes
    (a synchronised field: an editor translating a story never re-tags it) and a partner can
    filter both locales by one slug; the reader sees the label of the reader's language."""

    name = models.CharField(_("name in Latvian"), max_length=100, unique=True)
    name_en = models.CharField(
        _("name in English"),
        max_length=100,
        help_text=_("The label English readers see; every theme needs one."),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def label_for(self, language_code):
        if language_code and language_code.startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def label(self):
        return self.label_for(get_language())

    def __str__(self):
        return self.label


class StoryTheme(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.GoodPracticeStory", on_delete=models.CASCADE, related_name="tagged_themes"
    )
    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tagged_stories")


def with_themes():
    """For `prefetch_related`: the stories' themes in one query (the tagged items joined with
    their themes), not one for the tagged items and another for the themes."""
    return models.Prefetch("tagged_themes", queryset=StoryTheme.objects.select_related("tag"))
