"""Keeping machines out of the public form without a third party: a signed time stamp (a person
takes more than a few seconds to tell a story), a field people never see (the honeypot) and a
per-client limit on how many stories an address may send in an hour."""

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from knowledge.core.clients import client_address

SALT = "knowledge.newsroom.form-started"


def min_seconds():
    return float(getattr(settings, "SUBMISSION_MIN_SECONDS", 5))


def max_age():
    # A story may take an evening to write; after two days the form is asked to be sent again.
    return int(getattr(settings, "SUBMISSION_MAX_AGE", 2 * 24 * 3600))


def issue_token(at=None):
    """The form's hidden time stamp: when the form was shown, signed so it cannot be faked."""
    return signing.dumps(round(at if at is not None else time.time(), 3), salt=SALT)


def token_verdict(token, now=None):
    """ "ok", "too_fast" or "expired" (also for a token that was tampered with or is missing)."""
    now = now if now is not None else time.time()
    try:
        started = float(signing.loads(token or "", salt=SALT, max_age=max_age()))
    except (signing.BadSignature, TypeError, ValueError):
        return "expired"
    if now - started > max_age():
        return "expired"
    return "too_fast" if now - started < min_seconds() else "ok"


def _key(request):
    # The cache keeps a hash, not the address itself.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    window = int(getattr(settings, "SUBMISSION_RATE_WINDOW", 3600))
    return f"story-form:{digest.hexdigest()[:32]}:{int(time.time() // window)}", window


def limit():
    return int(getattr(settings, "SUBMISSION_RATE_LIMIT", 5))


def over_limit(request):
    """Whether this client has already sent as many stories (or spam) as a window allows."""
    key, _window = _key(request)
    return limit() > 0 and (cache.get(key) or 0) >= limit()


def count(request):
    """One more story (or rejected attempt) from this client in this window."""
    key, window = _key(request)
    cache.add(key, 0, window + 1)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
