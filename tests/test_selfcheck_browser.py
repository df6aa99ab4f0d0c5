"""The self-check in headless Chromium on a phone-sized screen, with JavaScript on and off: a
community leader answers every point, picks a LAG and gets the chart and the plan; the first
visit stays within the weak-signal budget and the result passes axe-core's WCAG 2.2 AA rules."""

from pathlib import Path

import pytest

from tests.browser import in_browser, needs_chromium, open_counting
from tests.test_accessibility import RULES
from tests.test_selfcheck import ANSWERS, URLS

pytestmark = [pytest.mark.django_db, pytest.mark.browser, needs_chromium]

BUDGET_BYTES = 100 * 1024
BUDGET_REQUESTS = 10


def _axe(page):
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).with_name("axe.min.js")))
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def _printed(page):
    """What an A4 print of the result shows: the chart, the plan and the link, not the form."""
    page.emulate_media(media="print")
    shown = {
        name: page.locator(selector).first.is_visible()
        for name, selector in (
            ("form", ".self-check-form"),
            ("chart", ".radar svg"),
            ("plan", ".self-check-plan"),
            ("link", ".share"),
            ("menu", ".main-nav"),
        )
    }
    page.emulate_media(media="screen")
    return shown


def _answer_and_submit(browser, site, url, scripts, width):
    context, page, first_visit = open_counting(browser, site + url, scripts=scripts, width=width)
    for name, value in ANSWERS.items():
        page.check(f'input[name="{name}"][value="{value}"]')
    page.select_option("#self-check-lag", "lag-aizkraukle")
    page.click(".self-check-form button[type=submit]")
    page.wait_for_selector("#result")
    seen = {
        "first_visit": first_visit,
        "address": page.url,
        "plan": page.locator(".plan-item h3").all_inner_texts(),
        "lag": page.locator(".plan-lag").inner_text(),
        "chart": page.locator(".radar svg").is_visible(),
        "print_button": page.locator("[data-print]").is_visible(),
        "checked": page.locator('input[name="p2-1"][value="not-yet"]').is_checked(),
        "cookies": context.cookies(),
        "printed": _printed(page),
        # axe is a script: it audits the page where scripts run (the same HTML, the print
        # button shown).
        "axe": _axe(page) if scripts else None,
    }
    context.close()
    return seen


@pytest.mark.parametrize("scripts", [True, False], ids=["javascript", "no-javascript"])
def test_a_phone_answers_the_self_check_and_gets_the_plan(site_url, scripts):
    seen = in_browser(_answer_and_submit, site_url, URLS["lv"], scripts, 360)
    requests, transferred = seen["first_visit"]
    assert requests <= BUDGET_REQUESTS and transferred <= BUDGET_BYTES, seen["first_visit"]
    assert "p2-1=not-yet" in seen["address"] and seen["address"].endswith("#result")
    assert [title.split(" (")[0] for title in seen["plan"]] == [
        "2. Kopīgi mērķi un nākotnes vīzija",
        "6. Resursi un atdeve",
        "5. Atvērtība un mijiedarbība",
    ]
    assert "Aizkraukles rajona partnerība" in seen["lag"]
    assert seen["chart"] and seen["checked"]
    # The print button needs a script; without one, the browser's own Print menu serves.
    assert seen["print_button"] is scripts
    assert seen["cookies"] == []
    assert seen["printed"] == {
        "form": False,
        "chart": True,
        "plan": True,
        "link": True,
        "menu": False,
    }
    assert seen["axe"] == ([] if scripts else None)


def test_the_result_passes_axe_on_a_wide_screen_in_english(site_url):
    seen = in_browser(_answer_and_submit, site_url, URLS["en"], True, 1280)
    assert seen["axe"] == []
    assert seen["plan"][0].startswith("2. ")
