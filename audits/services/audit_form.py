"""Steps 3 and 4: the audit form (Section 1, the health check, the areas of practice) and grading."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa.people.models import User
from bexley_qa.versioning import check_version, save_versioned_row

from .. import access, workflow
from ..models import AreaScore, Audit, grade_errors
from ..practice_areas import AREA_COUNT, AREAS_BY_NUMBER

SECTION_1_FIELDS = (
    "referral_date",
    "commenced_on",
    "completed_on",
    "practice_observation",
    "date_of_birth",
    "gender",
    "ethnicity",
    "first_language",
)
AREA_FIELDS = (
    "signs_of_impact", "worked_well", "strengths_reference", "to_move_up", "score", "rationale",
)  # fmt: skip


def _saved_fields(data: dict, fields: tuple[str, ...]) -> dict:
    return {field: value for field, value in data.items() if field in fields}


def audit_section_1_save(*, actor: User, audit: Audit, data: dict, version: int | None) -> Audit:
    """Save Section 1 (case demographics, dates, practice observation)."""
    data = _saved_fields(data, SECTION_1_FIELDS)
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_edit_audit.require(actor, audit)
        check_version(audit, version, data)
        for field, value in data.items():
            setattr(audit, field, value)
        if audit.commenced_on and audit.completed_on and audit.completed_on < audit.commenced_on:
            raise ValidationError(
                {"completed_on": "The completed date must be on or after the commenced date"}
            )
        audit.section_1_confirmed_at = timezone.now()
        audit.version += 1
        audit.full_clean()
        audit.save()
    return audit


def area_score_save(
    *, actor: User, audit: Audit, area: int, data: dict, version: int | None
) -> AreaScore:
    """Save one practice area. A stale version raises StaleVersion and changes nothing."""
    if area not in AREAS_BY_NUMBER:
        raise ValidationError(f"There is no practice area {area}")
    data = _saved_fields(data, AREA_FIELDS)
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_edit_audit.require(actor, audit)
        return save_versioned_row(
            AreaScore,
            lookup={"audit": audit, "area": area},
            data=data,
            version=version,
            actor=actor,
        )


def audit_grade(
    *,
    actor: User,
    audit: Audit,
    grade: int,
    outstanding: bool,
    impact_summary: str,
    version: int | None = None,
) -> Audit:
    """Grade the audit overall 0–6 once all 19 areas are scored; Outstanding only on a 6."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_grade.require(actor, audit)
        check_version(audit, version)
        if not audit.ready_to_grade:
            raise ValidationError(
                f"Score all {AREA_COUNT} practice areas first: {audit.areas_scored()} are scored"
            )
        errors = grade_errors(grade, outstanding)
        if not impact_summary.strip():
            errors["impact_summary"] = "Enter what difference we are making to this child"
        if errors:
            raise ValidationError(errors)
        audit.grade, audit.outstanding = grade, outstanding
        audit.final_grade, audit.final_outstanding = grade, outstanding
        audit.impact_summary = impact_summary.strip()
        audit.graded_at = timezone.now()
        audit.full_clean()
        workflow.move(audit, workflow.GRADE, actor=actor, note=f"{grade}: {audit.band.label}")
    return audit
