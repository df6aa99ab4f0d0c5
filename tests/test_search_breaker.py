"""The search cluster's circuit breaker, against an osmem-server process of the test's own (an
in-memory server speaking the OpenSearch API, not Elasticsearch) that is stopped, killed or
paused (SIGSTOP: it accepts connections and never answers, the hang) mid-test.

Timings are asserted loosely (a bound of whole timeouts, not milliseconds); what is asserted
exactly is who answered: the cluster, or the database with the search page saying so."""

import logging
import os
import signal
import time

import pytest
from django.core.management import call_command
from opensearchpy.transport import Transport
from osmem_server import OsmemError, OsmemServer
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from config.settings.base import cluster_search_backends
from knowledge.stories.models import GoodPracticeStory
from search.models import PendingSearchUpdate
from search.service import search_pages

from .admin_forms import admin_user
from .factories import standard_page

pytestmark = [pytest.mark.django_db, pytest.mark.cluster]

TIMEOUT = 1.0
COOLDOWN = 3.0


@pytest.fixture
def cluster(settings):
    server = OsmemServer.start(japanese=False)
    settings.WAGTAILSEARCH_BACKENDS = cluster_search_backends(
        "wagtail.search.backends.opensearch3", server.url
    )
    settings.WAGTAILSEARCH_BACKENDS["default"].update(TIMEOUT=TIMEOUT, COOLDOWN=COOLDOWN)
    call_command("update_index", backend_name="default", verbosity=0)
    get_search_backend().refresh_indexes()
    yield server
    if server.process.poll() is None:
        os.kill(server.pid, signal.SIGCONT)
    server.close(grace=1)


@pytest.fixture
def cluster_calls(monkeypatch):
    """Every request the site sends to the cluster, by path."""
    calls = []
    original = Transport.perform_request

    def counted(self, method, url, *args, **kwargs):
        calls.append(url)
        return original(self, method, url, *args, **kwargs)

    monkeypatch.setattr(Transport, "perform_request", counted)
    return calls


def timed(call, *args, **kwargs):
    start = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - start


def status():
    from io import StringIO

    out = StringIO()
    call_command("search_status", stdout=out)
    return out.getvalue()


def in_cluster(server, page):
    """Whether the cluster's own index holds the page (asked of the server, not the site)."""
    index = get_search_backend().get_index_for_model(Page).name
    try:
        server.request("GET", f"/{index}/_doc/{page.pk}")
    except OsmemError:
        return False
    return True


def lv_home():
    return Page.objects.get(depth=2, locale__language_code="lv")


def test_a_paused_cluster_costs_one_short_timeout_per_cooldown(cluster, client, cluster_calls):
    before = standard_page(lv_home(), title="Vējdzirnavu ciema vecā lapa")
    get_search_backend().refresh_indexes()
    assert in_cluster(cluster, before)
    assert not search_pages("zviedrija", "lv").degraded

    os.kill(cluster.pid, signal.SIGSTOP)
    cluster_calls.clear()
    outcome, first = timed(search_pages, "zviedrija", "lv")
    assert outcome.degraded and outcome.matches  # the database answered
    assert len(cluster_calls) == 1 and first < 3 * TIMEOUT  # one timeout, then the database

    # During the cool-down nobody waits for the cluster, nobody calls it.
    cluster_calls.clear()
    for query in ("ciemiem", "energijas kopiena", "zviedrija"):
        outcome, took = timed(search_pages, query, "lv")
        assert outcome.degraded and outcome.matches
        assert took < TIMEOUT
    response, took = timed(client.get, "/lv/meklet/", {"q": "zviedrija"})
    assert "Galvenā meklēšanas sistēma šobrīd neatbild" in response.content.decode()
    assert took < TIMEOUT
    assert cluster_calls == []

    # A page published and one deleted now are remembered, and the editor does not wait.
    added, took = timed(standard_page, lv_home(), title="Ūdensdzirnavu ciema jaunā lapa")
    assert took < TIMEOUT
    before.delete()
    assert cluster_calls == []
    report = status()
    assert "cluster answers: no" in report and "breaker: open" in report
    assert "pending: 2" in report

    # After the cool-down one request at a time probes: while another worker's probe is
    # under way, a search does not wait for the cluster.
    time.sleep(COOLDOWN)
    cluster_calls.clear()
    breaker = get_search_backend().breaker
    assert breaker.admit() == "probe"  # the other worker's probe
    outcome = search_pages("zviedrija", "lv")  # (rebuilds the vocabulary after the changes)
    assert outcome.degraded and cluster_calls == []
    breaker.failed(TimeoutError("timed out"), "searching")  # that probe timed out
    # One search probes the still paused cluster: one timeout, no more.
    time.sleep(COOLDOWN)
    _outcome, probe = timed(search_pages, "zviedrija", "lv")
    assert len(cluster_calls) == 1 and probe < 3 * TIMEOUT
    outcome, took = timed(search_pages, "zviedrija", "lv")
    assert outcome.degraded and took < TIMEOUT
    assert len(cluster_calls) == 1

    # Back: the next probe finds it, sends what it missed, and the cluster answers again.
    os.kill(cluster.pid, signal.SIGCONT)
    time.sleep(COOLDOWN)
    search_pages("zviedrija", "lv")
    get_search_backend().refresh_indexes()
    assert in_cluster(cluster, added) and not in_cluster(cluster, before)
    outcome = search_pages("ūdensdzirnavām", "lv")
    assert not outcome.degraded
    assert added.pk in outcome.matches
    report = status()
    assert "cluster answers: yes" in report and "breaker: closed" in report
    assert "pending: none" in report


def test_pages_that_do_not_search_never_touch_the_cluster(cluster, client, cluster_calls):
    os.kill(cluster.pid, signal.SIGSTOP)
    story = GoodPracticeStory.objects.live().filter(locale__language_code="lv").first()
    cluster_calls.clear()
    for url in ("/lv/", "/en/", story.url):
        response, took = timed(client.get, url)
        assert response.status_code == 200, url
        assert took < TIMEOUT, url
    assert cluster_calls == []


@pytest.mark.parametrize("how", ["stopped", "killed"])
def test_a_cluster_that_is_gone_falls_back_with_one_line_of_log(cluster, client, caplog, how):
    if how == "stopped":
        cluster.close(grace=5)  # connections are refused
    else:
        os.kill(cluster.pid, signal.SIGKILL)
        cluster.process.wait()
    caplog.set_level(logging.INFO, logger="search")
    for _ in range(5):
        response, took = timed(client.get, "/lv/meklet/", {"q": "zviedrija"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "/lv/vrg-prakse-eiropa/zviedrija/" in html
        assert "Galvenā meklēšanas sistēma šobrīd neatbild" in html
        assert took < 2 * TIMEOUT
    suggestions = client.get("/lv/meklet/ieteikumi/", {"q": "zvied"}).json()["suggestions"]
    assert suggestions
    # Whatever else searches through Wagtail gets its answer from the database too.
    images = client.get("/api/v2/images/", {"search": "ciems"})
    assert images.status_code == 200 and "items" in images.json()
    client.force_login(admin_user())
    found = client.get("/admin/pages/search/", {"q": "Zviedrija"})
    assert found.status_code == 200
    assert "/lv/vrg-prakse-eiropa/zviedrija/" in found.content.decode() or any(
        p.title == "Zviedrija" for p in found.context["pages"]
    )
    page = standard_page(lv_home(), title="Publicēta bez meklētāja")
    assert page.live
    assert PendingSearchUpdate.objects.filter(object_id=str(page.pk)).exists()
    lines = [r for r in caplog.records if r.name.startswith("search")]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].levelno == logging.WARNING
    assert not [r for r in caplog.records if r.exc_info], "no traceback is logged"
    assert "the database answers for the next 3.0 s" in lines[0].getMessage()
