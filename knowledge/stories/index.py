"""The story index: the stories of one language, newest first, filtered by StoryFilter, with
the count of stories behind every choice (facets.py)."""

import hashlib

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.translation import gettext_lazy as _

from knowledge.core.models import KnowledgePage, with_sources
from search.public import public
from search.remembered import remembered

from .facets import LEGENDS, canonical_query, chosen_total, story_facets
from .filters import StoryFilter
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
        stories = public(GoodPracticeStory.objects.child_of(self))
        given = StoryFilter(request.GET)
        chosen = given.chosen()
        # Unpaginated, for what shows every chosen story at once (the map).
        filtered = (
            StoryFilter.narrow(stories, **chosen)
            .defer_streamfields()
            .order_by("-first_published_at", "title")
        )
        language = self.locale.language_code
        # The counts change only when content does: remembered until then (search/remembered.py),
        # per choice, so that a large site does not count its stories again for every reader.
        choice = hashlib.sha256(canonical_query(chosen).encode()).hexdigest()[:16]
        facets = remembered(
            request,
            f"story_facets:{self.pk}:{language}:{choice}",
            lambda: story_facets(stories, chosen, locale_id=self.locale_id, language=language),
        )
        paginator = Paginator(filtered.prefetch_related(with_themes()), self.page_size)
        paginator.count = chosen_total(facets)  # counted already: no COUNT query of its own
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        context.update(
            stories=page_obj,
            paginator=paginator,
            filtered_stories=filtered,
            facets=facets,
            facets_chosen=bool(chosen),
            # Each bad parameter with the facet it was meant for, for a message above the list.
            filter_problems=[(str(LEGENDS[name]), value) for name, value in given.bad.items()],
        )
        return context
