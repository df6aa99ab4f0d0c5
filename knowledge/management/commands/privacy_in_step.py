"""Give every translation of a restricted page that page's view restriction, for restrictions
set before they were kept in step across languages (knowledge/core/privacy.py); safe to run
again (`make run` does)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from knowledge.core.privacy import bring_into_step


class Command(BaseCommand):
    help = "Make each restricted page's translations as private as it is."

    def handle(self, *args, **options):
        with transaction.atomic():
            changed = bring_into_step()
        self.stdout.write(f"Privacy: pages given their translation's restriction: {changed}.")
