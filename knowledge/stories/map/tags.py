"""`{% story_map stories as map %}` for the story index and `{% story_locator page as map %}`
for a story page (templates/stories/includes/story_map.html draws them)."""

from django import template

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
    rows = stories.prefetch_related(None).values(*FIELDS)
    return build(rows, page.get_url(request), request.GET if request else None)


@register.simple_tag
def story_locator(story):
    return locator(story)
