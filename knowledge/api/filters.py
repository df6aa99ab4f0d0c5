"""The API's filters: analysed search, field filters and parameters checked before they reach
the database (a bad value is a 400 naming it, never a 500), and the knowledge filters."""

import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, When
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page

from knowledge.roadmap.models import IllustratesStepsMixin, RoadmapStepPage
from knowledge.stories.filters import StoryFilter
from search.public import public_pages
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


def _on_step_pages(queryset, step):
    """Pages that illustrate this roadmap step (in any language), whatever the `type`."""
    model = queryset.model
    lookup = "roadmap_step_links__step__translation_key"
    if issubclass(model, IllustratesStepsMixin):
        return queryset.filter(**{lookup: step.translation_key})
    if model is Page:
        condition = Q()
        for page_model in IllustratesStepsMixin.illustrating_models():
            condition |= Q(**{f"{page_model._meta.model_name}__{lookup}": step.translation_key})
        return queryset.filter(condition)
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


MAX_SEARCH_WORDS = 20
MAX_SEARCH_LENGTH = 200


class CheckedSearchFilter(SearchFilter):
    """`?search=` on images and documents, through Wagtail's own search: the words only.

    Quotation marks reached the database's full-text syntax (an odd number of them was a 500 on
    SQLite) and a long query became a parse tree too deep for PostgreSQL (RecursionError at
    about 150 words). Titles are short: quotes are dropped, and a query over 20 words or 200
    characters is a 400 naming the parameter."""

    def filter_queryset(self, request, queryset, view):
        raw = request.GET.get("search")
        if raw is not None:
            words = raw.replace('"', " ").split()
            if len(raw) > MAX_SEARCH_LENGTH or len(words) > MAX_SEARCH_WORDS:
                raise BadRequestError(
                    f"search: at most {MAX_SEARCH_WORDS} words and {MAX_SEARCH_LENGTH} characters"
                )
            params = request.GET.copy()
            params["search"] = " ".join(words)
            request._request.GET = params
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
        replacements = {FieldsFilter: CheckedFieldsFilter, SearchFilter: CheckedSearchFilter}
        return [replacements.get(backend, backend) for backend in backends]

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                _database_id(request.GET["id"])
            except ValueError:
                raise BadRequestError(f"id: {request.GET['id']!r} is not an id") from None
        return super().find_object(queryset, request)


class KnowledgeFilter(BaseFilterBackend):
    """The stories' StoryFilter (`country`, `theme`, `innovation`, `status`, `step`,
    `challenge`: one set of rules for every channel), `roadmap_step` (a step's page id, also
    for country practices) and `updated_since`; a bad value is a 400 naming it."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        chosen = StoryFilter(params, queryset=queryset)
        if chosen.messages:
            raise BadRequestError(chosen.messages[0])
        queryset = chosen.qs
        if "roadmap_step" in params:
            try:
                # A step that is not public is as unknown as one that does not exist.
                steps = public_pages(model=RoadmapStepPage)
                step = steps.get(pk=_database_id(params["roadmap_step"]))
            except (ValueError, RoadmapStepPage.DoesNotExist):
                raise BadRequestError(
                    f"roadmap_step: no roadmap step with id {params['roadmap_step']!r}"
                ) from None
            queryset = _on_step_pages(queryset, step).distinct()
        if "updated_since" in params:
            queryset = queryset.filter(last_published_at__gte=_moment(params["updated_since"]))
        return queryset
