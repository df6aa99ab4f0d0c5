"""The page that tells partner sites how to reuse the stories: the API, the widgets, the feeds
and open data, with examples built from this site's own address."""

from django.utils.translation import gettext_lazy as _

from knowledge.core.models import KnowledgePage, with_sources
from search.public import public_pages

from .index import StoryIndexPage


class PartnerPage(KnowledgePage):
    """How partner sites reuse the content: the API, the widgets, the feeds and open data,
    with examples built from this site's own address so that they always work."""

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "stories/partner_page.html"

    class Meta:
        verbose_name = _("page for partner sites")
        verbose_name_plural = _("pages for partner sites")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = self.locale.language_code
        stories = public_pages(model=StoryIndexPage, locale=self.locale_id).first()
        context.update(
            base=request.build_absolute_uri("/").rstrip("/"),
            language=language,
            stories_path=stories.get_url(request) if stories else f"/{language}/",
        )
        return context
