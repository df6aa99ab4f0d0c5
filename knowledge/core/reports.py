"""The admin's reports: translations (pages and snippets) that fell behind their
source-language version, and new pages begun and never finished (unfinished.py says which)."""

import datetime

from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .snippets import snippet_models
from .translation import outdated_snippet_translations, outdated_translations
from .unfinished import unfinished_pages


class EditablePagesReport(PageReportView):
    """A report of `pages()` that leaves out what the user may not edit."""

    def pages(self):
        raise NotImplementedError

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        self.queryset = self.pages().filter(pk__in=editable.values("pk"))
        return super().get_queryset()

    @classmethod
    def urls(cls, address):
        """The report's view and its results view (for filtering), at admin/`address`."""
        return [
            path(address, cls.as_view(), name=cls.index_url_name),
            path(
                f"{address}results/",
                cls.as_view(results_only=True),
                name=cls.index_results_url_name,
            ),
        ]


class OutdatedTranslationsView(EditablePagesReport):
    page_title = _("Translations behind their source")
    header_icon = "warning"
    index_url_name = "outdated_translations"
    index_results_url_name = "outdated_translations_results"
    results_template_name = "core/reports/outdated_translations_results.html"
    list_export = ["title", "source_published_at", "last_published_at", "url_path"]
    export_headings = {
        "source_published_at": _("Source changed"),
        "last_published_at": _("Translation published"),
    }

    def get_filename(self):
        return f"outdated-translations-{datetime.date.today():%Y-%m-%d}"

    def pages(self):
        return outdated_translations().select_related("locale")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        editable = [
            model
            for model in snippet_models()
            if ModelPermissionPolicy(model).user_has_permission(self.request.user, "change")
        ]
        context["outdated_snippets"] = [
            (item, capfirst(item._meta.verbose_name))
            for item in outdated_snippet_translations(editable)
        ]
        return context


class UnfinishedPagesView(EditablePagesReport):
    """Every unfinished new page the user may edit, with its author, for tidying up."""

    page_title = _("Unfinished new pages")
    header_icon = "draft"
    index_url_name = "unfinished_pages"
    index_results_url_name = "unfinished_pages_results"
    results_template_name = "core/reports/unfinished_pages_results.html"
    list_export = ["title", "owner", "latest_revision_created_at", "url_path"]

    def get_filename(self):
        return f"unfinished-pages-{datetime.date.today():%Y-%m-%d}"

    def pages(self):
        return unfinished_pages().select_related("owner", "content_type")
