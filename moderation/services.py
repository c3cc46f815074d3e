"""Every write to moderation: each checks the actor's right through moderation/access.py, locks
the moderation, checks what must be true first, changes it and queues its emails, in one
transaction. A finalised moderation changes no more."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from audits import services as audit_services
from audits.models import Action, ActionSource, Audit, grade_errors
from audits.practice_areas import AREAS_BY_NUMBER
from bexley_qa import workdays
from bexley_qa.people.models import User
from bexley_qa.versioning import check_version, save_versioned_row

from . import access, emails, sampling
from . import models as moderation_models
from .models import (
    ActionCompleted,
    ActionReview,
    Agreement,
    Amendment,
    Moderation,
    ModerationScore,
    ModerationStatus,
    Sample,
)
from .selectors import finalise_problems
from .workflow import ALLOCATE, FINALISE, REMOVE, WORKFLOW

REASON_MAX = 500


def _lock(moderation: Moderation) -> Moderation:
    return (
        Moderation.objects.select_for_update(of=("self",))
        .select_related("audit__team__service", "audit__child", "audit__auditor", "moderator")
        .get(pk=moderation.pk)
    )


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": f"Enter why you are {what}"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer"})
    return reason


# The sample -----------------------------------------------------------------------------------------


def sample_propose(
    *, month: date, actor: User | None = None, seed: int | None = None
) -> tuple[Sample, bool]:
    """Propose the month's sample, once: (the sample, whether this call drew it). A second call
    for the same month, even at the same moment from another worker, returns the first's."""
    if actor is not None:
        access.can_manage_sample.require(actor)
    month = workdays.first_of_month(month)
    if existing := Sample.objects.filter(month=month).first():
        return existing, False
    seed = sampling.new_seed() if seed is None else seed
    try:
        with transaction.atomic():
            sample = Sample.objects.create(
                month=month,
                seed=seed,
                share_percent=settings.MODERATION_SAMPLE_PERCENT,
                proposed_by=actor,
            )
            Moderation.objects.bulk_create(
                Moderation(sample=sample, audit=pick.audit, reason=pick.reason[:300])
                for pick in sampling.draw(month, seed, sample.share_percent)
            )
    except IntegrityError:  # another worker proposed it first: theirs stands
        return Sample.objects.get(month=month), False
    return sample, True


def moderation_add(*, actor: User, sample: Sample, audit: Audit, reason: str) -> Moderation:
    """PSQA add a completed audit to the sample, saying why."""
    access.can_manage_sample.require(actor)
    reason = _reason(reason, "adding it")
    with transaction.atomic():
        audit = Audit.objects.select_for_update(of=("self",)).get(pk=audit.pk)
        if not audit.is_done:
            raise ValidationError({"audit": "Only a completed audit can be moderated"})
        if audit.moderations.exclude(status=ModerationStatus.REMOVED).exists():
            raise ValidationError({"audit": "This audit is already in a moderation sample"})
        return Moderation.objects.create(
            sample=sample, audit=audit, reason=f"Added by {actor}: {reason}"[:300]
        )


def moderation_remove(*, actor: User, moderation: Moderation, reason: str) -> Moderation:
    """PSQA take an audit out of the sample before it is finalised, saying why."""
    reason = _reason(reason, "removing it")
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_change_in_sample.require(actor, moderation)
        WORKFLOW.move(
            moderation, REMOVE,
            removed_reason=f"{reason} ({actor}, {timezone.localdate():%-d %B %Y})",
        )  # fmt: skip
    return moderation


def default_return_date(today: date | None = None) -> date:
    return workdays.add_working_days(
        today or timezone.localdate(), settings.MODERATION_RETURN_WORKING_DAYS
    )


def moderation_allocate(
    *, actor: User, moderation: Moderation, moderator: User, return_date: date
) -> Moderation:
    """Allocate (or re-allocate) the moderation to an eligible moderator with a return date; the
    moderator is emailed the case ID and the date."""
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_change_in_sample.require(actor, moderation)
        errors = {}
        if problem := access.moderator_problem(moderator, moderation.audit):
            errors["moderator"] = problem
        if return_date <= timezone.localdate():
            errors["return_date"] = "The return date must be in the future"
        if (moderation.moderator_id, moderation.return_date) == (moderator.pk, return_date):
            # Nothing would change but a second email telling them the same.
            errors["moderator"] = (
                f"It is already allocated to {moderator}, due back on {return_date:%-d %B %Y}: "
                "choose another moderator or return date"
            )
        if errors:
            raise ValidationError(errors)
        WORKFLOW.move(
            moderation, ALLOCATE, moderator=moderator, return_date=return_date,
            allocated_by=actor, allocated_at=timezone.now(), reminded_on=None,
            overdue_notified_on=None,
        )  # fmt: skip
        emails.queue_allocated(moderation)
    return moderation


# The moderation form ----------------------------------------------------------------------------------

COMMENT_FIELDS = ("good_practice", "areas_for_development")
GRADE_FIELDS = ("grade", "outstanding", "agreement")
MEETING_FIELDS = (
    "meeting_date",
    "meeting_attendees",
    "agreed_grade",
    "agreed_outstanding",
    "learning_strengths",
    "learning_to_develop",
)


def moderation_score_save(
    *, actor: User, moderation: Moderation, area: int, data: dict, version: int | None
) -> ModerationScore:
    """Save the moderator's score and comment for one practice area (autosaved as they type)."""
    if area not in AREAS_BY_NUMBER:
        raise ValidationError(f"There is no practice area {area}")
    data = {k: v for k, v in data.items() if k in ("score", "comment")}
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_moderate.require(actor, moderation)
        return save_versioned_row(
            ModerationScore,
            lookup={"moderation": moderation, "area": area},
            data=data,
            version=version,
            actor=actor,
        )


def _save_fields(
    *, actor: User, moderation: Moderation, data: dict, version: int | None, fields: tuple
) -> Moderation:
    data = {k: v for k, v in data.items() if k in fields}
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_moderate.require(actor, moderation)
        check_version(moderation, version, data)
        for field, value in data.items():
            setattr(moderation, field, value.strip() if isinstance(value, str) else value)
        errors = {}
        if "grade" in data:
            errors |= grade_errors(moderation.grade, moderation.outstanding) or _agreement_errors(
                moderation
            )
        if "agreed_grade" in data and moderation.agreed_grade is not None:
            errors |= {
                f"agreed_{k}": v
                for k, v in grade_errors(
                    moderation.agreed_grade, moderation.agreed_outstanding
                ).items()
            }
        if errors:
            raise ValidationError(errors)
        moderation.version += 1
        moderation.full_clean()
        moderation.save()
    return moderation


def _agreement_errors(moderation: Moderation) -> dict[str, str]:
    """Agreeing means grading as the auditor did; a different grade is a disagreement (which
    needs the meeting). Agreeing again clears a meeting recorded for an earlier disagreement."""
    audit = moderation.audit
    same = (moderation.grade, moderation.outstanding) == (audit.grade, audit.outstanding)
    auditors = f"{audit.grade}{' Outstanding' if audit.outstanding else ''}"
    if moderation.agreement not in Agreement.values:
        return {"agreement": "Say whether you agree with the auditor's grade"}
    if moderation.agreement == Agreement.AGREE and not same:
        return {
            "agreement": f"You gave a different grade from the auditor's ({auditors}): choose "
            "‘I disagree’, or give the auditor's grade"
        }
    if moderation.agreement == Agreement.DISAGREE and same:
        return {
            "agreement": f"Your grade is the auditor's ({auditors}): choose ‘I agree’, or give "
            "the grade you find"
        }
    if moderation.agreement == Agreement.AGREE:
        for field in MEETING_FIELDS:
            default = Moderation._meta.get_field(field).get_default()
            setattr(moderation, field, default)
    return {}


def moderation_comments_save(
    *, actor: User, moderation: Moderation, data: dict, version: int | None
) -> Moderation:
    """Comments on good practice and areas for development (autosaved)."""
    return _save_fields(
        actor=actor, moderation=moderation, data=data, version=version, fields=COMMENT_FIELDS
    )


def moderation_grade_save(
    *, actor: User, moderation: Moderation, data: dict, version: int | None
) -> Moderation:
    """The moderator's grade 0–6 (Outstanding only on 6) and agreement with the auditor's."""
    return _save_fields(
        actor=actor, moderation=moderation, data=data, version=version, fields=GRADE_FIELDS
    )


def moderation_meeting_save(
    *, actor: User, moderation: Moderation, data: dict, version: int | None
) -> Moderation:
    """On disagreement: the meeting with the auditor, the agreed grade and the auditor's learning."""
    if not moderation.disagrees:
        raise ValidationError("A meeting is recorded only when you disagree with the grade")
    meeting_date = data.get("meeting_date")
    if meeting_date and meeting_date > timezone.localdate():
        raise ValidationError({"meeting_date": "The meeting date must be today or in the past"})
    if meeting_date and moderation.allocated_at:
        allocated = timezone.localdate(moderation.allocated_at)
        if meeting_date < allocated:
            raise ValidationError(
                {
                    "meeting_date": f"The meeting date must be on or after {allocated:%-d %B %Y}, "
                    "when the moderation was allocated"
                }
            )
    return _save_fields(
        actor=actor, moderation=moderation, data=data, version=version, fields=MEETING_FIELDS
    )


def action_reviews_save(
    *, actor: User, moderation: Moderation, reviews: dict[int, tuple[str, str]]
) -> list[ActionReview]:
    """Whether each of the audit's actions was completed (yes / partly / no, with a note).
    Every action of the audit (not added by this moderation) must be answered."""
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_moderate.require(actor, moderation)
        actions = {
            a.pk: a for a in moderation.audit.actions.exclude(source=ActionSource.MODERATION)
        }
        errors = [
            f"Say whether this action was completed: {a.what[:80]}"
            for pk, a in actions.items()
            if reviews.get(pk, ("", ""))[0] not in ActionCompleted.values
        ]
        if unknown := set(reviews) - set(actions):
            errors.append(f"Actions {sorted(unknown)} are not this audit's")
        if errors:
            raise ValidationError(errors)
        saved = []
        for pk, (completed, note) in reviews.items():
            review, _ = ActionReview.objects.update_or_create(
                moderation=moderation,
                action=actions[pk],
                defaults={"completed": completed, "note": note.strip()},
            )
            review.full_clean()
            saved.append(review)
        moderation.version += 1
        moderation.save(update_fields=["version"])
    return saved


def moderation_action_add(*, actor: User, moderation: Moderation, data: dict) -> Action:
    """An additional action (what, who, when): it joins the audit's actions as "moderation"."""
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_moderate.require(actor, moderation)
        errors = {}
        what = (data.get("what") or "").strip()
        owner_name = (data.get("owner_name") or "").strip()
        due_date = data.get("due_date")
        if not what:
            errors["what"] = "Enter what needs to happen"
        if not owner_name:
            errors["owner_name"] = "Enter who will do it"
        if due_date is None:
            errors["due_date"] = "Enter the date it is due by"
        elif due_date < timezone.localdate():
            errors["due_date"] = "The due date must be today or in the future"
        if errors:
            raise ValidationError(errors)
        action = Action(
            audit=moderation.audit,
            what=what,
            owner_name=owner_name,
            due_date=due_date,
            source=ActionSource.MODERATION,
            created_by=actor,
        )
        action.full_clean()
        action.save()
        moderation.version += 1
        moderation.save(update_fields=["version"])
    return action


# Finalising -----------------------------------------------------------------------------------------


def moderation_finalise(*, actor: User, moderation: Moderation, case_note: str) -> Moderation:
    """Finalise, with the moderator's management oversight case note (Fig 1.4: the form is
    finalised "and a management oversight case note is recorded"): the agreed grade becomes the
    audit's final grade; the worker and manager are told, and, if the case remains Inadequate or
    actions are outstanding, asked to act within 24 hours. A finalised moderation cannot be
    changed."""
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_moderate.require(actor, moderation)
        if problems := finalise_problems(moderation):
            raise ValidationError([p.message for p in problems])
        if not case_note.strip():
            raise ValidationError({"case_note": "Enter your management oversight case note"})
        grade, outstanding = moderation.grade_to_finalise
        WORKFLOW.move(
            moderation, FINALISE, final_grade=grade, final_outstanding=outstanding,
            finalised_at=timezone.now(), case_note=case_note.strip(),
        )  # fmt: skip
        verdict = "Moderator agreed:" if not moderation.disagrees else "Agreed after meeting:"
        audit_services.audit_final_grade_set(
            actor=actor,
            audit=moderation.audit,
            grade=grade,
            outstanding=outstanding,
            note=verdict,
        )
        moderation.audit.refresh_from_db()
        emails.queue_finalised(moderation)
    return moderation


def moderation_amend(
    *, actor: User, moderation: Moderation, grade: int, outstanding: bool, reason: str
) -> Amendment:
    """PSQA correct a finalised moderation's grade with a reason: a new amendment, kept beside
    the moderation as finalised (which does not change); its grade becomes the audit's final."""
    reason = _reason(reason, "amending it")
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_amend.require(actor, moderation)
        if errors := grade_errors(grade, outstanding):
            raise ValidationError(errors)
        amendment = Amendment(
            moderation=moderation,
            grade=grade,
            outstanding=outstanding,
            reason=reason,
            amended_by=actor,
        )
        amendment.full_clean()
        amendment.save()
        audit_services.audit_final_grade_set(
            actor=actor,
            audit=moderation.audit,
            grade=grade,
            outstanding=outstanding,
            note=f"Moderation amended by PSQA ({reason[:150]}):",
        )
    return amendment


def moderation_oversight_record(
    *,
    actor: User,
    moderation: Moderation,
    direction: str,
    action: str,
    timescale: str,
    completion: str,
) -> Moderation:
    """The team manager's management oversight note after the moderation, in the framework's four
    parts: "direction, action, timescale, and completion of tasks"."""
    with transaction.atomic():
        moderation = _lock(moderation)
        access.can_record_moderation_oversight.require(actor, moderation)
        values = {
            "oversight_direction": (direction.strip(), "Enter the case direction"),
            "oversight_action": (action.strip(), "Enter the action to be taken"),
            "oversight_timescale": (timescale.strip(), "Enter the timescale"),
            "oversight_completion": (
                completion.strip(),
                "Enter how the completion of the tasks will be checked, or that they are done",
            ),
        }
        if errors := {field: message for field, (value, message) in values.items() if not value}:
            raise ValidationError(errors)
        for field, (value, _) in values.items():
            setattr(moderation, field, value)
        moderation.oversight_recorded_by = actor
        moderation.oversight_recorded_at = timezone.now()
        moderation.version += 1
        moderation.full_clean()
        moderation.save()
    return moderation


# Deadlines ------------------------------------------------------------------------------------------


def moderation_reminders_queue(*, today: date | None = None) -> int:
    """Remind moderators on their return date; tell PSQA once when one is 5 working days overdue.
    Each email goes once (the outbox's dedupe keys)."""
    today = today or timezone.localdate()
    queued = 0
    allocated = Moderation.objects.filter(status=ModerationStatus.ALLOCATED).select_related(
        "audit__child", "moderator"
    )
    queued += _escalations(now=timezone.now())
    for moderation in allocated.filter(return_date__lte=today):
        queued += emails.queue_due(moderation)
        late = workdays.add_working_days(
            moderation.return_date, settings.MODERATION_OVERDUE_WORKING_DAYS
        )
        if late <= today:
            queued += emails.queue_overdue(moderation)
    return queued


def escalated(*, now) -> QuerySet[Moderation]:
    """Finalised moderations that asked for outstanding actions within 24 hours, and whose
    outstanding actions are still open 24 hours later (the rule: `moderation/models.py`, `Moderation.outstanding_actions`;
    the clock: `workdays`)."""
    return moderation_models.escalated(asked_before=workdays.asked_before_escalation(now))


def _escalations(*, now) -> int:
    queued = 0
    for moderation in escalated(now=now).select_related("audit__child", "audit__team__service"):
        queued += emails.queue_escalation(moderation)
    return queued


def moderation_jobs(*, today: date | None = None) -> int:
    """The scheduled job (every 15 minutes): from the month's first working day, propose its
    sample (once); the reminders and escalations."""
    today = today or timezone.localdate()
    month = workdays.first_of_month(today)
    if today >= workdays.first_working_day(month):
        sample_propose(month=month)
    return moderation_reminders_queue(today=today)
