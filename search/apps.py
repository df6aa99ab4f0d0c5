from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished

        from .service import invalidate_vocabulary

        page_published.connect(invalidate_vocabulary, dispatch_uid="search-vocab-published")
        page_unpublished.connect(invalidate_vocabulary, dispatch_uid="search-vocab-unpublished")
        post_delete.connect(invalidate_vocabulary, sender=Page, dispatch_uid="search-vocab-del")
