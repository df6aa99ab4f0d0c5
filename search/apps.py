from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .service import invalidate_vocabulary

        # "Did you mean" knows only the words of public pages (search/public.py): whatever
        # makes a page join or leave them rebuilds it.
        page_published.connect(invalidate_vocabulary, dispatch_uid="search-vocab-published")
        page_unpublished.connect(invalidate_vocabulary, dispatch_uid="search-vocab-unpublished")
        post_delete.connect(invalidate_vocabulary, sender=Page, dispatch_uid="search-vocab-del")
        post_page_move.connect(invalidate_vocabulary, dispatch_uid="search-vocab-moved")
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                invalidate_vocabulary,
                sender=PageViewRestriction,
                dispatch_uid=f"search-vocab-restriction-{name}",
            )
