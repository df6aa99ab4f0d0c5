"""Settings from the environment; production refuses to start without a secret."""

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


SHOW_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'],"
    " settings.DEBUG, settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'],"
    " settings.WAGTAILSEARCH_BACKENDS['default'].get('CLUSTER', ''))"
)


def _settings_in_subprocess(module, code=SHOW_SETTINGS, **env):
    """Run `code` with the settings `module` and only `env` from the site's own variables."""
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = '{module}'; {code}"
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DATABASE_URL",
            "REDIS_URL",
            "CACHE_URL",
            "ELASTICSEARCH_URL",
            "DEBUG",
            "WAGTAILADMIN_BASE_URL",
            "WAGTAILAPI_BASE_URL",
            "EDITORS_EMAIL",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_subprocess("config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "WAGTAILADMIN_BASE_URL": "https://viedieciemi.example",
    "EDITORS_EMAIL": "redaktori@viedieciemi.example",
    "REDIS_URL": "redis://cache:6379/0",
}


@pytest.mark.parametrize(
    "missing, message",
    [
        ({"WAGTAILADMIN_BASE_URL": ""}, "WAGTAILADMIN_BASE_URL must be set"),
        ({"WAGTAILADMIN_BASE_URL": "viedieciemi.example"}, "WAGTAILADMIN_BASE_URL must be set"),
        ({"EDITORS_EMAIL": ""}, "EDITORS_EMAIL must be set"),
        ({"REDIS_URL": ""}, "REDIS_URL (or CACHE_URL) must be set"),
    ],
)
def test_production_refuses_to_start_without_its_address_editors_mail_or_shared_cache(
    missing, message
):
    result = _settings_in_subprocess("config.settings.production", **{**PRODUCTION, **missing})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_builds_absolute_addresses_from_its_public_address():
    result = _settings_in_subprocess(
        "config.settings.production",
        code="from django.conf import settings; "
        "print(settings.WAGTAILADMIN_BASE_URL, settings.WAGTAILAPI_BASE_URL)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://viedieciemi.example"] * 2


def test_every_setting_read_from_the_environment_is_in_the_readme():
    """An operator reads the README's settings table, not the settings modules."""
    names = set()
    for module in (ROOT / "config" / "settings").glob("*.py"):
        names |= set(re.findall(r'env(?:_bool|_list)?\("([A-Z_]+)"', module.read_text()))
    table = "\n".join(
        line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `")
    )
    assert names and {name for name in names if f"`{name}`" not in table} == set()


def test_production_reads_database_cache_and_search_from_the_environment():
    result = _settings_in_subprocess(
        "config.settings.production",
        **PRODUCTION,
        DATABASE_URL="postgres://u:p@db:5432/site",
        ELASTICSEARCH_URL="http://search:9200",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
        "False",
        "search.cluster",
        "wagtail.search.backends.elasticsearch8",
    ]


def test_the_embedded_default_needs_nothing_else():
    result = _settings_in_subprocess("config.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "search.backends",
    ]


def test_the_embedded_database_lets_readers_in_while_an_editor_writes(tmp_path):
    """A file SQLite database opens in WAL mode: a reader is not locked out by a write."""
    database = tmp_path / "site.sqlite3"
    result = _settings_in_subprocess(
        "config.settings.dev",
        code="django.setup(); from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA synchronous').fetchone()[0])",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1"]  # 1 = NORMAL


def test_a_malformed_debug_value_is_refused():
    result = _settings_in_subprocess("config.settings.dev", DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize("language", ["lv", "en"])
def test_interface_catalogues_are_complete_and_compiled(language):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))
    if language == "lv":
        assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    compiled = {entry.msgid: entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert compiled.get(entry.msgid) == entry.msgstr, f"stale .mo: {entry.msgid}"


def test_static_files_get_hashed_compressed_names(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    css = [p.name for p in (tmp_path / "css").iterdir()]
    assert any(
        name.startswith("site.") and name.endswith(".css.gz") and len(name) > 16 for name in css
    ), css


def test_the_cache_is_the_one_the_environment_names(settings):
    from django.core.cache import cache

    expected = (
        "django.core.cache.backends.redis.RedisCache"
        if os.environ.get("REDIS_URL")
        else "django.core.cache.backends.locmem.LocMemCache"
    )
    assert settings.CACHES["default"]["BACKEND"] == expected
    cache.set("viedie-ciemi-probe", {"ciems": "Alsunga"}, 30)
    assert cache.get("viedie-ciemi-probe") == {"ciems": "Alsunga"}
    cache.set("viedie-ciemi-counter", 0, 30)
    assert cache.incr("viedie-ciemi-counter") == 1  # the rate limit counts this way
