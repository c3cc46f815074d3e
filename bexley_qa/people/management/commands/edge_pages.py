"""Write the pages the reverse proxy answers with by itself into STATIC_ROOT/edge/: "Sorry, the
service is busy" (503, when gunicorn already has as many requests as it can take) and "What you
sent is too large" (413, a body over the upload limit, refused before the app reads it). They
are the app's own templates (busy.html, 413.html) as a signed-out person sees them, so the
proxy's answers look like the service's. Run after collectstatic (docker-compose.yml's web
service and `make loadtest` do)."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.test import RequestFactory

PAGES = {"busy.html": "busy.html", "413.html": "413.html"}


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        if not settings.STATIC_ROOT:
            raise CommandError("STATIC_ROOT is not set: run with STATIC_MANIFEST=True")
        folder = Path(settings.STATIC_ROOT) / "edge"
        folder.mkdir(parents=True, exist_ok=True)
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        for name, template in PAGES.items():
            (folder / name).write_text(render_to_string(template, request=request))
        self.stdout.write(f"Wrote {', '.join(PAGES)} to {folder}")
