"""The search page: results in the reader's language only."""

import re
import unicodedata

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
# Characters that are query syntax in some backend (a lone `"` breaks SQLite's FTS5 parser).
_SYNTAX = re.compile(r"[\"*~:\\()\[\]{}^!+\-/<>=&|]")


def clean_query(raw):
    """The reader's words without control characters, engine syntax or excess length."""
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch == " ")
    text = _SYNTAX.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active(), depth__gt=1)
            .specific()
            .search(query)
        )
    paginator = Paginator(results, 10)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "raw_query": raw, "results": page_obj, "paginator": paginator},
    )
