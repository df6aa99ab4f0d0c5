"""The story index: the stories of one language, newest first, filtered by StoryFilter."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.translation import gettext_lazy as _

from knowledge.core.countries import COUNTRY_CHOICES
from knowledge.core.models import KnowledgePage, with_sources
from search.public import public

from .filters import StoryFilter, public_themes
from .models import GoodPracticeStory
from .themes import with_themes


class StoryIndexPage(KnowledgePage):
    parent_page_types = ["knowledge.HomePage"]
    # The story form page ("Tell us your story") lives here too: knowledge/newsroom/.
    subpage_types = ["knowledge.GoodPracticeStory", "knowledge.StorySubmissionPage"]
    content_panels = with_sources(KnowledgePage.content_panels)
    template = "stories/story_index_page.html"
    page_size = 12

    class Meta:
        verbose_name = _("story index")
        verbose_name_plural = _("story indexes")

    @classmethod
    def latest_items(cls, count, *, locale):
        """The newest public stories in `locale`, for the home page (their cards show no
        stream field)."""
        return (
            public(GoodPracticeStory.objects.all(), locale=locale)
            .defer_streamfields()
            .order_by("-first_published_at")
            .prefetch_related(with_themes())[:count]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            public(GoodPracticeStory.objects.child_of(self))
            .defer_streamfields()
            .order_by("-first_published_at", "title")
            .prefetch_related(with_themes())
        )
        chosen = StoryFilter(request.GET, queryset=stories)
        stories = chosen.valid_part(stories)
        paginator = Paginator(stories, self.page_size)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        present = (
            public(GoodPracticeStory.objects.child_of(self))
            .values_list("country", flat=True)
            .distinct()
        )
        countries = dict(COUNTRY_CHOICES)
        context.update(
            stories=page_obj,
            filtered_stories=stories,  # unpaginated, for the map
            paginator=paginator,
            filter_errors=chosen.messages,
            selected_country=chosen.cleaned("country"),
            selected_theme=chosen.cleaned("theme"),
            country_options=sorted(
                ((code, countries[code]) for code in set(present) if code in countries),
                key=lambda item: str(item[1]),
            ),
            theme_options=public_themes(locale=self.locale_id),
        )
        return context
