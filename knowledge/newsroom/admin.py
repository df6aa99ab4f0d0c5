"""The newsroom's part of the admin (imported by knowledge/wagtail_hooks.py): a LAG partner's
page lists leave out other LAGs' drafts, and the dashboard shows an author what the reviewers
said (Wagtail's own panel shows the state, not the comment).

Wagtail lists every page under a place where a user may add pages, drafts of others included
(a partner could not open them, but saw their titles). The page permission policy decides what
the explorer, the admin's page search and the explorer menu list; ours leaves out, for a user
who is only a LAG partner, the stories that are not live and neither theirs nor their LAG's.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import AbstractPage, Page, TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from .roles import drafts_hidden_from


class NewsroomPagePermissionPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        hidden = drafts_hidden_from(user)
        return pages if hidden is None else pages.exclude(pk__in=hidden)


register_permission_policy(AbstractPage, NewsroomPagePermissionPolicy(Page))


class ReviewCommentsPanel(Component):
    """An author's pages sent back (changes requested) or rejected in the last 30 days, each
    with the reviewer's comment."""

    name = "review_comments"
    template_name = "newsroom/review_comments_panel.html"
    order = 205  # just before Wagtail's «Your pages and snippets in a workflow»
    days = 30

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        states = (
            WorkflowState.objects.filter(
                requested_by=user,
                status__in=(WorkflowState.STATUS_NEEDS_CHANGES, WorkflowState.STATUS_CANCELLED),
                current_task_state__status=TaskState.STATUS_REJECTED,
                current_task_state__finished_at__gte=timezone.now() - timedelta(days=self.days),
                base_content_type__model="page",
            )
            .select_related("current_task_state__finished_by")
            .order_by("-current_task_state__finished_at")[:10]
        )
        pages = Page.objects.in_bulk([int(state.object_id) for state in states])
        reviews = []
        for state in states:
            page = pages.get(int(state.object_id))
            if page is not None:
                reviews.append(
                    {
                        "page": page,
                        "state": state,
                        "task_state": state.current_task_state,
                        "can_edit": page.permissions_for_user(user).can_edit(),
                    }
                )
        return {"reviews": reviews}


@hooks.register("construct_homepage_panels")
def add_review_comments_panel(request, panels):
    panels.append(ReviewCommentsPanel())
