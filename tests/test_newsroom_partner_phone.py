"""A LAG partner's whole path, on a 360 px phone in headless Chromium, with a Latvian admin:
the partner signs in, writes a story (their LAG preset and fixed), saves it and submits it for
the content review; the moderator gets the e-mail (a real SMTP server), opens its link and asks
for a change with a comment; the partner sees the state and the comment on the dashboard,
edits and resubmits; the moderator approves and the story is live on the Latvian site; a
translator publishes the English. A community member sends a story through the public form on
a phone and the moderators hear of the draft. Nobody without the role can do any of it.

The people and the roles are made outside the test's transaction (on PostgreSQL the site's
server thread has a connection of its own) and put back as they were afterwards. Everything
the browser does goes through that server; the test reads the database, and acts itself only
once the browser's work is done (so that, on PostgreSQL, neither waits for the other's
locks)."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import (
    Page,
)
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

from knowledge.models import (
    GoodPracticeStory,
    LocalActionGroup,
    QueuedMail,
    StoryIndexPage,
    StorySubmission,
)
from knowledge.newsroom.roles import setup_roles
from knowledge.newsroom.workflow import REVIEW, setup_workflow
from tests import admin_forms
from tests.browser import in_browser, needs_chromium, sign_in
from tests.newsroom import ROLE_TABLES, SMTPServer, put_back, rows, use_smtp

pytestmark = [pytest.mark.django_db, pytest.mark.browser, needs_chromium]

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "locale": "lv-LV",
    "is_mobile": True,
    "has_touch": True,
}
PASSWORD = "viedie-ciemi-telefons-7"
TITLE = "Viesītes skolas dārzs"
COMMENT = "Lūdzu, uzrakstiet, cik cilvēku piedalījās."
FIXED_INTRO = "Skolēni un vecāki kopā iekopa dārzu; piedalījās 35 cilvēki."

# What the site's server thread may have written for good (on PostgreSQL): removed after.
WRITTEN = (StorySubmission, QueuedMail, TranslationSource)


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    """A partner of the first Latvian LAG, a partner of another, a moderator and a translator,
    each with a Latvian admin; the roles and the review as `setup_roles` makes them."""
    with django_db_blocker.unblock():
        saved = {model: rows(model) for model in ROLE_TABLES}
        before = {model: set(rows(model)) for model in (Page, get_user_model(), *WRITTEN)}
        groups = setup_roles()
        setup_workflow(groups["moderator"])
        lags = LocalActionGroup.objects.filter(locale__language_code="lv").order_by("slug")
        cast = {}
        for username, group in (
            ("partnere", groups[lags[0].slug]),
            ("cita-partnere", groups[lags[1].slug]),
            ("moderatore", groups["moderator"]),
            ("tulkotaja", groups["translator"]),
        ):
            user = get_user_model().objects.create_user(
                username, f"{username}@example.lv", PASSWORD, first_name=username.title()
            )
            user.groups.add(group)
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "lv"
            profile.save()
            cast[username] = user
        cast["lag"] = lags[0]
        yield cast
        for model, pks in before.items():
            model.objects.exclude(pk__in=list(pks)).delete()
        put_back(saved)
        assert {model: rows(model) for model in ROLE_TABLES} == saved, "put back as it was"


def _sign_in(browser, site, username):
    return sign_in(browser, site, username, PASSWORD, **PHONE)


def _fully_on_screen(page, locator):
    """In the phone's viewport and the topmost element at its centre (nothing covers it)."""
    box = locator.bounding_box()
    width, height = PHONE["viewport"]["width"], PHONE["viewport"]["height"]
    inside = box["x"] >= 0 and box["y"] >= 0
    inside = inside and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
    on_top = locator.evaluate(
        """(el) => { const r = el.getBoundingClientRect();
            const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return top !== null && (top === el || el.contains(top)); }"""
    )
    return inside and on_top


# The form's fields that reach past the phone's right edge (the admin hides what overflows).
CUT_OFF = """() => [...document.querySelectorAll(
    "main input:not([type=hidden]), main select, main textarea, main label")]
  .filter((el) => el.checkVisibility() && el.getBoundingClientRect().width > 0)
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
  .map((el) => el.id || el.name || el.textContent.trim().slice(0, 40))"""


def _open_actions(page):
    """The footer's «more actions» menu (submit for review, the review's decisions)."""
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer .w-dropdown__content").wait_for(state="visible")


def _write_and_submit(browser, site, index_pk):
    page = _sign_in(browser, site, "partnere")
    seen = {"dashboard": page.url}
    page.goto(f"{site}/admin/pages/{index_pk}/")
    # The listing's titles stay readable on the phone (Wagtail squeezed them to ~45 px).
    seen["title column"] = page.locator("table.listing th.title").bounding_box()["width"]
    add = page.locator(f"a[href='/admin/pages/{index_pk}/add_subpage/']").first
    seen["add on screen"] = _fully_on_screen(page, add)
    add.click()
    page.wait_for_url("**/admin/pages/add/knowledge/goodpracticestory/**")
    # The actions are at hand from the top of the long form (Wagtail put them at its end).
    seen["save on screen"] = _fully_on_screen(page, page.locator("footer button.action-save"))
    seen["cut off"] = page.evaluate(CUT_OFF)
    page.locator("#id_title").press_sequentially(TITLE, delay=20)  # the slug follows the title
    page.fill("#id_intro", "Skolēni un vecāki kopā iekopa dārzu.")
    page.fill("#id_place", "Viesīte")
    page.fill("#id_municipality", "Jēkabpils novads")
    page.select_option("#id_country", "LV")
    page.select_option("#id_innovation_type", "social")
    page.select_option("#id_status", "in_transition")
    lag = page.locator("#id_lag")
    seen["lag"] = (lag.is_disabled(), lag.input_value())
    # Autosave may have made the page already; let it finish before saving by hand.
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.locator("footer button.action-save").click()
    seen["saved"] = (page.url, page.locator(".messages").inner_text())

    _open_actions(page)
    submit = page.locator("footer button[name=action-submit]")
    seen["submit"] = (submit.inner_text().strip(), _fully_on_screen(page, submit))
    seen["publish buttons"] = page.locator("[name=action-publish]").count()
    with page.expect_navigation():
        submit.click()
    seen["submitted"] = page.locator(".messages").inner_text()
    return seen


def _review(browser, site, link, action, comment=""):
    """The moderator opens the e-mail's link and takes the decision `action` (its button)."""
    page = _sign_in(browser, site, "moderatore")
    page.goto(link)
    _open_actions(page)
    button = page.get_by_role("button", name=action, exact=True)
    seen = {"on screen": _fully_on_screen(page, button)}
    if comment:
        button.click()
        page.locator(".modal #id_comment").fill(comment)
        with page.expect_navigation():
            page.locator(".modal form button[type=submit]").click()
    else:
        with page.expect_navigation():
            button.click()
    seen["message"] = page.locator(".messages").inner_text()
    return seen


def _see_and_resubmit(browser, site, story_pk):
    page = _sign_in(browser, site, "partnere")
    panel = page.locator("#review-comments-section")
    seen = {"panel": panel.inner_text(), "workflow panel": page.locator("main").inner_text()}
    with page.expect_navigation():
        panel.get_by_role("link", name=TITLE).click()
    seen["edit"] = page.url
    page.fill("#id_intro", FIXED_INTRO)
    _open_actions(page)
    submit = page.locator("footer button[name=action-submit]")
    seen["resubmit"] = (submit.inner_text().strip(), _fully_on_screen(page, submit))
    seen["publish buttons"] = page.locator("[name=action-publish]").count()
    with page.expect_navigation():
        submit.click()
    return seen


def _read(browser, url):
    page = browser.new_context(**PHONE).new_page()
    response = page.goto(url)
    return response.status, page.locator("main").inner_text()


def _tell_a_story(browser, site):
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{site}/lv/stasti/pastastiet/")
    for field, value in (
        ("title", "Sēlpils pagasta koris"),
        ("place", "Sēlpils"),
        ("municipality", "Aizkraukles novads"),
        ("latitude", "56,5801"),
        ("longitude", "25.6902"),
        ("what_they_did", "Iedzīvotāji atjaunoja kori un dzied katru nedēļu."),
        ("what_changed", "Ciemā atkal ir kopā būšana."),
        ("who_took_part", "30 dziedātāji un pagasta pārvalde."),
        ("contact_name", "Ilze Dziedātāja"),
        ("contact_email", "ilze.kore@example.org"),
    ):
        page.fill(f"#id_{field}", value)
    page.check("#id_consent")
    time.sleep(1.2)  # a person takes longer than SUBMISSION_MIN_SECONDS (1 here)
    submit = page.locator(".story-form button[type=submit]")
    on_screen = submit.is_visible()
    with page.expect_navigation():
        submit.click()
    return on_screen, page.locator("h1").inner_text()


def _subject(message):
    return " ".join(message["Subject"].split())


def _text(message):
    return message.get_body(("plain",)).get_content()


def _links(message):
    return re.findall(r"https?://\S+", _text(message))


def test_a_lag_partners_whole_path_on_a_phone(people, site_url, settings):
    settings.WAGTAILADMIN_BASE_URL = site_url  # the e-mails' links lead to this server
    settings.SUBMISSION_MIN_SECONDS = 1
    index = StoryIndexPage.objects.get(locale__language_code="lv")
    partner, moderator, lag = people["partnere"], people["moderatore"], people["lag"]

    with SMTPServer() as smtp:
        use_smtp(settings, smtp.port)
        inbox = smtp.inbox

        # The partner writes the story on the phone and submits it for the review.
        seen = in_browser(_write_and_submit, site_url, index.pk, timeout=240)
        assert seen["dashboard"].endswith("/admin/")
        assert seen["title column"] >= 150, "titles readable in the page listing"
        assert seen["add on screen"] and seen["save on screen"]
        assert seen["cut off"] == [], "fields reaching past the screen's edge"
        assert seen["lag"] == (True, str(lag.pk)), "the partner's LAG, preset and fixed"
        [story] = GoodPracticeStory.objects.filter(title=TITLE)  # autosave made no second
        assert story.owner == partner and story.locale.language_code == "lv"
        assert story.get_parent().pk == index.pk and story.lag_id == lag.pk
        assert seen["saved"][0].endswith(f"/admin/pages/{story.pk}/edit/")
        label, on_screen = seen["submit"]
        assert label.startswith("Iesniegt") and "Satura pārskatīšana" in label and on_screen
        assert seen["publish buttons"] == 0, "a partner has no publish action"
        assert f"«{TITLE}» ir iesniegta pārskatīšanai" in seen["submitted"]
        story.refresh_from_db()
        assert not story.live and story.current_workflow_state.workflow.name == REVIEW

        # The moderator's e-mail, in their Latvian admin, with the link to the story.
        [mail] = inbox.to(moderator.email)
        assert _subject(mail) == (
            f"Lapa «{TITLE}» ir iesniegta apstiprināšanai pārskatīšanas posmā «{REVIEW}»"
        )
        link = f"{site_url}/admin/pages/{story.pk}/edit/"
        assert "Lapu var rediģēt šeit:" in _text(mail) and link in _links(mail)

        # … who asks for a change, with a comment, from the phone.
        seen = in_browser(_review, site_url, link, "Pieprasīt izmaiņas", COMMENT, timeout=120)
        assert seen["on screen"]
        story.refresh_from_db()
        assert story.current_workflow_state.status == "needs_changes" and not story.live
        [changes] = inbox.to(partner.email)
        assert "noraidīta" in _subject(changes) and f"«{COMMENT}»" in _text(changes)

        # The partner sees the state and the comment on the dashboard, edits, resubmits.
        seen = in_browser(_see_and_resubmit, site_url, story.pk, timeout=120)
        assert TITLE in seen["panel"] and COMMENT in seen["panel"]
        assert "Pieprasītas izmaiņas: rediģējiet un iesniedziet vēlreiz" in seen["panel"]
        assert "Izmaiņas pieprasītas uzdevumā" in seen["workflow panel"]  # Wagtail's own
        assert seen["edit"].endswith(f"/admin/pages/{story.pk}/edit/")
        assert seen["resubmit"][1] and seen["publish buttons"] == 0
        story.refresh_from_db()
        assert story.current_workflow_state.status == "in_progress"
        assert len(inbox.to(moderator.email)) == 2

        # Approved: live on the Latvian site, with the partner's change.
        seen = in_browser(_review, site_url, link, "Apstiprināt un publicēt", timeout=120)
        story.refresh_from_db()
        assert story.live and story.current_workflow_state is None
        status, text = in_browser(_read, site_url + story.url)
        assert status == 200 and TITLE in text and FIXED_INTRO in text
        assert "apstiprināta" in _subject(inbox.to(partner.email)[-1])

        # A community member sends a story through the public form on a phone.
        on_screen, heading = in_browser(_tell_a_story, site_url)
        assert on_screen and heading == "Paldies! Jūsu stāsts ir saņemts"
        submission = StorySubmission.objects.get(contact_email="ilze.kore@example.org")
        sent = submission.story
        assert sent is not None and not sent.live
        assert sent.current_workflow_state.workflow.name == REVIEW
        told = inbox.to(moderator.email)[-1]
        assert "Sēlpils pagasta koris" in _subject(told)
        assert f"{site_url}/admin/pages/{sent.pk}/edit/" in _links(told)

    # The browser's part is done: the rest acts through the test client.
    # The translator publishes the English version.
    translator = Client()
    translator.force_login(people["tulkotaja"])
    english = admin_forms.submit_translation(translator, story)
    assert not english.live
    props = admin_forms.translation_editor(translator, english)
    admin_forms.translate_string(translator, props, "title", "The school garden of Viesīte")
    english = admin_forms.publish_translation(translator, english)
    assert english.live and english.locale.language_code == "en"
    page = Client().get(english.url)
    assert page.status_code == 200 and "The school garden of Viesīte" in page.content.decode()

    # Nobody without the role: another LAG's partner does not open the draft from the form,
    # a reader does not see it, nobody signed out reaches the admin, the partner cannot
    # publish by posting the button Wagtail does not show them.
    other = Client()
    other.force_login(people["cita-partnere"])
    assert other.get(admin_forms.edit_url(sent)).status_code in (302, 403)
    assert Client().get(admin_forms.edit_url(story)).status_code == 302  # to the sign-in
    assert Client().get(f"/lv/stasti/{sent.slug}/").status_code == 404
    assert translator.get(admin_forms.edit_url(story)).status_code in (302, 403), "Latvian"
    writer = Client()
    writer.force_login(partner)
    data = admin_forms.post_data(story, user=partner, intro="Pašas publicēts.")
    writer.post(admin_forms.edit_url(story), {**data, "action-publish": "1"})
    story.refresh_from_db()
    assert story.intro == FIXED_INTRO, "the live story is not what the partner posted"
    assert "Pašas publicēts." not in Client().get(story.url).content.decode()


def _begin_and_walk_away(browser, site, index_pk):
    page = _sign_in(browser, site, "partnere")
    page.goto(f"{site}/admin/pages/add/knowledge/goodpracticestory/{index_pk}/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2500)  # Wagtail starts watching the form for changes after 2 s
    began = time.monotonic()
    page.locator("#id_title").press_sequentially("Iesākts un pamests", delay=20)
    page.wait_for_url("**/edit/", timeout=20_000)  # autosave made the page
    seen = {"edit": page.url, "seconds": time.monotonic() - began}
    page.goto(f"{site}/admin/")  # … and the partner leaves; next time, the dashboard:
    seen["panel"] = page.locator("#unfinished-pages-section").inner_text()
    page.goto(f"{site}/admin/pages/add/knowledge/goodpracticestory/{index_pk}/")
    seen["reminder"] = page.locator(".messages").inner_text()
    return seen


def test_autosave_makes_a_draft_from_a_title_and_its_author_is_reminded(people, site_url):
    index = StoryIndexPage.objects.get(locale__language_code="lv")
    seen = in_browser(_begin_and_walk_away, site_url, index.pk, timeout=120)
    [story] = GoodPracticeStory.objects.filter(title="Iesākts un pamests")
    assert seen["edit"].endswith(f"/admin/pages/{story.pk}/edit/") and seen["seconds"] < 10
    assert not story.live and story.owner == people["partnere"]
    assert "Iesākts un pamests" in seen["panel"] and "Dzēst" in seen["panel"]
    assert "«Iesākts un pamests»" in seen["reminder"] and "Turpināt" in seen["reminder"]
