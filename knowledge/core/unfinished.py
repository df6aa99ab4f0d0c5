"""New pages that were begun and left: nothing typed is lost, nothing is public, and the author
is reminded instead of surprised.

Wagtail 8 autosaves the create form: as soon as the form holds a title (and its slug) and the
editor changes anything, it saves the page as a draft in the tree and the browser moves on to
the page's edit view. An editor who walks away leaves a never-published draft behind. Such
"unfinished new pages" (never published, never sent for review or scheduled, no translation
of another page) are not deleted for anyone: they are listed for their author on the dashboard, for
whoever may edit them in the report «Unfinished new pages», with Wagtail's own edit and
delete views; and an author who starts the same kind of page again where one waits is told.
Wagtail serves only live pages, so none of them is ever shown to readers.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState


def unfinished_pages():
    """Pages never published, never in a review, not scheduled to go live and with no twin in
    another language."""
    page_type = ContentType.objects.get_for_model(Page)
    this_page = {"base_content_type": page_type, "object_id": Cast(OuterRef("pk"), CharField())}
    reviewed = WorkflowState.objects.filter(**this_page)
    scheduled = Revision.objects.filter(approved_go_live_at__isnull=False, **this_page)
    twin = Page.objects.filter(translation_key=OuterRef("translation_key")).exclude(
        pk=OuterRef("pk")
    )
    return (
        Page.objects.filter(live=False, first_published_at__isnull=True, alias_of__isnull=True)
        .exclude(Exists(reviewed))
        .exclude(Exists(scheduled))
        .exclude(Exists(twin))
        .order_by("-latest_revision_created_at", "-pk")
    )


class UnfinishedPagesPanel(Component):
    """The author's own unfinished new pages, on the dashboard: continue or delete."""

    name = "unfinished_pages"
    template_name = "core/unfinished_pages_panel.html"
    order = 140  # before Wagtail's workflow and recent-edits panels
    limit = 10

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        pages = list(
            unfinished_pages()
            .filter(owner=user)
            .select_related("content_type")
            .specific(defer=True)[: self.limit]
        )
        return {
            "rows": [
                {"page": page, "can_delete": page.permissions_for_user(user).can_delete()}
                for page in pages
            ]
        }


def remind_of_unfinished(request, parent_page, page_class):
    """On the create form: the author's unfinished page of the same type, under the same
    parent, if one waits (the newest)."""
    if request.method != "GET":
        return
    waiting = (
        unfinished_pages()
        .child_of(parent_page)
        .filter(owner=request.user, content_type=ContentType.objects.get_for_model(page_class))
        .first()
    )
    if waiting is None:
        return
    saved = waiting.latest_revision_created_at
    messages.info(
        request,
        gettext(
            "You have already begun a page like this here that was never published: "
            "«%(title)s», last saved %(date)s. Continue it rather than start again?"
        )
        % {
            "title": waiting.get_admin_display_title(),
            "date": date_format(localtime(saved), "DATETIME_FORMAT") if saved else "",
        },
        buttons=[
            messages.button(
                reverse("wagtailadmin_pages:edit", args=[waiting.pk]),
                gettext("Continue"),
                new_window=False,
            )
        ],
    )
