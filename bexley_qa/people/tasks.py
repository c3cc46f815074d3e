from celery import shared_task
from django.core import management


@shared_task
def clear_expired_sessions() -> None:
    """Delete sessions past their idle expiry so they cannot pile up in the database."""
    management.call_command("clearsessions")
