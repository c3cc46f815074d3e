from datetime import date

from celery import shared_task

from .survey import services


@shared_task(ignore_result=True)
def close_survey_rounds(today: str | None = None) -> int:
    """Nightly: close the survey rounds whose last day has passed (their call lists deleted, PSQA
    told). `today` (ISO) stands in for the date in tests. Returns how many closed."""
    return services.survey_rounds_close_due(today=date.fromisoformat(today) if today else None)
