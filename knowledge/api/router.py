"""The public API: one Wagtail API v2 router at /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter

from .views import (
    KnowledgeDocumentsAPIViewSet,
    KnowledgeImagesAPIViewSet,
    KnowledgePagesAPIViewSet,
)

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KnowledgePagesAPIViewSet)
api_router.register_endpoint("images", KnowledgeImagesAPIViewSet)
api_router.register_endpoint("documents", KnowledgeDocumentsAPIViewSet)
