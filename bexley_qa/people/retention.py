"""The retention schedule: children's records are kept until the child's RETENTION_YEARS-th
birthday (25 by default) and until their case is closed; then a nightly job lists them for PSQA to
confirm. Confirmed, they are anonymised (records.anonymise); kept, PSQA say why and until when.
Each decision is recorded on its RetentionReview (who, when, why, how many records changed)."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import emails, records
from .models import CaseSystemPurge, Child, RetentionReview, User
from .workflow import (
    ANONYMISE,
    KEEP,
    NO_LONGER_DUE,
    PURGE_ANONYMISE,
    PURGE_KEEP,
    PURGE_WORKFLOW,
    WORKFLOW,
)

log = logging.getLogger(__name__)


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)


def latest_birth_date_past_retention(today: date) -> date:
    """Children born on or before this day have had their RETENTION_YEARS-th birthday."""
    return _birthday(today, -settings.RETENTION_YEARS)


def _due(today: date) -> QuerySet[Child]:
    return Child.objects.filter(
        is_open=False,
        anonymised_at__isnull=True,
        date_of_birth__lte=latest_birth_date_past_retention(today),
    )


def past_retention(today: date) -> QuerySet[Child]:
    """Closed cases of children past the schedule, not anonymised, not already awaiting a decision
    and not kept beyond today."""
    return (
        _due(today)
        .exclude(retention_reviews__status=RetentionReview.Status.PENDING)
        .exclude(
            Q(retention_reviews__status=RetentionReview.Status.KEPT)
            & Q(retention_reviews__keep_until__gt=today)
        )
    )


@transaction.atomic
def retention_review(*, today: date | None = None) -> int:
    """The nightly job: list the children newly past retention for PSQA, and tell them."""
    today = today or timezone.localdate()
    # A case re-opened (or a date of birth corrected) since it was listed is no longer due.
    WORKFLOW.move_all(RetentionReview.objects.exclude(child__in=_due(today)), NO_LONGER_DUE)
    found = RetentionReview.objects.bulk_create(
        RetentionReview(child=child, found_on=today) for child in past_retention(today)
    )
    if found:
        pending = RetentionReview.objects.filter(status=RetentionReview.Status.PENDING).count()
        emails.queue_retention_review(today=today, found=len(found), pending=pending)
    log.info("Retention review: %s children's records newly past retention", len(found))
    return len(found)


def _undecided(record, workflow, step):
    """A decision waiting for PSQA (a retention review, a case system's purge), locked with its
    child; refused if it has been decided since the page was shown."""
    record = type(record).objects.select_for_update().select_related("child").get(pk=record.pk)
    workflow.check(record, step)
    return record


@transaction.atomic
def retention_anonymise(*, actor: User, review: RetentionReview) -> RetentionReview:
    review = _undecided(review, WORKFLOW, KEEP)
    # Checked again at the moment of anonymising (which cannot be undone): still closed, still past.
    if not _due(timezone.localdate()).filter(pk=review.child_id).exists():
        return WORKFLOW.move(review, NO_LONGER_DUE, decided_by=actor, decided_at=timezone.now())
    WORKFLOW.move(
        review, ANONYMISE, records_changed=records.anonymise(review.child), decided_by=actor,
        decided_at=timezone.now(),
    )  # fmt: skip
    log.info("Retention: child %s anonymised (%s records)", review.child_id, review.records_changed)
    return review


@transaction.atomic
def retention_keep(
    *, actor: User, review: RetentionReview, reason: str, keep_until: date
) -> RetentionReview:
    review = _undecided(review, WORKFLOW, KEEP)
    if keep_until <= timezone.localdate():
        raise ValidationError({"keep_until": "The date to keep them until must be in the future"})
    if keep_until > timezone.localdate() + timedelta(days=366 * 6):
        raise ValidationError({"keep_until": "Keep them for at most 6 years, then review again"})
    review.reason, review.keep_until = reason, keep_until
    review.full_clean(exclude=["status"])
    WORKFLOW.move(
        review, KEEP, reason=reason, keep_until=keep_until, decided_by=actor,
        decided_at=timezone.now(),
    )  # fmt: skip
    log.info("Retention: child %s kept until %s", review.child_id, keep_until)
    return review


# The case system's purges (a DfE payload asking for a child's record to go) ----------------------


@transaction.atomic
def purge_anonymise(*, actor: User, purge: CaseSystemPurge) -> CaseSystemPurge:
    """Anonymise a record the case system withdrew: only one the service holds nothing about (no
    audit, moderation, feedback or measure), whose records are otherwise kept under the schedule."""
    purge = _undecided(purge, PURGE_WORKFLOW, PURGE_KEEP)
    if records.holds_records(purge.child):
        raise ValidationError(
            f"Case {purge.child.case_id} has records here (audits, moderation, feedback or "
            "measures): they are kept under the retention schedule. Keep the record instead, "
            "saying why."
        )
    records.anonymise(purge.child)
    PURGE_WORKFLOW.move(purge, PURGE_ANONYMISE, decided_by=actor, decided_at=timezone.now())
    log.info("Case system purge: child %s anonymised", purge.child_id)
    return purge


@transaction.atomic
def purge_keep(*, actor: User, purge: CaseSystemPurge, reason: str) -> CaseSystemPurge:
    purge = _undecided(purge, PURGE_WORKFLOW, PURGE_KEEP)
    purge.reason = reason
    purge.full_clean(exclude=["status"])
    PURGE_WORKFLOW.move(
        purge, PURGE_KEEP, reason=reason, decided_by=actor, decided_at=timezone.now()
    )
    log.info("Case system purge: child %s kept", purge.child_id)
    return purge
