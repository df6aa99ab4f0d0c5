"""A search cluster (Wagtail's Elasticsearch or OpenSearch backend) behind a circuit breaker.

Configure with `"BACKEND": "search.cluster"` and `"CLUSTER": "wagtail.search.backends.…"`
(config/settings/base.py `cluster_search_backends`). Everything of the cluster backend is kept;
on top of it:

* searches use a client with a short timeout (`TIMEOUT`, SEARCH_TIMEOUT), indexing one with a
  longer one (`INDEX_TIMEOUT`): a reader never waits for the time a bulk index may need;
* every search and every change sent goes through the breaker (search/breaker.py): during a
  cool-down the cluster is not called at all and a search is answered by the database at once;
* a change that is not sent (cluster failed or skipped) is remembered (PendingSearchUpdate) and
  sent when the cluster is back: the probe that finds it back (or a search while changes wait)
  has them sent in the background (search/tasks.py), not in the reader's request; or by
  `manage.py search_status --send`."""

import functools
from urllib.parse import urlparse

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.module_loading import import_string
from modelsearch.index import get_indexed_instance
from wagtail.search.backends import get_search_backend

from .breaker import Breaker, ClusterUnavailable
from .models import PendingSearchUpdate

PENDING_KEY = "search:pending"
# While one sending of the pending changes is queued or under way, no other is queued; a
# sending that never reports (its process died) frees the way after this long.
SENDING_KEY = "search:pending:sending"
SENDING_SECONDS = 300


class GuardedResults:
    """Search results that ask the breaker first and trip it when the cluster fails. While the
    cluster is away the same search is answered by the "fallback" backend (the database), so
    every caller (the search page, the admin's search, the images API) gets its answer;
    `answered_by_database` tells the search page to say so. Without a fallback backend,
    ClusterUnavailable is raised."""

    answered_by_database = False
    call = None  # (autocomplete?, query, queryset, options): set by GuardedCluster._search

    def _clone(self):
        new = super()._clone()
        new.call = self.call
        return new

    def _guarded(self, call, on_database, doing):
        backend = self.backend
        admitted = backend.breaker.admit()
        try:
            if admitted is None:
                raise ClusterUnavailable("skipped during the cool-down")
            try:
                result = call()
            except DatabaseError:
                raise  # the database failed, not the cluster
            except Exception as exc:
                backend.breaker.failed(exc, doing)
                raise ClusterUnavailable(str(exc)) from exc
        except ClusterUnavailable:
            if self.call is None or "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
                raise
            self.answered_by_database = True
            return on_database(self._on_database())
        backend.after_success(admitted)
        return result

    def _on_database(self):
        autocomplete, query, queryset, options = self.call
        fallback = get_search_backend("fallback")
        search = fallback.autocomplete if autocomplete else fallback.search
        return search(query, queryset, **options)[self.start : self.stop]

    def _do_search(self):
        search = super()._do_search
        return iter(self._guarded(lambda: list(search()), list, "searching"))

    def facet(self, field_name):  # the admin's page search counts page types this way
        facet = super().facet
        return self._guarded(lambda: facet(field_name), lambda r: r.facet(field_name), "faceting")

    def _do_count(self):
        return self._guarded(super()._do_count, lambda results: results.count(), "counting")


class GuardedCluster:
    """Mixed in front of the cluster backend's class (see `SearchBackend` below)."""

    def __init__(self, params):
        params = dict(params)
        search_timeout = params.pop("TIMEOUT", 1)
        cooldown = params.pop("COOLDOWN", 30)
        params["TIMEOUT"] = params.pop("INDEX_TIMEOUT", 10)
        urls = params.get("URLS", [])
        options = dict(params.get("OPTIONS", {}))
        super().__init__(params)
        self.index_es = self.es  # indexing: the longer timeout
        if urls:
            options.update(self._get_options_from_host_urls([urlparse(url) for url in urls]))
        options[self.timeout_kwarg_name] = search_timeout
        self.es = self.client_class(hosts=self.hosts, **options)  # searching: the short one
        self.search_timeout = search_timeout
        name = ",".join(f"{h['host']}:{h['port']}{h.get('url_prefix', '')}" for h in self.hosts)
        self.breaker = Breaker(name, cooldown, probe_seconds=self.timeout + search_timeout)

    def _search(self, query_compiler_class, query, model_or_queryset, **options):
        results = super()._search(query_compiler_class, query, model_or_queryset, **options)
        if isinstance(results, GuardedResults):
            autocomplete = query_compiler_class is self.autocomplete_query_compiler_class
            results.call = (autocomplete, query, model_or_queryset, options)
        return results

    def get_index_for_model(self, model):
        index = super().get_index_for_model(model)
        index.es = self.index_es
        return index

    # Changes ------------------------------------------------------------------------------

    def add(self, obj):
        self._send(obj, super().add, "indexing")

    def delete(self, obj):
        self._send(obj, super().delete, "deleting from the index")

    def _send(self, obj, call, doing):
        admitted = self.breaker.admit()
        if admitted is not None:
            try:
                call(obj)
            except DatabaseError:
                raise
            except Exception as exc:
                self.breaker.failed(exc, doing)
            else:
                self.after_success(admitted)
                return
        remember(obj)

    # Coming back --------------------------------------------------------------------------

    def after_success(self, admitted):
        """The cluster answered: if it was away, or changes wait, have them sent in the
        background (search/tasks.py), one sending at a time, and not in this reader's request."""
        if self.breaker.succeeded(admitted) or cache.get(PENDING_KEY):
            if cache.add(SENDING_KEY, True, SENDING_SECONDS):
                from .tasks import send_pending_search_updates

                send_pending_search_updates.enqueue()

    def send_pending(self, limit=None):
        """Send what the cluster missed, oldest first; returns how many were sent. Stops at the
        first failure (the breaker opens, the rest stays pending)."""
        rows = list(PendingSearchUpdate.objects.all()[:limit])
        sent = 0
        for row in rows:
            try:
                model = apps.get_model(row.model)
            except LookupError:  # a model that no longer exists has nothing to index
                row.delete()
                continue
            instance = model._default_manager.filter(pk=row.object_id).first()
            indexed = get_indexed_instance(instance) if instance is not None else None
            try:
                if indexed is not None:
                    super().add(indexed)
                else:
                    super().delete(model(pk=model._meta.pk.to_python(row.object_id)))
            except DatabaseError:
                raise
            except Exception as exc:
                self.breaker.failed(exc, "sending pending changes")
                return sent
            # A change made again while this one was sent stays pending (its time moved on).
            PendingSearchUpdate.objects.filter(pk=row.pk, queued_at=row.queued_at).delete()
            sent += 1
        if not PendingSearchUpdate.objects.exists():
            cache.delete(PENDING_KEY)
        return sent


def remember(obj):
    """Keep an object whose change the cluster did not get."""
    indexed = type(obj)
    PendingSearchUpdate.objects.update_or_create(
        model=indexed._meta.label_lower, object_id=str(obj.pk)
    )
    cache.set(PENDING_KEY, True, None)


@functools.cache
def guarded_class(cluster_path):
    """The cluster backend's class (named by its module, as in WAGTAILSEARCH_BACKENDS) with
    the breaker in front of its searches and changes."""
    cluster = import_string(f"{cluster_path}.SearchBackend")
    base = cluster.results_class
    results = type(f"Guarded{base.__name__}", (GuardedResults, base), {})
    return type(f"Guarded{cluster.__name__}", (GuardedCluster, cluster), {"results_class": results})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    params = dict(params)
    return guarded_class(params.pop("CLUSTER"))(params)
