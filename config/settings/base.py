"""Settings shared by every environment; safe for production, read from the environment.

Why this module is long: every setting the environment can set is read here, in one place,
each with the comment that says what it does, so that it stays in step with the README's
settings table (tests/test_settings.py); `dev`, `test` and `production` only change a few."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "knowledge",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "knowledge.core.middleware.ResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "knowledge.api.middleware.PublicAPIMiddleware",
    # Before compression, sessions and languages: a cached page skips them all.
    "knowledge.core.middleware.PageCacheMiddleware",
    "knowledge.core.middleware.CompressionMiddleware",
    "knowledge.core.middleware.NulCharacterMiddleware",
    "knowledge.core.frame.SiteMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "knowledge.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "knowledge.core.middleware.SignedInNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "knowledge.newsroom.mail.MailWarningMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "knowledge.core.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused for a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# The admin's preview frames this site's own pages; other sites may frame only the widget.
X_FRAME_OPTIONS = "SAMEORIGIN"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The site's tags live with the site's core, not at the app's top level.
            "libraries": {
                "site_tags": "knowledge.core.templatetags.site_tags",
                "newsroom_tags": "knowledge.newsroom.tags",
                "story_map_tags": "knowledge.stories.map.tags",
            },
        },
    },
]

# The embedded default is a SQLite file beside the code; production says DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded set-up serves readers while an editor publishes: in WAL mode reads do not
    # wait for a write, a write does not wait for an fsync of its own, and writers queue for
    # a lock taken up front instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env("CACHE_URL") or env("REDIS_URL")
if _cache_url and _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "viedie-ciemi"),
            "TIMEOUT": 300,
        }
    }
elif _cache_url:
    raise ImproperlyConfigured("CACHE_URL/REDIS_URL must be a redis:// or rediss:// address")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous readers, until content changes (knowledge/core/pagecache.py); the
# lifetime is only an upper bound, a change forgets them at once.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "86400"))
# A CDN in front, purged on every change: FRONTEND_CACHE=http (Varnish, nginx: a PURGE for
# every public page, sent to FRONTEND_CACHE_LOCATION) or cloudflare (the zone emptied).
_FRONTEND_CACHES = {
    "http": ("HTTPBackend", {"LOCATION": "FRONTEND_CACHE_LOCATION"}),
    "cloudflare": (
        "CloudflareBackend",
        {"ZONEID": "CLOUDFLARE_ZONE_ID", "BEARER_TOKEN": "CLOUDFLARE_API_TOKEN"},
    ),
}
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE"):
    if env("FRONTEND_CACHE") not in _FRONTEND_CACHES:
        raise ImproperlyConfigured("FRONTEND_CACHE must be http or cloudflare")
    _backend, _variables = _FRONTEND_CACHES[env("FRONTEND_CACHE")]
    if _missing := [variable for variable in _variables.values() if not env(variable)]:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE={env('FRONTEND_CACHE')} needs " + " and ".join(_missing)
        )
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": f"wagtail.contrib.frontend_cache.backends.{_backend}",
            **{name: env(variable) for name, variable in _variables.items()},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Latvian is the source language and the default, English the translation.
LANGUAGE_CODE = "lv"
LANGUAGES = [("lv", "Latviešu"), ("en", "English")]
LOCALE_PATHS = [
    BASE_DIR / "locale",  # the project's own catalogue: the first entry wins
    BASE_DIR / "locale/upstream/wagtail-admin",
    BASE_DIR / "locale/upstream/wagtail",
    BASE_DIR / "locale/upstream/wagtail-localize",
    BASE_DIR / "locale/upstream/django",
]
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "viedie_ciemi_language"

WAGTAIL_I18N_ENABLED = True
# A page submitted for translation starts as a draft in the other language, never live with
# the source language's text: a translator publishes it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Viedie ciemi"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "md", "odt", "pdf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_HITS_MAX_AGE = 14
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILAPI_LIMIT_MAX = 50
WAGTAIL_PASSWORD_RESET_ENABLED = False


# E-mail (see README, "Settings"): EMAIL_URL or EMAIL_HOST/… name an SMTP server; without
# them messages are written to files in sent-mail/. Either way they go through
# knowledge.newsroom.mail, which keeps in the database what the server does not take.
def email_delivery(url):
    """The real backend and its settings from `smtp://user:pass@host:port/?tls=1`
    (`smtps://` or `?ssl=1` for SSL), `file:///path` or `console://`."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "console":
        return {"EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL must be smtp://, smtps://, file:// or console://")
    flag = {"1": True, "true": True, "yes": True, "on": True}
    use_ssl = parts.scheme == "smtps" or flag.get(query.get("ssl", "").lower(), False)
    use_tls = not use_ssl and flag.get(query.get("tls", "").lower(), False)
    return {
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


EMAIL_BACKEND = "knowledge.newsroom.mail.QueueingEmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Viedie ciemi <viedie-ciemi@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if env("EMAIL_URL"):
    globals().update(email_delivery(env("EMAIL_URL")))
elif env("EMAIL_HOST"):
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_PORT = int(
        env("EMAIL_PORT", "465" if EMAIL_USE_SSL else "587" if EMAIL_USE_TLS else "25")
    )
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
else:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


# Search: Wagtail's database backend is the embedded default; ELASTICSEARCH_URL switches to the
# cluster (see README, "Search").
def cluster_search_backends(backend, url):
    """A search cluster as the default backend, behind a circuit breaker (search/cluster.py),
    with the database backend kept up to date beside it: it answers when the cluster is down,
    slow or in its cool-down."""
    return {
        "default": {
            "BACKEND": "search.cluster",
            "CLUSTER": backend,
            "URLS": [url],
            # Wagtail names an index after its root model: "viedie-ciemi_wagtailcore_page".
            "INDEX_PREFIX": env("SEARCH_INDEX", "viedie-ciemi") + "_",
            # A reader's search waits this long at most; indexing (a bulk update_index) longer.
            "TIMEOUT": float(env("SEARCH_TIMEOUT", "1")),
            "INDEX_TIMEOUT": float(env("SEARCH_INDEX_TIMEOUT", "10")),
            # After a failure or a timeout the cluster is skipped this long, then probed.
            "COOLDOWN": float(env("SEARCH_COOLDOWN", "30")),
            "OPTIONS": {"max_retries": 0},
            "INDEX_SETTINGS": {},
        },
        "fallback": {"BACKEND": "search.backends"},
    }


WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
if env("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = cluster_search_backends(
        "wagtail.search.backends.elasticsearch8", env("ELASTICSEARCH_URL")
    )
elif env("OPENSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = cluster_search_backends(
        "wagtail.search.backends.opensearch3", env("OPENSEARCH_URL")
    )

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# The app serves uploaded images itself (knowledge/core/media.py) unless a reverse proxy does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names: a phone on a weak signal caches them for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The client behind reverse proxies (knowledge/core/clients.py): how many proxies append to
# X-Forwarded-For in front of the app; the client is counted that many from the right.
# TRUST_X_FORWARDED_FOR=1, the older setting, means one proxy.
NUM_PROXIES = int(env("NUM_PROXIES", "1" if env_bool("TRUST_X_FORWARDED_FOR", False) else "0"))

# Limits per client in a sliding window, in the shared cache (knowledge/core/throttling.py): the
# public API's, and the readers' channels' (search, suggestions, feeds, open data, widget; each
# counted apart) — far above what a person reading does, well below what a script sends.
API_RATE_LIMIT = int(env("API_RATE_LIMIT", "300"))
API_RATE_WINDOW = int(env("API_RATE_WINDOW", "60"))
API_CACHE_SECONDS = int(env("API_CACHE_SECONDS", "300"))
READER_RATE_LIMIT = int(env("READER_RATE_LIMIT", "120"))
READER_RATE_WINDOW = int(env("READER_RATE_WINDOW", "60"))

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Coordinates and amounts are numbers for partners, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_THROTTLE_CLASSES": ["knowledge.core.throttling.APIThrottle"],
    "EXCEPTION_HANDLER": "knowledge.core.throttling.api_exception_handler",
}

# Password guessing (django-axes; knowledge/core/logins.py): after LOGIN_FAILURE_LIMIT wrong
# passwords for one account, or from one client, signing in is refused for
# LOGIN_LOCKOUT_MINUTES, also with the right password; an editor can lift it sooner in the
# admin (Settings → Sign-in lock-outs). Page passwords are limited alike, per client and page.
LOGIN_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "knowledge.core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "knowledge.core.logins.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept for the cool-off only, not every sign-in
AXES_ENABLE_ADMIN = False  # the site has Wagtail's admin only; its view is in core/logins.py
AXES_VERBOSE = False  # no banner on every manage.py command
# Axes' backend refuses a locked-out sign-in before the password is checked; it is first, and
# also a ModelBackend, because Wagtail's test helpers sign in with the first backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Wagtail's own tasks run as they always have (django-tasks' immediate backend). The search's
# rebuilds (the "did you mean" vocabulary) run off the reader's path: in a worker thread of the
# process, after the change commits (search/tasks.py). A queue backend with its own worker
# (e.g. django-tasks-db) can take its place here without other changes.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "search.tasks.ThreadBackend"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Wagtail logs every background task and publish at INFO: too loud for a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The cluster clients log every failed request with its traceback; the breaker
        # (search/breaker.py) says it in one line per cool-down instead.
        "opensearch": {"level": "ERROR"},
        "elastic_transport": {"level": "ERROR"},
    },
}

SITE_TITLE = _("Smart villages")

# "Tell us your story" (knowledge/newsroom/): the editors' shared address (shown at the foot of
# every page; the sender's confirmation is answered to it), how long a sender's name and e-mail
# address are kept (the privacy page says 12 months), and the anti-spam limits: stories per
# client per window, and the fewest seconds a person takes to fill in the form.
EDITORS_EMAIL = env("EDITORS_EMAIL", "")
SUBMISSION_RETENTION_DAYS = int(env("SUBMISSION_RETENTION_DAYS", "365"))
SUBMISSION_RATE_LIMIT = int(env("SUBMISSION_RATE_LIMIT", "5"))
SUBMISSION_RATE_WINDOW = int(env("SUBMISSION_RATE_WINDOW", "3600"))
SUBMISSION_MIN_SECONDS = float(env("SUBMISSION_MIN_SECONDS", "5"))
