"""The "did you mean" vocabulary is rebuilt off the reader's path (#15 item 3, #16 item 3): a
publish or a privacy change schedules a background task; a reader who searches meanwhile
gets the previous vocabulary at the cost of any other search; once the task has run, the new
words are known (and a private page's are forgotten)."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks import task, task_backends

from search import vocabulary as service
from search.tasks import ThreadBackend, rebuild_vocabulary, wait_for_background_tasks

from .factories import story
from .test_hidden_content import PASSWORD, set_privacy

pytestmark = pytest.mark.django_db

SEARCH = "/lv/meklet/"
# A word only the new story has, and a typo of it that "did you mean" mends once it is known.
WORD, TYPO = "gliemežvāciņš", "gleimežvāciņš"


@pytest.fixture
def recorded_tasks(settings):
    """The background backend records what is enqueued and runs nothing by itself."""
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    backend = task_backends["background"]
    yield backend
    backend.clear()
    cache.delete(service._SCHEDULED_KEY)


def run(backend):
    """Run what was enqueued, as the background worker would, and forget it."""
    enqueued = list(backend.results)
    backend.clear()
    for result in enqueued:
        result.task.call(*result.args, **result.kwargs)
    return [result.task for result in enqueued]


def searched(client):
    """The search page for the typo, and the SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(SEARCH, {"q": TYPO}).content.decode()
    return html, len(queries)


def test_a_publish_schedules_the_rebuild_and_readers_keep_the_previous_vocabulary(
    client, recorded_tasks, django_capture_on_commit_callbacks
):
    rebuild_vocabulary.call()
    searched(client)  # a first visit fills the caches a running site keeps
    html, before = searched(client)
    assert WORD not in html

    with django_capture_on_commit_callbacks(execute=True):
        story("lv", title="Gliemežu stāsts", intro=f"Ciemā atrada {WORD}.")
    assert rebuild_vocabulary in [result.task for result in recorded_tasks.results]
    # Another search reads again what the search and every page's frame remember, which the
    # publish renewed (search/remembered.py); the vocabulary is not part of it.
    assert client.get(SEARCH, {"q": "ciems"}).status_code == 200

    # Right after the publish: the previous vocabulary, and no more queries than any search
    # (the rebuild reads every public page, two queries a page, and is not in the request).
    html, after = searched(client)
    assert WORD not in html
    assert after == before

    assert rebuild_vocabulary in run(recorded_tasks)
    html, _queries = searched(client)
    assert WORD in html


def test_the_rebuild_is_scheduled_once_not_by_every_reader(
    client, recorded_tasks, django_capture_on_commit_callbacks
):
    rebuild_vocabulary.call()
    with django_capture_on_commit_callbacks(execute=True):
        story("lv", title="Gliemežu stāsts", intro=f"Ciemā atrada {WORD}.")
    for _reader in range(3):
        searched(client)
    assert [result.task for result in recorded_tasks.results] == [rebuild_vocabulary]


def test_a_privacy_change_makes_the_rebuild_forget_the_pages_words(
    admin_client, client, recorded_tasks, django_capture_on_commit_callbacks
):
    page = story("lv", title="Gliemežu stāsts", intro=f"Ciemā atrada {WORD}.")
    rebuild_vocabulary.call()
    assert WORD in searched(client)[0]

    with django_capture_on_commit_callbacks(execute=True):
        set_privacy(admin_client, page, "password", password=PASSWORD)
    assert rebuild_vocabulary in run(recorded_tasks)
    assert WORD not in searched(client)[0]

    with django_capture_on_commit_callbacks(execute=True):
        set_privacy(admin_client, page, "none")
    assert rebuild_vocabulary in run(recorded_tasks)
    assert WORD in searched(client)[0]


def test_an_empty_cache_does_not_make_a_reader_wait(client, recorded_tasks):
    """Before the first build (a cold cache), the search answers without "did you mean", and
    the first build is scheduled, not run in the request."""
    cache.clear()
    service._memo.clear()
    response = client.get(SEARCH, {"q": "stratēģija"})
    assert response.status_code == 200
    assert [result.task for result in recorded_tasks.results] == [rebuild_vocabulary]
    run(recorded_tasks)
    assert service.vocabulary("lv")["terms"]


# The thread backend of dev and production --------------------------------------------------

ran = []


@task(backend="background")
def note(label):
    ran.append((label, threading.current_thread().name))


def test_the_thread_backend_runs_a_task_after_commit_in_its_own_thread(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "search.tasks.ThreadBackend"},
    }
    assert isinstance(task_backends["background"], ThreadBackend)
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note.enqueue("kept")
        try:
            with transaction.atomic():
                note.enqueue("rolled back")
                raise RuntimeError
        except RuntimeError:
            pass
        assert ran == []  # nothing before the commit
    wait_for_background_tasks()
    assert ran == [("kept", "background-tasks")]
