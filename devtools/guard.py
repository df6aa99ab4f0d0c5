"""The benchmarks write thousands of stories: they run only against a database of their own."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection


def is_bench_database():
    """A database whose name says it is the benchmark's: `bench.sqlite3` (or any SQLite file
    whose name starts with "bench"), a PostgreSQL database whose name starts with "bench",
    or a test database."""
    name = str(settings.DATABASES["default"]["NAME"])
    if connection.vendor == "sqlite":
        name = Path(name).name
    return name.startswith(("bench", "test_")) or name in (":memory:", "")


def require_bench_database():
    if not is_bench_database():
        raise CommandError(
            f"refusing to add benchmark stories to {settings.DATABASES['default']['NAME']!r}: "
            "the benchmarks run only against a database of their own, named bench… "
            "(`make bench` sets DATABASE_URL=sqlite:///…/bench.sqlite3)"
        )
