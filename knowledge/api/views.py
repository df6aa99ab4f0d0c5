"""The API's endpoints: pages (every knowledge page type), images and documents."""

import re
from collections import defaultdict

from django.db.models import Q, prefetch_related_objects
from django.utils.http import http_date
from wagtail.api.utils import get_full_url
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.v2.serializers import ImageDownloadUrlField, ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from knowledge.core.changes import last_change, last_snippet_change
from knowledge.stories.filters import StoryFilter
from search.public import public

from .filters import (
    LANGUAGES,
    AnalysedSearchFilter,
    CheckedInputMixin,
    KnowledgeFilter,
)
from .response_pages import ResponsePages
from .serializers import (
    RichTextHTMLField,
    StreamHTMLField,
    TranslationOutdatedField,
    TranslationsField,
)


class KnowledgePageSerializer(PageSerializer):
    """Pages with meta.translations, and every stream and rich text field with its links
    resolved, its images described and its documents addressed."""

    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        StreamField: StreamHTMLField,
        RichTextField: RichTextHTMLField,
    }
    translations = TranslationsField()
    translation_outdated = TranslationOutdatedField()


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
        [*StoryFilter.base_filters, "roadmap_step", "updated_since"]
    ).difference(["rich_text_format"])
    base_serializer_class = KnowledgePageSerializer
    meta_fields = PagesAPIViewSet.meta_fields + [
        "last_published_at",
        "translations",
        "translation_outdated",
    ]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "last_published_at",
        "translations",
        "translation_outdated",
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

    def get_base_queryset(self):
        return self._public_of(Page)

    def _public_of(self, model):
        """The public pages of `model` (search/public.py) in the language trees of the site
        (the request's, or the one `site` names), like Wagtail's get_public_pages_queryset
        except that Wagtail also lets through the restricted pages this request may see (a
        password entered, a user signed in), and an API answer is cached as public."""
        try:
            params = {"site": self.request.GET.get("site"), "request": self.request}
            site = SiteFilterValidator(**params).site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        if site is None:
            return model.objects.none()
        # The site's language trees, once per request (the listing asks three times).
        memo = self.request.__dict__.setdefault("_api_site_roots", {})
        if site.pk not in memo:
            memo[site.pk] = [root.path for root in site.root_page.get_translations(inclusive=True)]
        trees = Q()
        for path in memo[site.pk]:
            trees |= Q(path__startswith=path)
        return public(model.objects.filter(trees)).select_related("locale")

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
        return self._without_unasked_stream_fields(self._public_of(models[0]))

    def _without_unasked_stream_fields(self, queryset):
        """A listing leaves unread the stream fields (a story's body, its sources) that its
        `fields` do not name: they are most of a page's row and most listings show none."""
        if self.action != "listing_view":
            return queryset
        asked = set(re.findall(r"[\w*]+", self.request.GET.get("fields", "")))
        if "*" in asked:
            return queryset
        unasked = [
            field.name
            for field in queryset.model._meta.concrete_fields
            if isinstance(field, StreamField) and field.name not in asked
        ]
        return queryset.defer(*unasked) if unasked else queryset

    def get_serializer(self, instance=None, *args, **kwargs):
        """The serializer, with the response's pages in its context so that the fields look
        up what they need for all of them at once."""
        many = kwargs.get("many", False)
        pages = list(instance) if many else [instance]
        # The locale of every page (meta.locale, html_url, the labels), and what the stories'
        # own fields read, for all the pages at once.
        prefetch_related_objects(pages, "locale")
        by_type = defaultdict(list)
        for page in pages:
            by_type[type(page)].append(page)
        for model, of_type in by_type.items():
            # A page type whose API fields read related objects fetches them for all its
            # pages at once (see GoodPracticeStory.prefetch_for_api).
            if hasattr(model, "prefetch_for_api"):
                model.prefetch_for_api(of_type)
        self.response_pages = ResponsePages(pages, self.request, self.request.wagtailapi_router)
        context = self.get_serializer_context()
        context["response_pages"] = self.response_pages
        kwargs["context"] = context
        return self.get_serializer_class()(pages if many else instance, *args, **kwargs)

    def listing_view(self, request):
        response = super().listing_view(request)
        # A listing changes when any page is published, unpublished, moved, deleted or made
        # private, whether or not it is among the results.
        _last_modified(response, [last_change()])
        return response

    def detail_view(self, request, pk):
        response = super().detail_view(request, pk)
        page = self.get_object()
        _last_modified(
            response,
            [
                page.last_published_at,
                *self.response_pages.translations_published_at(page),
                last_snippet_change(),
            ],
        )
        return response


def _last_modified(response, moments):
    moments = [moment for moment in moments if moment]
    if moments and response.status_code == 200:
        response["Last-Modified"] = http_date(max(moments).timestamp())


class AbsoluteDownloadUrlField(ImageDownloadUrlField):
    """An image's file as an absolute address (Wagtail gives /media/…, which a partner's page
    on another origin would resolve against itself), as documents' addresses already are."""

    def to_representation(self, image):
        return get_full_url(self.context.get("request"), super().to_representation(image))


class KnowledgeImageSerializer(ImageSerializer):
    download_url = AbsoluteDownloadUrlField(read_only=True)


class KnowledgeImagesAPIViewSet(CheckedInputMixin, ImagesAPIViewSet):
    base_serializer_class = KnowledgeImageSerializer
    filter_backends = CheckedInputMixin._checked(ImagesAPIViewSet.filter_backends)


class KnowledgeDocumentsAPIViewSet(CheckedInputMixin, DocumentsAPIViewSet):
    filter_backends = CheckedInputMixin._checked(DocumentsAPIViewSet.filter_backends)
