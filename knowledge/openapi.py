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

HTML = {
    "type": "string",
    "description": "HTML. Links to pages and documents are absolute addresses on this site, a "
    "page in the language of the page that links to it; a link to something that is not public "
    "has no href.",
}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(name):
    return {"oneOf": [_ref(name), {"type": "null"}]}


def _stream(*blocks):
    """A StreamField: a list of {type, value, id}, each type with its value's schema."""
    return {
        "type": "array",
        "items": {
            "oneOf": [
                {
                    "type": "object",
                    "required": ["type", "value"],
                    "properties": {
                        "type": {"const": name},
                        "value": value,
                        "id": NULLABLE_STRING,
                    },
                }
                for name, value in blocks
            ]
        },
    }


def _object(**properties):
    return {"type": "object", "required": list(properties), "properties": properties}


STRING = {"type": "string"}
TITLED_TEXT = _object(title=STRING, text=STRING)

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    },
    "Translation": _object(
        id={"type": "integer"},
        detail_url={"type": "string", "format": "uri"},
        html_url={"type": "string", "format": "uri"},
    ),
    "PageMeta": {
        "type": "object",
        "required": ["type", "detail_url"],
        "properties": {
            "type": {"type": "string"},
            "detail_url": {"type": "string", "format": "uri"},
            "html_url": {"type": ["string", "null"], "format": "uri"},
            "slug": {"type": "string"},
            "show_in_menus": {"type": "boolean"},
            "seo_title": {"type": "string"},
            "search_description": {"type": "string"},
            "first_published_at": NULLABLE_STRING,
            "last_published_at": NULLABLE_STRING,
            "alias_of": {"type": ["object", "null"]},
            "parent": {"type": ["object", "null"]},
            "locale": {"type": "string", "enum": ["lv", "en"]},
            "translations": {
                "type": "object",
                "description": "The page's live, public translations, by language code.",
                "propertyNames": {"enum": ["lv", "en"]},
                "additionalProperties": _ref("Translation"),
            },
        },
    },
    "Theme": {
        "type": "object",
        "required": ["slug", "label"],
        "properties": {"slug": {"type": "string"}, "label": {"type": "string"}},
    },
    "Rendition": _object(
        url={"type": "string", "format": "uri"},
        width={"type": "integer"},
        height={"type": "integer"},
    ),
    "Image": _object(
        id={"type": "integer"},
        alt={"type": "string", "description": "Alt text in the page's language."},
        width={"type": "integer"},
        height={"type": "integer"},
        renditions={
            **_object(card=_nullable("Rendition"), large=_nullable("Rendition")),
            "description": "card: 480×320, cropped; large: 960 wide. null when the "
            "original file is missing.",
        },
    ),
    "Source": {
        **_object(
            id={"type": "integer"},
            slug=STRING,
            title=STRING,
            publisher=STRING,
            date=STRING,
            url=STRING,
            description=STRING,
        ),
        "description": "A source the page is based on, in the page's language (see the "
        "sources page).",
    },
    "Document": _object(
        id={"type": "integer"},
        title={"type": "string"},
        url={"type": "string", "format": "uri"},
    ),
    "Page": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": {"type": "integer"},
            "meta": _ref("PageMeta"),
            "title": {"type": "string"},
            "intro": {"type": "string"},
            "body": _stream(
                ("heading", STRING),
                ("paragraph", HTML),
                ("quote", _object(text=STRING, attribution=STRING)),
                ("image", _nullable("Image")),
            ),
            "sources": _stream(
                (
                    "source",
                    _object(source=_nullable("Source"), locator=STRING),
                )
            ),
            "definition": {"type": "string"},
            "definition_source": {"type": "string"},
            "items": {
                "type": "array",
                "description": "What a listing page (glossary, criteria, …) lists.",
                "items": {"type": "object"},
            },
            "plan_parts": _stream(("part", TITLED_TEXT)),
            "success_factors": _stream(("factor", TITLED_TEXT)),
            "capacity_phases": _stream(("phase", TITLED_TEXT)),
            "step_number": {"type": "integer"},
            "what_to_do": HTML,
            "who_to_involve": HTML,
            "tools": _stream(
                (
                    "tool",
                    _object(
                        title=STRING,
                        description=STRING,
                        document=_nullable("Document"),
                        url=STRING,
                    ),
                )
            ),
            "key_figures": _stream(("figure", _object(value=STRING, label=STRING))),
            "place": {"type": "string"},
            "municipality": {"type": "string"},
            "country": {"type": "string", "minLength": 2, "maxLength": 2},
            "latitude": NULLABLE_NUMBER,
            "longitude": NULLABLE_NUMBER,
            "theme_labels": {"type": "array", "items": _ref("Theme")},
            "innovation_type": {"type": "string", "enum": ["business", "social", "technological"]},
            "status": {"type": "string", "enum": ["lighthouse", "in_transition"]},
            "lag": {
                "oneOf": [
                    _object(
                        slug=STRING,
                        name=STRING,
                        region=STRING,
                        country=STRING,
                        website=STRING,
                    ),
                    {"type": "null"},
                ]
            },
            "funding_source": {"type": "string"},
            "funding_amount": NULLABLE_NUMBER,
            "funding_currency": {"type": "string"},
            "period_start": NULLABLE_STRING,
            "period_end": NULLABLE_STRING,
            "period_precision": {"type": "string", "enum": ["day", "month", "year"]},
            "image": _nullable("Image"),
            "image_alt": {"type": "string"},
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

CACHE_HEADERS = {
    "ETag": {"description": "Send it back as If-None-Match.", "schema": STRING},
    "Last-Modified": {
        "description": "A page: when it (or a translation) was last published. A listing: the "
        "newest publication, unpublication, move or privacy change on the site. Send it back "
        "as If-Modified-Since.",
        "schema": STRING,
    },
    "Cache-Control": {"schema": STRING},
}
CONDITIONAL_PARAMETERS = [
    _parameter("If-None-Match", "An ETag from an earlier response.", location="header"),
    _parameter("If-Modified-Since", "A Last-Modified from an earlier response.", location="header"),
]
NOT_MODIFIED = {"description": "Not modified since If-None-Match / If-Modified-Since"}


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
                    "parameters": PAGE_PARAMETERS + CONDITIONAL_PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "Pages",
                            "headers": CACHE_HEADERS,
                            "content": _json("PageList"),
                        },
                        "304": NOT_MODIFIED,
                        "400": {"description": "A bad parameter, named", "content": _json("Error")},
                        "429": {"description": "Too many requests", "content": _json("Error")},
                    },
                }
            },
            "/api/v2/pages/{id}/": {
                "get": {
                    "summary": "One page with all its fields",
                    "parameters": [
                        _parameter("id", "Page id", {"type": "integer"}, "path"),
                        _parameter("fields", "Fields to leave out (e.g. -body) or add."),
                        *CONDITIONAL_PARAMETERS,
                    ],
                    "responses": {
                        "200": {
                            "description": "The page",
                            "headers": CACHE_HEADERS,
                            "content": _json("Page"),
                        },
                        "304": NOT_MODIFIED,
                        "400": {"description": "A bad parameter, named", "content": _json("Error")},
                        "404": {"description": "No such public page", "content": _json("Error")},
                        "429": {"description": "Too many requests", "content": _json("Error")},
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
