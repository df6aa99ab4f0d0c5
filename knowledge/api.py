"""The public API: one Wagtail API v2 router at /api/v2/."""

from django.conf import settings
from django.db.models import Case, IntegerField, Q, When
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from knowledge.countries import COUNTRY_CODES
from knowledge.models import CountryPracticePage, GoodPracticeStory, RoadmapStepPage, Theme
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


def _on_stories_and_countries(queryset, lookup, value):
    """Filter by a lookup that stories and country practices share, whatever the `type`."""
    model = queryset.model
    if issubclass(model, GoodPracticeStory | CountryPracticePage):
        return queryset.filter(**{lookup: value})
    if model is Page:
        return queryset.filter(
            Q(**{f"goodpracticestory__{lookup}": value})
            | Q(**{f"countrypracticepage__{lookup}": value})
        )
    return queryset.none()


class KnowledgeFilter(BaseFilterBackend):
    """`country`, `theme`, `roadmap_step` and `updated_since`; a bad value is a 400 naming it."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        if "country" in params:
            code = params["country"].upper()
            if code not in COUNTRY_CODES:
                raise BadRequestError(
                    f"country: unknown code {params['country']!r} (ISO 3166-1 alpha-2, e.g. SE)"
                )
            queryset = _on_stories_and_countries(queryset, "country", code)
        if "theme" in params:
            if not Theme.objects.filter(slug=params["theme"]).exists():
                raise BadRequestError(f"theme: unknown theme {params['theme']!r}")
            if issubclass(queryset.model, GoodPracticeStory):
                queryset = queryset.filter(tagged_themes__tag__slug=params["theme"])
            else:
                queryset = queryset.filter(
                    goodpracticestory__tagged_themes__tag__slug=params["theme"]
                )
        if "roadmap_step" in params:
            try:
                step = RoadmapStepPage.objects.get(pk=int(params["roadmap_step"]))
            except (ValueError, RoadmapStepPage.DoesNotExist):
                raise BadRequestError(
                    f"roadmap_step: no roadmap step with id {params['roadmap_step']!r}"
                ) from None
            queryset = _on_stories_and_countries(
                queryset, "roadmap_step_links__step__translation_key", step.translation_key
            ).distinct()
        if "updated_since" in params:
            raw = params["updated_since"]
            moment = parse_datetime(raw)
            if moment is None and parse_date(raw):
                moment = parse_datetime(f"{raw}T00:00:00")
            if moment is None:
                raise BadRequestError(
                    f"updated_since: {raw!r} is not an ISO 8601 date or date-time"
                )
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, timezone.get_default_timezone())
            queryset = queryset.filter(last_published_at__gte=moment)
        return queryset


class KnowledgePagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        AnalysedSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ] + [KnowledgeFilter]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["country", "theme", "roadmap_step", "updated_since"]
    )
    meta_fields = PagesAPIViewSet.meta_fields + ["last_published_at"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["last_published_at"]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KnowledgePagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
