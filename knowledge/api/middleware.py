"""Good manners for partner sites on the public API: CORS for reads from any origin, cache
headers, no cookies, and a per-client rate limit that answers 429 with Retry-After."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

from knowledge.core.middleware import PUBLIC_PREFIXES


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
