"""Links in rich text to this site's pages, on the public pages: only to what is public.

Wagtail writes a link to a page as that page's address (in the reader's language when its
translation is live), whether or not the page is public: a link to a story made private gave
away its address. As in the API (knowledge/api/response_pages.py), a link goes to the page in
the reader's language when that one is public, else to the page itself when it is public, else
it keeps its words and loses its address."""

from django.utils.html import escape
from django.utils.translation import get_language
from wagtail.rich_text.pages import PageLinkHandler

from search.public import public_pages


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        pages = cls.get_many(attrs_list)
        keys = {page.translation_key for page in pages if page is not None}
        by_key, by_id = {}, {}
        if keys:
            found = public_pages().filter(translation_key__in=keys).select_related("locale")
            for page in found:
                by_key[page.translation_key, page.locale.language_code] = page
                by_id[page.pk] = page
        language = get_language()
        tags = []
        for page in pages:
            target = page and (by_key.get((page.translation_key, language)) or by_id.get(page.pk))
            url = target.url if target is not None else None
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags
