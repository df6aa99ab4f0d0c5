"""Local development: debug on, a throwaway secret, files served as they are."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files from the source folders: no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Benchmarks and development commands, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
# The editors' address at the foot of every page (production: their shared mailbox).
EDITORS_EMAIL = env("EDITORS_EMAIL", "redaktori@localhost")
