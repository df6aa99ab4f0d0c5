"""Send the e-mail that waits because the mail server did not take it (run from cron)."""

from django.core.management.base import BaseCommand

from knowledge.newsroom.mail import send_queued


class Command(BaseCommand):
    help = "Send the queued e-mail (kept when the mail server was down); run it from cron."

    def handle(self, *args, **options):
        sent, waiting = send_queued()
        if sent or waiting or options["verbosity"] > 1:
            self.stdout.write(f"Queued e-mail: {sent} sent, {waiting} still waiting.")
        if waiting:
            # cron mails what a job prints to stderr: a server that stays down is noticed.
            self.stderr.write(f"{waiting} e-mail(s) could not be sent yet; the next run retries.")
