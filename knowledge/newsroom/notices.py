"""Who hears of a sent story, and what they are told.

The moderators get a link to the draft (and to the submission) in the admin, each in their own
admin language; the message holds no contact details, so that erasing them from the submission
erases them everywhere. The sender gets a confirmation that repeats nothing they typed: the
form cannot be used to send a stranger a message of someone else's choosing.

Mail goes through Django's e-mail framework; a failure is logged and never reaches the sender
(the site's mail backend keeps what it could not send)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.users.models import UserProfile

from .mail import without_warning

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderatori / Moderators"


def editors_address():
    """The editors' shared address: where the sender may ask, reply or ask for deletion."""
    return getattr(settings, "EDITORS_EMAIL", "") or settings.DEFAULT_FROM_EMAIL


def moderators():
    """The members of the moderators' group; without it (or with nobody in it), everyone who
    may publish on the Latvian story index, superusers included."""
    from .drafts import story_index

    users = get_user_model().objects.none()
    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if group is not None:
        users = group.user_set.filter(is_active=True)
    if not users.exists():
        index = story_index()
        if index is None:
            users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        else:
            users = PagePermissionPolicy().users_with_permission_for_instance("publish", index)
    return list(users.exclude(email="").order_by("pk"))


def is_moderator(user):
    """Whether `user` reviews sent stories (and so may see their contact details)."""
    from .drafts import story_index

    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists():
        return True
    index = story_index()
    return index is not None and PagePermissionPolicy().user_has_permission_for_instance(
        user, "publish", index
    )


def admin_url(name, *args):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def _send(messages, what):
    if not messages:
        return 0
    try:
        with without_warning():  # a reader sent the form: no admin warning for them
            return get_connection().send_messages(messages) or 0
    except Exception:  # noqa: BLE001 - the story is stored; a lost notice must not lose it
        logger.exception("%s: the e-mail could not be sent", what)
        return 0


def tell_moderators(submission):
    context = {
        "submission": submission,
        "story_url": admin_url("wagtailadmin_pages:edit", submission.story.pk)
        if submission.story
        else "",
        "submission_url": admin_url("story_submissions:inspect", submission.pk),
    }
    messages = []
    for user in moderators():
        language = UserProfile.get_for_user(user).get_preferred_language()
        with translation.override(language):
            subject = render_to_string("newsroom/email/moderators_subject.txt", context)
            body = render_to_string("newsroom/email/moderators_body.txt", context)
        messages.append(EmailMessage(" ".join(subject.split()), body, to=[user.email]))
    return _send(messages, f"story submission {submission.pk}, moderators")


def confirm_to_sender(submission):
    if not submission.contact_email:
        return 0
    context = {
        "submission": submission,
        "editors": editors_address(),
        "retention_months": round(int(getattr(settings, "SUBMISSION_RETENTION_DAYS", 365)) / 30.4),
    }
    with translation.override(submission.language):
        subject = render_to_string("newsroom/email/confirmation_subject.txt", context)
        body = render_to_string("newsroom/email/confirmation_body.txt", context)
    message = EmailMessage(
        " ".join(subject.split()),
        body,
        to=[submission.contact_email],
        reply_to=[editors_address()],
    )
    return _send([message], f"story submission {submission.pk}, confirmation")
