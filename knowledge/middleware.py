"""Good manners for partner sites on the public API: CORS for reads from any origin, cache
headers, no cookies, and a per-client rate limit that answers 429 with Retry-After."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_cache_control

PUBLIC_PREFIXES = ("/api/",)


def _client(request):
    # Behind a proxy the first X-Forwarded-For address is the client (set TRUSTED_PROXY).
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def _not_found_as_a_web_page(response):
    """Whether an API address that does not exist was answered with the site's HTML 404 page,
    which is meant for readers, not for the partner's code."""
    return response.status_code == 404 and not response.get("Content-Type", "").startswith(
        "application/json"
    )


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except for the addresses that live outside the language trees.

    For a missing address without a language prefix, Django redirects to /lv/… whenever that
    path would match, and the page tree under a language prefix matches any path: a partner's
    mistyped /api/… or /embed/… address became a redirect to an HTML page. Those get their
    404 where they were asked."""

    OUTSIDE_LANGUAGES = ("/api/", "/embed/", "/documents/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.OUTSIDE_LANGUAGES):
            return response
        return super().process_response(request, response)


class PublicAPIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return self._cors(HttpResponse(status=204))
        limited = self._rate_limited(request)
        if limited is not None:
            return self._cors(limited)
        response = self.get_response(request)
        if _not_found_as_a_web_page(response):
            response = JsonResponse({"message": f"not found: {request.path}"}, status=404)
        response.cookies.clear()
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        return self._cors(response)

    @staticmethod
    def _cors(response):
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        response["Access-Control-Max-Age"] = "86400"
        return response

    @staticmethod
    def _rate_limited(request):
        limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW
        if not limit:
            return None
        slot = int(time.time() // window)
        key = f"api-rate:{_client(request)}:{slot}"
        cache.add(key, 0, window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window + 1)
            count = 1
        if count <= limit:
            return None
        retry_after = max(1, int(window - time.time() % window))
        response = JsonResponse(
            {
                "message": f"Too many requests: at most {limit} every {window} seconds. "
                f"Try again in {retry_after} seconds."
            },
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response


NUL_MESSAGE = (
    "Adresē ir rakstzīme NUL (%00), ko nevar saturēt neviena lapa. "
    "The address contains a NUL character (%00), which no page can hold."
)


class NulCharacterMiddleware:
    """A NUL character in the address is a 400 with a message, on every database.

    PostgreSQL cannot hold NUL in a text value, so looking up a page or filtering the API by
    one failed as a server error there (SQLite merely found nothing). The search's `q` is left
    alone: the search cleans control characters out of the reader's words and answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        suspect = [request.path]
        for key, values in request.GET.lists():
            if key != "q":  # the reader's words: the search cleans them and answers
                suspect += [key, *values]
        if not any("\x00" in text for text in suspect):
            return self.get_response(request)
        if request.path.startswith(PUBLIC_PREFIXES):
            return JsonResponse({"message": NUL_MESSAGE}, status=400)
        return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")


class CompressionMiddleware(GZipMiddleware):
    """Readers' pages, feeds, the sitemap and the API's JSON travel gzip-compressed: a home
    page of 11 KB becomes less than 4 KB, a 20-story API page a fifth of its size; a second or
    more saved on a weak rural signal, for our readers and the partners'.

    Compression with a secret in the page lets an attacker who can also put words into it
    guess the secret from the length (BREACH). So nothing is compressed that may hold one:
    not the admin, and no response that rendered a CSRF token (a private page's password
    form, say) or that was made for a signed-in editor (the Wagtail user bar)."""

    def process_response(self, request, response):
        if (
            request.path.startswith("/admin/")
            # Django sends the CSRF cookie with every response that rendered a token.
            or settings.CSRF_COOKIE_NAME in response.cookies
            or getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            return response
        return super().process_response(request, response)
