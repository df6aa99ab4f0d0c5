"""The admin: the structured-knowledge snippets and theme tags, the report and notices of
translations that fell behind their source, the unfinished new pages (dashboard, report,
reminder), the sign-in lock-outs and the styles that make the admin work on a phone."""

from urllib.parse import urlencode

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_localize.models import TranslationSource

import knowledge.newsroom.admin  # noqa: F401  (the newsroom's admin: roles' page lists)
from knowledge.core import admin_lockouts
from knowledge.core.links import PublicPageLinkHandler
from knowledge.core.reports import OutdatedTranslationsView, UnfinishedPagesView
from knowledge.core.snippets import Snippet
from knowledge.core.translation import behind_translations, source_if_outdated
from knowledge.core.unfinished import UnfinishedPagesPanel, remind_of_unfinished
from knowledge.models import (
    Challenge,
    Criterion,
    GlossaryTerm,
    LocalActionGroup,
    SmartActivity,
    Source,
    Stakeholder,
    Theme,
)


def viewset(snippet_model, icon, columns, filters=()):
    return type(
        f"{snippet_model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": snippet_model,
            "icon": icon,
            "list_display": list(columns),
            "list_filter": ["locale", *filters],
            "search_fields": None,
        },
    )


class KnowledgeGroup(SnippetViewSetGroup):
    menu_label = _("Knowledge")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        viewset(Challenge, "warning", ["title", "group", "locale"], ["group"]),
        viewset(Stakeholder, "group", ["name", "abbreviation", "locale"]),
        viewset(Criterion, "tick-inverse", ["number", "title", "locale"]),
        viewset(GlossaryTerm, "help", ["term", "abbreviation", "locale"]),
        viewset(SmartActivity, "cogs", ["title", "domain", "locale"], ["domain"]),
        viewset(LocalActionGroup, "site", ["name", "country", "locale"], ["country"]),
        viewset(Source, "doc-full", ["title", "date", "locale"]),
    )


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "name_en", "slug"]
    menu_label = _("Themes")


register_snippet(KnowledgeGroup)
register_snippet(ThemeViewSet)


@hooks.register("register_admin_urls")
def report_urls():
    return [
        *OutdatedTranslationsView.urls("reports/outdated-translations/"),
        *UnfinishedPagesView.urls("reports/unfinished-pages/"),
        *admin_lockouts.urls(),
    ]


@hooks.register("register_settings_menu_item")
def sign_in_lockouts_menu_item():
    return admin_lockouts.menu_item()


@hooks.register("register_reports_menu_item")
def unfinished_pages_menu_item():
    return MenuItem(
        _("Unfinished new pages"), reverse("unfinished_pages"), icon_name="draft", order=760
    )


@hooks.register("construct_homepage_panels")
def add_unfinished_pages_panel(request, panels):
    panels.append(UnfinishedPagesPanel())


hooks.register("before_create_page", remind_of_unfinished)


@hooks.register("register_reports_menu_item")
def outdated_translations_menu_item():
    return MenuItem(
        _("Translations behind"),
        reverse("outdated_translations"),
        icon_name="warning",
        order=750,
    )


def say_when_a_translation_is_behind(request, obj):
    """On the edit screen of a page or snippet whose translation fell behind (or of that
    translation)."""
    if request.method != "GET":
        return
    page = isinstance(obj, Page)
    source = source_if_outdated(obj)
    if source is not None:
        message = (
            _(
                "This translation is behind: its source page was changed on %(date)s. "
                "Sync it and update the text."
            )
            if page
            else _(
                "This translation is behind: its source snippet was changed on %(date)s. "
                "Sync it and update the text."
            )
        )
        date = date_format(localtime(source.last_published_at), "DATETIME_FORMAT")
        buttons = sync_button(request, source, page)
        admin_messages.warning(request, message % {"date": date}, buttons=buttons)
        return
    behind = behind_translations(obj)
    if behind:
        message = (
            _("Its translation (%(languages)s) was published before this page's last change.")
            if page
            else _(
                "Its translation (%(languages)s) was published before this snippet's last change."
            )
        )
        languages = ", ".join(t.locale.get_display_name() for t in behind)
        messages.warning(request, message % {"languages": languages})


def sync_button(request, source, page):
    """wagtail-localize's "Sync translated pages" (or snippets) for `source`, leading back
    here: the only way to it from a translation, for a translator, who cannot open the
    Latvian page where wagtail-localize puts it."""
    translation_source = TranslationSource.objects.get_for_instance_or_none(source)
    if translation_source is None or not request.user.has_perm(
        "wagtail_localize.submit_translation"
    ):
        return []
    url = reverse("wagtail_localize:update_translations", args=[translation_source.pk])
    label = _("Sync translated pages") if page else _("Sync translated snippets")
    return [admin_messages.button(f"{url}?{urlencode({'next': request.get_full_path()})}", label)]


# Before wagtail-localize's own hooks, which answer a translation's edit screen themselves.
hooks.register("before_edit_page", say_when_a_translation_is_behind, order=-1)


@hooks.register("before_edit_snippet", order=-1)
def say_when_a_snippet_translation_is_behind(request, instance):
    if isinstance(instance, Snippet):
        say_when_a_translation_is_behind(request, instance)


@hooks.register("insert_global_admin_css")
def admin_on_a_phone():
    """The admin's fixes for a phone's width (static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# The stories sent through the public form: their list, inspection and erasure live with the
# newsroom (importing the module registers its viewset and permission policy).
import knowledge.newsroom.admin_submissions  # noqa: E402, F401


# Rich text on the public pages links only to public pages (knowledge/core/links.py); after
# Wagtail's own registration of the "page" link type (order 0), which it replaces.
@hooks.register("register_rich_text_features", order=1)
def public_page_links(features):
    features.register_link_type(PublicPageLinkHandler)
