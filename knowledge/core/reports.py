"""The admin's report of translations that fell behind their source-language page or
snippet."""

import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .snippets import snippet_models
from .translation import outdated_snippet_translations, outdated_translations


class OutdatedTranslationsView(PageReportView):
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

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        self.queryset = (
            outdated_translations().filter(pk__in=editable.values("pk")).select_related("locale")
        )
        return super().get_queryset()

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
