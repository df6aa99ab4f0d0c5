"""The admin's list of sign-in lock-outs (django-axes counts them; its own list lives in
Django's admin, which this site does not have), with «Unlock» for each account or address, and
the password-protected pages whose form refuses someone now (logins.py), with «Unlock» for each."""

from dataclasses import dataclass
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.db.models import Max, Sum
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .logins import page_password_lockouts, unlock_page_password

UNLOCK_PERMISSION = "axes.delete_accessattempt"
FIELDS = {"account": "username", "address": "ip_address"}


@dataclass
class Lockout:
    kind: str  # "account" or "address"
    value: str
    failures: int
    until: datetime


def lockouts():
    """Accounts and client addresses that are refused now: as many failures in the cool-off
    as the limit allows, counted as django-axes counts them (summed per account, per address)."""
    recent = AccessAttempt.objects.filter(
        attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    found = []
    for kind, field in FIELDS.items():
        rows = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        found += [
            Lockout(kind, row[field], row["failures"], row["last"] + settings.AXES_COOLOFF_TIME)
            for row in rows
        ]
    return found


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Sign-in lock-outs")
    header_icon = "lock"
    template_name = "core/lockouts.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lockouts=lockouts(),
            page_locks=page_password_lockouts(),
            limit=settings.AXES_FAILURE_LIMIT,
            minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            **kwargs,
        )

    def post(self, request):
        kind, value = request.POST.get("kind"), request.POST.get("value", "")
        if kind in FIELDS and value:
            AxesProxyHandler.reset_attempts(**{FIELDS[kind]: value})
            messages.success(request, _("Unlocked: %(value)s") % {"value": value})
        elif kind == "page" and value.isdigit():
            locks = {lock.restriction_id: lock for lock in page_password_lockouts()}
            if int(value) in locks:
                unlock_page_password(int(value))
                title = locks[int(value)].page.title
                messages.success(request, _("Unlocked: %(value)s") % {"value": title})
        return redirect("sign_in_lockouts")


def urls():
    view = permission_required(UNLOCK_PERMISSION)(LockoutsView.as_view())
    return [path("lockouts/", view, name="sign_in_lockouts")]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(UNLOCK_PERMISSION)


def menu_item():
    return LockoutsMenuItem(
        gettext_lazy("Sign-in lock-outs"), reverse("sign_in_lockouts"), icon_name="lock", order=900
    )
