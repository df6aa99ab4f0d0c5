"""Admin registration of the structured-knowledge snippets and the theme tags."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
