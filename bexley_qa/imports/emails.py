"""The imports' email, queued in the outbox (templates/emails/<name>-*.html)."""

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
