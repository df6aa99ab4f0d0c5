from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        from . import thesaurus
        from .vocabulary import invalidate_vocabulary

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
        # The synonyms are content (search/thesaurus.py): publishing, unpublishing or deleting
        # what declares them (a glossary term) builds the thesaurus again on the next search.
        for model in thesaurus.sources():
            for signal, name in ((published, "published"), (unpublished, "unpublished")):
                signal.connect(
                    thesaurus.invalidate, sender=model, dispatch_uid=f"thesaurus-{name}-{model}"
                )
            post_delete.connect(
                thesaurus.invalidate, sender=model, dispatch_uid=f"thesaurus-deleted-{model}"
            )
