"""How country practices and Local Action Groups are read from the content files."""

from knowledge.core.content import (
    COUNTRY,
    FIGURES,
    KEYS,
    PAIR,
    STR,
    PageMapping,
    SnippetMapping,
    block_id,
    localised,
)

from .models import (
    CountryIndexPage,
    CountryPracticeLAG,
    CountryPracticePage,
    CountryPracticeRoadmapStep,
    LocalActionGroup,
)


def practice_values(loader, item, lang, draft):
    one = localised(item.checked, lang)
    return {
        "country": item.checked["country"],
        "key_figures": [
            {"type": "figure", "id": block_id(item.key, "fig", i), "value": fig}
            for i, fig in enumerate(one.get("key_figures", []))
        ],
    }


def practice_relations(loader, item, lang):
    data = item.checked
    # A practice illustrates the steps it names and the steps that name it.
    steps = list(data.get("roadmap_steps", []))
    for other in loader.pages.values():
        if item.key in other.checked.get("country_practices", []) and other.key not in steps:
            steps.append(other.key)
    steps.sort(key=lambda key: loader.pages[key].checked["step_number"])
    return {
        "lag_links": [
            CountryPracticeLAG(lag=loader.objects[("lags", key, lang)], sort_order=i)
            for i, key in enumerate(data.get("lags", []))
        ],
        "roadmap_step_links": [
            CountryPracticeRoadmapStep(step=loader.page_objects[(key, lang)], sort_order=i)
            for i, key in enumerate(steps)
        ],
    }


PAGES = [
    PageMapping("country_index", CountryIndexPage, priority=2),
    PageMapping(
        "country_practice",
        CountryPracticePage,
        fields={
            "country": (COUNTRY, True),
            "key_figures": (FIGURES, False),
            "lags": (KEYS, False),
            "roadmap_steps": (KEYS, False),
        },
        values=practice_values,
        relations=practice_relations,
    ),
]


def lag_values(loader, item, lang):
    data = localised(item.checked, lang)
    return {
        "name": data["name"],
        "region": data.get("region", ""),
        "country": data["country"],
        "website": data.get("website", ""),
    }


SNIPPETS = [
    SnippetMapping(
        "lags",
        LocalActionGroup,
        {
            "name": (PAIR, True),
            "region": (PAIR, False),
            "country": (COUNTRY, True),
            "website": (STR, False),
        },
        lag_values,
        order=6,
    ),
]
