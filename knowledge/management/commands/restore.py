"""Restore a backup made by `manage.py backup`: it replaces the database and the uploaded files
(see knowledge/core/backup.py). Stop the site first; start it again afterwards."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from knowledge.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Replace the database and MEDIA_ROOT with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: everything now in the site is replaced"
        )

    def handle(self, *args, folder, yes=False, **options):
        try:
            manifest = read_manifest(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not yes and options.get("interactive", True):
            answer = input(
                f"Replace this site's database and files with the backup of "
                f"{manifest['made_at']}? Type 'yes': "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            manifest, counts = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", interactive=False, verbosity=0)
        if settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search.backends":
            # A cluster's index is not in the backup: rebuilt from the restored database.
            call_command("update_index", verbosity=0)
        self.stdout.write(
            f"Restored the backup of {manifest['made_at']}: {counts['pages']} pages "
            f"({counts['live_pages']} live), {counts['images']} images, "
            f"{counts['documents']} documents."
        )
        if counts != manifest["counts"]:
            raise CommandError(f"The restored site differs from the backup: {manifest['counts']}")
