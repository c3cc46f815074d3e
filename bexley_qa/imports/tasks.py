from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def import_case_system_exports() -> int:
    """Nightly: import the new export files in CASE_SYSTEM_EXPORTS_DIR. Returns how many files
    were imported or refused."""
    return len(services.exports_import())


@shared_task(ignore_result=True)
def clear_expired_tokens() -> None:
    """The payload clients' expired access tokens, deleted (django-oauth-toolkit's own clean-up)."""
    from oauth2_provider.models import clear_expired

    clear_expired()
