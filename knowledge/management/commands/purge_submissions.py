"""Erase the contact details of stories sent through the public form once they are older than
the privacy page promises (SUBMISSION_RETENTION_DAYS). Run it daily (cron, a timer); a new
story arriving runs it too."""

from django.core.management.base import BaseCommand

from knowledge.newsroom.submissions import StorySubmission, retention_days


class Command(BaseCommand):
    help = "Erase senders' names and e-mail addresses older than SUBMISSION_RETENTION_DAYS."

    def handle(self, *args, **options):
        erased = StorySubmission.purge()
        self.stdout.write(
            f"Erased the contact details of {erased} sent stor{'y' if erased == 1 else 'ies'} "
            f"older than {retention_days()} days."
        )
