"""The English items of the content files as wagtail-localize translations of the Latvian ones.

For each pair the loader wrote, the Latvian object becomes a `TranslationSource` with its
segments, the English object its `Translation`, and each English text the translation of the
Latvian segment at the same place (the same field and block: the loader gives both languages
the same block ids). So the translation editor opens with the English of the files,
"Sync translated pages" works, and synchronised fields (coordinates, country, dates) stay in
step, for loaded items exactly as for those made in the admin."""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments, quote_path_component


@dataclass
class Alignment:
    """How many Latvian segments got their English text, and where the two differ in shape."""

    translated: int = 0
    segments: int = 0
    mismatched: list = field(default_factory=list)


def _english_by_place(instance):
    """The English object's text segments by field path, in order, and the values of what
    wagtail-localize copies rather than translates (documents, images, links to pages, …) by
    path."""
    strings, copied = defaultdict(list), {}
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment)
        elif isinstance(segment, OverridableSegmentValue):
            copied[segment.path] = segment.data
    for segments in strings.values():
        segments.sort(key=lambda segment: segment.order)
    return strings, copied


def _english_hrefs(path, latvian_attrs, english_attrs, hrefs, alignment):
    """The English address of each Latvian link address in one rich text string, by the path
    of its overridable segment: wagtail-localize keeps a string's link attributes (its `<a
    id="a1">`) from the source and swaps each address for its override on sync."""
    for tag, attrs in latvian_attrs.items():
        english = english_attrs.get(tag, {})
        if "href" not in attrs or "href" not in english:
            continue
        place = f"{path}.{quote_path_component(attrs['href'])}"
        if hrefs.setdefault(place, english["href"]) != english["href"]:
            alignment.mismatched.append(f"{place}: one Latvian address, two English ones")


def record_translation(source_object, target_object, alignment=None):
    """Make `target_object` the wagtail-localize translation of `source_object`: its text
    recorded as the translation of each source segment in the same place, and where it differs
    from the source in what wagtail-localize copies (link addresses, documents, chosen pages),
    its own value recorded as the override, so a sync keeps it."""
    alignment = alignment if alignment is not None else Alignment()
    source, _created = TranslationSource.update_or_create_from_instance(source_object)
    Translation.objects.get_or_create(
        source=source, target_locale=target_object.locale, defaults={"enabled": True}
    )
    english, copied = _english_by_place(target_object)
    latvian = defaultdict(list)
    for segment in (
        StringSegment.objects.filter(source=source)
        .select_related("context", "string")
        .order_by("order")
    ):
        latvian[segment.context.path].append(segment)
    found, hrefs = {}, {}
    for path, segments in latvian.items():
        alignment.segments += len(segments)
        targets = english.get(path, [])
        pairs = [
            (segment, json.loads(segment.attrs or "null") or {}, target)
            for segment, target in zip(segments, targets, strict=False)
        ]
        if len(targets) != len(segments) or any(
            set(target.attrs or {}) - set(attrs) for _segment, attrs, target in pairs
        ):
            # Different paragraphs, list items or links in the two languages: that text is
            # left for the translator (a sync falls back to the Latvian only where nothing is
            # recorded).
            alignment.mismatched.append(f"{source_object}: {path}")
            continue
        for segment, attrs, target in pairs:
            found[segment.string_id, segment.context_id] = target.string.data
            _english_hrefs(path, attrs, target.attrs or {}, hrefs, alignment)
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
    _record_overrides(source, target_object.locale, {**copied, **hrefs})
    return alignment


def _record_overrides(source, locale, english):
    """An override for each copied segment whose English value (by path) is not the Latvian
    one; none where they are the same. Segments whose English value is unknown keep theirs."""
    overrides, same = [], []
    for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
        if segment.context.path not in english:
            continue
        value = english[segment.context.path]
        if value == segment.data:
            same.append(segment.context_id)
        else:
            overrides.append((segment.context_id, value))
    SegmentOverride.objects.filter(
        locale=locale, context__in=same + [context for context, _value in overrides]
    ).delete()
    SegmentOverride.objects.bulk_create(
        SegmentOverride(
            locale=locale, context_id=context, data_json=json.dumps(value, cls=DjangoJSONEncoder)
        )
        for context, value in overrides
    )
