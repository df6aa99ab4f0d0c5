"""The common ground of the site's translatable snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamValue
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class Snippet(TranslatableMixin, index.Indexed, models.Model):
    """Common ground: a translatable snippet with a stable `slug` used for anchors and
    partner links, the same in both languages."""

    slug = models.SlugField(_("anchor"), max_length=80, help_text=_("The same in every language."))

    class Meta(TranslatableMixin.Meta):
        abstract = True

    base_translatable_fields = [SynchronizedField("slug")]

    def as_api_dict(self):
        """The snippet as the API shows it on its listing page."""
        data = {"slug": self.slug}
        for name in self.api_fields:
            value = getattr(self, name)
            if isinstance(value, StreamValue):
                value = value.stream_block.get_api_representation(value)
            data[name] = value
        return data
