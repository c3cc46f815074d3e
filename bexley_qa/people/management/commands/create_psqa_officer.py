"""The first account of a council's service: a PSQA officer, who then imports the staff file and
keeps everyone else's accounts on the app's own pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from bexley_qa.people.models import RoleCode, User
from bexley_qa.people.services import free_username, set_roles


class Command(BaseCommand):
    help = (
        "Create the first PSQA officer (or give an existing person the PSQA role). They sign in "
        "with their council account; without council sign-in, set a password with "
        "`manage.py changepassword USERNAME`."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    @transaction.atomic
    def handle(self, *args, email: str, first_name: str, last_name: str, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email} is not an email address") from None
        person = User.objects.filter(email__iexact=email).first()
        if person is not None and person.is_superuser:
            raise CommandError(f"{email} is a technical support account: use another address")
        if person is None:
            person = User(
                username=free_username(email), email=email, first_name=first_name,
                last_name=last_name,
            )  # fmt: skip
            person.set_unusable_password()
            person.save()
            done = "Created"
        elif person.has_role(RoleCode.PSQA) and person.is_active:
            self.stdout.write(f"{person.username} ({email}) is already a PSQA officer.")
            return
        else:
            person.is_active = True
            person.save(update_fields=["is_active"])
            done = "Made"
        set_roles(person, sorted({*person.role_codes, RoleCode.PSQA}))
        sign_in = f"{settings.SITE_URL}/sign-in/"
        how = (
            "with their council account"
            if settings.OIDC_RP_CLIENT_ID
            else f"once given a password: manage.py changepassword {person.username} (council "
            "sign-in is not set up yet)"
        )
        self.stdout.write(
            self.style.SUCCESS(f"{done} {person.username} ({email}) a PSQA officer.")
            + f"\nThey sign in at {sign_in} {how}, then import the staff file from People and "
            "teams."
        )
