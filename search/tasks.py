"""Work the search does off the reader's path, as django-tasks tasks (the framework Wagtail 8
runs its own tasks on) on the `background` backend (settings.TASKS).

`ThreadBackend` runs them in one worker thread of the process that enqueued them, after the
transaction that enqueued them commits: no queue server, no worker process to run, nothing to
install, which suits the embedded set-up and a site whose only background work is rebuilding
what it can rebuild again at any time. What it does not give: a task still waiting when the
process stops is lost (the vocabulary's readers then schedule it again, search/service.py),
and it shares the process's CPU with the readers. A site that wants a separate worker points
`TASKS["background"]` at a queue backend (e.g. django-tasks-db and its `db_worker`)."""

import atexit
import logging
import queue
import threading

from django.db import close_old_connections, connections, transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

logger = logging.getLogger(__name__)

_queue = queue.Queue()
_worker = None
_worker_lock = threading.Lock()


def _work():
    while True:
        backend, task_result = _queue.get()
        try:
            close_old_connections()
            # The immediate backend's runner records the outcome and sends django-tasks'
            # signals; a failure is logged by it and stays in this thread.
            ImmediateBackend._execute_task(backend, task_result)
        except Exception:  # pragma: no cover - _execute_task catches what the task raises
            logger.exception("background task %s failed", task_result.task.name)
        finally:
            connections.close_all()
            _queue.task_done()


def _start_worker():
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="background-tasks", daemon=True)
            _worker.start()


def wait_for_background_tasks():
    """Block until every task enqueued in this process so far has run."""
    _queue.join()


# A process that ends (a management command such as load_content, a server's worker) first
# runs what it enqueued, instead of dropping it; the worker thread itself never holds it up.
atexit.register(wait_for_background_tasks)


class ThreadBackend(ImmediateBackend):
    """Tasks run one after another in a worker thread of this process, after the enqueuing
    transaction commits (never if it rolls back)."""

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = self._result(task, args, kwargs)

        def hand_over():
            _start_worker()
            _queue.put((self, result))

        transaction.on_commit(hand_over)
        return result

    def _result(self, task, args, kwargs):
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


@task(backend="background")
def rebuild_vocabulary():
    """Build every language's spelling vocabulary for the wanted version (search/service.py)."""
    from .vocabulary import build_vocabularies

    build_vocabularies()


@task(backend="background")
def send_pending_search_updates():
    """Send the search cluster what it missed while it was away (search/cluster.py)."""
    from django.core.cache import cache
    from wagtail.search.backends import get_search_backend

    from .cluster import SENDING_KEY, GuardedCluster

    try:
        backend = get_search_backend()
        if isinstance(backend, GuardedCluster):
            backend.send_pending()
    finally:
        cache.delete(SENDING_KEY)
