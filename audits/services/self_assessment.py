"""Step 2: the practitioner's (and Staying Together worker's) self-assessment, Section 2."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa.people.models import User
from bexley_qa.versioning import check_version

from .. import access, workflow
from ..models import Audit, SelfAssessment

SELF_ASSESSMENT_FIELDS = (
    "difference_score",
    "difference_worked_well",
    "difference_to_move_up",
    "signs_of_safety_score",
    "signs_of_safety_worked_well",
    "signs_of_safety_to_move_up",
)
MISSING_ANSWERS = {
    "difference_score": "Select a score from 0 to 10 for the difference you have made",
    "difference_worked_well": "Enter what worked well, for the difference you have made",
    "difference_to_move_up": "Enter what would need to happen to move up the difference scale",
    "signs_of_safety_score": "Select a score from 0 to 10 for how much you use Signs of Safety",
    "signs_of_safety_worked_well": "Enter what worked well, in your use of Signs of Safety",
    "signs_of_safety_to_move_up": "Enter what would need to happen to move up the Signs of Safety scale",
}


def missing_answers(assessment: SelfAssessment) -> dict[str, str]:
    """The answers a self-assessment still needs before it can be submitted, by field."""
    return {
        field: message
        for field, message in MISSING_ANSWERS.items()
        if getattr(assessment, field) in (None, "")
    }


def self_assessment_save(
    *, actor: User, audit: Audit, data: dict, version: int | None
) -> SelfAssessment:
    """Save the actor's self-assessment as a draft (as they type); refused once submitted."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_self_assess.require(actor, audit)
        assessment, _ = SelfAssessment.objects.select_for_update().get_or_create(
            audit=audit, author=actor, defaults={"version": 0}
        )
        if assessment.is_submitted:
            raise ValidationError("You have already submitted your self-assessment")
        if assessment.is_waived:
            raise ValidationError("The auditor has waived your self-assessment")
        check_version(assessment, version, data)
        for field in SELF_ASSESSMENT_FIELDS:
            if field in data:
                setattr(assessment, field, data[field])
        assessment.version += 1
        assessment.full_clean()
        assessment.save()
    return assessment


def self_assessment_submit(*, actor: User, audit: Audit) -> SelfAssessment:
    """Submit the self-assessment: complete, and read-only from now on."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_self_assess.require(actor, audit)
        assessment = (
            SelfAssessment.objects.select_for_update().filter(audit=audit, author=actor).first()
        )
        if assessment is None or assessment.is_submitted or assessment.is_waived:
            raise ValidationError("There is no draft self-assessment to submit")
        if errors := missing_answers(assessment):
            raise ValidationError(errors)
        assessment.submitted_at = timezone.now()
        assessment.version += 1
        assessment.save()
        workflow.record(
            audit, workflow.EventCode.SELF_ASSESSMENT_SUBMITTED, actor=actor, note=str(actor)
        )
    return assessment


def self_assessment_waive(
    *, actor: User, audit: Audit, author: User, reason: str
) -> SelfAssessment:
    """The auditor waives a missing self-assessment, with the reason."""
    reason = reason.strip()
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_edit_audit.require(actor, audit)
        if author not in audit.self_assessors:  # their account may be switched off since
            raise ValidationError(
                "Only the practitioner's or Staying Together worker's can be waived"
            )
        if not reason:
            raise ValidationError({"reason": "Enter why the self-assessment is not needed"})
        assessment, _ = SelfAssessment.objects.select_for_update().get_or_create(
            audit=audit, author=author
        )
        if assessment.is_submitted:
            raise ValidationError(f"{author} has already submitted their self-assessment")
        assessment.waived_reason = reason
        assessment.waived_by = actor
        assessment.version += 1
        assessment.save()
        workflow.record(
            audit,
            workflow.EventCode.SELF_ASSESSMENT_WAIVED,
            actor=actor,
            note=f"{author}: {reason}",
        )
    return assessment
