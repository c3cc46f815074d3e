from celery import shared_task
from django.core import management


@shared_task
def clear_expired_sessions() -> None:
    """Delete sessions past their idle expiry so they cannot pile up in the database."""
    management.call_command("clearsessions")


@shared_task
def retention_review() -> int:
    """Nightly: list the children's records newly past the retention schedule for PSQA."""
    from .retention import retention_review as review

    return review()
