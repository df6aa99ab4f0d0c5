"""Back up the site: the database and the uploaded files, into a new folder (see
knowledge/core/backup.py). The site may keep serving while it runs."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from knowledge.core.backup import BackupError, back_up


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a new folder (default backups/<time>/)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="a new or empty folder")

    def handle(self, *args, folder=None, **options):
        target = Path(
            folder
            or Path(settings.BASE_DIR) / "backups" / timezone.now().strftime("%Y-%m-%dT%H%M%S")
        )
        try:
            manifest = back_up(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"Backed up to {target}: {manifest['database']} database with {counts['pages']} "
            f"pages, {counts['images']} images and {counts['documents']} documents, and the "
            f"files under {settings.MEDIA_ROOT}. Restore with: manage.py restore {target}"
        )
