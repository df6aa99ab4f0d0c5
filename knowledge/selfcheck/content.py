"""How the self-check page is read from the content files (`type: self_check`): for each
criterion, the roadmap steps, challenges and stories its plan shows.

    criterion_plans:
      - criterion: criterion-2
        roadmap_steps: [step-strategy-design]
        challenges: [challenge-common-understanding]
        stories: [story-kopiena-kopienai]
"""

from django.conf import settings

from knowledge.core.content import PageMapping, block_id

from .models import SelfCheckPage

LISTS = ("roadmap_steps", "challenges", "stories")
KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def _is_key(value):
    return isinstance(value, str) and value and set(value) <= KEY_CHARS


def check_plans(item, name, value):
    """A field kind: a list of {criterion: KEY, roadmap_steps/challenges/stories: [KEY, …]}."""
    if not isinstance(value, list):
        raise item.error(name, f"'{name}' must be a list")
    for entry in value:
        if not isinstance(entry, dict) or not _is_key(entry.get("criterion")):
            raise item.error(name, f"each of '{name}' needs a 'criterion' key")
        unknown = set(entry) - {"criterion", *LISTS}
        if unknown:
            raise item.error(name, f"'{name}' has unknown field(s): {', '.join(sorted(unknown))}")
        for list_name in LISTS:
            keys = entry.get(list_name, [])
            if not isinstance(keys, list) or not all(_is_key(key) for key in keys):
                raise item.error(name, f"'{name}': '{list_name}' must be a list of keys")
    return [
        {"criterion": entry["criterion"], **{n: list(entry.get(n, [])) for n in LISTS}}
        for entry in value
    ]


def self_check_values(loader, item, lang, draft):
    if draft:
        # Pages are first made as drafts, before every page exists to be linked to.
        return {"criterion_plans": []}
    # A synchronised field: both languages hold the Latvian items, as a sync in the admin
    # leaves them (the plan shows each in the reader's language, plan.py).
    lang = settings.LANGUAGE_CODE

    def find(found, key, what):
        if found is None:
            raise item.error("criterion_plans", f"'criterion_plans' names no {what} '{key}'")
        return found.pk

    def snippet(kind, key, what):
        return find(loader.objects.get((kind, key, lang)), key, what)

    def page(key, kind):
        if key in loader.pages and loader.pages[key].kind != kind:
            raise item.error("criterion_plans", f"'criterion_plans': '{key}' is not a {kind}")
        return find(loader.page_objects.get((key, lang)), key, "page")

    def items(entry, name, find_one):
        # ListBlock's own form (what the admin saves): each item with a stable id.
        return [
            {"type": "item", "value": find_one(key), "id": block_id(item.key, entry, name, key)}
            for key in plans[entry][name]
        ]

    plans = {entry["criterion"]: entry for entry in item.checked.get("criterion_plans", [])}
    return {
        "criterion_plans": [
            {
                "type": "criterion",
                "id": block_id(item.key, "plan", entry),
                "value": {
                    "criterion": snippet("criteria", entry, "criterion"),
                    "roadmap_steps": items(
                        entry, "roadmap_steps", lambda k: page(k, "roadmap_step")
                    ),
                    "challenges": items(
                        entry, "challenges", lambda k: snippet("challenges", k, "challenge")
                    ),
                    "stories": items(entry, "stories", lambda k: page(k, "story")),
                },
            }
            for entry in plans
        ]
    }


PAGES = [
    PageMapping(
        "self_check",
        SelfCheckPage,
        fields={"criterion_plans": (check_plans, False)},
        values=self_check_values,
    ),
]
SNIPPETS = []
