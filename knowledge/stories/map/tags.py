"""`{% story_map stories as map %}` for the story index and `{% story_locator page as map %}`
for a story page (templates/stories/includes/story_map.html draws them)."""

import hashlib

from django import template
from django.utils import translation

from search.remembered import remembered

from . import FIELDS
from . import story_locator as locator
from . import story_map as build

register = template.Library()


@register.simple_tag(takes_context=True)
def story_map(context, stories):
    """The index's maps from its filtered stories, read in one query of plain values."""
    request = context.get("request")
    page = context.get("page")
    if stories is None or page is None:
        return None
    query = request.GET if request else None
    # Drawn again only when content changes (search/remembered.py), per language and choice.
    choice = hashlib.sha256((query.urlencode() if query else "").encode()).hexdigest()[:16]
    return remembered(
        request,
        f"story_map:{page.pk}:{translation.get_language()}:{choice}",
        lambda: build(stories.prefetch_related(None).values(*FIELDS), page.get_url(request), query),
    )


@register.simple_tag
def story_locator(story):
    return locator(story)
