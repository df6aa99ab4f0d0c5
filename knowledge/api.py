"""The public API: one Wagtail API v2 router at /api/v2/."""

import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, When, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from rest_framework.filters import BaseFilterBackend
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from knowledge.changes import last_public_change
from knowledge.countries import COUNTRY_CODES
from knowledge.models import (
    CountryPracticePage,
    GoodPracticeStory,
    RoadmapStepPage,
    Theme,
    prefetch_for_api,
)
from knowledge.serializers import (
    ResponsePages,
    RichTextHTMLField,
    StreamHTMLField,
    TranslationsField,
)
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


# The largest id a database column holds everywhere (PostgreSQL's integer): a bigger number
# names nothing, and SQLite cannot even be asked about it.
MAX_ID = 2**31 - 1
MAX_OFFSET = 10**9


def _database_id(raw):
    """A page, image or document id from a parameter; ValueError when it cannot be one."""
    value = int(raw)
    if not 0 <= value <= MAX_ID:
        raise ValueError(raw)
    return value


def _moment(raw):
    """`updated_since` as an aware date-time; a 400 when it is not one or is out of range."""
    try:
        moment = parse_datetime(raw)
        if moment is None and parse_date(raw):
            moment = parse_datetime(f"{raw}T00:00:00")
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, timezone.get_default_timezone())
            return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        pass
    raise BadRequestError(f"updated_since: {raw!r} is not an ISO 8601 date or date-time")


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (`?place=…`, `?period_start=…`) with each value checked first:
    a value the field cannot hold is a 400 naming it, not a database error."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields or name == "locale":
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if (
                not isinstance(field, models.Field)
                or field.many_to_many
                or isinstance(field, models.BooleanField)
            ):
                continue  # tags and booleans: Wagtail parses them itself
            target = field.target_field if field.is_relation else field
            try:
                python = target.to_python(value)
            except (ValidationError, ValueError, TypeError):
                raise BadRequestError(f"{name}: {value!r} is not a valid value") from None
            if isinstance(python, int) and not -MAX_ID <= python <= MAX_ID:
                raise BadRequestError(f"{name}: {value!r} is out of range")
        return super().filter_queryset(request, queryset, view)


class CheckedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            too_far = int(request.GET.get("offset", 0)) > MAX_OFFSET
        except ValueError:
            too_far = False  # Wagtail names the parameter
        if too_far:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class CheckedInputMixin:
    """What every endpoint needs so that bad input is a 400 that names it, never a 500."""

    pagination_class = CheckedPagination

    @classmethod
    def _checked(cls, backends):
        return [CheckedFieldsFilter if backend is FieldsFilter else backend for backend in backends]

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                _database_id(request.GET["id"])
            except ValueError:
                raise BadRequestError(f"id: {request.GET['id']!r} is not an id") from None
        return super().find_object(queryset, request)


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
                step = RoadmapStepPage.objects.get(pk=_database_id(params["roadmap_step"]))
            except (ValueError, RoadmapStepPage.DoesNotExist):
                raise BadRequestError(
                    f"roadmap_step: no roadmap step with id {params['roadmap_step']!r}"
                ) from None
            queryset = _on_stories_and_countries(
                queryset, "roadmap_step_links__step__translation_key", step.translation_key
            ).distinct()
        if "updated_since" in params:
            queryset = queryset.filter(last_published_at__gte=_moment(params["updated_since"]))
        return queryset


class KnowledgePageSerializer(PageSerializer):
    """Pages with meta.translations, and every stream and rich text field with its links
    resolved, its images described and its documents addressed."""

    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        StreamField: StreamHTMLField,
        RichTextField: RichTextHTMLField,
    }
    translations = TranslationsField()


class KnowledgePagesAPIViewSet(CheckedInputMixin, PagesAPIViewSet):
    filter_backends = CheckedInputMixin._checked(
        [
            AnalysedSearchFilter if backend is SearchFilter else backend
            for backend in PagesAPIViewSet.filter_backends
        ]
        + [KnowledgeFilter]
    )
    # Rich text is always HTML with resolved links, so Wagtail's rich_text_format is not offered.
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["country", "theme", "roadmap_step", "updated_since"]
    ).difference(["rich_text_format"])
    base_serializer_class = KnowledgePageSerializer
    meta_fields = PagesAPIViewSet.meta_fields + ["last_published_at", "translations"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "last_published_at",
        "translations",
    ]

    def resolve_rich_text_format(self):
        return "html"

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        params = self.request.GET
        # Wagtail answers an unknown locale with 404, which reads as "no such page".
        if "locale" in params and params["locale"] not in LANGUAGES:
            raise BadRequestError(
                f"locale: unknown language {params['locale']!r} ({', '.join(sorted(LANGUAGES))})"
            )

    def get_renderer_context(self):
        # Compact JSON: Wagtail indents by four spaces, which made a 20-story page a third
        # larger and kept Python's C encoder out. `Accept: application/json; indent=4` still
        # gets it indented.
        context = super().get_renderer_context()
        context["indent"] = None
        return context

    def get_queryset(self):
        """Wagtail's, except that a listing of one page type reads that type's own table with
        the public-pages conditions, instead of through a subquery of every public page's id
        (at 10 000 stories per language, that subquery was most of a listing's time)."""
        try:
            models = page_models_from_string(self.request.GET.get("type") or "")
        except (LookupError, ValueError):
            models = ()  # Wagtail's own path names the parameter in its 400
        if len(models) != 1:
            return super().get_queryset()
        try:
            return get_public_pages_queryset(self.request, model=models[0])
        except ValueError as error:
            raise BadRequestError(str(error)) from error

    def get_serializer(self, instance=None, *args, **kwargs):
        """The serializer, with the response's pages in its context so that the fields look
        up what they need for all of them at once."""
        many = kwargs.get("many", False)
        pages = list(instance) if many else [instance]
        # The locale of every page (meta.locale, html_url, the labels), and what the stories'
        # own fields read, for all the pages at once.
        prefetch_related_objects(pages, "locale")
        prefetch_related_objects([p for p in pages if isinstance(p, GoodPracticeStory)], "lag")
        prefetch_for_api(pages)
        self.response_pages = ResponsePages(pages, self.request, self.request.wagtailapi_router)
        context = self.get_serializer_context()
        context["response_pages"] = self.response_pages
        kwargs["context"] = context
        return self.get_serializer_class()(pages if many else instance, *args, **kwargs)

    def listing_view(self, request):
        response = super().listing_view(request)
        # A listing changes when any page is published, unpublished, moved, deleted or made
        # private, whether or not it is among the results.
        moments = [last_public_change()]
        _last_modified(response, moments)
        return response

    def detail_view(self, request, pk):
        response = super().detail_view(request, pk)
        page = self.get_object()
        _last_modified(
            response,
            [page.last_published_at, *self.response_pages.translations_published_at(page)],
        )
        return response


def _last_modified(response, moments):
    moments = [moment for moment in moments if moment]
    if moments and response.status_code == 200:
        response["Last-Modified"] = http_date(max(moments).timestamp())


class KnowledgeImagesAPIViewSet(CheckedInputMixin, ImagesAPIViewSet):
    filter_backends = CheckedInputMixin._checked(ImagesAPIViewSet.filter_backends)


class KnowledgeDocumentsAPIViewSet(CheckedInputMixin, DocumentsAPIViewSet):
    filter_backends = CheckedInputMixin._checked(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KnowledgePagesAPIViewSet)
api_router.register_endpoint("images", KnowledgeImagesAPIViewSet)
api_router.register_endpoint("documents", KnowledgeDocumentsAPIViewSet)
