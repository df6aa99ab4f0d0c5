"""How the story form page is read from the content files (`type: story_form`)."""

from knowledge.core.content import KEY, PageMapping

from .pages import StorySubmissionPage


def story_form_values(loader, item, lang, draft):
    key = item.checked.get("privacy_page")
    if not key or draft:
        # Pages are first made as drafts, before every page exists to be linked to.
        return {"privacy_page": None}
    if (key, lang) not in loader.page_objects:
        raise item.error("privacy_page", f"'privacy_page' names no page '{key}'")
    return {"privacy_page": loader.page_objects[(key, lang)]}


PAGES = [
    PageMapping(
        "story_form",
        StorySubmissionPage,
        fields={"privacy_page": (KEY, False)},
        values=story_form_values,
    ),
]
SNIPPETS = []
