from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Smart-village knowledge")

    def ready(self):
        from search import remembered

        from .core import pagecache, privacy, translation
        from .guide import models as guide

        translation.install()
        privacy.install()
        guide.listen()
        remembered.listen()
        pagecache.install()
