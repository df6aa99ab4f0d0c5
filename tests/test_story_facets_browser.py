"""The story index's facets in headless Chromium, with JavaScript on and off: a reader on a phone
opens the filters, picks a country and a roadmap step, and gets exactly the stories the counts
promised at an address that says the choice; the page passes axe-core's WCAG 2.2 AA rules with
choices made and a bad value named, on a phone and on a wide screen."""

import re

import pytest

from tests.browser import first_visit, in_browser, needs_chromium
from tests.test_selfcheck_browser import BUDGET_BYTES, BUDGET_REQUESTS, _axe
from tests.test_story_facets import INDEX

pytestmark = [pytest.mark.django_db, pytest.mark.browser, needs_chromium]


def _count(page, name, value):
    text = page.locator(f'label[for="{_radio_id(page, name, value)}"] .facet-count').inner_text()
    return int(re.fullmatch(r"\((\d+)\)", text).group(1))


def _radio_id(page, name, value):
    return page.locator(f'input[name="{name}"][value="{value}"]').get_attribute("id")


def _choose_and_show(browser, site, url, scripts, width):
    page, cost = first_visit(browser, site + url, scripts=scripts, width=width, height=740)
    context = page.context
    opened_at_first = page.locator("details.story-facets").get_attribute("open") is not None
    if not opened_at_first:
        page.click("details.story-facets summary")
    page.check('input[name="country"][value="LV"]')
    steps = page.locator('input[name="step"]').evaluate_all("inputs => inputs.map(i => i.value)")
    step = max(steps, key=lambda value: _count(page, "step", value))
    page.check(f'input[name="step"][value="{step}"]')
    with page.expect_navigation():
        page.click("details.story-facets button[type=submit]")
    seen = {
        "first_visit": cost,
        "opened_at_first": opened_at_first,
        "step": step,
        "address": page.url,
        "cards": page.locator(".cards .story-card").count(),
        "country count": _count(page, "country", "LV"),
        "step count": _count(page, "step", step),
        "checked": [
            page.locator('input[name="country"][value="LV"]').is_checked(),
            page.locator(f'input[name="step"][value="{step}"]').is_checked(),
        ],
        "still open": page.locator("details.story-facets").get_attribute("open") is not None,
        "axe": _axe(page) if scripts else None,
    }
    context.close()
    return seen


@pytest.mark.parametrize("scripts", [True, False], ids=["javascript", "no-javascript"])
def test_a_phone_picks_facets_and_gets_the_stories_the_counts_promised(site_url, scripts):
    seen = in_browser(_choose_and_show, site_url, INDEX["lv"], scripts, 360)
    requests, transferred = seen["first_visit"]
    assert requests <= BUDGET_REQUESTS and transferred <= BUDGET_BYTES, seen["first_visit"]
    # On a phone the filters wait behind their summary, so that the stories come first.
    assert not seen["opened_at_first"]
    assert seen["address"].endswith(f"{INDEX['lv']}?country=LV&step={seen['step']}")
    assert seen["cards"] == seen["country count"] == seen["step count"] > 0
    assert seen["checked"] == [True, True] and seen["still open"]
    assert seen["axe"] == ([] if scripts else None)


def _audit(browser, site, url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(site + url)
    page.wait_for_load_state("networkidle")
    found = {
        "notice": page.locator(".notice").inner_text(),
        "open": page.locator("details.story-facets").get_attribute("open") is not None,
        "axe": _axe(page),
    }
    context.close()
    return found


@pytest.mark.parametrize("width", [360, 1280])
def test_the_index_with_choices_and_a_bad_value_passes_axe(site_url, width):
    url = INDEX["en"] + "?country=LV&innovation=social&step=nonsense"
    found = in_browser(_audit, site_url, url, width)
    assert "Roadmap step: we do not know “nonsense”" in found["notice"]
    assert found["open"]
    assert found["axe"] == []
