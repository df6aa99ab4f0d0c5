"""The API's own fields: a page's translations, images with renditions and alt text, and rich
text as HTML whose links are resolved to public addresses in the page's language.

What these fields look up is fetched once per response for all the pages it shows
(`ResponsePages`), so a listing costs the same number of queries whatever its page size."""

from rest_framework import serializers

from .response_pages import ResponsePages


def response_pages(field, page):
    """The response's pages from the serializer's context; outside the API views, this page's."""
    context = field.context
    pages = context.get("response_pages")
    if pages is None:
        return ResponsePages([page], context.get("request"), context.get("router"))
    return pages


class TranslationsField(serializers.Field):
    """meta.translations: the page in the other languages, {locale: {id, detail_url, html_url}}."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return response_pages(self, page).translations_of(page)


class TranslationOutdatedField(serializers.Field):
    """meta.translation_outdated: the page is a translation whose source-language page was
    published after it (the reader may want the source)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return response_pages(self, page).translation_outdated(page)


class ImageField(serializers.Field):
    """An image foreign key as {id, alt, width, height, renditions: {name: {url, width,
    height}}}, with the alt text of `alt_field` (in the page's language) when it is filled."""

    def __init__(self, alt_field=None, **kwargs):
        self.alt_field = alt_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        image_id = getattr(page, f"{self.field_name}_id")
        if image_id is None:
            return None
        alt = getattr(page, self.alt_field, "") if self.alt_field else ""
        return response_pages(self, page).image(image_id, alt or None)


class RichTextHTMLField(serializers.CharField):
    """A RichTextField as HTML with its links resolved in the page's language."""

    def get_attribute(self, instance):
        return instance, super().get_attribute(instance)

    def to_representation(self, value):
        page, source = value
        return response_pages(self, page).html(source or "", page.locale_id)


class StreamHTMLField(serializers.Field):
    """A StreamField with rich text as resolved HTML, images with renditions and documents with
    their address, from what was fetched once for the response."""

    def get_attribute(self, instance):
        return instance, super().get_attribute(instance)

    def to_representation(self, value):
        page, stream = value
        if stream is None:
            return []
        return response_pages(self, page).stream(
            stream.stream_block, stream.get_prep_value(), page.locale_id
        )


class ListingItemsField(serializers.Field):
    """The snippets a listing page shows, in the page's language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return [item.as_api_dict() for item in page.listing_items()]
