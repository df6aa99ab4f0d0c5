"""Make the local editor account on the first run and print its password once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "redaktors"


class Command(BaseCommand):
    help = "Create the local editor account (a new random password, shown once)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="give the account a new password")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(USERNAME, email="", password=password)
        elif options["reset"]:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
        base = f"http://127.0.0.1:{options['port']}"
        self.stdout.write("")
        self.stdout.write(f"  Site:   {base}/  ({base}/lv/ · {base}/en/)")
        self.stdout.write(f"  Admin:  {base}/admin/")
        if password:
            self.stdout.write(
                self.style.WARNING(
                    f"  Sign in as '{USERNAME}' with the password {password}\n"
                    "  (shown only this once: write it down; `make editor` sets a new one)"
                )
            )
        else:
            self.stdout.write(
                f"  Sign in as '{USERNAME}' (password shown on the first run; "
                "`make editor` sets a new one)"
            )
        if settings.DEBUG:
            self.stdout.write("")
