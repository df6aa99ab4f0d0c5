"""JSON Schema pieces with which a page type describes its API fields (`api_schema`, beside
its `api_fields`); knowledge/api/openapi.py gathers them into the OpenAPI document."""

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_NUMBER = {"type": ["number", "null"]}
STRING = {"type": "string"}
INTEGER = {"type": "integer"}

HTML = {
    "type": "string",
    "description": "HTML. Links to pages and documents are absolute addresses on this site, a "
    "page in the language of the page that links to it; a link to something that is not public "
    "has no href.",
}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(name):
    return {"oneOf": [ref(name), {"type": "null"}]}


def stream(*blocks):
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


def obj(**properties):
    return {"type": "object", "required": list(properties), "properties": properties}


TITLED_TEXT = obj(title=STRING, text=STRING)
COUNTRY = {"type": "string", "minLength": 2, "maxLength": 2}
