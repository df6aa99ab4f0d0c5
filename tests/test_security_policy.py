"""The Content-Security-Policy breaks nothing a reader, a partner or an editor uses: headless
Chromium reports no violation on any kind of page, in the widget on a partner's page, or on a
page an editor views while signed in (with Wagtail's user bar)."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser import in_browser, needs_chromium
from tests.test_accessibility import reader_paths

pytestmark = [pytest.mark.django_db, pytest.mark.browser, needs_chromium]

# Violations are events in the page; collect them before any of the page's own code runs.
RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _violations(browser, site, paths, sign_in=None):
    page = browser.new_page()
    page.add_init_script(RECORD)
    if sign_in:
        page.goto(site + "/admin/login/")
        page.fill("#id_username", sign_in[0])
        page.fill("#id_password", sign_in[1])
        with page.expect_navigation():
            page.click("button[type=submit]")
    found, seen = {}, {}
    for path in paths:
        page.goto(site + path)
        seen[path] = page.locator("wagtail-userbar").count()
        violations = page.evaluate("window.__violations")
        if violations:
            found[path] = violations
    return found, seen


def test_no_page_breaks_the_policy_for_a_reader(site_url):
    found, _ = in_browser(_violations, site_url, reader_paths(), timeout=300)
    assert found == {}


@pytest.fixture(scope="module")
def editor(django_db_setup, django_db_blocker):
    """An editor account the server thread can see: made outside the test's transaction (on
    PostgreSQL the server has its own connection), removed afterwards."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser(
            "csp-redaktore", "r@example.lv", "Slepena-parole-42"
        )
        yield user.username, "Slepena-parole-42"
        user.delete()


def test_the_policy_leaves_a_signed_in_editors_user_bar_working(site_url, editor):
    paths = ["/lv/", "/en/stories/stanz-energy-community/"]
    found, userbars = in_browser(_violations, site_url, paths, editor, timeout=120)
    assert found == {}
    assert all(userbars.values()), "the editor is not signed in: the test proves nothing"
