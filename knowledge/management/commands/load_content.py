"""Build the site's pages and snippets from knowledge/content (idempotent, one transaction)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.content.loader import ContentLoader
from knowledge.content.schema import ContentError

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "content"


class Command(BaseCommand):
    help = "Load the bilingual content files into pages and snippets (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(DEFAULT_ROOT), help="content folder")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="also replace items an editor changed in the admin (old versions stay in "
            "the revision history)",
        )

    def handle(self, *args, **options):
        loader = ContentLoader(options["path"], overwrite=options["overwrite"])
        try:
            report = loader.run()
        except ContentError as error:
            raise CommandError(
                f"{error.path}, line {error.line}: {error.message}. Nothing was loaded."
            ) from None
        for label in report.kept:
            self.stdout.write(
                self.style.WARNING(f"kept (changed in the admin; --overwrite replaces it): {label}")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Content: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.kept)} kept as edited, {report.unchanged} unchanged."
            )
        )
        alignment = report.alignment
        if alignment.segments:
            self.stdout.write(
                f"Translations: {alignment.translated} of {alignment.segments} Latvian segments "
                "recorded with their English text."
            )
        if options["verbosity"] > 1:
            for place in alignment.mismatched:
                self.stdout.write(f"  not aligned (left for the translator): {place}")
