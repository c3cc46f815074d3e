"""Practice Week's emails, queued in the outbox (templates/emails/<name>-*.html)."""

from datetime import date

from bexley_qa.notifications.services import absolute_url, notification_queue_each
from bexley_qa.people import lines

from ..models import PracticeWeek


def queue_report_published(week: PracticeWeek) -> int:
    """Every practitioner, manager and senior leader: the week's report, to read."""
    return notification_queue_each(
        lines.staff_in(lines.PRACTICE_WEEK_READERS),
        template="practice-week-report",
        context={"week": week, "pdf_url": absolute_url("practice_week:pdf", week.pk)},
        key=f"practice-week:{week.pk}:published",
    )


def queue_schedule_next(last: PracticeWeek, *, due: date) -> int:
    """The leads, a month before the next week is due: schedule it."""
    return notification_queue_each(
        lines.staff_in(lines.PRACTICE_WEEK_LEADS),
        template="practice-week-schedule-next",
        context={"last": last, "due": due, "url": absolute_url("practice_week:schedule")},
        key=f"practice-week:{last.pk}:schedule-next",
    )
