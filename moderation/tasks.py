from datetime import date

from celery import shared_task

from .services import moderation_jobs as _jobs


@shared_task(ignore_result=True)
def moderation_jobs(today: str | None = None) -> int:
    """Every 15 minutes: propose the month's sample from its first working day (once); remind
    moderators on their return date, tell PSQA of those 5 working days overdue, escalate actions
    still open 24 hours after a moderation. `today` (ISO) stands in for the date in tests."""
    return _jobs(today=date.fromisoformat(today) if today else None)
