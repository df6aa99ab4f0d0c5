"""The admin's list of sent stories ("Iesūtītie stāsti"): what each sender wrote, who they are
and which draft it became, and the action that erases their contact details.

Only the people who review stories see it: superusers, the moderators' group and whoever may
publish on the Latvian story index (a LAG partner or a translator does not). Nobody adds a sent
story here: they come only from the public form."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .notices import is_moderator
from .submissions import StorySubmission


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Moderators see, edit the status of, erase and delete sent stories; nobody adds one."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        cached = getattr(user, "_reviews_sent_stories", None)
        if cached is None:
            cached = is_moderator(user)
            if user.is_authenticated:
                user._reviews_sent_stories = cached
        return cached or super().user_has_permission(user, action)


policy = SubmissionPermissionPolicy(StorySubmission)
register_permission_policy(StorySubmission, policy)


def _erase_url(submission):
    return reverse("story_submissions:erase", args=[submission.pk])


class SubmissionIndexView(generic.IndexView):
    def get_edit_url(self, instance):
        # A row's title opens what the sender wrote; changing the state is a menu item.
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    gettext("Change the status"),
                    url=reverse("story_submissions:edit", args=[instance.pk]),
                    icon_name="edit",
                    priority=10,
                )
            )
            if not instance.contact_erased:
                buttons.append(
                    MenuItem(
                        gettext("Erase contact details"),
                        url=_erase_url(instance),
                        icon_name="bin",
                        priority=40,
                    )
                )
        return buttons


class SubmissionInspectView(generic.InspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if not self.object.contact_erased and self.user_has_permission("change"):
            buttons.append(
                Button(
                    gettext("Erase contact details"),
                    url=_erase_url(self.object),
                    icon_name="bin",
                    priority=30,
                )
            )
        return buttons

    def get_story_display_value(self):
        story = self.object.story
        if story is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[story.pk]), story
        )

    def get_contact_email_display_value(self):
        return self.object.contact_email or "-"


class EraseContactView(
    generic.PermissionCheckedMixin, generic.WagtailAdminTemplateMixin, TemplateView
):
    """Asks, then erases the sender's name and e-mail address; the story stays."""

    permission_policy = policy
    permission_required = "change"
    template_name = "newsroom/admin/erase_contact.html"
    page_title = _("Erase contact details")
    header_icon = "bin"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(StorySubmission, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("story_submissions:index"),
                "label": StorySubmission._meta.verbose_name_plural.capitalize(),
            },
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def inspect_url(self):
        return reverse("story_submissions:inspect", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, inspect_url=self.inspect_url, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object.erase_contact()
        messages.success(
            request,
            gettext("The contact details of «%(title)s» are erased.") % {"title": self.object},
        )
        return redirect(self.inspect_url)


class StorySubmissionViewSet(ModelViewSet):
    model = StorySubmission
    name = "story_submissions"
    url_prefix = "sent-stories"
    icon = "mail"
    add_to_admin_menu = True
    menu_label = _("Sent stories")
    menu_order = 250
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    # Only the state is edited (e.g. "handled"); what the sender wrote stays as it came.
    form_fields = ["status"]
    list_display = ["title", "municipality", "status", "contact_email", "created_at"]
    list_filter = ["status", "language"]
    inspect_view_fields = [
        "created_at",
        "language",
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
        "contact_erased_at",
        "consent_at",
        "privacy_url",
        "story",
        "lag",
        "status",
        "problem",
    ]

    @property
    def erase_view(self):
        return EraseContactView.as_view()

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("erase/<int:pk>/", self.erase_view, name="erase"),
        ]


story_submission_viewset = StorySubmissionViewSet()


@hooks.register("register_admin_viewset")
def register_story_submissions():
    return story_submission_viewset
