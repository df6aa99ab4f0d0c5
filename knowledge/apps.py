from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Smart-village knowledge")

    def ready(self):
        from wagtail.models import Page

        from search import remembered

        from .core import pagecache, privacy, translation
        from .guide import models as guide

        translation.install()
        privacy.install()
        guide.listen()
        # What pages remember is also labelled by the snippets and themes (facets, menus).
        remembered.listen(
            also=[
                model
                for model in self.get_models()
                if not issubclass(model, Page) and hasattr(model, "translation_key")
            ]
            + [self.get_model("Theme")]
        )
        pagecache.install()
