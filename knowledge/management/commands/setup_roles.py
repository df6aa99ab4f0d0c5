"""Make or update the admin's roles (groups with Latvian and English names) and the content
review workflow; safe to run again (`make run` does)."""

from django.core.management.base import BaseCommand

from knowledge.newsroom.roles import setup_roles
from knowledge.newsroom.workflow import setup_workflow


class Command(BaseCommand):
    help = "Create or update the roles (editors, translators, moderators, LAG partners), review."

    def handle(self, *args, **options):
        groups = setup_roles()
        workflow = setup_workflow(groups["moderator"])
        if options["verbosity"] > 1:
            for group in groups.values():
                self.stdout.write(f"  {group.name}")
            self.stdout.write(f"  {workflow.name}")
        partners = len(groups) - 3
        self.stdout.write(
            f"Roles: editors, translators, moderators and {partners} LAG partner groups; "
            f"review: «{workflow.name}»."
        )
