"""What the newsroom keeps: which LAG a partner group stands for, the review task, and the
e-mail that could not be sent yet."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from knowledge.practices.models import LocalActionGroup


class LagPartnerGroup(models.Model):
    """A LAG partner group and its LAG (the Latvian snippet). The group's name is only a label:
    a LAG that is renamed keeps its group, and `setup_roles` renames the group."""

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="lag_partnership", verbose_name=_("group")
    )
    # Stories name their LAG by this relation's reverse (`partner_groups`) without importing
    # this module: knowledge.stories comes before the newsroom.
    lag = models.ForeignKey(
        LocalActionGroup,
        on_delete=models.CASCADE,
        related_name="partner_groups",
        verbose_name=_("Local Action Group"),
    )

    class Meta:
        verbose_name = _("LAG partner group")
        verbose_name_plural = _("LAG partner groups")

    def __str__(self):
        return self.group.name


class ContentReviewTask(AbstractGroupApprovalTask):
    """Wagtail's group approval (approve, approve with comment, request changes) and a final
    «reject»: the request is closed, the story stays a draft and its author is told why."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions:
            actions.append(("decline", _("Reject"), True))
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "decline":
            return super().on_action(task_state, user, action_name, **kwargs)
        # Rejecting records the comment and tells the author (Wagtail's «rejected» e-mail);
        # cancelling then closes the request, so that it cannot be resumed.
        task_state.reject(user=user, **kwargs)
        workflow_state = task_state.workflow_state
        workflow_state.refresh_from_db()
        workflow_state.cancel(user=user)
        return None

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve, request changes or reject (a final "
            "decision: the draft is not published)."
        )

    class Meta:
        verbose_name = _("content review task")
        verbose_name_plural = _("content review tasks")


class QueuedMail(models.Model):
    """A message the mail server did not take: kept whole (as sent), retried by
    `manage.py send_queued_mail`, deleted once delivered."""

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    from_email = models.CharField(_("sender"), max_length=320)
    recipients = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    message = models.BinaryField(_("message"))
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    last_attempt_at = models.DateTimeField(_("last attempt"), auto_now=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("queued e-mail")
        verbose_name_plural = _("queued e-mails")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.subject
