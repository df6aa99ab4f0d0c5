"""Views outside the page tree: the language redirect, the error pages and the icon; and the
page view, Wagtail's, routing from the remembered home pages (knowledge/core/frame.py)."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views

from . import frame

SUPPORTED = [code for code, _name in settings.LANGUAGES]


@require_safe
def language_redirect(request):
    """Send `/` to the visitor's language from Accept-Language; Latvian otherwise."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in SUPPORTED:
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    patch_cache_control(response, private=True, max_age=0)
    return response


def _language_from_path(request):
    prefix = request.path.lstrip("/").split("/", 1)[0]
    return prefix if prefix in SUPPORTED else settings.LANGUAGE_CODE


def page_not_found(request, exception=None):
    language = _language_from_path(request)
    with translation.override(language):
        return render(request, "404.html", {"language": language}, status=404)


def server_error(request):
    # No context processors, no database: whatever broke must not break the error page too.
    language = _language_from_path(request)
    template = loader.get_template("500.html")
    with translation.override(language):
        from django.http import HttpResponseServerError

        return HttpResponseServerError(template.render({"language": language}))


@require_safe
def favicon(request):
    """The site's icon for browsers that ask for /favicon.ico (the hashed name is looked up
    per request: the static files manifest may not exist yet when the URLs are loaded)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def serve(request, path):
    """Wagtail's page view; the site's home page in the reader's language, where routing
    starts, comes from the frame instead of three queries (four in English)."""
    frame.route_for_request(request, path)
    return wagtail_views.serve(request, path)
