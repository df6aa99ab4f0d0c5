"""Password guessing, stopped: the admin's sign-in is counted by django-axes (per account and
per client, settings AXES_*/LOGIN_*), a page's password form here (per client and page, in
the shared cache). Both refuse, while locked, even the right password, and answer with the
same page: 429, Retry-After and what to do, in the reader's language."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction

from .clients import client_address


def lockout_minutes():
    return int(settings.LOGIN_LOCKOUT_MINUTES)


def lockout_page(request, can_be_unlocked, *, page_password=False):
    minutes = lockout_minutes()
    message = ngettext(
        "Too many wrong passwords. Wait %(minutes)s minute and try again.",
        "Too many wrong passwords. Wait %(minutes)s minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    response = render(
        request,
        "core/locked_out.html",
        {"message": message, "can_be_unlocked": can_be_unlocked, "page_password": page_password},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer (AXES_LOCKOUT_CALLABLE) to a sign-in while locked out."""
    return lockout_page(request, can_be_unlocked=True)


# A page's password guesses are counted per client under a key that carries the restriction's
# round; «Unlock» in the admin starts a new round, so every count of that page starts again at
# once. The lock itself is noted per restriction (how many clients, until when) for that list.
def _round_key(restriction_id):
    return f"page-password-round:{restriction_id}"


def _lock_key(restriction_id):
    return f"page-password-locked:{restriction_id}"


def _page_password_key(request, restriction_id):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    round_ = cache.get(_round_key(restriction_id), 0)
    return f"page-password:{restriction_id}:{round_}:{digest.hexdigest()[:32]}"


def _note_lock(restriction_id, timeout):
    lock = cache.get(_lock_key(restriction_id)) or {"clients": 0}
    lock["clients"] += 1
    lock["until"] = timezone.now() + timedelta(seconds=timeout)
    cache.set(_lock_key(restriction_id), lock, timeout)


@dataclass
class PageLock:
    restriction_id: int
    page: Page
    clients: int
    until: datetime


def page_password_lockouts():
    """The password-protected pages that refuse at least one client now: one query for the
    restrictions, one cache read for their locks, one query for the pages that have any."""
    ids = PageViewRestriction.objects.filter(
        restriction_type=PageViewRestriction.PASSWORD
    ).values_list("pk", "page_id")
    locks = cache.get_many([_lock_key(pk) for pk, _page in ids])
    locked = {pk: page_id for pk, page_id in ids if _lock_key(pk) in locks}
    pages = Page.objects.in_bulk(locked.values())
    return [
        PageLock(pk, pages[page_id], locks[_lock_key(pk)]["clients"], locks[_lock_key(pk)]["until"])
        for pk, page_id in locked.items()
        if page_id in pages
    ]


def unlock_page_password(restriction_id):
    """Every client locked out of this page's password form may try again at once."""
    try:
        cache.incr(_round_key(restriction_id))
    except ValueError:
        cache.set(_round_key(restriction_id), 1, None)
    cache.delete(_lock_key(restriction_id))


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's page password form, with at most LOGIN_FAILURE_LIMIT wrong passwords per
    client and restriction in LOGIN_LOCKOUT_MINUTES."""
    key = _page_password_key(request, page_view_restriction_id)
    if request.method == "POST" and cache.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT:
        return lockout_page(request, can_be_unlocked=True, page_password=True)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    # Wagtail redirects when the password is right and shows the form again when it is not.
    if request.method == "POST" and response.status_code == 200:
        timeout = lockout_minutes() * 60
        cache.add(key, 0, timeout)
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add and incr
            failures = 1
            cache.set(key, failures, timeout)
        if failures == settings.LOGIN_FAILURE_LIMIT:
            _note_lock(page_view_restriction_id, timeout)
    return response
