"""Production: PostgreSQL, Redis, Elasticsearch from the environment; refuses to start without
its secret, its public address, the editors' address or a shared cache."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production")

# Absolute addresses in the API, feeds, open data, e-mails and document links are built from
# the site's public address: without it they would point partners and readers at 127.0.0.1.
_base_url = urlsplit(env("WAGTAILADMIN_BASE_URL", ""))
if _base_url.scheme not in {"http", "https"} or not _base_url.hostname:
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be set in the environment for production: the site's public "
        "address, e.g. https://viedieciemi.lv"
    )
# The privacy page and the story form's confirmation name where to ask for deletion.
if not env("EDITORS_EMAIL"):
    raise ImproperlyConfigured(
        "EDITORS_EMAIL must be set in the environment for production: the editors' shared "
        "address that the privacy page gives for questions and deletion"
    )

# Several worker processes must share one cache: the page cache, what every page's frame
# remembers, the limits, the lock-outs and the search's breaker are all kept there, and a
# process's own memory would hear of a publish only in the process that handled it.
if not (env("CACHE_URL") or env("REDIS_URL")):
    raise ImproperlyConfigured(
        "REDIS_URL (or CACHE_URL) must be set in the environment for production: the cache the "
        "worker processes share, e.g. redis://redis:6379/0"
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
# The site's subdomains (if any) are HTTPS too; set to 0 where one is not.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
