"""The search page's facets: the page type, and whatever the page models declare.

A page model lists its facets in `search_facets` ({facet name: lookup from the model}, e.g.
{"country": "country", "theme": "tagged_themes__tag__slug"}); the search counts them over the
matches and labels each value from the field's choices, or from its model's
`label_for(language)`. So the search names no model and no field of the site."""

from collections import Counter, defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from .sql import id_set


def faceted_models():
    """{facet name: [(page model, lookup), …]} of the page models that declare facets."""
    found = defaultdict(list)
    for model in apps.get_models():
        if issubclass(model, Page):
            for name, lookup in getattr(model, "search_facets", {}).items():
                found[name].append((model, lookup))
    return dict(found)


def facet_names():
    return ("type", *faceted_models())


def _target_field(model, lookup):
    """The model field a lookup ends at: `tagged_themes__tag__slug` → Theme.slug."""
    options = model._meta
    *path, last = lookup.split("__")
    for part in path:
        options = options.get_field(part).related_model._meta
    return options.get_field(last)


def facet_values(match_ids):
    """Each match's values of every facet: {page id: {facet: {values}}}, in a query for the
    type and the facets held on the page's own row, and one per facet across a relation."""
    facets = faceted_models()
    own = [
        (name, f"{model._meta.model_name}__{lookup}")
        for name, pairs in facets.items()
        for model, lookup in pairs
        if "__" not in lookup
    ]
    rows = Page.objects.filter(pk__in=id_set(match_ids)).values_list(
        "pk", "content_type", *(path for _name, path in own)
    )
    content_types = ContentType.objects  # get_for_id reads Django's cache after the first time
    values = {}
    for pk, content_type, *found in rows:
        values[pk] = {name: set() for name in facets}
        values[pk]["type"] = {content_types.get_for_id(content_type).model}
        for (name, _path), value in zip(own, found, strict=True):
            if value:
                values[pk][name].add(value)
    for name, pairs in facets.items():
        for model, lookup in pairs:
            if "__" not in lookup:
                continue
            related = (
                model.objects.filter(pk__in=id_set(match_ids))
                .filter(**{f"{lookup}__isnull": False})
                .order_by()
                .values_list("pk", lookup)
            )
            for pk, value in related:
                if pk in values:
                    values[pk][name].add(value)
    return values


def _labels(name, found, language):
    """{value: label} for the values of one facet."""
    labels = {}
    for model, lookup in faceted_models()[name]:
        field = _target_field(model, lookup)
        if field.choices:
            labels.update({key: str(label) for key, label in field.flatchoices if key in found})
        elif hasattr(field.model, "label_for"):
            for item in field.model.objects.filter(**{f"{field.name}__in": found}):
                labels[getattr(item, field.name)] = item.label_for(language)
    return labels


def facet_counts(values, language):
    """Counts by type and by each declared facet over all the matches, labelled; types most
    frequent first, the other facets by label."""
    names = facet_names()
    counts = {name: Counter() for name in names}
    for page_values in values.values():
        for name in names:
            counts[name].update(page_values[name])
    type_labels = {}
    for model in apps.get_models():
        model_name = model._meta.model_name
        if model_name in counts["type"] and issubclass(model, Page):
            label = str(model._meta.verbose_name_plural)
            type_labels[model_name] = label[:1].upper() + label[1:]
    result = {
        "type": sorted(
            ((k, type_labels.get(k, k), n) for k, n in counts["type"].items()),
            key=lambda x: (-x[2], x[1]),
        )
    }
    for name in names[1:]:
        labels = _labels(name, set(counts[name]), language) if counts[name] else {}
        result[name] = sorted(
            ((k, labels.get(k, k), n) for k, n in counts[name].items()), key=lambda x: x[1]
        )
    return result
