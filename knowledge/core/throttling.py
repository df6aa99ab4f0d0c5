"""How fast one client may ask: the public API (Django REST framework's throttling, which
Wagtail's API views go through) and the readers' channels that a script could hammer (search,
suggestions, feeds, the open data and the widget).

Both are DRF's `SimpleRateThrottle`: it keeps each client's recent request times in the
default cache (Redis in production, so every worker counts together) and forgets those older
than the window, so the window slides: no burst of twice the limit across a boundary. The
client is `knowledge.core.clients.client_address`, the address every limit counts by.

DRF reads the times, decides and writes them back: two workers that do so at once both see
room, and one's write loses the other's request, so a script on many connections gets more
than the limit through. On Redis the check and the count are therefore one step (a short Lua
script on a sorted set of request times: drop the old ones, count, add if there is room); the
in-process cache of the embedded default keeps DRF's way (one process, nothing to share).
"""

import hashlib
import math
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler

from .clients import client_address

# KEYS[1]: the client's sorted set; ARGV: now, window, limit, a member for this request.
# Answers {1} when the request is counted, or {0, the oldest counted time} when it is refused.
SLIDING_WINDOW = """
local key, now, window = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < tonumber(ARGV[3]) then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('EXPIRE', key, math.ceil(window))
  return {1}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, oldest[2]}
"""


class WindowThrottle(SimpleRateThrottle):
    """At most `<limit setting>` requests per `<window setting>` seconds per client (a limit
    of 0 turns it off); `scope` keeps each channel's count apart."""

    limit_setting = window_setting = ""
    _oldest = None

    def __init__(self, scope=None):
        if scope:
            self.scope = scope
        super().__init__()

    def get_rate(self):
        limit = int(getattr(settings, self.limit_setting))
        return (limit, int(getattr(settings, self.window_setting))) if limit > 0 else None

    def parse_rate(self, rate):
        return rate if rate is not None else (None, None)

    def get_cache_key(self, request, view):
        # The cache keeps a digest, not the reader's address.
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
        return self.cache_format % {"scope": self.scope, "ident": digest.hexdigest()[:32]}

    def allow_request(self, request, view):
        if self.rate is None or not isinstance(self.cache, RedisCache):
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        self.now = self.timer()
        redis_key = self.cache.make_and_validate_key(self.key)
        client = self.cache._cache.get_client(redis_key, write=True)
        member = f"{self.now}:{uuid.uuid4().hex}"
        answer = client.eval(
            SLIDING_WINDOW, 1, redis_key, self.now, self.duration, self.num_requests, member
        )
        if answer[0] == 1:
            return True
        self._oldest = float(answer[1])
        return False

    def wait(self):
        if self._oldest is None:
            return super().wait()
        return max(0.0, self.duration - (self.now - self._oldest))

    def retry_after(self):
        """Whole seconds until the oldest request in the window leaves it (at least 1)."""
        return max(1, math.ceil(self.wait() or 1))


class APIThrottle(WindowThrottle):
    scope = "api"
    limit_setting, window_setting = "API_RATE_LIMIT", "API_RATE_WINDOW"


class ReaderThrottle(WindowThrottle):
    scope = "reader"
    limit_setting, window_setting = "READER_RATE_LIMIT", "READER_RATE_WINDOW"


def api_too_many_message(retry_after):
    return (
        f"Too many requests: at most {settings.API_RATE_LIMIT} every "
        f"{settings.API_RATE_WINDOW} seconds. Try again in {retry_after} seconds."
    )


def api_exception_handler(exc, context):
    """DRF's handler, except that a throttled request gets the API's own error shape
    (`{"message": …}`) that partners read, with Retry-After in whole seconds."""
    if isinstance(exc, Throttled):
        retry_after = max(1, math.ceil(exc.wait or 1))
        return Response(
            {"message": api_too_many_message(retry_after)},
            status=429,
            headers={"Retry-After": str(retry_after)},
        )
    return exception_handler(exc, context)


def limited(throttle_class, scope=None):
    """A Django view (not DRF's) behind `throttle_class`: past the limit it answers 429 with
    Retry-After and a short plain message in the reader's language (the API's JSON shape for
    the API's own throttle)."""

    def decorate(view):
        @wraps(view)
        def limited_view(request, *args, **kwargs):
            throttle = throttle_class(scope)
            if throttle.allow_request(request, None):
                return view(request, *args, **kwargs)
            retry_after = throttle.retry_after()
            if issubclass(throttle_class, APIThrottle):
                response = JsonResponse({"message": api_too_many_message(retry_after)}, status=429)
            else:
                message = gettext(
                    "Too many requests from your address in a short time. "
                    "Please wait a little and try again."
                )
                response = HttpResponse(
                    message, status=429, content_type="text/plain; charset=utf-8"
                )
            response["Retry-After"] = str(retry_after)
            return response

        return limited_view

    return decorate
