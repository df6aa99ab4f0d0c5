"""The OpenAPI 3.1 description of the public API, served at /api/v2/openapi.json."""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from knowledge.countries import COUNTRY_CODES

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_NUMBER = {"type": ["number", "null"]}


def _parameter(name, description, schema=None, location="query"):
    return {
        "name": name,
        "in": location,
        "required": location == "path",
        "description": description,
        "schema": schema or {"type": "string"},
    }


PAGE_PARAMETERS = [
    _parameter(
        "type",
        "Page type, e.g. knowledge.GoodPracticeStory, knowledge.RoadmapStepPage, "
        "knowledge.CountryPracticePage.",
    ),
    _parameter("locale", "Language of the pages.", {"type": "string", "enum": ["lv", "en"]}),
    _parameter(
        "translation_of", "Pages that are translations of this page id.", {"type": "integer"}
    ),
    _parameter("fields", "Extra fields, comma-separated (e.g. intro,place,country), or *."),
    _parameter(
        "country",
        "ISO 3166-1 alpha-2 code of stories and country practices.",
        {"type": "string", "enum": sorted(COUNTRY_CODES)},
    ),
    _parameter("theme", "Theme slug of stories (e.g. energy)."),
    _parameter("roadmap_step", "Id of a roadmap step (in either language).", {"type": "integer"}),
    _parameter(
        "updated_since",
        "Only pages published since this ISO 8601 date or date-time.",
        {"type": "string"},
    ),
    _parameter("search", "Words to search for, analysed like the site's search."),
    _parameter("order", "Field to order by, '-' for descending; 'random'.", {"type": "string"}),
    _parameter(
        "limit", "Page size (at most 50).", {"type": "integer", "minimum": 1, "maximum": 50}
    ),
    _parameter("offset", "Items to skip.", {"type": "integer", "minimum": 0}),
]

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    },
    "PageMeta": {
        "type": "object",
        "required": ["type", "detail_url"],
        "properties": {
            "type": {"type": "string"},
            "detail_url": {"type": "string", "format": "uri"},
            "html_url": {"type": "string", "format": "uri"},
            "slug": {"type": "string"},
            "first_published_at": NULLABLE_STRING,
            "last_published_at": NULLABLE_STRING,
            "locale": {"type": "string", "enum": ["lv", "en"]},
        },
    },
    "Theme": {
        "type": "object",
        "required": ["slug", "label"],
        "properties": {"slug": {"type": "string"}, "label": {"type": "string"}},
    },
    "Page": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": {"type": "integer"},
            "meta": {"$ref": "#/components/schemas/PageMeta"},
            "title": {"type": "string"},
            "intro": {"type": "string"},
            "place": {"type": "string"},
            "municipality": {"type": "string"},
            "country": {"type": "string", "minLength": 2, "maxLength": 2},
            "latitude": NULLABLE_NUMBER,
            "longitude": NULLABLE_NUMBER,
            "theme_labels": {"type": "array", "items": {"$ref": "#/components/schemas/Theme"}},
            "innovation_type": {"type": "string", "enum": ["business", "social", "technological"]},
            "status": {"type": "string", "enum": ["lighthouse", "in_transition"]},
            "funding_amount": NULLABLE_NUMBER,
            "funding_currency": {"type": "string"},
            "period_start": NULLABLE_STRING,
            "period_end": NULLABLE_STRING,
            "step_number": {"type": "integer"},
            "roadmap_steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "step_number", "title"],
                    "properties": {
                        "id": {"type": "integer"},
                        "step_number": {"type": "integer"},
                        "title": {"type": "string"},
                    },
                },
            },
            "challenges": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "title"],
                    "properties": {"slug": {"type": "string"}, "title": {"type": "string"}},
                },
            },
        },
    },
    "PageList": {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["total_count"],
                "properties": {"total_count": {"type": "integer", "minimum": 0}},
            },
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Page"}},
        },
    },
}


def _json(schema_name):
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}


def build_spec(base_url):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Viedie ciemi API",
            "version": "2",
            "description": "Smart-village stories, roadmap steps and LAG practice by country, "
            "in Latvian and English. Read-only, public content only, CORS open, "
            f"at most {settings.API_RATE_LIMIT} requests per "
            f"{settings.API_RATE_WINDOW} s per client (429 with Retry-After).",
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/api/v2/pages/": {
                "get": {
                    "summary": "List pages",
                    "parameters": PAGE_PARAMETERS,
                    "responses": {
                        "200": {"description": "Pages", "content": _json("PageList")},
                        "400": {"description": "A bad parameter, named", "content": _json("Error")},
                        "429": {"description": "Too many requests", "content": _json("Error")},
                    },
                }
            },
            "/api/v2/pages/{id}/": {
                "get": {
                    "summary": "One page with all its fields",
                    "parameters": [_parameter("id", "Page id", {"type": "integer"}, "path")],
                    "responses": {
                        "200": {"description": "The page", "content": _json("Page")},
                        "404": {"description": "No such public page", "content": _json("Error")},
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }


@require_safe
def openapi(request):
    response = JsonResponse(build_spec(request.build_absolute_uri("/").rstrip("/")))
    response["Cache-Control"] = "public, max-age=3600"
    return response
