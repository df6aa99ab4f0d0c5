"""The search page and the as-you-type suggestions, in the reader's language only."""

from collections import Counter

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from knowledge.countries import COUNTRY_CHOICES
from knowledge.models import StoryTheme, Theme

from .service import clean_query, highlight, search_pages, suggest
from .sql import id_set
from .text import plain_text

PAGE_SIZE = 10


FACETS = ("type", "country", "theme")


def _facet_values(match_ids):
    """Each match's content type, country and themes, read in two queries."""
    rows = Page.objects.filter(pk__in=id_set(match_ids)).values_list(
        "pk", "content_type", "goodpracticestory__country", "countrypracticepage__country"
    )
    content_types = ContentType.objects  # get_for_id reads Django's cache after the first time
    values = {
        pk: {
            "type": {content_types.get_for_id(content_type).model},
            "country": {code for code in (story_country, practice_country) if code},
            "theme": set(),
        }
        for pk, content_type, story_country, practice_country in rows
    }
    for pk, slug in StoryTheme.objects.filter(content_object_id__in=id_set(match_ids)).values_list(
        "content_object_id", "tag__slug"
    ):
        if pk in values:
            values[pk]["theme"].add(slug)
    return values


def _facets(values, language):
    """Counts by content type, country and theme over all the matches."""
    counts = {name: Counter() for name in FACETS}
    for page_values in values.values():
        for name in FACETS:
            counts[name].update(page_values[name])
    type_labels = {}
    for model in apps.get_models():
        name = model._meta.model_name
        if name in counts["type"] and issubclass(model, Page):
            label = str(model._meta.verbose_name_plural)
            type_labels[name] = label[:1].upper() + label[1:]
    country_names = dict(COUNTRY_CHOICES)
    theme_labels = {
        t.slug: t.label_for(language) for t in Theme.objects.filter(slug__in=counts["theme"])
    }
    return {
        "type": sorted(
            ((k, type_labels.get(k, k), n) for k, n in counts["type"].items()),
            key=lambda x: (-x[2], x[1]),
        ),
        "country": sorted(
            ((k, str(country_names.get(k, k)), n) for k, n in counts["country"].items()),
            key=lambda x: x[1],
        ),
        "theme": sorted(
            ((k, theme_labels.get(k, k), n) for k, n in counts["theme"].items()),
            key=lambda x: x[1],
        ),
    }


def _apply_facets(match_ids, values, request):
    selected = {name: request.GET.get(name, "") for name in FACETS}
    wanted = dict(selected, country=selected["country"].upper())
    ids = [
        pk
        for pk in match_ids
        if all(not wanted[name] or wanted[name] in values[pk][name] for name in FACETS)
    ]
    return ids, selected


@require_safe
def search(request):
    language = translation.get_language()
    raw = request.GET.get("q", "")
    outcome = search_pages(raw, language)
    values = _facet_values(outcome.matches) if outcome.matches else {}
    facets = _facets(values, language) if values else {}
    ids, selected = _apply_facets([pk for pk in outcome.matches if pk in values], values, request)
    paginator = Paginator(ids, PAGE_SIZE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    by_id = {p.pk: p for p in Page.objects.filter(pk__in=list(page_obj.object_list)).specific()}
    results = []
    for pk in page_obj.object_list:
        page = by_id.get(pk)
        if page is None:
            continue
        text = " ".join(
            filter(None, [getattr(page, "intro", ""), plain_text(getattr(page, "body", None))])
        )
        results.append(
            {
                "page": page,
                "type": str(page.specific_class._meta.verbose_name),
                "snippet": highlight(text, outcome.corrected_terms, language),
            }
        )
    promotions = []
    if outcome.query and page_obj.number == 1:
        query = Query.get(outcome.query.lower())
        promotions = [
            pick.page.specific
            for pick in query.editors_picks.select_related("page").filter(
                page__live=True, page__locale__language_code=language
            )
        ]
        query.add_hit()
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": outcome.query,
            "raw_query": raw,
            "outcome": outcome,
            "results": results,
            "page_obj": page_obj,
            "paginator": paginator,
            "facets": facets,
            "selected": selected,
            "promotions": promotions,
        },
    )


@require_safe
def suggestions(request):
    """JSON for the header search box: titles that start with what is typed."""
    language = translation.get_language()
    pages = suggest(request.GET.get("q", ""), language)
    response = JsonResponse(
        {
            "query": clean_query(request.GET.get("q", "")),
            "suggestions": [
                {
                    "title": page.title,
                    "url": page.get_url(request),
                    "type": str(page.specific_class._meta.verbose_name),
                }
                for page in pages
            ],
        }
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
