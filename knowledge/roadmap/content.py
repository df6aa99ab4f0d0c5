"""How the roadmap and its steps are read from the content files."""

from knowledge.core.content import (
    INT,
    KEYS,
    LANGUAGES,
    MARKDOWN,
    PAIR_LIST,
    TITLED_LIST,
    TOOLS,
    PageMapping,
    block_id,
    localised,
)

from .models import RoadmapPage, RoadmapStepPage

STREAMS = (("plan_parts", "part"), ("success_factors", "factor"), ("capacity_phases", "phase"))


def _text_pair(item, name, value):
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise item.error(name, f"'{name}': each title and text needs 'lv' and 'en'")
    if not all(isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES):
        raise item.error(name, f"'{name}': an 'lv' or 'en' text is empty")
    return {lang: value[lang].strip() for lang in LANGUAGES}


def check_agenda(item, name, value):
    """A field kind: the workshop agenda, a list of {minutes, title: {lv, en}, text: {lv, en}}."""
    if not isinstance(value, list):
        raise item.error(name, f"'{name}' must be a list")
    agenda = []
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != {"minutes", "title", "text"}:
            raise item.error(name, f"each of '{name}' needs 'minutes', 'title' and 'text' only")
        minutes = entry["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 240:
            raise item.error(name, f"'{name}': minutes must be a whole number 1–240")
        agenda.append(
            {
                "minutes": minutes,
                "title": _text_pair(item, name, entry["title"]),
                "text": _text_pair(item, name, entry["text"]),
            }
        )
    return agenda


def roadmap_values(loader, item, lang, draft):
    one = localised(item.checked, lang)
    return {
        name: [
            {"type": block, "id": block_id(item.key, name, i), "value": entry}
            for i, entry in enumerate(one.get(name, []))
        ]
        for name, block in (*STREAMS, ("workshop_agenda", "item"))
    }


def step_values(loader, item, lang, draft):
    data = item.checked
    return {
        "step_number": data["step_number"],
        "what_to_do": loader.rich_text(data["what_to_do"][lang], lang, draft),
        "who_to_involve": loader.rich_text(data["who_to_involve"][lang], lang, draft)
        if "who_to_involve" in data
        else "",
        "tools": []
        if draft
        else [
            {
                "type": "tool",
                "id": block_id(item.key, "tool", i),
                "value": {
                    "title": tool["title"][lang],
                    "description": tool["description"][lang] if tool["description"] else "",
                    "document": loader.document_for(tool["file"][lang], tool["title"][lang]).pk
                    if tool["file"]
                    else None,
                    "url": tool["url"],
                },
            }
            for i, tool in enumerate(data.get("tools", []))
        ],
        "workshop_questions": [
            {"type": "question", "id": block_id(item.key, "question", i), "value": question[lang]}
            for i, question in enumerate(data.get("workshop_questions", []))
        ],
    }


PAGES = [
    PageMapping(
        "roadmap",
        RoadmapPage,
        fields={
            **{name: (TITLED_LIST, False) for name, _block in STREAMS},
            "workshop_agenda": (check_agenda, False),
        },
        values=roadmap_values,
        priority=1,
    ),
    PageMapping(
        "roadmap_step",
        RoadmapStepPage,
        fields={
            "step_number": (INT, True),
            "what_to_do": (MARKDOWN, True),
            "who_to_involve": (MARKDOWN, False),
            "tools": (TOOLS, False),
            # What a village meeting on the step talks over (the step's workshop kit).
            "workshop_questions": (PAIR_LIST, False),
            # The step's own list of the country practices that illustrate it; the loader
            # turns it into the practices' links (practices/content.py).
            "country_practices": (KEYS, False),
        },
        values=step_values,
    ),
]
SNIPPETS = []
