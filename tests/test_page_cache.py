"""Anonymous readers get whole pages from the cache, and a change an editor publishes shows on
every page at once, in both languages; nothing personal is ever kept; a CDN is purged."""

import gzip
import http.server
import json
import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils.http import http_date
from wagtail.contrib.frontend_cache.backends import CloudflareBackend
from wagtail.models import Locale, Site

from knowledge.core import pagecache
from knowledge.models import (
    ConceptGuidePage,
    GlossaryPage,
    GlossaryTerm,
    HomePage,
    RoadmapStepPage,
    SelfCheckPage,
    StoryIndexPage,
    StorySubmissionPage,
    Theme,
)
from tests.admin_forms import committed, post_data, preview, preview_on_edit_url, publish_edit
from tests.conftest import page_of
from tests.factories import publish, restrict, standard_page, story

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}
PUBLISH = {"action-publish": "action-publish"}


def _redis_reachable():
    try:
        import redis

        return redis.Redis(socket_connect_timeout=0.5).ping()
    except Exception:
        return False


BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": f"viedie-ciemi-test-pagecache-{uuid.uuid4().hex[:8]}",
    },
}


@pytest.fixture(
    params=[
        "locmem",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1"),
        ),
    ]
)
def page_cache(request, settings):
    """The page cache on, in the in-process cache or Redis, with a generation of its own
    that began five seconds ago (so pages already have a Last-Modified)."""
    settings.CACHES = {"default": BACKENDS[request.param]}
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 600
    cache.set(pagecache.GENERATION_KEY, time.time_ns() - 5 * 10**9, None)
    yield request.param
    if request.param == "redis":  # the generation has no expiry: leave nothing behind
        import redis

        server = redis.Redis()
        for key in server.scan_iter(f"{BACKENDS['redis']['KEY_PREFIX']}:*"):
            server.delete(key)


def read(client, path, **headers):
    """What an anonymous reader gets: the response and its text."""
    response = client.get(path, **headers)
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response, body.decode()


def home(language):
    return page_of(HomePage, language).url


def index(language):
    return page_of(StoryIndexPage, language).url


def test_a_second_anonymous_reader_gets_the_page_from_the_cache(
    client, page_cache, django_assert_num_queries
):
    step = page_of(RoadmapStepPage, "lv").url
    for path in [
        home("lv"),
        home("en"),
        index("lv"),
        f"{index('en')}?country=LV",
        step,
        page_of(RoadmapStepPage, "en").url,
        f"{page_of(SelfCheckPage, 'lv').url}?answered=1",
    ]:
        first, first_text = read(client, path)
        second, second_text = read(client, path)
        assert (first.status_code, second.status_code) == (200, 200), path
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit"), path
        assert second_text == first_text
        assert second["Content-Type"] == first["Content-Type"]
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert "Age" in second and "max-age=0" in second["Cache-Control"]
        with django_assert_num_queries(0):
            assert client.get(path)["X-Cache"] == "hit"
    # Another query is another page; the compressed copy is a variant of its own.
    assert read(client, f"{index('en')}?country=EE")[0]["X-Cache"] == "miss"
    packed = client.get(step, **GZIP)
    assert (packed["X-Cache"], packed["Content-Encoding"]) == ("miss", "gzip")
    again = client.get(step, **GZIP)
    assert again["X-Cache"] == "hit" and again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content).decode() == read(client, step)[1]
    head = client.head(step)
    assert head.status_code == 200 and head["X-Cache"] == "hit"
    # Pages print their own address (hreflang links): https is kept apart from http.
    secure, text = read(client, step, secure=True)
    assert secure["X-Cache"] == "miss" and f"https://testserver{step}" in text


def test_the_cache_off_keeps_nothing(client, settings):
    settings.PAGE_CACHE = False
    client.get(home("lv"))
    assert "X-Cache" not in client.get(home("lv"))


def test_a_publish_shows_at_once_on_the_story_its_translation_the_index_and_home(
    client, admin_client, page_cache
):
    source = story("lv", title="Ozolzīļu ciems", intro="Ievads par zīlēm.")
    watched = [source.url, index("lv"), home("lv"), index("en"), home("en")]
    for path in watched:
        read(client, path)
        assert read(client, path)[0]["X-Cache"] == "hit"
    assert "Acorn village" not in read(client, home("en"))[1]

    # A translator publishes the English story.
    with committed():
        english = source.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title, english.slug = "Acorn village", "acorn-village"
        english = publish(english)
    story_page, text = read(client, source.url)
    assert story_page["X-Cache"] == "miss"
    assert f'href="{english.url}" hreflang="en"' in text  # the switcher
    assert "Acorn village" in read(client, home("en"))[1]
    assert "Acorn village" in read(client, index("en"))[1]

    # An editor renames the Latvian story (and its address) in the admin.
    for path in [*watched, english.url]:
        read(client, path)
    changed = publish_edit(admin_client, source, title="Zīļu ciems", slug="ziilu-ciems")
    for path in [changed.url, index("lv"), home("lv")]:
        response, text = read(client, path)
        assert response["X-Cache"] == "miss", path
        assert "Zīļu ciems" in text and "Ozolzīļu ciems" not in text, path
    moved = read(client, source.url)[0]  # Wagtail's redirect from the old address, not kept
    assert (moved.status_code, moved["Location"], "X-Cache" in moved) == (301, changed.url, False)
    assert f'href="{changed.url}" hreflang="lv"' in read(client, english.url)[1]


def _unpublish(admin_client, page):
    return admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))


def _delete(admin_client, page):
    return admin_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))


def _make_private(admin_client, page):
    return admin_client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        {"restriction_type": "password", "password": "zīles-2026"},
    )


@pytest.mark.parametrize("action", [_unpublish, _delete, _make_private])
def test_a_story_taken_away_leaves_every_page_at_once(client, admin_client, page_cache, action):
    gone = story("lv", title="Aizejošais ciems")
    for path in [gone.url, index("lv"), home("lv")]:
        read(client, path)
        assert read(client, path)[0]["X-Cache"] == "hit"
    with committed():
        assert action(admin_client, gone).status_code in (200, 302)
    for path in [index("lv"), home("lv")]:
        response, text = read(client, path)
        assert response["X-Cache"] == "miss" and "Aizejošais ciems" not in text, path
    response, text = read(client, gone.url)
    assert "X-Cache" not in response or response["X-Cache"] != "hit"
    assert response.status_code == 404 or 'name="password"' in text


def test_a_moved_page_leaves_its_old_address_and_joins_its_new_section(
    client, admin_client, page_cache
):
    moving = standard_page(page_of(HomePage, "lv"), title="Ceļojošā lapa", slug="celojosa-lapa")
    guide = page_of(ConceptGuidePage, "lv")
    old_url = moving.url
    for path in [old_url, guide.url]:
        read(client, path)
        assert read(client, path)[0]["X-Cache"] == "hit"
    assert "Ceļojošā lapa" not in read(client, guide.url)[1]
    with committed():
        response = admin_client.post(
            reverse("wagtailadmin_pages:move_confirm", args=[moving.pk, guide.pk])
        )
    assert response.status_code == 302
    moving.refresh_from_db()
    assert moving.url.startswith(guide.url)
    left = read(client, old_url)[0]  # gone, or Wagtail's redirect to the new address
    assert "X-Cache" not in left and left.status_code in (301, 404)
    response, text = read(client, guide.url)
    assert response["X-Cache"] == "miss" and "Ceļojošā lapa" in text
    response, text = read(client, moving.url)
    assert response.status_code == 200 and "Ceļojošā lapa" in text


def test_a_published_snippet_shows_on_its_listing_page(client, admin_client, page_cache):
    term = GlossaryTerm.objects.filter(locale__language_code="lv", live=True).first()
    listing = page_of(GlossaryPage, "lv").url
    read(client, listing)
    assert read(client, listing)[0]["X-Cache"] == "hit"
    edit = reverse(term.snippet_viewset.get_url_name("edit"), args=[term.pk])
    data = post_data(term, term="Kešatmiņas termins") | PUBLISH
    with committed():
        assert admin_client.post(edit, data).status_code == 302
    response, text = read(client, listing)
    assert response["X-Cache"] == "miss" and "Kešatmiņas termins" in text


def test_a_renamed_theme_and_a_changed_site_are_seen_at_once(client, page_cache):
    theme = Theme.objects.create(slug="ozoli", name="Ozoli", name_en="Oaks")
    labelled = story("lv", title="Ozolu stāsts", themes=[theme])
    read(client, labelled.url)
    assert read(client, labelled.url)[0]["X-Cache"] == "hit"
    with committed():
        theme.name = "Ozolu birzis"
        theme.save()
    response, text = read(client, labelled.url)
    assert response["X-Cache"] == "miss" and "Ozolu birzis" in text
    assert read(client, labelled.url)[0]["X-Cache"] == "hit"
    with committed():
        Site.objects.get(is_default_site=True).save()
    assert read(client, labelled.url)[0]["X-Cache"] == "miss"


def test_a_signed_in_editor_never_gets_or_fills_the_cache(client, admin_client, page_cache):
    path = home("lv")
    editors = admin_client.get(path)
    assert editors.status_code == 200 and "X-Cache" not in editors
    assert "no-store" in editors["Cache-Control"]
    assert read(client, path)[0]["X-Cache"] == "miss"  # the editor's page was not kept
    assert read(client, path)[0]["X-Cache"] == "hit"
    editors = admin_client.get(path)
    assert "X-Cache" not in editors and b"wagtail-userbar" in editors.content


def test_a_preview_is_never_cached_nor_seen_by_readers(client, admin_client, page_cache):
    shown = story("lv", title="Publiskais virsraksts")
    read(client, shown.url)
    html = preview(admin_client, preview_on_edit_url(shown), post_data(shown, title="Melnraksts"))
    assert "Melnraksts" in html
    response, text = read(client, shown.url)
    assert response["X-Cache"] == "hit" and "Melnraksts" not in text


def test_pages_behind_a_password_or_a_login_and_forms_are_never_cached(client, page_cache):
    secret = restrict(story("lv", title="Slepenais ciems"), "password", password="x")
    members = restrict(story("lv", title="Biedru ciems"), "login")
    form = page_of(StorySubmissionPage, "lv").url
    for path in [secret.url, members.url, form]:
        for _ in range(2):
            response, text = read(client, path)
            assert "X-Cache" not in response, path
    assert response.status_code == 200 and "csrfmiddlewaretoken" in text
    assert 'name="password"' in read(client, secret.url)[1]
    assert client.get(members.url).status_code == 302


def test_readers_copies_are_answered_304_when_unchanged(client, page_cache):
    path = index("lv")
    first = client.get(path)
    assert first["X-Cache"] == "miss" and first["ETag"] and first["Last-Modified"]
    for headers in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        again = client.get(path, **headers)
        assert again.status_code == 304 and again.content == b"", headers
    older = http_date(time.time() - 3600)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=older).status_code == 200
    assert client.get(path, HTTP_IF_NONE_MATCH='"something else"').status_code == 200
    # The compressed copy's tag is weak and matches the same way.
    packed = client.get(path, **GZIP)
    assert packed["ETag"].startswith("W/")
    assert client.get(path, HTTP_IF_NONE_MATCH=packed["ETag"], **GZIP).status_code == 304


def test_a_change_in_the_same_second_is_never_answered_304(client, page_cache):
    path = index("lv")
    before = client.get(path)
    with committed():
        story("lv", title="Tūlītējs stāsts")
    after = client.get(path, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200 and "Tūlītējs stāsts" in after.content.decode()


def test_odd_requests_are_answered_and_not_kept(client, page_cache):
    assert client.get(home("lv"), HTTP_HOST="evil.example").status_code == 400
    long_query = f"{index('lv')}?q={'x' * 600}"
    client.get(long_query)
    assert "X-Cache" not in client.get(long_query)
    assert "X-Cache" not in client.post(index("lv"))


class PurgeLog(http.server.BaseHTTPRequestHandler):
    received = []

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        PurgeLog.received.append((self.command, self.path, dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"success": true}')

    do_PURGE = do_POST = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    PurgeLog.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeLog)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_publish_purges_every_public_page_from_an_http_cache(
    admin_client, settings, purge_server
):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": purge_server,
        }
    }
    shown = story("lv", title="Iztīrāmais ciems")
    assert PurgeLog.received == []  # nothing is sent before the commit
    publish_edit(admin_client, shown, title="Iztīrītais ciems")
    paths = {path for method, path, _headers, _body in PurgeLog.received if method == "PURGE"}
    for page in [shown, page_of(HomePage, "lv"), page_of(HomePage, "en")]:
        assert page.url in paths
    assert {index("lv"), index("en"), page_of(GlossaryPage, "en").url} <= paths
    assert len(PurgeLog.received) == len(paths)  # one publish, one purge of each
    hosts = {headers["Host"] for _method, _path, headers, _body in PurgeLog.received}
    assert hosts == {Site.objects.get(is_default_site=True).hostname}


def test_a_publish_empties_a_cloudflare_zone(admin_client, settings, purge_server, monkeypatch):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zona",
            "BEARER_TOKEN": "zetons",
        }
    }
    original = CloudflareBackend.__init__

    def local(self, params):
        original(self, params)
        self.cloudflare_purge_endpoint_url = f"{purge_server}/zones/zona/purge_cache"

    monkeypatch.setattr(CloudflareBackend, "__init__", local)
    shown = story("lv", title="Mākoņu ciems")
    publish_edit(admin_client, shown, title="Mākoņainais ciems")
    [(method, path, headers, body)] = PurgeLog.received
    assert (method, path) == ("POST", "/zones/zona/purge_cache")
    assert headers["Authorization"] == "Bearer zetons"
    assert json.loads(body) == {"purge_everything": True}


def test_a_cdn_that_does_not_answer_never_stops_a_publish(admin_client, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    shown = story("lv", title="Bez CDN")
    assert publish_edit(admin_client, shown, title="Joprojām bez CDN").title == "Joprojām bez CDN"


def test_migrate_starts_a_new_generation(page_cache):
    before = pagecache.generation()
    with committed():
        call_command("migrate", verbosity=0)
    assert pagecache.generation() > before


def test_pages_in_each_processs_memory_are_a_warning_outside_development(settings):
    settings.PAGE_CACHE, settings.DEBUG = True, False
    settings.CACHES = {"default": BACKENDS["locmem"]}
    assert [w.id for w in pagecache.in_process_cache_check()] == ["pagecache.W001"]
    settings.CACHES = {"default": BACKENDS["redis"]}
    assert pagecache.in_process_cache_check() == []
    settings.DEBUG = True  # make run: one process
    settings.CACHES = {"default": BACKENDS["locmem"]}
    assert pagecache.in_process_cache_check() == []
