"""The common ground of the site's translatable snippets.

Each is edited like a page: a change is saved as a draft revision, reviewed (a workflow can be
assigned to a snippet type), compared, previewed, locked, published or reverted. Readers only
ever see the published version: with `DraftStateMixin` a draft lives in a revision while the
row keeps what was published, and a snippet never published has `live=False` (every public
query goes through `live()`)."""

from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamValue
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class SnippetQuerySet(models.QuerySet):
    def live(self):
        """What readers may see: the published snippets."""
        return self.filter(live=True)


class Snippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """Common ground: a translatable snippet with a stable `slug` used for anchors and
    partner links, the same in both languages."""

    slug = models.SlugField(_("anchor"), max_length=80, help_text=_("The same in every language."))

    objects = SnippetQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True

    base_translatable_fields = [SynchronizedField("slug")]
    # A copy (a new translation, or the admin's "Copy") starts unpublished, unlocked and
    # unscheduled: its own history begins with its own revisions, not the original's.
    exclude_fields_in_copy = [
        "live_revision",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "locked_by",
    ]
    # The template that shows one snippet as readers see it on its page (the preview shows
    # it too), and the list it stands in there ("dl", "ol", "ul" or none).
    entry_template = None
    entry_list = None

    def as_api_dict(self):
        """The snippet as the API shows it on its listing page."""
        data = {"slug": self.slug}
        for name in self.api_fields:
            value = getattr(self, name)
            if isinstance(value, StreamValue):
                value = value.stream_block.get_api_representation(value)
            data[name] = value
        return data

    def get_preview_template(self, request, mode_name):
        return "core/snippet_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["snippet"] = self
        context["entry_template"] = self.entry_template
        context["heading"] = capfirst(self._meta.verbose_name_plural)
        return context

    def serve_preview(self, request, mode_name):
        """The entry as a reader of its language sees it, whatever the editor's language."""
        with translation.override(self.locale.language_code):
            response = super().serve_preview(request, mode_name)
            return response.render()


def snippet_models():
    """The site's snippet types (every concrete `Snippet`)."""
    return [model for model in apps.get_models() if issubclass(model, Snippet)]
