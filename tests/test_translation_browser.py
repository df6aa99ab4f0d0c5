"""Issue 11's "Done when", in headless Chromium at desktop width, with a Latvian admin: an editor
writes a story with every field (an image uploaded through the chooser, a LAG, a challenge and a
roadmap step chosen in theirs), previews it in the preview panel and publishes it, sends it for
translation (the English page is a draft; the English LAG keeps its English name); a translator
types the English into wagtail-localize's translation editor, segment by segment, and publishes.
The editor changes the Latvian story: the English page says it is behind, with the date and a
link to the Latvian page, the admin's report lists it and the English edit screen says so, with
the way to «Sinhronizēt tulkotās lapas»; the translator syncs, translates the new text and
publishes, and the notice goes. The same for a story that came with the site, whose untouched
English stays.

The people and roles are made outside the test's transaction and put back afterwards. The
server thread shares the test's in-memory SQLite database, and each of its requests runs what it
left for after its commit (wagtail-localize publishes a translation that way), as a real commit
would. On PostgreSQL the server would commit for good its changes to the loaded content: this
module runs on SQLite only (the client-side flow, test_translation_flow.py, on both)."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test import TestCase
from django.urls import reverse
from django.utils.timezone import localtime
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from knowledge.models import GoodPracticeStory, LocalActionGroup, RoadmapStepPage, StoryIndexPage
from knowledge.newsroom.roles import EDITORS, TRANSLATORS, setup_roles
from tests.browser import in_browser, needs_chromium, serve, sign_in
from tests.newsroom import ROLE_TABLES, put_back, rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the server thread shares the test's transaction on SQLite only",
    ),
]

DESKTOP = {"viewport": {"width": 1400, "height": 1000}, "locale": "lv-LV"}
PASSWORD = "tulkojums-parlukprogramma-11"
TITLE = "Ērgļu kopienas siltumnīca"
INTRO = "Iedzīvotāji kopā uzcēla siltumnīcu."
BODY = "Siltumnīcā aug tomāti visai kopienai."
ALT = "Stikla siltumnīca ar tomātu stādiem"
MORE = " Tagad tur aug arī gurķi."
REPORT = "Tulkojumi, kas atpaliek no oriģināla"  # the report's heading
# The translator's English for each Latvian segment of the new story.
ENGLISH = {
    TITLE: "The community greenhouse of Ērgļi",
    INTRO: "Residents built a greenhouse together.",
    "Ērgļi": "Ērgļi",
    "Madonas novads": "Madona Municipality",
    "LEADER": "LEADER",
    ALT: "A glass greenhouse with tomato seedlings",
    BODY: "Tomatoes grow in the greenhouse for the whole community.",
    "erglu-kopienas-siltumnica": "ergli-community-greenhouse",
    INTRO + MORE: "Residents built a greenhouse together. Cucumbers grow there now too.",
}


class CommittingHandler(StaticFilesHandler):
    """Each request ends as a real one does: what it left for after its transaction's commit
    runs. The test's transaction, around all of them, never commits."""

    def __call__(self, environ, start_response):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().__call__(environ, start_response)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), serve(CommittingHandler) as url:
        yield url


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    """An editor and a translator in the roles `setup_roles` makes, with a Latvian admin."""
    with django_db_blocker.unblock():
        saved = {model: rows(model) for model in ROLE_TABLES}
        setup_roles()
        cast = {}
        for username, group in (("redaktore", EDITORS), ("tulkotaja", TRANSLATORS)):
            user = get_user_model().objects.create_user(username, f"{username}@x.lv", PASSWORD)
            user.groups.add(Group.objects.get(name=group))
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "lv"
            profile.save()
            cast[username] = user
        yield cast
        for user in cast.values():
            user.delete()
        put_back(saved)


def _sign_in(browser, site, username):
    return sign_in(browser, site, username, PASSWORD, **DESKTOP)


def _choose(page, opener, text=None, search=False):
    """Open a chooser with the button `opener`, pick the item called `text` (searched for, if
    `search`), or else the first one; the name of the item picked."""
    opener.click()
    modal = page.locator(".modal-dialog")
    modal.wait_for()
    if search:
        modal.locator("input[name=q]").fill(text)
    item = modal.locator("a", has_text=text) if text else modal.locator("a[href*='/chosen/']")
    name = item.first.inner_text().strip()
    item.first.click()
    modal.wait_for(state="detached")
    return name


def _publish(page):
    page.locator("footer .w-dropdown__toggle").click()
    with page.expect_navigation():
        page.locator("footer button[name=action-publish]").click()
    return page.locator(".messages").inner_text()


def _write_preview_publish(browser, site, index_pk, lag, step, image):
    page = _sign_in(browser, site, "redaktore")
    page.goto(f"{site}/admin/pages/add/knowledge/goodpracticestory/{index_pk}/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2500)  # Wagtail starts watching the form for changes after 2 s
    page.locator("#id_title").press_sequentially(TITLE, delay=10)  # the slug follows
    page.fill("#id_intro", INTRO)
    page.wait_for_url("**/edit/", timeout=20_000)  # autosave made the page: let it settle
    page.wait_for_load_state("networkidle")
    for field, value in (
        ("place", "Ērgļi"),
        ("municipality", "Madonas novads"),
        ("latitude", "56.9000"),
        ("longitude", "25.6400"),
        ("funding_source", "LEADER"),
        ("funding_amount", "12000"),
        ("funding_currency", "EUR"),
        ("period_start", "2024-03-01"),
        ("period_end", "2025-10-31"),
    ):
        page.fill(f"#id_{field}", value)
    page.select_option("#id_country", "LV")
    page.select_option("#id_innovation_type", "social")
    page.select_option("#id_status", "in_transition")
    page.select_option("#id_period_precision", "month")
    for box in (page.locator("#id_themes_0"), page.locator("#id_themes_1")):
        for _ in range(3):  # an autosave's response may redraw the form under the click
            if not box.is_checked():
                box.click()
    _choose(page, page.get_by_role("button", name="Izvēlēties: Vietējā rīcības grupa"), lag)
    # The image: uploaded in the chooser, described for readers who cannot see it.
    page.get_by_role("button", name="Izvēlēties attēlu").click()
    page.locator("#tab-label-upload").click()
    page.set_input_files("#id_image-chooser-upload-file", image)
    page.fill("#id_image-chooser-upload-title", "Siltumnīca Ērgļos")
    page.locator(".modal-dialog form:has(#id_image-chooser-upload-file) [type=submit]").click()
    page.locator(".modal-dialog").wait_for(state="detached")
    page.fill("#id_image_alt", ALT)
    body = page.locator("#panel-child-saturs-child-body-wrapper")
    body.locator("button[title]").first.click()
    page.locator(".w-combobox__option", has_text="Teksts").click()
    body.locator("[contenteditable=true]").first.press_sequentially(BODY, delay=5)
    page.locator("#id_challenge_links-ADD").click()
    challenge = _choose(page, page.locator("#id_challenge_links-FORMS button", has_text="Izv"))
    page.locator("#id_roadmap_step_links-ADD").click()
    opener = page.locator("#id_roadmap_step_links-FORMS button", has_text="Izvēlēties")
    _choose(page, opener, step, search=True)
    # The preview panel draws the story as a reader will see it.
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("h1", has_text=TITLE).wait_for(timeout=20_000)
    seen = {
        "challenge": challenge,
        "preview": preview.locator("main").inner_text(),
        "preview image alt": preview.locator("main img").first.get_attribute("alt"),
    }
    seen["published"] = _publish(page)
    return seen


def _translate_this_page(browser, site, story_pk):
    page = _sign_in(browser, site, "redaktore")
    page.goto(f"{site}/admin/pages/{story_pk}/edit/")
    page.locator("header .w-dropdown__toggle.w-h-slim-header").click()
    page.get_by_role("link", name="Tulkot šo lapu").click()
    page.get_by_label("English").check()
    with page.expect_navigation():
        page.locator("main [type=submit]").click()
    return {"submitted": page.locator(".messages").inner_text(), "editor url": page.url}


WAITING_FEWER = """(n) => [...document.querySelectorAll(".js-translation-editor li.incomplete")]
  .filter((el) => el.checkVisibility()).length < n"""


def _translate_segments(page, english):
    """Type the English of each untranslated segment of the translation editor and save it;
    the Latvian texts met, in order."""
    met = []
    page.locator(".js-translation-editor footer").wait_for(timeout=15_000)
    for tab in ("Saturs", "Popularizēšana"):
        page.get_by_role("tab", name=tab).click()
        waiting = page.locator(".js-translation-editor li.incomplete:visible")
        while waiting.count():
            segment, left = waiting.first, waiting.count()
            latvian = segment.locator("p").first.inner_text()
            met.append(latvian)
            segment.get_by_role("button", name="Tulkot").click()
            segment.locator("textarea").fill(english[latvian])
            segment.get_by_role("button", name="Saglabāt").click()
            page.wait_for_function(WAITING_FEWER, arg=left)
    return met


def _publish_translation(page):  # the translation editor's footer button
    with page.expect_navigation():
        page.locator("footer button[name=action][value=publish]").click()
    return page.locator(".messages").inner_text()


def _translator_publishes(browser, site, english_pk, english_url):
    seen = {"reader before": browser.new_page().goto(site + english_url).status}
    page = _sign_in(browser, site, "tulkotaja")
    page.goto(f"{site}/admin/pages/{english_pk}/edit/")
    seen["met"] = _translate_segments(page, ENGLISH)
    seen["published"] = _publish_translation(page)
    return seen


def _read(browser, url):
    page = browser.new_context(**DESKTOP).new_page()
    response = page.goto(url)
    notice, shown = page.locator("main .notice"), page.locator("main .notice").count()
    return {
        "status": response.status,
        "main": page.locator("main").inner_text(),
        "notice": notice.inner_text() if shown else None,
        "notice link": notice.locator("a").get_attribute("href") if shown else None,
    }


def _change_latvian(browser, site, story_pk, english_pk, english_url, intro):
    """The editor changes the Latvian intro and publishes; what a reader of the English page,
    the report and the English edit screen then say."""
    page = _sign_in(browser, site, "redaktore")
    page.goto(f"{site}/admin/pages/{story_pk}/edit/")
    page.fill("#id_intro", intro)
    seen = {"published": _publish(page), "reader": _read(browser, site + english_url)}
    page.goto(site + reverse("outdated_translations"))
    seen["report"] = page.locator("main").inner_text()
    translator = _sign_in(browser, site, "tulkotaja")
    translator.goto(f"{site}/admin/pages/{english_pk}/edit/")
    translator.locator(".js-translation-editor footer").wait_for(timeout=15_000)
    seen["edit screen"] = translator.locator(".messages").inner_text()
    return seen


def _sync_and_update(browser, site, english_pk, english_url, english):
    """The translator follows the edit screen's «Sinhronizēt tulkotās lapas», syncs without
    publishing, translates what changed and publishes."""
    page = _sign_in(browser, site, "tulkotaja")
    page.goto(f"{site}/admin/pages/{english_pk}/edit/")
    with page.expect_navigation():
        page.locator(".messages").get_by_role("link", name="Sinhronizēt tulkotās lapas").click()
    with page.expect_navigation():
        page.locator("main [type=submit]").click()
    seen = {"synced": page.locator(".messages").inner_text(), "back at": page.url}
    seen["met"] = _translate_segments(page, english)
    seen["published"] = _publish_translation(page)
    seen["reader"] = _read(browser, site + english_url)
    editor = _sign_in(browser, site, "redaktore")
    editor.goto(site + reverse("outdated_translations"))
    seen["report"] = editor.locator("main").inner_text()
    return seen


def _assert_behind(seen, story, english):
    """The English page, the report and the edit screen say the English is behind."""
    story.refresh_from_db()
    assert "ir publicēta" in seen["published"] and story.intro.endswith(MORE.strip())
    reader = seen["reader"]
    assert reader["status"] == 200 and reader["notice"], "the English page says it is behind"
    changed = localtime(story.last_published_at)
    assert re.search(rf"\b{changed.day}\b", reader["notice"]), reader["notice"]
    assert str(changed.year) in reader["notice"]
    assert reader["notice link"] == story.url
    assert REPORT in seen["report"] and english.title in seen["report"]
    assert "Šis tulkojums atpaliek" in seen["edit screen"]
    assert "Sinhronizēt tulkotās lapas" in seen["edit screen"]


def _assert_caught_up(seen, english, site_report_title):
    """Synced, back on the edit screen; the notice and the report's line are gone."""
    assert "tulkojumi sekmīgi atjaunināti" in seen["synced"]
    assert seen["back at"].endswith(f"/admin/pages/{english.pk}/edit/")
    reader = seen["reader"]
    assert reader["status"] == 200 and reader["notice"] is None, "the notice is gone"
    assert REPORT in seen["report"] and site_report_title not in seen["report"]


def test_an_editor_and_a_translator_keep_a_story_in_step(people, site, tmp_path):
    from PIL import Image as PILImage

    lv, en = Locale.objects.get(language_code="lv"), Locale.objects.get(language_code="en")
    index = StoryIndexPage.objects.get(locale=lv)
    lag = LocalActionGroup.objects.filter(locale=lv, live=True).order_by("name").first()
    english_lag = lag.get_translation(en)
    english_lag_name = english_lag.name
    step = RoadmapStepPage.objects.live().filter(locale=lv).order_by("path").last()
    image = tmp_path / "siltumnica.png"
    PILImage.new("RGB", (640, 400), (30, 120, 60)).save(image)

    # 1. The editor writes the story with every field, previews it and publishes it.
    seen = in_browser(_write_preview_publish, site, index.pk, lag.name, step.title, str(image))
    challenge = seen["challenge"]
    for text in (TITLE, INTRO, BODY, lag.name, challenge, step.title, "LEADER"):
        assert text in seen["preview"], text
    assert seen["preview image alt"] == ALT
    assert f"«{TITLE}» ir publicēta" in seen["published"]
    story = GoodPracticeStory.objects.get(title=TITLE, locale=lv)
    assert story.live and story.owner == people["redaktore"] and story.lag_id == lag.pk
    assert (story.place, story.municipality, story.country) == ("Ērgļi", "Madonas novads", "LV")
    assert (float(story.latitude), float(story.longitude)) == (56.9, 25.64)
    assert story.funding_amount == 12000 and story.period_precision == "month"
    assert story.image.title == "Siltumnīca Ērgļos" and story.image_alt == ALT
    assert len(story.theme_list) == 2 and BODY in str(story.body)
    assert [c.title for c in story.linked_challenges()] == [challenge]
    assert [s.pk for s in story.linked_steps()] == [step.pk]

    # 2. «Tulkot šo lapu»: the English page is a draft; the English LAG keeps its English.
    seen = in_browser(_translate_this_page, site, story.pk)
    english = story.get_translation(en)
    assert "iesniegta tulkošanai" in seen["submitted"]
    assert seen["editor url"].endswith(f"/admin/pages/{english.pk}/edit/")
    assert not english.live and english.url_path.endswith(f"/{story.slug}/")
    english_lag.refresh_from_db()
    assert english_lag.name == english_lag_name and english_lag.live

    # 3. The translator translates every segment in wagtail-localize's editor and publishes.
    seen = in_browser(_translator_publishes, site, english.pk, english.get_url())
    assert seen["reader before"] == 404, "the English draft is not on the English site"
    assert set(seen["met"]) == set(ENGLISH) - {INTRO + MORE}, "each segment, once"
    assert "publicēts" in seen["published"]
    english.refresh_from_db()
    assert english.live and english.title == ENGLISH[TITLE]
    english_url = english.url
    reader = in_browser(_read, site + english_url)
    assert reader["status"] == 200 and reader["notice"] is None
    [english_challenge] = [c.title for c in english.linked_challenges()]  # its English, kept
    assert english_challenge != challenge
    shown = (ENGLISH[TITLE], ENGLISH[INTRO], ENGLISH[BODY], english_lag_name, english_challenge)
    for text in shown:
        assert text in reader["main"], text
    assert lag.name not in reader["main"].replace(english_lag_name, "")

    # 4. The editor changes the Latvian story: the English is behind, everywhere it shows.
    seen = in_browser(_change_latvian, site, story.pk, english.pk, english_url, INTRO + MORE)
    _assert_behind(seen, story, english)

    # 5. The translator syncs, translates the new text, publishes: the notice goes.
    seen = in_browser(_sync_and_update, site, english.pk, english_url, ENGLISH)
    _assert_caught_up(seen, english, english.title)
    assert seen["met"] == [INTRO + MORE], "only the changed text waits for a translation"
    assert ENGLISH[INTRO + MORE] in seen["reader"]["main"]
    assert ENGLISH[TITLE] in seen["reader"]["main"]


def test_a_story_that_came_with_the_site_keeps_its_english_through_a_sync(people, site):
    lv, en = Locale.objects.get(language_code="lv"), Locale.objects.get(language_code="en")
    story = (
        GoodPracticeStory.objects.live()
        .filter(locale=lv, lag__isnull=False)
        .order_by("path")
        .first()
    )
    english = story.get_translation(en)
    english_title, english_intro, english_url = english.title, english.intro, english.url
    changed = story.intro + MORE
    new_english = english_intro + " Cucumbers grow there now too."

    seen = in_browser(_change_latvian, site, story.pk, english.pk, english_url, changed)
    _assert_behind(seen, story, english)

    seen = in_browser(_sync_and_update, site, english.pk, english_url, {changed: new_english})
    _assert_caught_up(seen, english, english_title)
    assert seen["met"] == [changed], "the English of the files kept for the untouched text"
    english.refresh_from_db()
    assert english.live and english.title == english_title and english.intro == new_english
    assert english_title in seen["reader"]["main"] and new_english in seen["reader"]["main"]
    assert Page.objects.get(pk=english.pk).last_published_at > story.last_published_at
