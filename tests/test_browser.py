"""What a browser does with the site, in headless Chromium (Debian's, driven by Playwright):
a partner page on another origin embeds the script and the iframe and shows the story cards in
the chosen language; on a phone-sized screen the header search box suggests pages as the
reader types and follows one from the keyboard."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser import in_browser, needs_chromium

pytestmark = [pytest.mark.django_db, pytest.mark.browser, needs_chromium]


def partner_page(site, language):
    return f"""<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">
<title>VRG partner</title></head><body><h1>Our LAG</h1>
<section id="script-widget">
<a class="viedie-ciemi-fallback" href="{site}/{language}/">Stories</a>
<script src="{site}/static/embed/stories.js" data-lang="{language}" data-country="AT"
 data-limit="3" async></script>
</section>
<iframe id="frame-widget" src="{site}/embed/stories/?lang={language}&amp;country=DK&amp;limit=3"
 title="Stories" width="100%" height="400"></iframe>
</body></html>"""


@pytest.fixture
def partner_url(site_url):
    """A partner's page on another origin (another port on 127.0.0.1)."""
    pages = {"/en/": partner_page(site_url, "en"), "/lv/": partner_page(site_url, "lv")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _look(browser, url):
    page = browser.new_page()
    page.goto(url)
    page.wait_for_selector(".viedie-ciemi-card", timeout=15_000)
    script_titles = page.locator(".viedie-ciemi-card h3").all_inner_texts()
    fallback_left = page.locator(".viedie-ciemi-fallback").count()
    frame = page.frame_locator("#frame-widget")
    frame.locator(".story-card").first.wait_for(timeout=15_000)
    frame_titles = frame.locator(".story-card h2").all_inner_texts()
    frame_lang = frame.locator("html").get_attribute("lang")
    return script_titles, fallback_left, frame_titles, frame_lang


@pytest.mark.parametrize(
    ("language", "austria", "denmark"),
    [
        ("en", "Stanz, Austria", "Torup, Denmark"),
        ("lv", "Stanz (Austrija)", "Torup (Dānija)"),
    ],
)
def test_partner_page_on_another_origin_shows_the_story_cards(
    partner_url, language, austria, denmark
):
    script_titles, fallback_left, frame_titles, frame_lang = in_browser(
        _look, f"{partner_url}/{language}/"
    )
    assert len(script_titles) == 1 and script_titles[0].startswith(austria)
    assert fallback_left == 0
    assert frame_lang == language
    assert len(frame_titles) == 1 and frame_titles[0].startswith(denmark)


def _suggest_and_follow(browser, url, box_id, typed):
    """On a phone-sized screen: type into a search box, wait for the suggestions, go down to
    the first with the arrow key and follow it with Enter."""
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    page.goto(url)
    box = page.locator(f"#{box_id}")
    box.fill("")
    box.press_sequentially(typed, delay=30)
    suggestions = page.locator(f"#{box_id}-suggestions")
    suggestions.locator("a").first.wait_for(timeout=15_000)
    titles = suggestions.locator("a").all_inner_texts()
    places = box.bounding_box(), suggestions.bounding_box()
    box.press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    path = page.evaluate("location.pathname")
    heading = page.locator("h1").first.inner_text()
    return titles, places, focused, path, heading


@pytest.mark.parametrize(
    ("start", "box_id", "typed", "title", "path"),
    [
        ("/lv/", "site-search", "zviedr", "Zviedrija:", "/lv/vrg-prakse-eiropa/zviedrija/"),
        ("/en/", "site-search", "swed", "Sweden:", "/en/lag-practice-in-europe/sweden/"),
        # The search page has its own box (and no header box): it suggests too.
        (
            "/lv/meklet/?q=ciems",
            "search-page-q",
            "zviedr",
            "Zviedrija:",
            "/lv/vrg-prakse-eiropa/zviedrija/",
        ),
    ],
)
def test_a_search_box_suggests_pages_as_the_reader_types(
    site_url, start, box_id, typed, title, path
):
    titles, (box, listed), focused, followed, heading = in_browser(
        _suggest_and_follow, site_url + start, box_id, typed
    )
    assert titles[0].startswith(title), titles
    # The list opens right under the box and fits the phone's screen.
    assert abs(listed["y"] - (box["y"] + box["height"])) <= 4
    assert listed["x"] >= 0 and listed["x"] + listed["width"] <= 360
    assert focused == titles[0]
    assert followed == path
    assert heading == titles[0]


def _search_page_layout(browser, url, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    first_result = page.locator(".results li h2 a").first.bounding_box()
    filters_shown = page.locator(".facet a").first.is_visible()
    if not filters_shown:
        page.locator(".facets-toggle summary").click()
    filters_after_a_tap = page.locator(".facet a").first.is_visible()
    return first_result, filters_shown, filters_after_a_tap


def test_on_a_phone_search_results_come_before_the_filters(site_url):
    url = site_url + "/lv/meklet/?q=energijas+kopiena"
    first_result, filters_shown, filters_after_a_tap = in_browser(
        _search_page_layout, url, 360, 740
    )
    assert first_result["y"] + first_result["height"] <= 740, "the first result is off screen"
    assert not filters_shown and filters_after_a_tap
    first_result, filters_shown, _ = in_browser(_search_page_layout, url, 1280, 800)
    assert filters_shown and first_result["y"] <= 800
