"""The people app's email, queued in the outbox (templates/emails/<name>-*.html)."""

from datetime import date

from bexley_qa.notifications.services import absolute_url, notification_queue_each

from .lines import psqa_officers


def queue_retention_review(*, today: date, found: int, pending: int) -> int:
    """PSQA, once a night at most: children's records newly past the retention schedule."""
    return notification_queue_each(
        psqa_officers(),
        template="retention-review",
        context={"found": found, "pending": pending, "url": absolute_url("manage:retention")},
        key=f"retention:{today.isoformat()}",
    )


def queue_records_withdrawn(*, run, asked: int) -> int:
    """PSQA, once per import: the case system asked for children's records to be purged."""
    return notification_queue_each(
        psqa_officers(),
        template="records-withdrawn",
        context={
            "asked": asked,
            "sent_in": run.file_name,
            "url": absolute_url("manage:retention") + "#withdrawn",
        },
        key=f"records-withdrawn:{run.pk}",
    )
