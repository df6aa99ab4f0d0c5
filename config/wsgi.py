"""WSGI entry point; production unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# The search's "did you mean" vocabulary is built in the background as the server starts, so
# no reader's search waits for it (search/service.py).
from search.vocabulary import schedule_vocabulary  # noqa: E402

schedule_vocabulary()
