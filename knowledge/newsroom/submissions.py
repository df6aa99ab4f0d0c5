"""Stories that community members send through the public form ("Tell us your story").

A submission is stored first, on its own, before anything else happens: whatever fails after
it (the draft story, the workflow, an e-mail), nothing the sender typed is lost and the editors
can finish by hand. Then it becomes a draft Latvian story (drafts.py) and the moderators and the
sender are told (notices.py).

Personal data: the sender's name and e-mail address live only in this model, never on the
story, in a revision, in the API, a feed, an export, the search or an e-mail to the moderators.
They are erased SUBMISSION_RETENTION_DAYS after the story arrived (`manage.py
purge_submissions`, and whenever a new story arrives), or earlier by an editor in the admin.
The duplicate check keeps a hash of the address and the title, erased with them."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# The same sender and title again within this time is the same story (a second click, a
# reload of the confirmation): the sender sees the confirmation, nothing new is stored.
DUPLICATE_WINDOW = timedelta(days=1)


def retention_days():
    return int(getattr(settings, "SUBMISSION_RETENTION_DAYS", 365))


def fingerprint(email, title):
    """What makes two submissions the same story: the address and the title, in any case and
    spacing. A hash, so that the check needs no readable copy of the address."""
    text = f"{email.strip().casefold()}\n{' '.join(title.split()).casefold()}"
    return hashlib.sha256(text.encode()).hexdigest()


class StorySubmission(models.Model):
    RECEIVED = "received"
    DRAFTED = "drafted"
    FAILED = "failed"
    HANDLED = "handled"
    STATUS_CHOICES = [
        (RECEIVED, _("received")),
        (DRAFTED, _("draft story made")),
        (FAILED, _("needs an editor: no draft story was made")),
        (HANDLED, _("handled")),
    ]

    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    language = models.CharField(_("language of the form"), max_length=2)
    title = models.CharField(_("title"), max_length=255)
    place = models.CharField(_("place"), max_length=255)
    municipality = models.CharField(_("municipality"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    what_they_did = models.TextField(_("what they did"))
    what_changed = models.TextField(_("what changed"))
    who_took_part = models.TextField(_("who took part"))
    funding = models.CharField(_("funding"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    consent_at = models.DateTimeField(_("agreed to the privacy notice"))
    privacy_url = models.CharField(_("privacy notice agreed to"), max_length=500, blank=True)
    story = models.ForeignKey(
        "knowledge.GoodPracticeStory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("draft story"),
    )
    lag = models.ForeignKey(
        "knowledge.LocalActionGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Local Action Group"),
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=RECEIVED)
    problem = models.TextField(_("what went wrong"), blank=True)

    class Meta:
        verbose_name = _("sent story")
        verbose_name_plural = _("sent stories")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def contact_erased(self):
        return self.contact_erased_at is not None

    def erase_contact(self):
        """Forget who sent the story; the story itself stays."""
        self.contact_name = self.contact_email = self.fingerprint = ""
        self.contact_erased_at = self.contact_erased_at or timezone.now()
        self.save(
            update_fields=["contact_name", "contact_email", "fingerprint", "contact_erased_at"]
        )

    @classmethod
    def purge(cls, now=None):
        """Erase the contact details of every submission older than the retention period;
        returns how many were erased."""
        now = now or timezone.now()
        return cls.objects.filter(
            created_at__lt=now - timedelta(days=retention_days()),
            contact_erased_at__isnull=True,
        ).update(contact_name="", contact_email="", fingerprint="", contact_erased_at=now)

    @classmethod
    def earlier_copy(cls, email, title, now=None):
        now = now or timezone.now()
        return cls.objects.filter(
            fingerprint=fingerprint(email, title), created_at__gte=now - DUPLICATE_WINDOW
        ).first()


STORY_FIELDS = (
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
)


def _story_values(data):
    values = {name: data.get(name) for name in STORY_FIELDS}
    for name, value in values.items():
        if value is None and name not in ("latitude", "longitude"):
            values[name] = ""
    return values


def _record_problem(submission, error, status=None):
    submission.problem = f"{type(error).__name__}: {error}"[:2000]
    submission.status = status or submission.status
    submission.save(update_fields=["status", "problem"])


def receive(data, *, language, privacy_url="", near=None):
    """Store what the form sent, then make the draft story and tell the moderators and the
    sender. Returns (submission, is_duplicate). Only storing the submission may raise: what
    follows is logged and recorded on the submission when it fails, never lost."""
    from . import drafts, notices

    earlier = StorySubmission.earlier_copy(data["contact_email"], data["title"])
    if earlier is not None:
        return earlier, True
    now = timezone.now()
    submission = StorySubmission.objects.create(
        language=language,
        consent_at=now,
        created_at=now,
        privacy_url=privacy_url[:500],
        fingerprint=fingerprint(data["contact_email"], data["title"]),
        **_story_values(data),
    )
    try:
        with transaction.atomic():
            story = drafts.create_draft(submission, near=near)
    except Exception as error:  # noqa: BLE001 - whatever it was, the submission is kept
        logger.exception("story submission %s: no draft story was made", submission.pk)
        submission.story = submission.lag = None
        _record_problem(submission, error, StorySubmission.FAILED)
    else:
        try:
            with transaction.atomic():
                drafts.submit_for_moderation(story)
        except Exception as error:  # noqa: BLE001 - the draft is there; an editor submits it
            logger.exception("story submission %s: the workflow did not start", submission.pk)
            _record_problem(submission, error)
    for step in (notices.tell_moderators, notices.confirm_to_sender, _purge):
        try:
            step(submission)
        except Exception:  # noqa: BLE001 - the story is stored; the sender is not held up
            logger.exception("story submission %s: %s failed", submission.pk, step.__name__)
    return submission, False


def _purge(submission):
    # The command does it daily too; here it also holds on a site where nobody set that up.
    StorySubmission.purge(submission.created_at)
