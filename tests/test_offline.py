"""Offline reading: the service worker keeps the pages a reader opened and shows them, or the
offline page in the reader's language, when the network is gone (headless Chromium with its
network switched off)."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.browser import in_browser, needs_chromium

pytestmark = pytest.mark.django_db


def test_the_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert '"/lv/bezsaiste/"' in script and '"/en/offline/"' in script
    assert "/static/css/site.css" in script


def _version(client):
    return re.search(r'"version": "(\w+)"', client.get("/sw.js").content.decode()).group(1)


def test_a_changed_static_file_gives_the_worker_a_new_version(client, settings, tmp_path):
    """A new version makes browsers drop the old copies. In development the files' names carry
    no hash, so the version follows their content; deployed, it is worked out once."""
    from django.contrib.staticfiles import finders

    from knowledge.core import offline

    settings.DEBUG = True
    before = _version(client)
    changed = tmp_path / "site.css"
    changed.write_text("body { color: red; }")
    real_find = finders.find
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            finders,
            "find",
            lambda name: str(changed) if name == "css/site.css" else real_find(name),
        )
        assert _version(client) != before
        settings.DEBUG = False
        offline._deployed_worker_config.cache_clear()
        deployed = _version(client)
        changed.write_text("body { color: blue; }")
        assert _version(client) == deployed  # read once per process
    offline._deployed_worker_config.cache_clear()


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/lv/bezsaiste/", "Jūs esat bezsaistē"), ("/en/offline/", "You are offline")],
)
def test_the_offline_page_speaks_the_readers_language(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'content="noindex"' in html


def test_a_signed_in_editors_pages_are_never_stored(client):
    assert "no-store" not in client.get("/lv/").get("Cache-Control", "")
    editor = get_user_model().objects.create_superuser("bezsaiste", "b@example.lv", "x")
    client.force_login(editor)
    assert "no-store" in client.get("/lv/")["Cache-Control"]


def _read_offline(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + "/lv/")
    # (wait_for_function would evaluate a string, which the site's policy refuses)
    for _ in range(150):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the service worker never took charge of the page")
    seen = {}
    for path in ("/lv/stasti/stanz-energijas-kopiena/", "/en/roadmap/"):
        page.goto(site + path)
        seen[path] = page.inner_text("h1")
    page.goto(site + "/lv/meklet/?q=ciems")
    context.set_offline(True)
    read = {}
    for path in seen:
        page.goto(site + path)
        read[path] = page.inner_text("h1")
    page.goto(site + "/lv/meklet/?q=ciems")
    search = page.inner_text("h1")
    page.goto(site + "/lv/avoti/")  # never opened
    missing = page.inner_text("h1")
    page.locator("#saved-pages a").first.wait_for(timeout=10_000)
    saved = page.locator("#saved-pages a").all_inner_texts()
    page.goto(site + "/en/lag-practice-in-europe/")
    missing_en = page.inner_text("h1")
    context.close()
    return seen, read, search, missing, saved, missing_en


@needs_chromium
@pytest.mark.browser
def test_pages_a_reader_opened_can_be_read_offline(site_url):
    seen, read, search, missing, saved, missing_en = in_browser(_read_offline, site_url)
    assert read == seen
    assert search == "Jūs esat bezsaistē", "search results are not kept"
    assert missing == "Jūs esat bezsaistē"
    # The offline page lists what this device keeps in its language, the latest first.
    assert saved[0] == seen["/lv/stasti/stanz-energijas-kopiena/"]
    assert seen["/en/roadmap/"] not in saved
    assert missing_en == "You are offline"
