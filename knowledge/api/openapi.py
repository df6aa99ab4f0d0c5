"""The OpenAPI 3.1 description of the public API, served at /api/v2/openapi.json."""

from django.apps import apps
from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page

from knowledge.core.api_schema import NULLABLE_STRING, STRING, nullable, obj, ref
from knowledge.core.countries import COUNTRY_CODES
from knowledge.stories.models import GoodPracticeStory


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
    _parameter(
        "innovation",
        "Innovation type of stories.",
        {"type": "string", "enum": [code for code, _label in GoodPracticeStory.INNOVATION_CHOICES]},
    ),
    _parameter(
        "status",
        "Status of stories: a lighthouse example or a village in transition.",
        {"type": "string", "enum": [code for code, _label in GoodPracticeStory.STATUS_CHOICES]},
    ),
    _parameter(
        "step",
        "Stories that illustrate the roadmap step with this number (the same in both languages).",
        {"type": "integer", "minimum": 1},
    ),
    _parameter(
        "challenge", "Stories that answer the challenge with this slug (e.g. challenge-housing)."
    ),
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
    "Translation": obj(
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
            "translation_outdated": {
                "type": "boolean",
                "description": "A translation whose source-language page was published after "
                "it: the source says more than this page yet.",
            },
            "translations": {
                "type": "object",
                "description": "The page's live, public translations, by language code.",
                "propertyNames": {"enum": ["lv", "en"]},
                "additionalProperties": ref("Translation"),
            },
        },
    },
    "Theme": {
        "type": "object",
        "required": ["slug", "label"],
        "properties": {"slug": {"type": "string"}, "label": {"type": "string"}},
    },
    "Rendition": obj(
        url={"type": "string", "format": "uri"},
        width={"type": "integer"},
        height={"type": "integer"},
    ),
    "Image": obj(
        id={"type": "integer"},
        alt={"type": "string", "description": "Alt text in the page's language."},
        width={"type": "integer"},
        height={"type": "integer"},
        renditions={
            **obj(card=nullable("Rendition"), large=nullable("Rendition")),
            "description": "card: 480×320, cropped; large: 960 wide. null when the "
            "original file is missing.",
        },
    ),
    "Source": {
        **obj(
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
    "Document": obj(
        id={"type": "integer"},
        title={"type": "string"},
        url={"type": "string", "format": "uri"},
    ),
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


# The images and documents endpoints (Wagtail's, with the same checks on input as the pages').
MEDIA_PARAMETERS = [
    _parameter("fields", "Extra fields, comma-separated (images: width,height), or *."),
    _parameter("search", "Words to search for in the titles."),
    _parameter("title", "Exact title."),
    _parameter("order", "Field to order by (id, title), '-' for descending; 'random'."),
    _parameter(
        "limit", "Page size (at most 50).", {"type": "integer", "minimum": 1, "maximum": 50}
    ),
    _parameter("offset", "Items to skip.", {"type": "integer", "minimum": 0}),
]
MEDIA = {
    "images": (
        "image",
        "Uploaded images",
        {"width": {"type": "integer"}, "height": {"type": "integer"}},
    ),
    "documents": ("document", "Documents of public collections", {}),
}


def _media_schemas():
    meta = {
        "type": "object",
        "required": ["type", "detail_url", "download_url"],
        "properties": {
            "type": STRING,
            "detail_url": {"type": "string", "format": "uri"},
            "download_url": {"type": "string", "format": "uri"},
            "tags": {"type": "array", "items": STRING},
        },
    }
    schemas = {"MediaMeta": meta}
    for singular, _summary, extra in MEDIA.values():
        name = f"Media{singular.capitalize()}"
        schemas[name] = {
            "type": "object",
            "required": ["id", "meta", "title"],
            "properties": {"id": {"type": "integer"}, "meta": ref("MediaMeta"), "title": STRING}
            | extra,
        }
        schemas[f"{singular.capitalize()}List"] = {
            "type": "object",
            "required": ["meta", "items"],
            "properties": {
                "meta": obj(total_count={"type": "integer", "minimum": 0}),
                "items": {"type": "array", "items": ref(name)},
            },
        }
    return schemas


def _media_paths():
    errors = {
        "400": {"description": "A bad parameter, named", "content": _json("Error")},
        "429": {"description": "Too many requests", "content": _json("Error")},
    }
    paths = {}
    for plural, (singular, summary, _extra) in MEDIA.items():
        name = singular.capitalize()
        paths[f"/api/v2/{plural}/"] = {
            "get": {
                "summary": summary,
                "parameters": MEDIA_PARAMETERS,
                "responses": {
                    "200": {"description": summary, "content": _json(f"{name}List")},
                    **errors,
                },
            }
        }
        paths[f"/api/v2/{plural}/{{id}}/"] = {
            "get": {
                "summary": f"One {singular}",
                "parameters": [
                    _parameter("id", f"{name} id", {"type": "integer"}, "path"),
                    _parameter("fields", "Fields to leave out or add."),
                ],
                "responses": {
                    "200": {"description": f"The {singular}", "content": _json(f"Media{name}")},
                    "404": {"description": f"No such {singular}", "content": _json("Error")},
                    **errors,
                },
            }
        }
    return paths


def page_properties():
    """Every page type's API fields as its model describes them (`api_schema`)."""
    properties = {"id": {"type": "integer"}, "meta": ref("PageMeta"), "title": STRING}
    for model in apps.get_models():
        if issubclass(model, Page):
            for name, schema in getattr(model, "api_schema", {}).items():
                properties.setdefault(name, schema)
    return properties


def build_spec(base_url):
    schemas = dict(SCHEMAS) | _media_schemas()
    schemas["Page"] = {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": page_properties(),
    }
    schemas["PageList"] = schemas.pop("PageList")
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
            **_media_paths(),
        },
        "components": {"schemas": schemas},
    }


@require_safe
def openapi(request):
    response = JsonResponse(build_spec(request.build_absolute_uri("/").rstrip("/")))
    response["Cache-Control"] = "public, max-age=3600"
    return response
