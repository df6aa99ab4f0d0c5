"""Make the local editor account on the first run and print its password once; say how to
make the other accounts and where e-mail goes.

The account is an editor (the «Redaktori / Editors» group), not a superuser: it goes through
the same rights as every editor. `--superuser` makes a separate superuser account on request."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from wagtail.users.models import UserProfile

from knowledge.newsroom.models import QueuedMail
from knowledge.newsroom.roles import EDITORS, setup_roles

USERNAME = "redaktors"
SUPERUSER = "administrators"
# The admin's account settings ask for a name and an address: without them the editor could not
# save a change of their own settings. `localhost` is a mail domain Django accepts.
FIRST_NAME, LAST_NAME, EMAIL = "Vietējais", "redaktors", "redaktors@localhost"


class Command(BaseCommand):
    help = "Create the local editor account (a new random password, shown once)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="give the account a new password")
        parser.add_argument("--port", default="8000")
        parser.add_argument(
            "--superuser",
            action="store_true",
            help=f"also make the superuser account '{SUPERUSER}' (a new password, shown once)",
        )

    def handle(self, *args, **options):
        User = get_user_model()
        editors = Group.objects.filter(name=EDITORS).first()
        if editors is None:
            editors = setup_roles()["editor"]
        user = User.objects.filter(username=USERNAME).first()
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(USERNAME, email=EMAIL, password=password)
        elif options["reset"]:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
        if user.is_superuser:
            user.is_superuser = False
            user.save(update_fields=["is_superuser"])
            self.stdout.write(
                f"  '{USERNAME}' is now an editor, not a superuser "
                "(`manage.py ensure_editor --superuser` makes a superuser account)"
            )
        user.groups.add(editors)
        self.complete_profile(user)
        if options["superuser"]:
            self.make_superuser(User)
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
        self.explain_accounts_and_mail()
        if settings.DEBUG:
            self.stdout.write("")

    def make_superuser(self, User):
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(username=SUPERUSER).first()
        if user is None:
            user = User.objects.create_superuser(SUPERUSER, email="", password=password)
        else:
            user.is_superuser = user.is_staff = True
            user.set_password(password)
            user.save()
        self.complete_profile(user)
        self.stdout.write(
            self.style.WARNING(
                f"  Superuser '{SUPERUSER}', password {password} (shown only this once)"
            )
        )

    def explain_accounts_and_mail(self):
        manage = ".venv/bin/python manage.py"
        self.stdout.write("")
        self.stdout.write("  More accounts (each gets a random password, shown once):")
        self.stdout.write(f"    {manage} create_account --role editor --email … [--name '…']")
        self.stdout.write("      (--role translator, moderator; a LAG partner:")
        self.stdout.write("       --role partner --lag <LAG slug, e.g. lag-aizkraukle>;")
        self.stdout.write("       --language en for an English admin and e-mails)")
        delivery = settings.EMAIL_DELIVERY_BACKEND.rsplit(".", 2)[-2]
        if delivery == "filebased":
            where = f"written to files in {settings.EMAIL_FILE_PATH}/ (EMAIL_URL sends them)"
        elif delivery == "smtp":
            where = f"sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
        else:
            where = f"given to the {delivery} backend"
        waiting = QueuedMail.objects.count()
        self.stdout.write(f"  E-mail: {where}; {waiting} waiting to be sent again")

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
