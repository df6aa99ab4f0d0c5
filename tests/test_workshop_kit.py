"""The workshop kit of each roadmap step, as a village meeting's organiser uses it: linked from
the step, in both languages, an A4 sheet with the agenda, every question of the step with room
to write, two public stories with a QR code that leads back to each, and the LAG to ask; the
editors change the agenda in the admin."""

import re
from html import unescape

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import GoodPracticeStory, RoadmapPage, RoadmapStepPage
from knowledge.roadmap.workshop import QR_BORDER, QR_ERROR
from search.public import public
from tests.browser import first_visit, in_browser, needs_chromium
from tests.test_selfcheck_browser import _axe

from . import factories
from .admin_forms import admin_user, publish_edit

pytestmark = pytest.mark.django_db

LANGUAGES = ["lv", "en"]
KIT = {"lv": "darbnica/", "en": "workshop/"}
LINK_TEXT = {"lv": "Darbnīcas materiāli", "en": "Workshop kit"}
LAG = {"lv": "vietējā rīcības grupa", "en": "Local Action Group"}
# Measured: the frame's queries (site, locale, header, menu, language switcher, footer), Wagtail's
# own routing one level at a time below the home page (the step answers the kit's address
# itself), the view restrictions, the breadcrumbs, the step's sources; then the kit's own: the
# roadmap's agenda and the two story cards (one query). An English page pays one more.
QUERY_BUDGET = {"lv": 12, "en": 12}


def html(response):
    return unescape(response.content.decode())


def steps(language):
    return list(
        RoadmapStepPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("step_number")
    )


def kit_of(client, step):
    response = client.get(step.url + KIT[step.locale.language_code])
    assert response.status_code == 200, step.url
    return html(response)


def cards(text):
    """Each story card: its link, the printed address and the QR code's SVG."""
    found = re.findall(
        r'<li class="story-card">.*?<h3><a href="([^"]+)">.*?<p class="url">([^<]+)</p>'
        r".*?(<svg.*?</svg>)",
        text,
        re.S,
    )
    return [{"href": href, "printed": printed, "svg": svg} for href, printed, svg in found]


def dark_modules(svg):
    """The dark modules (row, column) an SVG from segno draws: its one path is a run of
    horizontal strokes, `M`/`m` moving to a row's middle and `h` drawing that many modules."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            length = int(values[0])
            dark.update((int(y), int(x) + i) for i in range(length))
            x += length
    return dark


def qr_modules(url):
    """The dark modules of `url` as a QR code, from segno's own matrix (with the quiet zone)."""
    code = segno.make(url, error=QR_ERROR, micro=False)
    return {
        (row + QR_BORDER, column + QR_BORDER)
        for row, line in enumerate(code.matrix)
        for column, module in enumerate(line)
        if module
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_step_links_to_its_kit_and_the_kit_shows_the_steps_content(client, language):
    agenda = RoadmapPage.objects.get(locale__language_code=language).workshop_agenda
    assert len(agenda) >= 4
    assert sum(item.value["minutes"] for item in agenda) == 90
    all_steps = steps(language)
    assert len(all_steps) == 10
    for step in all_steps:
        step_page = html(client.get(step.url))
        assert f'<a href="{step.url}{KIT[language]}">{LINK_TEXT[language]}</a>' in step_page
        text = kit_of(client, step)
        assert f"<h1>{step.title}</h1>" in text
        assert step.intro in text
        for item in agenda:
            assert item.value["title"] in text and item.value["text"] in text
        questions = [block.value for block in step.workshop_questions]
        assert len(questions) >= 4, step.title
        for question in questions:
            assert re.search(
                rf"<li><p>{re.escape(question)}</p><div class=\"write-lines\"", text
            ), question
        assert LAG[language] in text
        assert len(cards(text)) == 2, step.title


@pytest.mark.parametrize("language", LANGUAGES)
def test_story_cards_are_public_stories_of_the_readers_language_with_a_qr_code(client, language):
    public_stories = list(public(GoodPracticeStory.objects.all()))
    for step in steps(language):
        found = cards(kit_of(client, step))
        for card in found:
            assert card["href"] == card["printed"] and card["href"].startswith("http://")
            story = next(s for s in public_stories if s.get_full_url() == card["href"])
            assert story.locale.language_code == language
            assert card["svg"].startswith('<svg role="img"') and "<title>" in card["svg"]
            assert "<?xml" not in card["svg"]
            assert dark_modules(card["svg"]) == qr_modules(card["href"])


def test_the_qr_code_would_notice_another_address():
    """The module comparison is not blind: one letter changed changes the code."""
    assert qr_modules("http://localhost/lv/stasti/pape/") != qr_modules(
        "http://localhost/lv/stasti/papa/"
    )


def test_the_stories_that_show_the_step_come_first_and_drafts_and_private_ones_never(client):
    step = steps("lv")[0]
    shown = factories.story("lv", title="Aaa publisks stāsts", steps=[step])
    # A lighthouse example, as the step's own lighthouse stories are: only the title decides.
    GoodPracticeStory.objects.filter(pk=shown.pk).update(status="lighthouse")
    draft = factories.story("lv", title="Aaa melnraksts", steps=[step], live=False)
    private = factories.restrict(factories.story("lv", title="Aaa privāts stāsts", steps=[step]))
    english = factories.story("en", title="Aaa English story", steps=[step])
    text = kit_of(client, step)
    titles = re.findall(r'<li class="story-card">.*?<h3><a href="[^"]+">([^<]+)</a>', text, re.S)
    assert titles[0] == shown.title and len(titles) == 2
    for hidden in (draft, private, english):
        assert hidden.title not in text


def test_a_step_that_no_story_shows_gets_lighthouse_examples(client):
    step = RoadmapStepPage.objects.live().get(locale__language_code="lv", step_number=10)
    text = kit_of(client, step)
    titles = re.findall(r'<li class="story-card">.*?<h3><a href="[^"]+">([^<]+)</a>', text, re.S)
    lighthouses = set(
        GoodPracticeStory.objects.live()
        .filter(locale__language_code="lv", status="lighthouse")
        .values_list("title", flat=True)
    )
    assert len(titles) == 2 and set(titles) <= lighthouses


def test_each_language_has_its_own_address_and_the_switcher_leads_to_the_other_kit(client):
    lv, en = steps("lv")[0], steps("en")[0]
    assert client.get(lv.url + KIT["en"]).status_code == 404
    assert client.get(en.url + KIT["lv"]).status_code == 404
    assert client.get(lv.url + "nav-tada/").status_code == 404
    text = kit_of(client, lv)
    assert f'href="{en.url}{KIT["en"]}" hreflang="en"' in text
    assert f'hreflang="en" href="http://testserver{en.url}{KIT["en"]}"' in text
    english = kit_of(client, en)
    assert f'href="{lv.url}{KIT["lv"]}" hreflang="lv"' in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kit_renders_in_a_bounded_number_of_queries(
    client, language, django_capture_on_commit_callbacks
):
    step = steps(language)[1]
    url = step.url + KIT[language]
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    # Committed, as an editor's publishing is: the site's frame is read again after it.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(20):
            factories.story(language, title=f"Papildu stāsts {n}", steps=[step])
    client.get(url)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before) <= QUERY_BUDGET[language], [q["sql"][:120] for q in after]


def test_an_editor_changes_the_agenda_in_the_admin_and_the_kit_shows_it(client):
    roadmap = RoadmapPage.objects.get(locale__language_code="lv")
    client.force_login(admin_user("agenda-editor", language="lv"))
    saved = publish_edit(
        client,
        roadmap,
        changes={
            "workshop_agenda-0-value-title": "Tēja un iepazīšanās",
            "workshop_agenda-0-value-minutes": "20",
        },
    )
    assert saved.workshop_agenda[0].value["title"] == "Tēja un iepazīšanās"
    client.logout()
    text = kit_of(client, steps("lv")[3])
    assert "Tēja un iepazīšanās" in text
    assert "Darba kārtība (100 min)" in text


# --- In Chromium: the weak-signal budget, JavaScript on and off, axe, and the A4 print ---------

BUDGET_BYTES = 100 * 1024
BUDGET_REQUESTS = 10


def _visit(browser, site, url, scripts, width):
    page, cost = first_visit(browser, site + url, scripts=scripts, width=width)
    seen = {
        "first_visit": cost,
        "print_button": page.locator("[data-print]").is_visible(),
        "print_hint": page.get_by_text("Ctrl+P").is_visible(),
        "qr_codes": page.locator(".story-card svg.qr").count(),
        "axe": _axe(page) if scripts else None,
    }
    page.emulate_media(media="print")
    seen["printed"] = {
        name: page.locator(selector).first.is_visible()
        for name, selector in (
            ("menu", ".main-nav"),
            ("print hint", ".kit-print"),
            ("agenda", ".agenda"),
            ("lines to write on", ".write-lines"),
            ("story cards", ".story-card svg.qr"),
        )
    }
    pdf = page.pdf(format="A4")
    seen["a4_pages"] = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    page.context.close()
    return seen


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize(
    ("language", "scripts", "width"),
    [("lv", True, 360), ("lv", False, 360), ("en", True, 1280), ("en", False, 1280)],
    ids=["lv-phone-javascript", "lv-phone-no-javascript", "en-wide-javascript", "en-wide-none"],
)
def test_the_kit_in_a_browser_is_light_accessible_and_prints_on_two_a4_pages(
    site_url, language, scripts, width
):
    step = steps(language)[0]
    seen = in_browser(_visit, site_url, step.url + KIT[language], scripts, width)
    requests, transferred = seen["first_visit"]
    assert requests <= BUDGET_REQUESTS and transferred <= BUDGET_BYTES, seen["first_visit"]
    # The print button needs a script; without one, the hint names the browser's own menu.
    assert seen["print_button"] is scripts and seen["print_hint"] is not scripts
    assert seen["qr_codes"] == 2
    assert seen["axe"] == ([] if scripts else None)
    assert seen["printed"] == {
        "menu": False,
        "print hint": False,
        "agenda": True,
        "lines to write on": True,
        "story cards": True,
    }
    assert 1 <= seen["a4_pages"] <= 2, seen["a4_pages"]
