"""Wagtail's database search backend, with the SQLite ranking query fixed (sqlite_ranked.py).

Configure with `"BACKEND": "search.backends"`; on PostgreSQL and MySQL this is Wagtail's own
backend, unchanged."""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            from .sqlite_ranked import RankedSQLiteSearchBackend

            return RankedSQLiteSearchBackend(params)
    return backend
