""" "Tell us your story" when something goes wrong: nothing the sender typed is lost (the
coordinates included), whatever fails after the story is stored still thanks the sender, and a
mail server that is down is the editors' concern, never the reader's."""

import logging

import pytest
from django.db import DatabaseError
from wagtail.models import WorkflowState

from knowledge.models import QueuedMail, StorySubmission
from knowledge.newsroom import drafts, notices
from tests import test_newsroom_form
from tests.newsroom import free_port, use_smtp
from tests.test_newsroom_form import FORM, send, story_data

# The form tests' fixtures (a client of its own address, two moderators), seen by pytest here.
client, moderators = test_newsroom_form.client, test_newsroom_form.moderators

pytestmark = pytest.mark.django_db


def test_a_mistake_keeps_the_coordinates_as_typed(client, mailoutbox):
    response = send(client, story_data(latitude="57,0123", longitude="200"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="latitude" value="57,0123"' in html, "as typed, with the Latvian comma"
    assert 'name="longitude" value="200"' in html
    assert 'id="id_longitude_error"' in html and 'id="id_latitude_error"' not in html
    # Only one of the two: the sender is asked for both, and both stay.
    response = send(client, story_data(latitude="", longitude="23.1234"))
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_latitude_error"' in html
    assert 'name="longitude" value="23.1234"' in html
    assert not StorySubmission.objects.exists() and mailoutbox == []


def test_a_database_that_fails_on_storing_keeps_everything_typed(
    client, mailoutbox, monkeypatch, caplog
):
    def refuse(**values):
        raise DatabaseError("could not obtain lock on relation")

    monkeypatch.setattr(StorySubmission.objects, "create", refuse)
    with caplog.at_level(logging.ERROR):
        response = send(client, story_data())
    assert response.status_code == 503
    html = response.content.decode()
    assert "Šobrīd jūsu stāstu nevarējām saglabāt" in html
    for typed in (
        'value="Kopienas veikals Zīļukalnā"',
        'value="57,0123"',
        'value="23.1234"',
        "Tas strādā trīs dienas nedēļā.",
        "40 iedzīvotāji",
        'value="LEADER, 12 000 EUR"',
        'value="zane.qx@example.org"',
    ):
        assert typed in html, typed
    assert "no-store" in response["Cache-Control"]
    assert any("could not be stored" in r.getMessage() for r in caplog.records)
    assert mailoutbox == [], "nobody is told of a story that is not there"


def test_a_workflow_that_does_not_start_leaves_the_draft_for_the_editors(
    client, moderators, mailoutbox, monkeypatch
):
    def broken(story):
        raise RuntimeError("the workflow's task is disabled")

    monkeypatch.setattr(drafts, "submit_for_moderation", broken)
    response = send(client, story_data())
    assert response.status_code == 200 and "Paldies" in response.content.decode()
    submission = StorySubmission.objects.get()
    assert submission.status == StorySubmission.DRAFTED
    assert "the workflow's task is disabled" in submission.problem
    story = submission.story
    assert story is not None and not story.live
    assert not WorkflowState.objects.filter(object_id=str(story.pk)).exists()
    # The moderators still hear of it, with the draft's link: they send it on by hand.
    anna = next(m for m in mailoutbox if m.to == ["anna@moderators.example"])
    assert f"/admin/pages/{story.pk}/edit/" in anna.body


def test_a_notice_that_fails_never_reaches_the_sender(client, moderators, mailoutbox, monkeypatch):
    def broken(submission):
        raise RuntimeError("template missing")

    monkeypatch.setattr(notices, "tell_moderators", broken)
    response = send(client, story_data())
    assert response.status_code == 200 and "Paldies" in response.content.decode()
    submission = StorySubmission.objects.get()
    assert submission.status == StorySubmission.DRAFTED and submission.story is not None
    assert [m.to for m in mailoutbox] == [["zane.qx@example.org"]], "the confirmation still goes"


def test_a_mail_server_that_is_down_is_not_the_readers_concern(
    client, moderators, settings, caplog
):
    use_smtp(settings, free_port())  # nothing listens there
    with caplog.at_level(logging.WARNING):
        response = send(client, story_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paldies" in html and "e-pasta paziņojumus" not in html
    # No admin warning waits for the reader in a cookie (the site sets none for readers).
    assert "messages" not in response.cookies
    assert "e-pasta paziņojumus" not in client.get(FORM["lv"]).content.decode()
    # Kept for send_queued_mail, and the log says so once.
    assert {tuple(q.recipients) for q in QueuedMail.objects.all()} == {
        ("anna@moderators.example",),
        ("ben@moderators.example",),
        ("zane.qx@example.org",),
    }
    lines = [r for r in caplog.records if r.name == "knowledge.newsroom.mail"]
    assert lines and all(r.exc_info is None for r in lines)
