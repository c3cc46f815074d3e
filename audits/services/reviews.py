"""The managers' reviews after an audit (the framework's "Inadequate Audits"): the service
manager's review of an Inadequate audit once its outcome is sent, and the team manager's
close-off after completion. Each records satisfied or not, with a note; a further action it asks
for becomes one of the audit's actions (`Action.source` says whose review asked for it)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from bexley_qa.people import lines
from bexley_qa.people.models import User

from .. import access, emails, workflow
from ..models import Action, ActionSource, Audit, ManagerReview, ReviewKind
from ..pdf import prerender_pdf

WHO_MAY = {
    ReviewKind.SERVICE_MANAGER: access.can_review_inadequate,
    ReviewKind.CLOSE_OFF: access.can_close_off,
}
EVENTS = {
    ReviewKind.SERVICE_MANAGER: workflow.EventCode.SERVICE_MANAGER_REVIEWED,
    ReviewKind.CLOSE_OFF: workflow.EventCode.CLOSED_OFF,
}


def manager_review_record(
    *,
    actor: User,
    audit: Audit,
    kind: str,
    satisfied: bool,
    note: str,
    action_what: str = "",
    action_due: date | None = None,
    action_owner: User | None = None,
) -> ManagerReview:
    """Record a manager's review. The service manager not satisfied asks for a further action,
    which goes to the team manager; the team manager may add an action from the supervision
    review (the practitioner's or their own)."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        WHO_MAY[kind].require(actor, audit)
        note, action_what = note.strip(), action_what.strip()
        errors = {}
        if not note:
            errors["note"] = "Enter your review"
        if kind == ReviewKind.SERVICE_MANAGER and not satisfied and not action_what:
            errors["action_what"] = "Enter what further action is needed"
        if action_what and action_due is None:
            errors["action_due"] = "Enter when the action is due"
        if errors:
            raise ValidationError(errors)
        review = ManagerReview(
            audit=audit, kind=kind, satisfied=satisfied, note=note, recorded_by=actor
        )
        review.full_clean()
        review.save()
        action = None
        if action_what:
            action = _action(audit, kind, actor, action_what, action_due, action_owner)
        verdict = "satisfied" if satisfied else "not satisfied"
        workflow.record(
            audit,
            EVENTS[kind],
            actor=actor,
            note=f"{verdict.capitalize()}"
            + (f"; further action due {action_due:%-d %B %Y}" if action else ""),
        )
        if kind == ReviewKind.SERVICE_MANAGER:
            emails.queue_service_manager_review(review, action)
        prerender_pdf(audit)
    return review


def _action(audit, kind, actor, what, due, owner) -> Action:
    if kind == ReviewKind.SERVICE_MANAGER:
        # "the actions outlined by the Team Manager": what more is needed goes back to them.
        owner = lines.team_managers(audit.team).first()
        source = ActionSource.SM_REVIEW
    else:
        allowed = {person.pk for person in audit.self_assessors} | {actor.pk}
        if owner is None or owner.pk not in allowed:
            raise ValidationError({"action_owner": "Choose who will do it"})
        source = ActionSource.SUPERVISION
    action = Action(
        audit=audit,
        what=what,
        owner=owner,
        owner_name="" if owner else f"Team manager, {audit.team.name}",
        due_date=due,
        source=source,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    return action
