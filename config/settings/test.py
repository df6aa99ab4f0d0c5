"""Fast, isolated test settings: MD5 hasher, in-memory cache and media, no manifest."""

import tempfile
import uuid

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("REDIS_URL"):
    # Production's cache, for real; a prefix of its own keeps each run apart.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": f"viedie-ciemi-test-{uuid.uuid4().hex[:8]}",
            "TIMEOUT": 600,
        }
    }
MEDIA_ROOT = tempfile.mkdtemp(prefix="viedie-ciemi-test-media-")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
# No console handler (pytest captures); what the site leaves unsaid (the search clients'
# tracebacks, see base.py) stays unsaid here too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {name: LOGGING["loggers"][name] for name in ("opensearch", "elastic_transport")},  # noqa: F405
}
if env("DATABASE_URL", "").startswith("sqlite") or not env("DATABASE_URL"):
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
# Serve static files from the source folders: no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Benchmarks and development commands, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
EDITORS_EMAIL = "redaktori@localhost"
# Background work runs on the spot, inside the test's transaction, where it can see the test's
# pages (tests/test_vocabulary_offpath.py swaps in a backend that only records).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# One process asks thousands of times from 127.0.0.1: the limits are off, except in the tests
# of the limits themselves (tests/test_throttling.py), which turn them on with small numbers.
API_RATE_LIMIT = 0
READER_RATE_LIMIT = 0
# Every test sees the page it asks for; tests/test_page_cache.py turns the cache on.
PAGE_CACHE = False
