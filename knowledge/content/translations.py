"""The English items of the content files as wagtail-localize translations of the Latvian ones.

For each pair the loader wrote, the Latvian object becomes a `TranslationSource` with its
segments, the English object its `Translation`, and each English text the translation of the
Latvian segment at the same place (the same field and block: the loader gives both languages
the same block ids). So the translation editor opens with the English of the files,
"Sync translated pages" works, and synchronised fields (coordinates, country, dates) stay in
step, for loaded items exactly as for those made in the admin."""

from collections import defaultdict
from dataclasses import dataclass, field

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


@dataclass
class Alignment:
    """How many Latvian segments got their English text, and where the two differ in shape."""

    translated: int = 0
    segments: int = 0
    mismatched: list = field(default_factory=list)


def _english_by_place(instance):
    """The English object's text segments, by field path, in order."""
    found = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            found[segment.path].append(segment)
    for segments in found.values():
        segments.sort(key=lambda segment: segment.order)
    return found


def record_translation(source_object, target_object, alignment=None):
    """Make `target_object` the wagtail-localize translation of `source_object`, with its text
    recorded as the translation of each source segment in the same place."""
    alignment = alignment if alignment is not None else Alignment()
    source, _created = TranslationSource.update_or_create_from_instance(source_object)
    Translation.objects.get_or_create(
        source=source, target_locale=target_object.locale, defaults={"enabled": True}
    )
    english = _english_by_place(target_object)
    latvian = defaultdict(list)
    for segment in (
        StringSegment.objects.filter(source=source)
        .select_related("context", "string")
        .order_by("order")
    ):
        latvian[segment.context.path].append(segment)
    found = {}
    for path, segments in latvian.items():
        alignment.segments += len(segments)
        targets = english.get(path, [])
        if len(targets) != len(segments):
            # Different paragraphs or list items in the two languages: that text is left for
            # the translator (a sync falls back to the Latvian only where nothing is recorded).
            alignment.mismatched.append(f"{source_object}: {path}")
            continue
        for segment, target in zip(segments, targets, strict=True):
            found[segment.string_id, segment.context_id] = target.string.data
            alignment.translated += 1
    # The texts come from the same extraction as wagtail-localize's own, so they need none of
    # the checks StringTranslation.save() makes for texts from outside: written in bulk.
    StringTranslation.objects.filter(
        locale=target_object.locale, context__in={context for _string, context in found}
    ).delete()
    StringTranslation.objects.bulk_create(
        StringTranslation(
            translation_of_id=string,
            locale=target_object.locale,
            context_id=context,
            data=data,
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
        for (string, context), data in found.items()
    )
    return alignment
