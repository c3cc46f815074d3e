"""The council's DfE payload clients: `add NAME --la-code CODE` prints the new client's id and
secret once (only a hash of the secret is kept), `list` shows them, `revoke NAME` stops one at
once (its tokens go with it)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application

from bexley_qa.imports.models import PayloadClient


class Command(BaseCommand):
    help = "Add, list or revoke the clients that send children's DfE payloads."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Add a client; prints its id and secret once.")
        add.add_argument("name", help="What the client is, like 'Case system nightly'.")
        add.add_argument(
            "--la-code", required=True, help="The local authority code it sends for (like 303)."
        )
        actions.add_parser("list", help="The clients, revoked ones too.")
        revoke = actions.add_parser("revoke", help="Stop a client at once: its tokens end too.")
        revoke.add_argument("name")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    @transaction.atomic
    def _add(self, *, name: str, la_code: str, **options):
        name, la_code = name.strip(), la_code.strip()
        if not name or len(name) > 100:
            raise CommandError("Give the client a name of at most 100 characters")
        if not settings.CSC_API_LA_CODE:
            raise CommandError(
                "Set CSC_API_LA_CODE to the council's local authority code (like 303) first: "
                "this service takes one council's children"
            )
        if la_code != settings.CSC_API_LA_CODE:
            raise CommandError(
                f"This service takes local authority {settings.CSC_API_LA_CODE}'s children "
                f"(CSC_API_LA_CODE), not {la_code}'s"
            )
        if PayloadClient.objects.filter(name=name).exists():
            raise CommandError(f"There is already a client called {name}")
        secret = generate_client_secret()
        application = Application.objects.create(
            name=f"DfE payload client: {name}",
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            client_secret=secret,
            hash_client_secret=True,
        )
        PayloadClient.objects.create(
            name=name, la_code=la_code, application=application, client_id=application.client_id
        )
        self.stdout.write(f"client_id={application.client_id}")
        self.stdout.write(f"client_secret={secret}")
        self.stderr.write(
            f"Added {name} for local authority {la_code}. Put both lines in its settings now: "
            "the secret is not shown again."
        )

    def _list(self, **options):
        clients = PayloadClient.objects.all()
        if not clients:
            self.stdout.write(
                "No payload clients yet: add one with csc_api_client add NAME --la-code CODE"
            )
        for client in clients:
            state = (
                f"revoked {timezone.localtime(client.revoked_at):%-d %b %Y %H:%M}"
                if client.revoked_at
                else "active"
            )
            self.stdout.write(
                f"{client.name}\tlocal authority {client.la_code}\t{client.client_id}\t{state}"
            )

    @transaction.atomic
    def _revoke(self, *, name: str, **options):
        client = PayloadClient.objects.select_for_update().filter(name=name).first()
        if client is None:
            raise CommandError(f"There is no client called {name}")
        if client.revoked_at:
            raise CommandError(f"{name} was already revoked")
        if client.application:
            client.application.delete()  # its tokens with it
        client.application, client.revoked_at = None, timezone.now()
        client.save(update_fields=["application", "revoked_at"])
        self.stdout.write(self.style.SUCCESS(f"Revoked {name}: it can no longer send payloads."))
