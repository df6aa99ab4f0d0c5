from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from knowledge.api import openapi
from knowledge.api.router import api_router
from knowledge.core import logins, media, offline, sitemaps
from knowledge.core import views as core_views
from knowledge.core.throttling import APIThrottle, ReaderThrottle, limited
from knowledge.stories import data as open_data
from knowledge.stories import embed
from knowledge.stories.feeds import AtomStoriesFeed, StoriesFeed
from search import views as search_views

urlpatterns = [
    path("", core_views.language_redirect, name="language_redirect"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
    # Browsers ask for /favicon.ico where a page names no icon (the API, feeds, documents).
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/openapi.json", limited(APIThrottle)(openapi.openapi), name="openapi"),
    path("api/v2/", api_router.urls),
    path("embed/stories/", limited(ReaderThrottle, "widget")(embed.stories), name="embed_stories"),
]

# Images under /media/, unless a reverse proxy serves them (SERVE_MEDIA=0; knowledge/core/media.py).
if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", media.serve, name="media")
    )

# What a script could hammer: a limit per client that a reader never meets (each counted apart).
search, suggest = limited(ReaderThrottle, "search"), limited(ReaderThrottle, "suggestions")
feeds, data = limited(ReaderThrottle, "feeds"), limited(ReaderThrottle, "data")

urlpatterns += i18n_patterns(
    path(_("search/"), search(search_views.search), name="search"),
    path(_("search/suggestions/"), suggest(search_views.suggestions), name="search_suggestions"),
    path(_("offline/"), offline.offline_page, name="offline"),
    path("feeds/stories.rss", feeds(StoriesFeed()), name="stories_rss"),
    path("feeds/stories.atom", feeds(AtomStoriesFeed()), name="stories_atom"),
    path("data/stories.csv", data(open_data.stories_csv), name="stories_csv"),
    path("data/stories.geojson", data(open_data.stories_geojson), name="stories_geojson"),
    # Wagtail's page password form, with wrong passwords counted (knowledge/core/logins.py).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        logins.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page view, routing from the remembered home pages (knowledge/core/frame.py).
    re_path(serve_pattern, core_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "knowledge.core.views.page_not_found"
handler500 = "knowledge.core.views.server_error"
