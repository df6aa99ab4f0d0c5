"""How the roadmap and its steps are read from the content files."""

from knowledge.core.content import (
    INT,
    KEYS,
    MARKDOWN,
    TITLED_LIST,
    TOOLS,
    PageMapping,
    block_id,
    localised,
)

from .models import RoadmapPage, RoadmapStepPage

STREAMS = (("plan_parts", "part"), ("success_factors", "factor"), ("capacity_phases", "phase"))


def roadmap_values(loader, item, lang, draft):
    one = localised(item.checked, lang)
    return {
        name: [
            {"type": block, "id": block_id(item.key, name, i), "value": entry}
            for i, entry in enumerate(one.get(name, []))
        ]
        for name, block in STREAMS
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
    }


PAGES = [
    PageMapping(
        "roadmap",
        RoadmapPage,
        fields={name: (TITLED_LIST, False) for name, _block in STREAMS},
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
            # The step's own list of the country practices that illustrate it; the loader
            # turns it into the practices' links (practices/content.py).
            "country_practices": (KEYS, False),
        },
        values=step_values,
    ),
]
SNIPPETS = []
