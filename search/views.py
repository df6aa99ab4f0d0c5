"""The search page and the as-you-type suggestions, in the reader's language only."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from .facets import facet_counts, facet_names, facet_values
from .public import public_pages
from .service import clean_query, highlight, search_pages, suggest
from .text import plain_text, with_text_fields

PAGE_SIZE = 10


def _apply_facets(match_ids, values, request):
    names = facet_names()
    selected = {name: request.GET.get(name, "") for name in names}
    # A value matches in any case: a reader may type a country's code as "at".
    wanted = {name: value.casefold() for name, value in selected.items() if value}
    ids = [
        pk
        for pk in match_ids
        if all(
            value in {str(v).casefold() for v in values[pk][name]} for name, value in wanted.items()
        )
    ]
    return ids, selected


def _editors_picks(words, language):
    """The editors' picks for the reader's words, counted as a hit of the day (Wagtail's
    `Query.get(...).editors_picks` and `add_hit`, in two queries instead of four and one
    for each pick)."""
    query_string = normalise_query_string(words.lower())
    # A pick is shown only while its page is public (a pick kept on a page that was later
    # made private or unpublished stays in the admin, not on the page).
    picks = SearchPromotion.objects.filter(
        query__query_string=query_string, page__in=public_pages(language).values("pk")
    )
    pages = with_text_fields([pick.page for pick in picks.select_related("page")], "intro")
    today = QueryDailyHits.objects.filter(query__query_string=query_string)
    if not today.filter(date=timezone.now().date()).update(hits=F("hits") + 1):
        Query.get(query_string).add_hit()
    return pages


@require_safe
def search(request):
    language = translation.get_language()
    raw = request.GET.get("q", "")
    outcome = search_pages(raw, language)
    values = facet_values(outcome.matches) if outcome.matches else {}
    facets = facet_counts(values, language) if values else {}
    ids, selected = _apply_facets([pk for pk in outcome.matches if pk in values], values, request)
    paginator = Paginator(ids, PAGE_SIZE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    # Each result's snippet is cut from its intro and body, read for all types at once.
    shown = Page.objects.filter(pk__in=list(page_obj.object_list))
    by_id = {page.pk: page for page in with_text_fields(shown, "intro", "body")}
    results = []
    for pk in page_obj.object_list:
        page = by_id.get(pk)
        if page is None:
            continue
        text = " ".join(filter(None, [page.intro, plain_text(page.body)]))
        results.append(
            {
                "page": page,
                "type": str(page.specific_class._meta.verbose_name),
                "snippet": highlight(text, outcome.highlight_terms, language),
            }
        )
    promotions = []
    if outcome.query and page_obj.number == 1:
        promotions = _editors_picks(outcome.query, language)
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
