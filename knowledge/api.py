"""The public API: one Wagtail API v2 router at /api/v2/."""

from django.conf import settings
from django.db.models import Case, IntegerField, When
from django.utils import translation
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from search.service import search_pages

LANGUAGES = {code for code, _name in settings.LANGUAGES}


class AnalysedSearchFilter(BaseFilterBackend):
    """`?search=` with the search page's analysis and ranking, in the language of `?locale=`
    (or of the request)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        language = request.GET.get("locale") or translation.get_language()
        if language not in LANGUAGES:
            language = settings.LANGUAGE_CODE
        ranked = search_pages(request.GET["search"], language).matches
        queryset = queryset.filter(pk__in=ranked)
        if "order" not in request.GET:
            queryset = queryset.order_by(
                Case(
                    *[When(pk=pk, then=position) for position, pk in enumerate(ranked)],
                    output_field=IntegerField(),
                )
            )
        return queryset


class KnowledgePagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        AnalysedSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KnowledgePagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
