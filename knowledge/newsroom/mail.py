"""E-mail that is never lost: a Django e-mail backend that hands each message to the real one
(SMTP, or files under `sent-mail/` by default: `EMAIL_DELIVERY_BACKEND`) and, when that fails,
keeps it in the database (`QueuedMail`) instead.

When the mail server is down, the action that sent the mail (a submission, an approval) still
succeeds; the log gets one line, without a traceback; the person who acted sees a warning in
the admin; `manage.py send_queued_mail` sends what waits (from cron, and once at `make run`).
Wagtail's notifications go through here too: they never see an error, so its own
«notification sending skipped» is not logged.
"""

import contextlib
import contextvars
import logging
import re
import smtplib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.translation import gettext

logger = logging.getLogger("knowledge.newsroom.mail")

# What a mail server that is down, unreachable, slow or refusing us raises. Errors of one
# message (a recipient or sender refused, data refused) leave the connection usable.
CONNECTION_ERRORS = (
    OSError,  # refused, unreachable, timed out, TLS
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
)
DELIVERY_ERRORS = (OSError, smtplib.SMTPException)

_current_request = contextvars.ContextVar("newsroom_mail_request", default=None)


def delivery_connection(**kwargs):
    """A connection of the real backend, which raises its errors."""
    return get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False, **kwargs)


def describe(error):
    """An error in one line: `ConnectionRefusedError: [Errno 111] Connection refused`."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class QueueingEmailBackend(BaseEmailBackend):
    """Sends through `EMAIL_DELIVERY_BACKEND`; what it cannot send is queued, never raised."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery, self.failure = None, None
        try:
            self.delivery = delivery_connection(**kwargs)
        except (ImproperlyConfigured, OSError) as error:  # e.g. a mail folder not writable
            self.failure = error
        self.session = False  # opened by the caller: what waits is reported on close()
        self.waiting = []

    def open(self):
        self.session = True
        if self.failure is not None:
            return False
        try:
            return self.delivery.open()
        except DELIVERY_ERRORS as error:
            # Wagtail opens the connection before its loop: remember, queue in send_messages.
            self.failure = error
            return False

    def close(self):
        try:
            if self.delivery is not None:
                self.delivery.close()
        except DELIVERY_ERRORS:
            pass
        self.report()
        self.session = False

    def send_messages(self, email_messages):
        sent, waiting = 0, []
        for message in email_messages:
            if self.failure is None:
                try:
                    sent += self.delivery.send_messages([message]) or 0
                    continue
                except CONNECTION_ERRORS as error:
                    self.failure = error  # the rest waits too, without a new try each
                except DELIVERY_ERRORS as error:
                    waiting.append((message, error))
                    continue
            waiting.append((message, self.failure))
        for message, error in waiting:
            queue(message, error)
        self.waiting += waiting
        if not self.session:
            self.report()
        return sent + len(waiting)

    def report(self):
        if self.waiting:
            warn(self.waiting)
        self.waiting = []


def queue(message, error):
    from .models import QueuedMail

    return QueuedMail.objects.create(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        recipients=list(message.recipients()),
        subject=str(message.subject)[:998],
        message=message.message().as_bytes(),
        last_error=describe(error),
    )


def warn(waiting):
    """One log line, and a warning for the person whose action sent the mail."""
    from .models import QueuedMail

    recipients = sorted({address for message, _ in waiting for address in message.recipients()})
    logger.warning(
        "Mail not sent (%s): %d message(s) to %s queued; %d waiting in all "
        "(manage.py send_queued_mail retries)",
        describe(waiting[0][1]),
        len(waiting),
        ", ".join(recipients),
        QueuedMail.objects.count(),
    )
    request = _current_request.get()
    if request is None or getattr(request, "_newsroom_mail_warned", False):
        return
    request._newsroom_mail_warned = True
    messages.warning(
        request,
        gettext(
            "Done, but the e-mail notifications could not be sent now: the mail server did "
            "not answer. They are kept and will be sent when it does."
        ),
        fail_silently=True,
    )


@contextlib.contextmanager
def without_warning():
    """Mail sent inside is delivered or queued as ever, but nobody is warned: for mail that the
    person at hand did not send as an editor (a reader sending the public story form is never
    shown the admin's warning, nor given a cookie to carry it)."""
    token = _current_request.set(None)
    try:
        yield
    finally:
        _current_request.reset(token)


class MailWarningMiddleware:
    """Lets the mail backend warn the person whose request sent the mail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


class _StoredMIME:
    """A queued message as the backends read it (`as_bytes`, `get_charset`)."""

    def __init__(self, data):
        self.data = bytes(data)

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return re.sub(rb"\r?\n", linesep.encode(), self.data)

    def get_charset(self):
        return None


class StoredMessage(EmailMessage):
    """A queued message, sent again exactly as it was made (its headers, date and id)."""

    def __init__(self, queued):
        super().__init__(
            subject=queued.subject, from_email=queued.from_email, to=list(queued.recipients)
        )
        self.stored = queued.message

    def message(self, *args, **kwargs):
        return _StoredMIME(self.stored)


def send_queued():
    """Send what waits, oldest first; return (sent, still waiting)."""
    from .models import QueuedMail

    waiting = list(QueuedMail.objects.all())
    if not waiting:
        return 0, 0
    connection = delivery_connection()
    sent = 0
    try:
        connection.open()
        for position, queued in enumerate(waiting):
            try:
                connection.send_messages([StoredMessage(queued)])
            except CONNECTION_ERRORS as error:
                for rest in waiting[position:]:
                    _failed(rest, error)
                break
            except DELIVERY_ERRORS as error:
                _failed(queued, error)
                continue
            queued.delete()
            sent += 1
    except CONNECTION_ERRORS as error:
        for rest in waiting:
            _failed(rest, error)
    finally:
        try:
            connection.close()
        except DELIVERY_ERRORS:
            pass
    return sent, len(waiting) - sent


def _failed(queued, error):
    queued.attempts += 1
    queued.last_error = describe(error)
    queued.save(update_fields=["attempts", "last_error", "last_attempt_at"])
