"""Backup and restore of the whole site: the database and the uploaded files.

A backup is a folder: the database (`db.sqlite3`, made with SQLite's online backup while the
site keeps serving, or `db.dump`, PostgreSQL's custom format from `pg_dump`), `media.tar.gz`
(everything under MEDIA_ROOT: images, renditions, documents) and `manifest.json`, which says
what the backup holds and the SHA-256 of each file. A restore checks the manifest first and
changes nothing if a file is missing or damaged, or if the backup is of another kind of database.

The search index is not backed up: the database search backend's index is in the database, and
a cluster's index is rebuilt from it after a restore (`update_index`)."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
DATABASE_FILES = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}


class BackupError(Exception):
    """Something an operator must fix; the message says what, and nothing was changed."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres(command, database, *arguments):
    """Run pg_dump or pg_restore against Django's database settings."""
    if shutil.which(command) is None:
        raise BackupError(f"{command} is not installed (Debian: apt-get install postgresql-client)")
    environment = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    connection = [
        f"--host={database.get('HOST') or 'localhost'}",
        f"--port={database.get('PORT') or 5432}",
        f"--username={database.get('USER') or 'postgres'}",
    ]
    result = subprocess.run(
        [command, *connection, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{command} failed: {result.stderr.strip()}")


def _vendor(alias):
    return connections[alias].vendor


def _counts(alias):
    """A few numbers an operator can compare before and after a restore."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    return {
        "pages": Page.objects.using(alias).filter(depth__gt=1).count(),
        "live_pages": Page.objects.using(alias).filter(depth__gt=1, live=True).count(),
        "images": get_image_model().objects.using(alias).count(),
        "documents": get_document_model().objects.using(alias).count(),
    }


def back_up(target, alias="default"):
    """Write a backup of the database `alias` and of MEDIA_ROOT into the new folder `target`."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new folder")
    vendor = _vendor(alias)
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups of a {vendor} database are not supported")
    target.mkdir(parents=True, exist_ok=True)
    database_file = target / DATABASE_FILES[vendor]
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(database_file) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        _postgres(
            "pg_dump",
            connection.settings_dict,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={database_file}",
            connection.settings_dict["NAME"],
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            for item in sorted(media_root.iterdir()):
                archive.add(item, arcname=item.name)
    manifest = {
        "made_at": timezone.now().isoformat(),
        "database": vendor,
        "counts": _counts(alias),
        "files": {name: _sha256(target / name) for name in (database_file.name, MEDIA)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def read_manifest(source, alias="default"):
    """The backup's manifest, once every file in it is present and undamaged."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        vendor = manifest["database"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{source} is not a backup of this site ({error})") from error
    if vendor != _vendor(alias):
        raise BackupError(
            f"this backup is of a {vendor} database; the site now uses {_vendor(alias)}"
        )
    for name, digest in files.items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from {source}")
        if _sha256(path) != digest:
            raise BackupError(f"{name} in {source} is damaged (its SHA-256 differs)")
    return manifest


def _restore_media(archive_path):
    """Unpack next to MEDIA_ROOT, then swap, so a failure leaves the old files in place."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".restoring-", dir=media_root.parent))
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(unpacked, filter="data")
    except (OSError, tarfile.TarError) as error:
        shutil.rmtree(unpacked, ignore_errors=True)
        raise BackupError(f"the media archive could not be unpacked: {error}") from error
    if media_root.exists():
        old = media_root.with_name(f".replaced-{media_root.name}")
        shutil.rmtree(old, ignore_errors=True)
        media_root.rename(old)
        unpacked.rename(media_root)
        shutil.rmtree(old, ignore_errors=True)
    else:
        unpacked.rename(media_root)


def restore(source, alias="default"):
    """Replace the database `alias` and MEDIA_ROOT with the backup in `source`."""
    source = Path(source)
    manifest = read_manifest(source, alias)
    connection = connections[alias]
    database_file = source / DATABASE_FILES[manifest["database"]]
    if manifest["database"] == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(database_file) as backup:
            backup.backup(connection.connection)
        backup.close()
    else:
        connection.close()
        _postgres(
            "pg_restore",
            connection.settings_dict,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(database_file),
        )
    _restore_media(source / MEDIA)
    return manifest, _counts(alias)
