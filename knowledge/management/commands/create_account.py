"""Make an admin account in one role, with a random password printed once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from wagtail.users.models import UserProfile

from knowledge.newsroom.roles import ROLES, setup_roles
from knowledge.newsroom.workflow import setup_workflow
from knowledge.practices.models import LocalActionGroup


class Command(BaseCommand):
    help = (
        "Create an account: --role editor|translator|moderator|partner (a partner needs "
        "--lag <slug>), --email; the password is printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", required=True)
        parser.add_argument("--lag", help="the LAG's slug (e.g. lag-aizkraukle), for a partner")
        parser.add_argument("--name", default="", help="first and last name")
        parser.add_argument("--username", help="default: the e-mail address")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="the admin's language (and of the e-mails)",
        )

    def handle(self, *args, **options):
        email = options["email"].strip()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        role = options["role"]
        if (role == "partner") != bool(options["lag"]):
            raise CommandError("--lag is for a LAG partner, and a partner needs one")
        lag = None
        if options["lag"]:
            lag = LocalActionGroup.objects.filter(
                locale__language_code=settings.LANGUAGE_CODE, slug=options["lag"]
            ).first()
            if lag is None:
                slugs = LocalActionGroup.objects.filter(
                    locale__language_code=settings.LANGUAGE_CODE
                ).values_list("slug", flat=True)
                raise CommandError(f"No LAG {options['lag']!r}; one of: {', '.join(slugs)}")

        groups = setup_roles()
        setup_workflow(groups["moderator"])
        group = groups[lag.slug] if lag else groups[role]

        User = get_user_model()
        username = options["username"] or email
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The account {username!r} exists already.")
        first_name, _space, last_name = options["name"].strip().partition(" ")
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username, email=email, password=password, first_name=first_name, last_name=last_name
        )
        user.groups.add(group)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = options["language"]
        profile.save(update_fields=["preferred_language"])
        self.stdout.write(f"  {Group.objects.get(pk=group.pk).name}: '{username}'")
        self.stdout.write(
            self.style.WARNING(
                f"  Password: {password}\n  (shown only this once: hand it over safely; the "
                "person changes it under Account → Password)"
            )
        )
