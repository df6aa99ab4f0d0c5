"""The search page and the as-you-type suggestions, in the reader's language only."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from knowledge.countries import COUNTRY_CHOICES
from knowledge.models import CountryPracticePage, GoodPracticeStory, StoryTheme, Theme

from .service import clean_query, highlight, search_pages, suggest
from .text import plain_text

PAGE_SIZE = 10


def _facets(match_ids, language):
    """Counts by content type, country and theme over all the matches, counted in SQL."""
    types = []
    for row in (
        Page.objects.filter(pk__in=match_ids)
        .values("content_type")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        content_type = ContentType.objects.get_for_id(row["content_type"])
        model = content_type.model_class()
        label = str(model._meta.verbose_name_plural if model else content_type.model)
        types.append((content_type.model, label[:1].upper() + label[1:], row["n"]))
    countries = Counter()
    for model in (GoodPracticeStory, CountryPracticePage):
        rows = (
            model.objects.filter(pk__in=match_ids)
            .values_list("country")
            .annotate(n=Count("pk"))
            .order_by()
        )
        countries.update(dict(rows))
    themes = dict(
        StoryTheme.objects.filter(content_object_id__in=match_ids)
        .values_list("tag__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    theme_labels = {t.slug: t.label_for(language) for t in Theme.objects.filter(slug__in=themes)}
    country_names = dict(COUNTRY_CHOICES)
    return {
        "type": sorted(types, key=lambda x: (-x[2], x[1])),
        "country": sorted(
            ((k, str(country_names.get(k, k)), n) for k, n in countries.items()), key=lambda x: x[1]
        ),
        "theme": sorted(
            ((k, theme_labels.get(k, k), n) for k, n in themes.items()), key=lambda x: x[1]
        ),
    }


def _apply_facets(match_ids, request):
    selected = {name: request.GET.get(name, "") for name in ("type", "country", "theme")}
    ids = list(match_ids)
    if selected["type"]:
        allowed = set(
            Page.objects.filter(pk__in=ids, content_type__model=selected["type"]).values_list(
                "pk", flat=True
            )
        )
        ids = [pk for pk in ids if pk in allowed]
    if selected["country"]:
        code = selected["country"].upper()
        allowed = set(
            GoodPracticeStory.objects.filter(pk__in=ids, country=code).values_list("pk", flat=True)
        )
        allowed |= set(
            CountryPracticePage.objects.filter(pk__in=ids, country=code).values_list(
                "pk", flat=True
            )
        )
        ids = [pk for pk in ids if pk in allowed]
    if selected["theme"]:
        allowed = set(
            StoryTheme.objects.filter(
                content_object_id__in=ids, tag__slug=selected["theme"]
            ).values_list("content_object_id", flat=True)
        )
        ids = [pk for pk in ids if pk in allowed]
    return ids, selected


@require_safe
def search(request):
    language = translation.get_language()
    raw = request.GET.get("q", "")
    outcome = search_pages(raw, language)
    facets = _facets(outcome.matches, language) if outcome.matches else {}
    ids, selected = _apply_facets(outcome.matches, request)
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
