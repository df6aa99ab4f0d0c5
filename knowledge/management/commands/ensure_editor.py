"""Make the local editor account on the first run and print its password once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from wagtail.users.models import UserProfile

USERNAME = "redaktors"
# The admin's account settings ask for a name and an address: without them the editor could not
# save a change of their own settings. `localhost` is a mail domain Django accepts.
FIRST_NAME, LAST_NAME, EMAIL = "Vietējais", "redaktors", "redaktors@localhost"


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
            user = User.objects.create_superuser(USERNAME, email=EMAIL, password=password)
        elif options["reset"]:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
        self.complete_profile(user)
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

    @staticmethod
    def complete_profile(user):
        """Name, address and a Latvian admin, filled in where they are still empty."""
        changed = []
        for name, value in (
            ("first_name", FIRST_NAME),
            ("last_name", LAST_NAME),
            ("email", EMAIL),
        ):
            if not getattr(user, name):
                setattr(user, name, value)
                changed.append(name)
        if changed:
            user.save(update_fields=changed)
        profile = UserProfile.get_for_user(user)
        if not profile.preferred_language:
            profile.preferred_language = settings.LANGUAGE_CODE
            profile.save(update_fields=["preferred_language"])
