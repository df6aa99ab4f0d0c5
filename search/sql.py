"""A list of ids bound as one SQL parameter.

`filter(pk__in=[...])` with a thousand ids makes Django prepare a thousand parameters, which
took longer than the database took to answer. `filter(pk__in=id_set(ids))` sends the list as
one JSON or array value instead; on other databases, or for ids that are not integers, it
stays a plain list."""

import json

from django.db import connection
from django.db.models.expressions import RawSQL


def id_set(ids):
    ids = list(ids)
    if not all(type(pk) is int for pk in ids):  # noqa: E721 - bools and strings stay lists
        return ids
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids
