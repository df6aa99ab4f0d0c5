"""Good manners for partner sites on the public API: CORS for reads from any origin, cache
headers and no cookies. The per-client rate limit is DRF's throttling
(knowledge/core/throttling.py); this middleware gives its 429 the CORS headers too."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

from knowledge.core.middleware import PUBLIC_PREFIXES


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
