"""Translations that stay in step: what wagtail-localize does for us, and two things it does
not.

1. Submitting a page for translation also submits the snippets it links to (its LAG, sources,
   challenges). wagtail-localize then saves their translations from its segments, falling back
   to the Latvian text where it has none, over an English snippet that already exists: the
   English Engure story's LAG turned Latvian. `KeepingTranslationCreator` leaves a snippet that
   already has a translation in a target language as it is.
2. Nobody was told when the English fell behind. A page is behind when its source-language
   page was published after it (`outdated_translations`, `source_if_outdated`); the admin's
   report and edit screen, the public page and the API say so.
"""

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from wagtail.models import Page
from wagtail_localize import operations
from wagtail_localize.operations import TranslationCreator

from search.public import public_pages


class KeepingTranslationCreator(TranslationCreator):
    def create_translations(self, instance, include_related_objects=True):
        if not include_related_objects and not isinstance(instance, Page):
            missing = [
                locale
                for locale in self.target_locales
                if locale.pk != instance.locale_id
                and instance.get_translation_or_none(locale) is None
            ]
            if not missing:
                self.seen_objects.add(instance.translation_key)
                return
            every, self.target_locales = self.target_locales, missing
            try:
                return super().create_translations(instance, include_related_objects)
            finally:
                self.target_locales = every
        return super().create_translations(instance, include_related_objects)


def install():
    """wagtail-localize's views call `operations.translate_object`, which builds the creator
    named in its module: ours takes its place."""
    operations.TranslationCreator = KeepingTranslationCreator


def with_source_published(pages):
    """Pages annotated with when their page in the source language was last published."""
    source = Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=settings.LANGUAGE_CODE,
    ).values("last_published_at")[:1]
    return pages.annotate(source_published_at=Subquery(source))


def outdated_translations():
    """Live translated pages whose source-language page was published after them."""
    return (
        with_source_published(
            Page.objects.live().exclude(locale__language_code=settings.LANGUAGE_CODE)
        )
        .filter(source_published_at__gt=F("last_published_at"))
        .order_by("-source_published_at")
    )


def source_if_outdated(page, *, for_readers=False):
    """The live source-language page, if `page` is a translation published before it; for a
    reader (`for_readers`), only if that page is public."""
    if page.locale.language_code == settings.LANGUAGE_CODE or not page.last_published_at:
        return None
    source = (
        (public_pages() if for_readers else Page.objects.live())
        .filter(translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE)
        .first()
    )
    if source and source.last_published_at and source.last_published_at > page.last_published_at:
        return source
    return None
