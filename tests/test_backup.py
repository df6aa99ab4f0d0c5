"""Backup and restore as an operator runs them: `manage.py backup` and `manage.py restore`, each
in its own process, on a copy of this test run's database with all the site's content — SQLite
in the SQLite run, the PostgreSQL server in the PostgreSQL run — and a folder of uploaded files.

A backup is restored into a new, empty database (a new server after a disaster) and over that
database after an editor has deleted a page and uploaded a file (going back in time); each time
every row of every model and every file is compared with what was backed up."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from knowledge.core.backup import BackupError, _counts, read_manifest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db

SITE_VARIABLES = {"DATABASE_URL", "MEDIA_ROOT", "ELASTICSEARCH_URL", "OPENSEARCH_URL", "DEBUG"}

SHOW = (
    "import json; from wagtail.models import Page; "
    "from knowledge.core.backup import _counts; "
    "print(json.dumps({'counts': _counts('default'), "
    "'titles': sorted(Page.objects.filter(depth=3).values_list('title', flat=True))}))"
)


def manage(database_url, media_root, *arguments, check=True):
    environment = {k: v for k, v in os.environ.items() if k not in SITE_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def shown(database_url, media_root):
    return json.loads(manage(database_url, media_root, "shell", "-c", SHOW).stdout.splitlines()[-1])


class Databases:
    """Databases made for this test: a copy of the test run's, and empty ones to restore into."""

    def __init__(self, folder):
        self.folder = folder
        self.made = []
        settings = connection.settings_dict
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            self.server = (
                f"postgres://{settings['USER']}:{settings.get('PASSWORD') or ''}"
                f"@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
            )

    def copy_of_this_run(self):
        """The site's content as this test run holds it (committed at the start of the run)."""
        if self.vendor == "sqlite":
            # The test run's in-memory database, as a file (a serialised database is the file
            # format); the online backup API cannot read it while the test's transaction is open.
            path = self.folder / "site.sqlite3"
            connection.ensure_connection()
            path.write_bytes(connection.connection.serialize())
            return f"sqlite:///{path}"
        # PostgreSQL: the test database itself, which the backup only reads.
        return f"{self.server}/{connection.settings_dict['NAME']}"

    def empty(self, name):
        if self.vendor == "sqlite":
            return f"sqlite:///{self.folder / f'{name}.sqlite3'}"
        database = f"{connection.settings_dict['NAME']}_{name}"
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
            admin.execute(f'CREATE DATABASE "{database}"')
        self.made.append(database)
        return f"{self.server}/{database}"

    def drop(self):
        if self.vendor == "postgresql":
            with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
                for database in self.made:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def databases(tmp_path):
    made = Databases(tmp_path)
    yield made
    made.drop()


@pytest.fixture
def media(tmp_path):
    root = tmp_path / "media"
    (root / "original_images").mkdir(parents=True)
    (root / "original_images" / "ciema-maja.png").write_bytes(b"\x89PNG one village house")
    (root / "documents").mkdir()
    (root / "documents" / "rokasgramata.pdf").write_bytes(b"%PDF a handbook")
    return root


def files_under(root):
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


# An editor's day on the server that is backed up: a story with an image (and the renditions
# readers are sent) and its English translation, published.
A_STORY = """
import io
from PIL import Image
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Locale
from knowledge.models import GoodPracticeStory, StoryIndexPage
buffer = io.BytesIO()
Image.new("RGB", (800, 600), (40, 120, 80)).save(buffer, "PNG")
image = get_image_model().objects.create(
    title="Ciema laukums", file=ImageFile(buffer, name="ciema-laukums.png"))
for spec in ("width-960", "fill-480x320"):
    image.get_rendition(spec)
index = StoryIndexPage.objects.filter(locale__language_code="lv").order_by("path").first()
story = GoodPracticeStory(
    title="Atjaunotais ciema laukums", slug="atjaunotais-ciema-laukums",
    intro="Kopīgiem spēkiem.", place="Ciems", country="LV", innovation_type="social",
    status="in_transition", image=image, image_alt="Laukums ar soliem")
index.add_child(instance=story)
story.save_revision().publish()
english = story.copy_for_translation(Locale.objects.get(language_code="en"))
english.title, english.image_alt = "The renewed village square", "A square with benches"
english.save_revision().publish()
print(image.renditions.count())
"""


def everything(database_url, media_root):
    """The whole database as Django sees it (every model, every row) and every file."""
    dump = manage(database_url, media_root, "dumpdata", "--indent", "0").stdout
    return hashlib.sha256(dump.encode()).hexdigest(), files_under(media_root)


def test_a_backup_restores_the_whole_site_on_a_new_server_and_over_later_changes(
    tmp_path, databases, media
):
    # The server: this test run's content, then the editor's day on it.
    first_backup = tmp_path / "first"
    manage(databases.copy_of_this_run(), media, "backup", str(first_backup))
    server, server_media = databases.empty("server"), tmp_path / "server-media"
    manage(server, server_media, "restore", str(first_backup), "--yes")
    assert manage(server, server_media, "shell", "-c", A_STORY).stdout.split()[-1] == "2"
    before = shown(server, server_media)
    assert before["counts"]["pages"] == _counts("default")["pages"] + 2
    assert before["counts"]["images"] == 1
    whole = everything(server, server_media)

    backup = tmp_path / "backup"
    made = manage(server, server_media, "backup", str(backup))
    assert f"Restore with: manage.py restore {backup}" in made.stdout
    assert sorted(path.name for path in backup.iterdir()) == sorted(
        [
            "manifest.json",
            "media.tar.gz",
            "db.sqlite3" if databases.vendor == "sqlite" else "db.dump",
        ]
    )

    # A new server: an empty database, no files yet. Every row and every file comes back.
    new_database, new_media = databases.empty("restored"), tmp_path / "new-media"
    restored = manage(new_database, new_media, "restore", str(backup), "--yes")
    assert f"{before['counts']['pages']} pages" in restored.stdout
    assert everything(new_database, new_media) == whole
    assert any(name.startswith("images/ciema-laukums.width-960") for name in whole[1])

    # Later an editor deletes a section and uploads a file; the operator goes back.
    manage(
        new_database,
        new_media,
        "shell",
        "-c",
        "from wagtail.models import Page; Page.objects.filter(depth=3).order_by('path').last()"
        ".specific.delete()",
    )
    (new_media / "original_images" / "vēlāk.png").write_bytes(b"\x89PNG later")
    assert shown(new_database, new_media) != before
    manage(new_database, new_media, "restore", str(backup), "--yes")
    assert everything(new_database, new_media) == whole


def test_a_damaged_backup_is_refused_and_nothing_is_changed(tmp_path, databases, media):
    source = databases.copy_of_this_run()
    backup = tmp_path / "backup"
    manage(source, media, "backup", str(backup))
    with open(backup / "media.tar.gz", "r+b") as archive:
        archive.seek(40)
        archive.write(b"\0\0\0\0")
    before = shown(source, media)
    refused = manage(source, media, "restore", str(backup), "--yes", check=False)
    assert refused.returncode != 0
    assert "media.tar.gz" in refused.stderr and "damaged" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert shown(source, media) == before
    assert (media / "documents" / "rokasgramata.pdf").read_bytes() == b"%PDF a handbook"


def test_a_backup_goes_into_a_new_folder_and_says_what_is_wrong(tmp_path, databases, media):
    source = databases.copy_of_this_run()
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "something.txt").write_text("kept")
    refused = manage(source, media, "backup", str(occupied), check=False)
    assert refused.returncode != 0 and "is not empty" in refused.stderr
    assert (occupied / "something.txt").read_text() == "kept"
    not_a_backup = manage(source, media, "restore", str(occupied), "--yes", check=False)
    assert not_a_backup.returncode != 0 and "is not a backup of this site" in not_a_backup.stderr


def test_a_backup_of_another_kind_of_database_is_refused(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (tmp_path / "manifest.json").write_text(json.dumps({"database": other, "files": {}}))
    with pytest.raises(BackupError, match=f"this backup is of a {other} database"):
        read_manifest(tmp_path)
