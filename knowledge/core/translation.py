"""Translations that stay in step: what wagtail-localize does for us, and two things it does
not.

1. Submitting a page for translation also submits the snippets it links to (its LAG, sources,
   challenges). wagtail-localize then saves their translations from its segments, falling back
   to the Latvian text where it has none, over an English snippet that already exists: the
   English Engure story's LAG turned Latvian. `KeepingTranslationCreator` leaves a snippet that
   already has a translation in a target language as it is.
2. Nobody was told when the English fell behind. A page or snippet is behind when its
   source-language version was published after it (`outdated_translations`,
   `outdated_snippet_translations`, `source_if_outdated`); the admin's report and edit
   screens, the public page and the API say so.
"""

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from wagtail.models import Page
from wagtail_localize import operations
from wagtail_localize.operations import TranslationCreator

from search.public import public


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


def _live(queryset):
    return queryset.live() if issubclass(queryset.model, Page) else queryset.filter(live=True)


def with_source_published(items, model=Page):
    """Pages (or snippets of `model`) annotated with when their source-language version was
    last published."""
    source = model.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=settings.LANGUAGE_CODE,
    ).values("last_published_at")[:1]
    return items.annotate(source_published_at=Subquery(source))


def _behind(items, model=Page):
    return (
        with_source_published(
            _live(items).exclude(locale__language_code=settings.LANGUAGE_CODE), model
        )
        .filter(source_published_at__gt=F("last_published_at"))
        .order_by("-source_published_at")
    )


def outdated_translations():
    """Live translated pages whose source-language page was published after them."""
    return _behind(Page.objects.all())


def outdated_snippet_translations(models):
    """Published translated snippets of `models` whose source-language snippet was published
    after them, the latest change first."""
    found = [
        item for model in models for item in _behind(model.objects.select_related("locale"), model)
    ]
    return sorted(found, key=lambda item: item.source_published_at, reverse=True)


def public_translations(page):
    """The public versions of `page` in every language (itself included, if public), by
    language code. One query per page object: the language switcher and the "behind" notice
    of the same render share it."""
    found = page.__dict__.get("_public_translations")
    if found is None:
        found = page.__dict__["_public_translations"] = {
            translation.locale.language_code: translation
            for translation in public(page.get_translations(inclusive=True)).select_related(
                "locale"
            )
        }
    return found


def source_if_outdated(obj, *, for_readers=False):
    """The published source-language page or snippet, if `obj` is a translation published
    before it; for a reader (`for_readers`), only if that page is public."""
    last_published_at = getattr(obj, "last_published_at", None)
    if obj.locale.language_code == settings.LANGUAGE_CODE or not last_published_at:
        return None
    if for_readers and isinstance(obj, Page):
        source = public_translations(obj).get(settings.LANGUAGE_CODE)
    else:
        model = Page if isinstance(obj, Page) else obj.get_translation_model()
        sources = model.objects.filter(
            translation_key=obj.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        source = (public(sources) if for_readers else _live(sources)).first()
    if source and source.last_published_at and source.last_published_at > last_published_at:
        return source
    return None


def behind_translations(obj):
    """The published translations of a source-language page or snippet that fell behind it."""
    if obj.locale.language_code != settings.LANGUAGE_CODE:
        return []
    return [
        translation
        for translation in _live(obj.get_translations())
        if source_if_outdated(translation) is not None
    ]
