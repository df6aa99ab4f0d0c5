"""Every kind of page, in both languages, on a phone and on a wide screen, passes axe-core's
WCAG 2.2 A/AA rules and its best practices (headless Chromium; axe-core 4.12 as shipped in
the PyPI package axe-playwright-python). Automatic checks find about a third of accessibility
problems; they keep the ones they can find from coming back."""

from pathlib import Path

import pytest

from tests.browser import in_browser, needs_chromium
from tests.conftest import all_public_pages

pytestmark = [pytest.mark.django_db, pytest.mark.browser, needs_chromium]

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENS = {"phone": (360, 740), "wide": (1280, 800)}


def reader_paths():
    """One live page of each page type in each language, and the pages that are not pages."""
    paths = []
    for language in ("lv", "en"):
        seen = set()
        for page in all_public_pages(language).order_by("path").specific():
            if type(page) not in seen:
                seen.add(type(page))
                paths.append(page.url)
                if hasattr(page, "workshop_url"):  # a roadmap step's workshop kit
                    paths.append(page.workshop_url())
    search = {"lv": "/lv/meklet/", "en": "/en/search/"}
    paths += [
        search["lv"] + "?q=energijas+kopiena",
        search["en"] + "?q=energy+community&country=AT",
        search["lv"] + "?q=qwertyzxcv",
        "/lv/nav-tadas-lapas/",
        "/lv/bezsaiste/",
        "/en/offline/",
        "/embed/stories/?lang=lv&limit=3",
        "/embed/stories/?lang=en&country=XX",
    ]
    return sorted(set(paths))


def _audit(browser, site, paths, width, height):
    import axe_playwright_python

    axe = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    # The site's policy rightly refuses injected scripts; the audit's own script is let in.
    page = browser.new_page(viewport={"width": width, "height": height}, bypass_csp=True)
    found = {}
    for path in paths:
        page.goto(site + path)
        page.add_script_tag(path=str(axe))
        result = page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES
        )
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.setdefault(path, []).append(
                f"{violation['id']} ({violation['impact']}): {targets}"
            )
    return found


@pytest.mark.parametrize("screen", SCREENS)
def test_every_kind_of_page_passes_the_automatic_accessibility_checks(site_url, screen):
    paths = reader_paths()
    assert len(paths) > 30, paths
    found = in_browser(_audit, site_url, paths, *SCREENS[screen], timeout=300)
    assert found == {}, "\n".join(f"{path}: {'; '.join(v)}" for path, v in found.items())
