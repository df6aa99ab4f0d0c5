"""How the concept guide's pages and snippets are read from the content files."""

from knowledge.core.content import (
    INT,
    KEY,
    PAIR,
    PAIR_LIST,
    SOLUTIONS,
    STR,
    PageMapping,
    SnippetMapping,
    block_id,
    choices_of,
    localised,
)

from .models import (
    ChallengeBankPage,
    ConceptGuidePage,
    ConceptTopicPage,
    CriteriaPage,
    GlossaryPage,
    SmartActivitiesPage,
    SourcesPage,
    StakeholdersPage,
)
from .snippets import Challenge, Criterion, GlossaryTerm, SmartActivity, Source, Stakeholder


def concept_guide_values(loader, item, lang, draft):
    one = localised(item.checked, lang)
    return {"definition": one["definition"], "definition_source": one["definition_source"]}


PAGES = [
    PageMapping(
        "concept_guide",
        ConceptGuidePage,
        fields={"definition": (PAIR, True), "definition_source": (PAIR, True)},
        values=concept_guide_values,
        priority=0,
    ),
    PageMapping("concept_topic", ConceptTopicPage),
    PageMapping("criteria", CriteriaPage),
    PageMapping("glossary", GlossaryPage),
    PageMapping("smart_activities", SmartActivitiesPage),
    PageMapping("challenge_bank", ChallengeBankPage),
    PageMapping("stakeholders", StakeholdersPage),
    PageMapping("sources_page", SourcesPage),
]


def source_values(loader, item, lang):
    data = localised(item.checked, lang)
    return {
        "title": data["title"],
        "publisher": data.get("publisher", ""),
        "date": data.get("date", ""),
        "url": data.get("url", ""),
        "description": data.get("description", ""),
        "seed_file": data.get("seed", ""),
    }


def glossary_values(loader, item, lang):
    data = localised(item.checked, lang)
    return {
        "term": data["term"],
        "abbreviation": data.get("abbreviation", ""),
        "variants": data.get("variants", ""),
        "definition": data["definition"],
    }


def criterion_values(loader, item, lang):
    data = localised(item.checked, lang)
    source = data.get("source")
    return {
        "number": data["number"],
        "title": data["title"],
        "description": data.get("description", ""),
        "points": [
            {"type": "point", "value": text, "id": block_id(item.key, "points", i)}
            for i, text in enumerate(data.get("points", []))
        ],
        "source_id": loader.objects[("sources", source, lang)].pk if source else None,
    }


def smart_activity_values(loader, item, lang):
    data = localised(item.checked, lang)
    return {
        "domain": data["domain"],
        "title": data["title"],
        "description": data.get("description", ""),
        "sort_order": data.get("order", 0),
    }


def challenge_values(loader, item, lang):
    data = localised(item.checked, lang)
    return {
        "title": data["title"],
        "description": data.get("description", ""),
        "solutions": [
            {
                "type": "solution",
                "id": block_id(item.key, "sol", i),
                "value": {"kind": sol["kind"], "text": sol[lang]},
            }
            for i, sol in enumerate(item.checked.get("solutions", []))
        ],
        "causes": [
            {"type": "cause", "value": text, "id": block_id(item.key, "cause", i)}
            for i, text in enumerate(data.get("causes", []))
        ],
        "group": data.get("group", "table"),
        "sort_order": data.get("order", 0),
    }


def stakeholder_values(loader, item, lang):
    data = localised(item.checked, lang)
    return {
        "name": data["name"],
        "abbreviation": data.get("abbreviation", ""),
        "expectations": data.get("expectations", ""),
        "contributions": data.get("contributions", ""),
        "steps": data.get("steps", ""),
        "sort_order": data.get("order", 0),
    }


SNIPPETS = [
    SnippetMapping(
        "sources",
        Source,
        {
            "title": (PAIR, True),
            "publisher": (PAIR, False),
            "date": (STR, False),
            "url": (STR, False),
            "description": (PAIR, False),
            "seed": (STR, False),
        },
        source_values,
        order=0,
    ),
    SnippetMapping(
        "glossary",
        GlossaryTerm,
        {
            "term": (PAIR, True),
            "abbreviation": (PAIR, False),
            "variants": (PAIR, False),
            "definition": (PAIR, True),
        },
        glossary_values,
        order=1,
    ),
    SnippetMapping(
        "criteria",
        Criterion,
        {
            "number": (INT, True),
            "title": (PAIR, True),
            "description": (PAIR, False),
            "points": (PAIR_LIST, False),
            "source": (KEY, False),
        },
        criterion_values,
        order=2,
    ),
    SnippetMapping(
        "smart_activities",
        SmartActivity,
        {
            "domain": (choices_of(SmartActivity, "domain"), True),
            "title": (PAIR, True),
            "description": (PAIR, False),
            "order": (INT, False),
        },
        smart_activity_values,
        order=3,
    ),
    SnippetMapping(
        "challenges",
        Challenge,
        {
            "title": (PAIR, True),
            "description": (PAIR, False),
            "solutions": (SOLUTIONS, False),
            "causes": (PAIR_LIST, False),
            "group": (choices_of(Challenge, "group"), False),
            "order": (INT, False),
        },
        challenge_values,
        order=4,
    ),
    SnippetMapping(
        "stakeholders",
        Stakeholder,
        {
            "name": (PAIR, True),
            "abbreviation": (PAIR, False),
            "expectations": (PAIR, False),
            "contributions": (PAIR, False),
            "steps": (PAIR, False),
            "order": (INT, False),
        },
        stakeholder_values,
        order=5,
    ),
]
