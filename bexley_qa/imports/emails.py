"""The imports' email, queued in the outbox (templates/emails/<name>-*.html)."""

from django.utils import timezone

from bexley_qa.notifications.services import absolute_url, notification_queue_each
from bexley_qa.people.lines import psqa_officers

from .models import ImportRun


def queue_import_refused(run: ImportRun) -> int:
    """Tell PSQA a nightly export file was refused, with what to do."""
    return notification_queue_each(
        psqa_officers(),
        template="import-refused",
        context={"run": run, "url": absolute_url(run)},
        key=f"sos-import:{run.pk}:refused",
    )


def queue_payloads_refused(run: ImportRun) -> int:
    """Tell PSQA the payload client's batch was refused: once a day at most (a client sends a
    dozen batches a night, and one cause often refuses several), with the first batch's problems
    and where to see the rest."""
    return notification_queue_each(
        psqa_officers(),
        template="payloads-refused",
        context={"run": run, "url": absolute_url(run), "imports": absolute_url("imports:index")},
        key=f"payloads-refused:{timezone.localdate(run.at).isoformat()}",
    )
