"""The sitemap and robots.txt: every live, public page of both language trees, for crawlers.

Wagtail's own sitemap (wagtail.contrib.sitemaps) walks the descendants of the Site's root page,
which is the Latvian home; the English tree is a sibling of it, so half the site would be
missing, and it has no hreflang alternates. This view lists both trees from one query and
groups translations by their translation key."""

from collections import defaultdict

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from search.public import public_pages

from .changes import last_public_change

SITEMAP_MAX_AGE = 3600


def listed_pages():
    """The public pages of both languages (search/public.py: drafts, unpublished and scheduled
    pages are not live, restricted sections are not public)."""
    return public_pages().select_related("locale").order_by("path")


@require_safe
def sitemap(request):
    """`/sitemap.xml`: absolute URLs, last publication and the page's translations."""
    entries = []
    by_key = defaultdict(dict)
    for page in listed_pages():
        parts = page.get_url_parts(request)
        if not parts or not parts[2]:
            continue  # not under any site: nothing a crawler could reach
        language = page.locale.language_code
        entry = {
            "location": request.build_absolute_uri(parts[2]),
            "lastmod": page.last_published_at and page.last_published_at.replace(microsecond=0),
            "language": language,
            "alternates": by_key[page.translation_key],
        }
        by_key[page.translation_key][language] = entry["location"]
        entries.append(entry)
    for entry in entries:
        # A page alone in its language has no alternates worth announcing.
        if len(entry["alternates"]) < 2:
            entry["alternates"] = {}
        entry["default"] = entry["alternates"].get(settings.LANGUAGE_CODE)
    response = render(
        request,
        "sitemap.xml",
        {"entries": entries},
        content_type="application/xml; charset=utf-8",
    )
    response["Cache-Control"] = f"public, max-age={SITEMAP_MAX_AGE}"
    changed = last_public_change()
    if changed:
        response["Last-Modified"] = http_date(changed.timestamp())
    return response


@require_safe
def robots(request):
    """`/robots.txt`: the public site is open; the admin and the search result pages (endless
    combinations of queries and facets, each already reachable as a page) are not."""
    searches = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            searches.append(reverse("search"))
    response = render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap")), "searches": searches},
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = f"public, max-age={SITEMAP_MAX_AGE}"
    return response
