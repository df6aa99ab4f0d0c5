"""The real content is loaded once into the test database: tests read what a reader reads."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from search import remembered


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture(autouse=True)
def _frame_of_this_test():
    """What was remembered (search/remembered.py) in an earlier test, whose changes were
    rolled back without a signal, is not this test's."""
    remembered.renew()


@pytest.fixture
def lv(db):
    return Locale.objects.get(language_code="lv")


@pytest.fixture
def en(db):
    return Locale.objects.get(language_code="en")


def page_of(model, language, **filters):
    """The one live page of `model` in `language` matching `filters` (first one if several)."""
    return (
        model.objects.live()
        .filter(locale__language_code=language, **filters)
        .order_by("path")
        .first()
    )


@pytest.fixture
def pages_of():
    return page_of


@pytest.fixture(scope="module")
def site_url(django_db_setup, django_db_blocker):
    """This site, served by a thread that shares the test database (for the browser tests)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    from tests.browser import serve

    with django_db_blocker.unblock(), serve(StaticFilesHandler) as url:
        yield url


def all_public_pages(language):
    return Page.objects.live().public().filter(locale__language_code=language, depth__gt=1)
