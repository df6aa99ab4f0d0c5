"""Password guessing, stopped: the admin's sign-in is counted by django-axes (per account and
per client, settings AXES_*/LOGIN_*), a page's password form here (per client and page, in
the shared cache). Both refuse, while locked, even the right password, and answer with the
same page: 429, Retry-After and what to do, in the reader's language."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import ngettext
from wagtail import views as wagtail_views

from .clients import client_address


def lockout_minutes():
    return int(settings.LOGIN_LOCKOUT_MINUTES)


def lockout_page(request, can_be_unlocked):
    minutes = lockout_minutes()
    message = ngettext(
        "Too many wrong passwords. Wait %(minutes)s minute and try again.",
        "Too many wrong passwords. Wait %(minutes)s minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    response = render(
        request,
        "core/locked_out.html",
        {"message": message, "can_be_unlocked": can_be_unlocked},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer (AXES_LOCKOUT_CALLABLE) to a sign-in while locked out."""
    return lockout_page(request, can_be_unlocked=True)


def _page_password_key(request, restriction_id):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    return f"page-password:{restriction_id}:{digest.hexdigest()[:32]}"


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's page password form, with at most LOGIN_FAILURE_LIMIT wrong passwords per
    client and restriction in LOGIN_LOCKOUT_MINUTES."""
    key = _page_password_key(request, page_view_restriction_id)
    if request.method == "POST" and cache.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT:
        return lockout_page(request, can_be_unlocked=False)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    # Wagtail redirects when the password is right and shows the form again when it is not.
    if request.method == "POST" and response.status_code == 200:
        timeout = lockout_minutes() * 60
        cache.add(key, 0, timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)
    return response
