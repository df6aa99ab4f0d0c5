"""The cluster path, for real: Wagtail's OpenSearch 3 backend against osmem-server, an
in-memory server speaking the OpenSearch REST API (no genuine Elasticsearch or OpenSearch can
be installed here). This proves our index settings, documents, queries, fallback and index
signals through the code Wagtail's Elasticsearch and OpenSearch backends share; it does not
prove Lucene's scoring, nor the Elasticsearch client layer."""

import pytest
from django.core.management import call_command
from osmem_server import OsmemServer
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from config.settings.base import cluster_search_backends
from search.service import search_pages

from .factories import standard_page
from .test_search import relevance_misses

pytestmark = [pytest.mark.django_db, pytest.mark.cluster]


@pytest.fixture(scope="module")
def osmem():
    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


@pytest.fixture
def on_cluster(osmem, settings):
    clone = osmem.clone()
    settings.WAGTAILSEARCH_BACKENDS = cluster_search_backends(
        "wagtail.search.backends.opensearch3", clone.url
    )
    call_command("update_index", backend_name="default", verbosity=0)
    get_search_backend().refresh_indexes()
    yield clone
    clone.close()


def test_the_cluster_answers_and_nothing_falls_back(on_cluster):
    outcome = search_pages("zviedrija", "lv")
    assert not outcome.degraded
    assert outcome.matches


def test_relevance_set_on_the_opensearch_api(on_cluster):
    misses = relevance_misses()
    assert not misses, "\n".join(misses)


def test_the_same_matches_as_the_database_backend(on_cluster, settings):
    queries = [("ciemiem", "lv"), ("energijas kopiena", "lv"), ("swedish lags", "en")]
    on_cluster_sets = {q: set(search_pages(q, lang).matches) for q, lang in queries}
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    for q, lang in queries:
        assert set(search_pages(q, lang).matches) == on_cluster_sets[q], q


def test_publishing_and_unpublishing_update_the_cluster(on_cluster):
    home = Page.objects.get(depth=2, locale__language_code="lv")
    page = standard_page(home, title="Brīnumainais ūdensdzirnavu ciems")
    get_search_backend().refresh_indexes()
    assert page.pk in search_pages("ūdensdzirnavām", "lv").matches
    page.unpublish()
    get_search_backend().refresh_indexes()
    assert page.pk not in search_pages("ūdensdzirnavām", "lv").matches


def test_a_dead_cluster_falls_back_and_says_so(settings, client):
    settings.WAGTAILSEARCH_BACKENDS = cluster_search_backends(
        "wagtail.search.backends.opensearch3", "http://127.0.0.1:9"
    )
    response = client.get("/lv/meklet/", {"q": "zviedrija"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "/lv/vrg-prakse-eiropa/zviedrija/" in html
    assert "Galvenā meklēšanas sistēma šobrīd neatbild" in html


def test_publishing_never_fails_when_the_cluster_is_down(settings):
    settings.WAGTAILSEARCH_BACKENDS = cluster_search_backends(
        "wagtail.search.backends.opensearch3", "http://127.0.0.1:9"
    )
    home = Page.objects.get(depth=2, locale__language_code="lv")
    page = standard_page(home, title="Publicēta bez meklētāja")
    assert page.live
