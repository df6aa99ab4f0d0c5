"""Links in rich text to this site's pages, on the public pages: only to what is public.

Wagtail writes a link to a page as that page's address (in the reader's language when its
translation is live), whether or not the page is public: a link to a story made private gave
away its address. As in the API (knowledge/api/response_pages.py), a link goes to the page in
the reader's language when that one is public, else to the page itself when it is public, else
it keeps its words and loses its address.

Where each set of links goes is remembered until the site changes (search/remembered.py): a
page with four rich texts does not ask four times again for every reader."""

import hashlib

from django.utils.html import escape
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from search.public import is_public_page
from search.remembered import remembered


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        language = get_language()
        digest = hashlib.sha256(" ".join(ids).encode()).hexdigest()
        return remembered(
            None, f"page_links:{language}:{digest}", lambda: _link_tags(ids, language)
        )


def _link_tags(ids, language):
    # One query for all the links of a text, whatever their page types: every page that
    # shares a translation key with a linked page, marked public or not (plain Page rows give
    # their addresses; Wagtail's own handler loads every linked page as its type).
    linked = Page.objects.filter(pk__in=ids).values("translation_key")
    keys, by_key, by_id = {}, {}, {}
    found = Page.objects.filter(translation_key__in=linked).annotate(readable=is_public_page())
    for page in found.select_related("locale"):
        keys[str(page.pk)] = page.translation_key
        if page.readable:
            by_key[page.translation_key, page.locale.language_code] = page
            by_id[str(page.pk)] = page
    tags = []
    for pk in ids:
        key = keys.get(pk)
        target = key and (by_key.get((key, language)) or by_id.get(pk))
        url = target.url if target else None
        tags.append(f'<a href="{escape(url)}">' if url else "<a>")
    return tags
