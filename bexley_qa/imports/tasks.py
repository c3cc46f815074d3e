from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def import_case_system_exports() -> int:
    """Nightly: import the new export files in CASE_SYSTEM_EXPORTS_DIR. Returns how many files
    were imported or refused."""
    return len(services.exports_import())
