"""What the newsroom tests share: the roles (and the tables they touch, for the browser tests to
put back), accounts in each role, a story written through the admin's own form, and a real SMTP
server (aiosmtpd) on a free port of 127.0.0.1."""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.models.media import GroupCollectionPermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from knowledge.models import (
    ContentReviewTask,
    GoodPracticeStory,
    LagPartnerGroup,
    LocalActionGroup,
    StoryIndexPage,
)
from knowledge.newsroom.roles import setup_roles
from knowledge.newsroom.workflow import setup_workflow

# What the roles touch, for the browser tests that make them outside the test's transaction:
# kept before and put back after (setup_roles renames Wagtail's own groups and workflow,
# changes their rights and adds groups, tasks and a workflow).
ROLE_TABLES = (
    Group,
    Group.permissions.through,
    GroupPagePermission,
    GroupCollectionPermission,
    LagPartnerGroup,
    Workflow,
    Task,
    GroupApprovalTask.groups.through,
    ContentReviewTask.groups.through,
    WorkflowTask,
    WorkflowPage,
)


def rows(model):
    key = model._meta.pk.attname
    return {row[key]: row for row in model.objects.values()}


def put_back(saved):
    """`saved`: {model: rows(model)}; each table becomes exactly those rows again."""
    for model, kept in saved.items():
        model.objects.exclude(pk__in=list(kept)).delete()
    for model, kept in saved.items():
        for pk, row in kept.items():
            model.objects.update_or_create(pk=pk, defaults=row)


@pytest.fixture
def roles(db):
    groups = setup_roles()
    setup_workflow(groups["moderator"])
    return groups


@pytest.fixture
def lags(db):
    """Two Latvian LAGs: the first partner's and another's."""
    return list(LocalActionGroup.objects.filter(locale__language_code="lv").order_by("slug")[:2])


@pytest.fixture
def make_user(roles):
    def make(username, role, *, lag=None, language="lv"):
        user = get_user_model().objects.create_user(
            username, email=f"{username}@example.lv", password="x", first_name=username.title()
        )
        user.groups.add(roles[lag.slug] if lag else roles[role])
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        return user

    return make


@pytest.fixture
def story_index(db):
    return StoryIndexPage.objects.get(locale__language_code="lv")


def story_form_data(title, *, lag=None, submit=False, publish=False, go_live_at=""):
    """The story form as the admin posts it (no JavaScript needed for these fields)."""
    data = nested_form_data(
        {
            "title": title,
            "slug": "",
            "intro": "Kopiena atjaunoja veco skolu par kopienas centru.",
            "place": "Ērgļi",
            "municipality": "Madonas novads",
            "country": "LV",
            "latitude": "",
            "longitude": "",
            "innovation_type": "social",
            "status": "in_transition",
            "lag": lag.pk if lag else "",
            "funding_source": "",
            "funding_amount": "",
            "funding_currency": "EUR",
            "period_start": "",
            "period_end": "",
            "period_precision": "day",
            "image": "",
            "image_alt": "",
            "body": streamfield([]),
            "sources": streamfield([]),
            "challenge_links": inline_formset([]),
            "roadmap_step_links": inline_formset([]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": go_live_at,
            "expire_at": "",
        }
    )
    data["slug"] = slugify(title)
    if submit:
        data["action-submit"] = "1"
    if publish:
        data["action-publish"] = "1"
    return data


def create_story(client, index, title, **kwargs):
    """A story written through the admin's create form; the response and the new page."""
    url = reverse("wagtailadmin_pages:add", args=["knowledge", "goodpracticestory", index.pk])
    response = client.post(url, story_form_data(title, **kwargs))
    story = GoodPracticeStory.objects.filter(title=title).first()
    return response, story


def action_url(story, action):
    """The admin's address for a review decision ("approve", "reject": request changes, …) on
    the story's current task."""
    story.refresh_from_db()
    task_state = story.current_workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[story.pk, action, task_state.pk])


class Inbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address):
        with self.lock:
            return [message for rcpt, message in self.messages if address in rcpt]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    """aiosmtpd on 127.0.0.1, in its own thread."""

    def __init__(self, port=None):
        self.inbox = Inbox()
        self.port = port or free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def use_smtp(settings_fixture, port):
    """The site's e-mail settings, pointed at an SMTP server on 127.0.0.1:`port`."""
    settings_fixture.EMAIL_BACKEND = "knowledge.newsroom.mail.QueueingEmailBackend"
    settings_fixture.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings_fixture.EMAIL_HOST = "127.0.0.1"
    settings_fixture.EMAIL_PORT = port
    settings_fixture.EMAIL_USE_TLS = settings_fixture.EMAIL_USE_SSL = False
    settings_fixture.EMAIL_HOST_USER = settings_fixture.EMAIL_HOST_PASSWORD = ""
    settings_fixture.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_server(settings):
    with SMTPServer() as server:
        use_smtp(settings, server.port)
        yield server
