"""Notifications that arrive: the review's e-mails reach a real SMTP server (aiosmtpd, started
here) in each recipient's admin language with a link to the story; a mail server that is down
loses nothing (queued, logged in one line, the sender warned, the action done) and
`send_queued_mail` delivers later; scheduled publishing goes through the review."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from config.settings.base import email_delivery
from knowledge.models import QueuedMail
from knowledge.newsroom.workflow import REVIEW
from tests import newsroom
from tests.newsroom import (
    SMTPServer,
    action_url,
    create_story,
    free_port,
    story_form_data,
    use_smtp,
)

# The shared fixtures (tests/newsroom.py), seen by pytest here.
roles, lags, make_user, story_index, smtp_server = (
    newsroom.roles,
    newsroom.lags,
    newsroom.make_user,
    newsroom.story_index,
    newsroom.smtp_server,
)

pytestmark = pytest.mark.django_db
BASE = "http://testserver"


def subject(message):
    return " ".join(message["Subject"].split())


def text(message):
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def people(make_user, lags):
    return {
        "partner": make_user("partnere", "partner", lag=lags[0]),
        "moderator": make_user("moderatore", "moderator"),  # Latvian admin
        "moderator_en": make_user("moderator", "moderator", language="en"),
    }


def test_the_review_end_to_end_with_the_mail_each_one_gets(
    client, people, story_index, smtp_server
):
    partner, moderator = people["partner"], people["moderator"]
    moderator_en = people["moderator_en"]
    inbox = smtp_server.inbox
    client.force_login(partner)
    response, story = create_story(client, story_index, "Ērgļu skola", submit=True)
    assert response.status_code == 302
    edit_link = f"{BASE}{reverse('wagtailadmin_pages:edit', args=[story.pk])}"

    # Submitted: each moderator is told, in their own admin language, with links.
    [latvian] = inbox.to(moderator.email)
    assert subject(latvian) == (
        f"Lapa «Ērgļu skola» ir iesniegta apstiprināšanai pārskatīšanas posmā «{REVIEW}»"
    )
    assert "Lapu var rediģēt šeit:" in text(latvian) and edit_link in text(latvian)
    [english] = inbox.to(moderator_en.email)
    assert subject(english).startswith('The page "Ērgļu skola" has been submitted')
    assert "You can edit the page here:" in text(english) and edit_link in text(english)
    assert not inbox.to(partner.email)

    # The moderator asks for a change, with a comment; the partner is told, in Latvian.
    client.force_login(moderator)
    comment = "Lūdzu, pievienojiet, kas piedalījās."
    response = client.post(action_url(story, "reject"), {"comment": comment})
    assert response.status_code in (200, 302)
    [changes] = inbox.to(partner.email)
    assert "noraidīta" in subject(changes) and "Ērgļu skola" in subject(changes)
    assert f"«{comment}»" in text(changes) and edit_link in text(changes)
    story.refresh_from_db()
    assert story.current_workflow_state.status == "needs_changes" and not story.live

    # The partner sees it on their dashboard: the story, its state and the comment.
    client.force_login(partner)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Ērgļu skola" in dashboard
    assert "Izmaiņas pieprasītas uzdevumā" in dashboard  # Wagtail's own panel
    assert "Pieprasītas izmaiņas: rediģējiet un iesniedziet vēlreiz" in dashboard
    assert comment in dashboard
    state = story.current_workflow_state
    history = reverse("wagtailadmin_pages:workflow_history_detail", args=[story.pk, state.pk])
    assert comment in client.get(history).content.decode()

    # The partner edits and resubmits: the review resumes, the moderators are told again.
    data = story_form_data("Ērgļu skola", submit=True)
    data["intro"] = "Kopiena atjaunoja skolu; piedalījās 40 cilvēki."
    response = client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.current_workflow_state.status == "in_progress"
    assert len(inbox.to(moderator.email)) == 2

    # Approved: published, and the partner is told with the story's address.
    client.force_login(moderator)
    response = client.post(action_url(story, "approve"), {"comment": ""})
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live and story.intro.endswith("40 cilvēki.")
    approved = inbox.to(partner.email)[-1]
    assert "apstiprināta" in subject(approved)
    assert story.full_url in text(approved)
    assert QueuedMail.objects.count() == 0


def test_a_mail_server_that_is_down_loses_nothing(client, people, story_index, settings, caplog):
    use_smtp(settings, free_port())  # nothing listens there
    client.force_login(people["partner"])
    with caplog.at_level(logging.WARNING):
        response, story = create_story(client, story_index, "Pāles stāsts", submit=True)

    # The action succeeded; the sender is warned; the log has one line and no traceback.
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.current_workflow_state.status == "in_progress"
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("e-pasta paziņojumus" in w for w in warnings), warnings
    records = [r for r in caplog.records if r.name == "knowledge.newsroom.mail"]
    assert len(records) == 1 and records[0].exc_info is None
    assert "\n" not in records[0].getMessage()
    assert "ConnectionRefusedError" in records[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info], "no traceback anywhere"
    queued = QueuedMail.objects.all()
    assert {tuple(q.recipients) for q in queued} == {
        (people["moderator"].email,),
        (people["moderator_en"].email,),
    }

    # The next try with the server still down keeps them, counting the attempts.
    call_command("send_queued_mail", verbosity=0)
    assert QueuedMail.objects.filter(attempts=2).count() == 2

    # The server is back: send_queued_mail delivers them as they were written.
    with SMTPServer() as server:
        use_smtp(settings, server.port)
        call_command("send_queued_mail", verbosity=0)
        [latvian] = server.inbox.to(people["moderator"].email)
        [english] = server.inbox.to(people["moderator_en"].email)
    assert "Pāles stāsts" in subject(latvian) and "iesniegta" in subject(latvian)
    assert subject(english).startswith('The page "Pāles stāsts"')
    assert f"{BASE}/admin/pages/{story.pk}/edit/" in text(latvian)
    assert QueuedMail.objects.count() == 0


def test_scheduled_publishing_goes_through_the_review(client, people, story_index, smtp_server):
    client.force_login(people["partner"])
    go_live = timezone.localtime() + timedelta(days=7)
    response, story = create_story(
        client,
        story_index,
        "Nākamās nedēļas stāsts",
        submit=True,
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    assert response.status_code == 302
    client.force_login(people["moderator"])
    client.post(action_url(story, "approve"), {"comment": ""})
    story.refresh_from_db()
    revision = story.latest_revision
    assert not story.live and revision.approved_go_live_at is not None

    call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert not story.live, "not before its date"
    a_week_later = timezone.now() + timedelta(days=7, minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=a_week_later):
        call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert story.live


def test_any_mail_of_the_site_goes_through_the_queue_and_the_files_by_default(settings, tmp_path):
    settings.EMAIL_BACKEND = "knowledge.newsroom.mail.QueueingEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    assert EmailMessage("Sveiki", "Ziņa", to=["a@example.lv"]).send() == 1
    [written] = list(tmp_path.iterdir())
    assert "Subject: Sveiki" in written.read_text()

    # A folder that cannot be written: queued, not lost.
    blocker = tmp_path / "file"
    blocker.write_text("")
    settings.EMAIL_FILE_PATH = str(blocker / "sub")
    assert EmailMessage("Otrā", "Ziņa", to=["b@example.lv"]).send() == 1
    assert QueuedMail.objects.get().subject == "Otrā"


def test_the_mail_server_is_named_by_one_url():
    smtp = email_delivery("smtp://lietotajs:p%40role@mail.example.lv:2525/?tls=1")
    assert smtp["EMAIL_DELIVERY_BACKEND"].endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"]) == ("mail.example.lv", 2525)
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("lietotajs", "p@role")
    assert smtp["EMAIL_USE_TLS"] and not smtp["EMAIL_USE_SSL"]
    ssl = email_delivery("smtps://mail.example.lv")
    assert ssl["EMAIL_USE_SSL"] and ssl["EMAIL_PORT"] == 465 and not ssl["EMAIL_USE_TLS"]
    assert email_delivery("smtp://localhost")["EMAIL_PORT"] == 25
    assert email_delivery("file:///tmp/pasts")["EMAIL_FILE_PATH"] == "/tmp/pasts"
    with pytest.raises(Exception, match="EMAIL_URL"):
        email_delivery("http://example.lv")
