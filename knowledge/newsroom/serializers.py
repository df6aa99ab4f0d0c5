"""The story form page's own API field: the privacy notice it links to."""

from rest_framework import serializers


class PageLinkField(serializers.Field):
    """A page as {id, title, html_url}, in the linking page's language; null if not public."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        target = page.localized_privacy_page()
        if target is None:
            return None
        return {"id": target.pk, "title": target.title, "html_url": target.full_url}
