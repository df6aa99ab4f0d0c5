""" "Tell us your story": a community member sends a story without an account; it is stored
first, becomes a Latvian draft in the moderation workflow, the moderators and the sender are
told, spam is turned away, and the sender's contact details reach no public channel."""

import itertools
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.users.models import UserProfile

from knowledge.models import (
    GoodPracticeStory,
    LocalActionGroup,
    StoryIndexPage,
    StorySubmission,
    StorySubmissionPage,
)
from knowledge.newsroom import antispam, drafts
from knowledge.newsroom.notices import MODERATORS_GROUP
from tests.browser import in_browser, needs_chromium
from tests.test_accessibility import RULES

pytestmark = pytest.mark.django_db

FORM = {"lv": "/lv/stasti/pastastiet/", "en": "/en/stories/tell-your-story/"}
_addresses = itertools.count(1)


@pytest.fixture
def client():
    """A client of its own address: the per-client limit of one test never meets another's."""
    n = next(_addresses)
    return Client(REMOTE_ADDR=f"10.20.{n // 250}.{n % 250 + 1}")


@pytest.fixture
def moderators(db):
    """Two moderators, one reading the admin in Latvian and one in English."""
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    people = []
    for name, language in (("anna", "lv"), ("ben", "en")):
        user = get_user_model().objects.create_user(
            f"moderator-{name}", email=f"{name}@moderators.example", password="x"
        )
        user.groups.add(group)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        people.append(user)
    return people


def story_data(**changes):
    data = {
        "title": "Kopienas veikals Zīļukalnā",
        "place": "Zīļukalns",
        "municipality": "Tukuma novads",
        "latitude": "57,0123",
        "longitude": "23.1234",
        "what_they_did": "Iedzīvotāji kopā atvēra veikalu.\n\nTas strādā trīs dienas nedēļā.",
        "what_changed": "Vairs nav jābrauc 20 km pēc maizes.",
        "who_took_part": "Biedrība, pagasta pārvalde un 40 iedzīvotāji.",
        "funding": "LEADER, 12 000 EUR",
        "contact_name": "Zane Kontaktpersona-Qx",
        "contact_email": "zane.qx@example.org",
        "consent": "on",
        # Shown a minute ago: as long as a person takes.
        "started": antispam.issue_token(time.time() - 60),
        "comment": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def send(client, data, language="lv"):
    return client.post(FORM[language], data)


def test_the_form_page_is_there_in_both_languages_and_linked(client):
    for language, path in FORM.items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for name in (
            "title",
            "place",
            "municipality",
            "latitude",
            "longitude",
            "what_they_did",
            "what_changed",
            "who_took_part",
            "funding",
            "contact_name",
            "contact_email",
            "consent",
        ):
            assert f'name="{name}"' in html, name
        assert 'name="csrfmiddlewaretoken"' in html
        privacy = {"lv": "/lv/privatums/", "en": "/en/privacy/"}[language]
        assert f'href="{privacy}"' in html
        index = StoryIndexPage.objects.get(locale__language_code=language)
        assert f'href="{path}"' in client.get(index.url).content.decode()
        home = client.get(f"/{language}/").content.decode()
        assert f'href="{path}"' in home and f'href="{privacy}"' in home
    assert "Pastāstiet savu stāstu" in client.get(FORM["lv"]).content.decode()
    assert "Tell us your story" in client.get(FORM["en"]).content.decode()


def test_the_form_page_is_neither_cached_nor_compressed(client):
    # A reader's page is compressed: the check below means something.
    assert client.get("/lv/", HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    for _attempt in range(2):  # without the CSRF cookie, then with it
        response = client.get(FORM["lv"], HTTP_ACCEPT_ENCODING="gzip")
        assert "Content-Encoding" not in response
        control = response["Cache-Control"]
        assert "no-store" in control and "private" in control
        assert "csrftoken" in client.cookies
    answer = send(client, story_data(contact_email=None), "lv")
    assert answer.status_code == 400 and "no-store" in answer["Cache-Control"]


def test_the_honeypot_is_hidden_by_the_style_sheet_not_inline(client):
    html = client.get(FORM["lv"]).content.decode()
    start = html.index('<form class="story-form"')
    form = html[start : html.index("</form>", start)]
    assert 'class="trap"' in form and "style=" not in form
    assert "<script" not in html.split("</head>", 1)[1]
    assert ".trap { display: none; }" in open("static/css/site.css", encoding="utf-8").read()


def test_a_story_becomes_a_latvian_draft_and_everyone_is_told(client, moderators, mailoutbox):
    before = GoodPracticeStory.objects.count()
    response = send(client, story_data(), "lv")
    assert response.status_code == 200
    assert "Paldies" in response.content.decode()
    submission = StorySubmission.objects.get(contact_email="zane.qx@example.org")
    assert submission.status == StorySubmission.DRAFTED and submission.language == "lv"
    story = submission.story.specific
    assert GoodPracticeStory.objects.count() == before + 1
    assert not story.live and story.first_published_at is None
    assert story.locale.language_code == "lv"
    assert story.get_parent().specific == StoryIndexPage.objects.get(locale__language_code="lv")
    assert (story.place, story.municipality, story.country) == ("Zīļukalns", "Tukuma novads", "LV")
    assert str(story.latitude) == "57.01230" and str(story.longitude) == "23.12340"
    assert story.funding_source == "LEADER, 12 000 EUR"
    # The municipality names the area of «Partnerība laukiem un jūrai».
    lag = LocalActionGroup.objects.get(slug="lag-laukiem-un-jurai", locale=story.locale)
    assert story.lag == lag
    assert submission.lag == story.lag
    body = str(story.body)
    assert "Tas strādā trīs dienas nedēļā." in body and "40 iedzīvotāji" in body
    # The contact details are on the submission only, not on the story or its revision.
    revision = story.latest_revision.content
    for secret in ("zane.qx@example.org", "Kontaktpersona-Qx"):
        assert secret not in str(revision) and secret not in body
    # In the moderation workflow of the story index (Wagtail's default one here).
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by.username == drafts.SYSTEM_USERNAME
    assert not state.requested_by.is_active

    to = {message.to[0]: message for message in mailoutbox}
    anna, ben = to["anna@moderators.example"], to["ben@moderators.example"]
    edit_link = f"http://testserver/admin/pages/{story.pk}/edit/"
    assert edit_link in anna.body and edit_link in ben.body
    assert "Kopienas veikals Zīļukalnā" in anna.subject
    assert "Iesūtīts stāsts" in anna.subject or "stāsts" in anna.subject.lower()
    assert "story" in ben.subject.lower() and "stāsts" not in ben.subject.lower()
    for message in (anna, ben):
        assert "zane.qx@example.org" not in message.body
        assert "Kontaktpersona" not in message.body + message.subject
    confirmation = to["zane.qx@example.org"]
    assert "saņemts" in confirmation.subject.lower() or "saņēm" in confirmation.body
    assert confirmation.reply_to == ["redaktori@localhost"]
    assert "http://testserver/lv/privatums/" in confirmation.body
    # The confirmation repeats nothing the sender typed.
    assert "Zīļukalnā" not in confirmation.body + confirmation.subject


def test_a_story_sent_in_english_is_still_a_latvian_draft(client, moderators, mailoutbox):
    response = send(
        client,
        story_data(
            title="A shop the village runs",
            municipality="Atlantis",
            latitude="",
            longitude="",
            contact_email="sam.qx@example.org",
        ),
        "en",
    )
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    submission = StorySubmission.objects.get(contact_email="sam.qx@example.org")
    assert submission.language == "en" and submission.privacy_url.endswith("/en/privacy/")
    story = submission.story
    assert story.locale.language_code == "lv" and not story.live
    assert story.lag is None and story.latitude is None  # no LAG matches "Atlantis"
    confirmation = next(m for m in mailoutbox if m.to == ["sam.qx@example.org"])
    assert "arrived" in confirmation.subject and "12 months" in confirmation.body


def test_a_mistake_keeps_everything_typed(client, mailoutbox):
    data = story_data(contact_email="not an address", latitude="95", longitude="")
    response = send(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kopienas veikals Zīļukalnā" in html
    assert "Iedzīvotāji kopā atvēra veikalu." in html and "40 iedzīvotāji" in html
    assert 'value="not an address"' in html and "Zane Kontaktpersona-Qx" in html
    assert 'aria-invalid="true"' in html and 'id="id_contact_email_error"' in html
    assert 'href="#id_contact_email"' in html  # the summary leads to the field
    assert not StorySubmission.objects.filter(contact_email="not an address").exists()
    assert mailoutbox == []
    without_consent = send(client, story_data(consent=None)).content.decode()
    assert "privātuma" in without_consent.lower()


def test_the_honeypot_turns_a_program_away(client, mailoutbox):
    response = send(client, story_data(comment="http://spam.example"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "programma" in html and "Kopienas veikals Zīļukalnā" in html
    assert "http://spam.example" not in html  # emptied for a person who sends it again
    assert not StorySubmission.objects.exists() and mailoutbox == []


def test_a_form_sent_too_fast_or_with_a_forged_stamp_is_turned_away(client, mailoutbox):
    # The stamp of the form as the page gave it, sent back at once.
    page = client.get(FORM["en"]).content.decode()
    stamp = re.search(r'name="started" value="([^"]+)"', page).group(1)
    response = send(client, story_data(started=stamp), "en")
    assert response.status_code == 400 and "quicker than anyone" in response.content.decode()
    assert f'value="{stamp}"' in response.content.decode()  # the same stamp: wait, then send
    forged = send(client, story_data(started="1700000000.0:forged"), "en")
    assert forged.status_code == 400 and "open for a long time" in forged.content.decode()
    assert "1700000000.0:forged" not in forged.content.decode()  # a fresh stamp instead
    old = send(client, story_data(started=antispam.issue_token(time.time() - 9 * 86400)), "en")
    assert old.status_code == 400
    assert not StorySubmission.objects.exists() and mailoutbox == []


def test_a_client_may_send_only_so_many_stories_an_hour(client, settings, mailoutbox):
    settings.SUBMISSION_RATE_LIMIT = 2
    for n in range(2):
        assert send(client, story_data(title=f"Stāsts {n}")).status_code == 200
    response = send(client, story_data(title="Trešais stāsts"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "vēlāk" in html and "Trešais stāsts" in html and "40 iedzīvotāji" in html
    assert not StorySubmission.objects.filter(title="Trešais stāsts").exists()
    # Spam counts too, and another client is not held up.
    other = Client(REMOTE_ADDR="10.99.0.1")
    for _n in range(2):
        send(other, story_data(comment="spam"))
    assert send(other, story_data(title="Ceturtais stāsts")).status_code == 429
    assert send(Client(REMOTE_ADDR="10.99.0.2"), story_data(title="Piektais")).status_code == 200


def test_the_same_story_twice_is_stored_once(client, mailoutbox):
    assert send(client, story_data()).status_code == 200
    sent = len(mailoutbox)
    same = story_data(title="  kopienas VEIKALS   zīļukalnā ", contact_email="ZANE.qx@example.org")
    again = send(client, same)
    assert again.status_code == 200 and "jau saņēmām" in again.content.decode()
    assert StorySubmission.objects.count() == 1 and len(mailoutbox) == sent
    # The same title from someone else is a story of its own.
    assert send(client, story_data(contact_email="cits@example.org")).status_code == 200
    assert StorySubmission.objects.count() == 2


def test_a_failure_after_the_story_is_stored_loses_nothing(
    client, moderators, mailoutbox, monkeypatch
):
    def broken(submission, near=None):
        GoodPracticeStory(title="half-made")  # whatever it did is rolled back
        raise RuntimeError("the page tree is locked")

    monkeypatch.setattr(drafts, "create_draft", broken)
    pages = Page.objects.count()
    response = send(client, story_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paldies" in html and "pabeigs paši" in html
    submission = StorySubmission.objects.get()
    assert submission.status == StorySubmission.FAILED and submission.story is None
    assert "the page tree is locked" in submission.problem
    assert submission.what_they_did.startswith("Iedzīvotāji kopā atvēra veikalu.")
    assert Page.objects.count() == pages
    moderator_mail = next(m for m in mailoutbox if m.to == ["anna@moderators.example"])
    assert f"/admin/sent-stories/inspect/{submission.pk}/" in moderator_mail.body
    assert any(m.to == ["zane.qx@example.org"] for m in mailoutbox)


def test_moderators_without_the_group_are_those_who_may_publish(client, mailoutbox):
    admin = get_user_model().objects.create_superuser("chief", "chief@example.org", "x")
    assert not Group.objects.filter(name=MODERATORS_GROUP).exists()
    send(client, story_data())
    assert any(m.to == [admin.email] for m in mailoutbox)


def test_contact_details_reach_no_public_channel(client):
    send(client, story_data(title="Zīļukalna brīnumveikals"))
    story = StorySubmission.objects.get().story.specific
    # A draft is in no public channel at all.
    assert (
        story.title
        not in client.get(
            "/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=lv&limit=50"
        ).content.decode()
    )
    # Published by a moderator, it is everywhere, and the contact details nowhere.
    story.save_revision().publish()
    story.refresh_from_db()
    channels = {
        "api list": "/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=lv&limit=50&fields=*",
        "api detail": f"/api/v2/pages/{story.pk}/",
        "api search": "/api/v2/pages/?locale=lv&search=brīnumveikals&fields=*",
        "search": "/lv/meklet/?q=brīnumveikals",
        "rss": "/lv/feeds/stories.rss",
        "atom": "/lv/feeds/stories.atom",
        "csv": "/lv/data/stories.csv",
        "geojson": "/lv/data/stories.geojson",
        "widget": "/embed/stories/?lang=lv&limit=50",
        "sitemap": "/sitemap.xml",
        "story page": story.url,
    }
    for name, url in channels.items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.getvalue().decode()  # the open data is streamed
        shows = story.url in body or str(story.pk) in body or "brīnumveikals" in body
        assert shows, f"{name} does not show the published story: the check means nothing"
        for secret in ("zane.qx", "Kontaktpersona-Qx"):
            assert secret not in body, f"{name} shows {secret}"


def test_old_contact_details_are_purged(settings):
    settings.SUBMISSION_RETENTION_DAYS = 30
    common = {
        key: value
        for key, value in story_data().items()
        if key not in ("consent", "started", "comment", "latitude", "longitude")
    }
    old = StorySubmission.objects.create(
        **common,
        language="lv",
        consent_at=timezone.now(),
        created_at=timezone.now() - timedelta(days=31),
        fingerprint="x" * 64,
    )
    new = StorySubmission.objects.create(
        **common, language="lv", consent_at=timezone.now(), fingerprint="y" * 64
    )
    call_command("purge_submissions", verbosity=0)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.fingerprint) == ("", "", "")
    assert old.contact_erased_at is not None and old.what_changed  # the story stays
    assert new.contact_email == "zane.qx@example.org" and new.contact_erased_at is None


def test_a_moderator_erases_contact_details_in_the_admin(client, moderators):
    send(client, story_data())
    submission = StorySubmission.objects.get()
    admin = Client()
    admin.force_login(moderators[0])
    listing = admin.get("/admin/sent-stories/")
    assert listing.status_code == 200 and "zane.qx@example.org" in listing.content.decode()
    inspect = admin.get(f"/admin/sent-stories/inspect/{submission.pk}/").content.decode()
    assert "Zane Kontaktpersona-Qx" in inspect and f"/admin/pages/{submission.story_id}/" in inspect
    erase_url = f"/admin/sent-stories/erase/{submission.pk}/"
    assert erase_url in inspect
    assert admin.get(erase_url).status_code == 200
    response = admin.post(erase_url)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.contact_email == submission.contact_name == ""
    assert submission.contact_erased_at is not None and submission.story is not None
    assert "zane.qx@example.org" not in admin.get(response["Location"]).content.decode()


def test_only_moderators_see_sent_stories(client):
    send(client, story_data())
    submission = StorySubmission.objects.get()
    partners, _created = Group.objects.get_or_create(name="VRG partneris")
    partners.permissions.add(Permission.objects.get(codename="access_admin"))
    partner = get_user_model().objects.create_user("partner", "p@example.org", "x")
    partner.groups.add(partners)
    admin = Client()
    admin.force_login(partner)
    assert "/admin/sent-stories/" not in admin.get("/admin/").content.decode()
    for url in (
        "/admin/sent-stories/",
        f"/admin/sent-stories/inspect/{submission.pk}/",
        f"/admin/sent-stories/erase/{submission.pk}/",
        "/admin/sent-stories/new/",
    ):
        response = admin.get(url)
        assert response.status_code in (302, 403), url
        assert "zane.qx@example.org" not in response.content.decode()
    assert admin.post(f"/admin/sent-stories/erase/{submission.pk}/").status_code in (302, 403)
    submission.refresh_from_db()
    assert submission.contact_email == "zane.qx@example.org"


def test_the_form_page_is_placed_by_editors_and_loaded_in_both_languages(lv, en):
    latvian = StorySubmissionPage.objects.get(locale=lv)
    english = StorySubmissionPage.objects.get(locale=en)
    assert latvian.translation_key == english.translation_key
    assert english.localized_privacy_page().url == "/en/privacy/"
    assert isinstance(latvian.get_parent().specific, StoryIndexPage)


def _audit_form(browser, site):
    import axe_playwright_python

    axe = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    page = browser.new_page(viewport={"width": 360, "height": 740}, bypass_csp=True)
    found, too_wide = {}, {}

    def check(label):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[label] = width
        page.add_script_tag(path=str(axe))
        result = page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES
        )
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.setdefault(label, []).append(f"{violation['id']}: {targets}")

    for path in FORM.values():
        page.goto(site + path)
        assert not page.is_visible("#id_comment")  # the honeypot is nobody's to see
        check(f"{path} as shown")
        page.goto(site + path)
        page.fill("#id_title", "Stāsts")
        # No script: the server answers with the mistakes.
        page.click(".story-form button[type=submit]")
        page.wait_for_selector(".form-problems")
        assert page.input_value("#id_title") == "Stāsts"
        check(f"{path} with mistakes")
    return found, too_wide


@pytest.mark.browser
@needs_chromium
def test_the_form_passes_the_accessibility_checks_on_a_phone(site_url):
    found, too_wide = in_browser(_audit_form, site_url)
    assert found == {}, found
    assert too_wide == {}
