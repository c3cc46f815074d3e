"""Who may read an audit and what they may do to it: every "who may" question about audits.

Built on the organisation's scopes in `bexley_qa/people/access.py` (whose children, which teams),
and on the workflow table (`audits/workflow.py`): a rule to make a move checks the person and
that the move is allowed from the audit's status. Views, services and templates all use these
answers (a template gets them from its view), so each rule is written once.

Readers of an audit: the people named on it (auditor, practitioner, Staying Together worker,
manager), managers of its team and service, deputy directors and PSQA. Business support see the
allocation row (`allocations_visible_to`), never the content. Apps above audits widen the readers
by registering a scope here from their AppConfig.ready() (moderation: the audit's moderator);
this module never imports them.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from bexley_qa.people import lines
from bexley_qa.people.access import (
    can_allocate,
    can_audit,
    is_active,
    is_manager,
    rule,
    sees_whole_directorate,
)
from bexley_qa.people.models import Child, RoleCode, User

from . import workflow
from .models import Action, Audit, AuditKind

_extra_readers: list[Callable[[User], Q]] = []


def register_readers(scope: Callable[[User], Q]) -> None:
    """Let an app above audits add readers: `scope(user)` is a Q over Audit for that user."""
    if scope not in _extra_readers:
        _extra_readers.append(scope)


# Reading -----------------------------------------------------------------------------------------


def audits_visible_to(user: User) -> QuerySet[Audit]:
    """Audits whose content the user may read; any other audit answers 404."""
    if not is_active(user):
        return Audit.objects.none()
    if sees_whole_directorate(user):
        return Audit.objects.all()
    scope = (
        Q(auditor=user) | Q(practitioner=user) | Q(staying_together_worker=user) | Q(manager=user)
    )
    if is_manager(user):
        scope |= lines.over_teams_q(user)
    if user.has_role(RoleCode.PRINCIPAL_SOCIAL_WORKER):
        scope |= Q(practice_week__isnull=False)  # the Practice Week audits they lead
    for extra in _extra_readers:
        scope |= extra(user)
    return Audit.objects.filter(scope)


def sees_every_allocation(user: User) -> bool:
    """Those who allocate audits, and those who select them for moderation."""
    return can_allocate(user) or lines.holds(user, lines.MODERATION_SELECTORS)


def allocations_visible_to(user: User) -> QuerySet[Audit]:
    """Audits the user may see as allocation rows (who audits whose case, when, its status):
    every audit for those who allocate them or select them for moderation."""
    return Audit.objects.all() if sees_every_allocation(user) else audits_visible_to(user)


def actions_visible_to(user: User) -> QuerySet[Action]:
    """Actions the user owns, and the actions of audits they may read."""
    if not is_active(user):
        return Action.objects.none()
    return Action.objects.filter(Q(owner=user) | Q(audit__in=audits_visible_to(user)))


@rule()
def can_list_audits(user: User) -> bool:
    """Whether "Audits" belongs in the user's navigation: every role but moderator alone."""
    return lines.holds(user, lines.AUDIT_LIST_READERS)


# Allocation --------------------------------------------------------------------------------------


def eligible_auditors_for(child: Child) -> QuerySet[User]:
    """Team managers and more senior managers who are not in the child's team (and the Director,
    for a Practice Week audit)."""
    return lines.staff_in(lines.PRACTICE_WEEK_AUDITORS).exclude(
        lines.in_or_over_team_q(child.team_id)
    )


def auditor_problem(auditor: User, child: Child, kind: str = AuditKind.ROUTINE) -> str | None:
    """Why this person may not audit this child's case, in plain English; None when they may."""
    if not auditor.is_active:
        return f"{auditor} cannot audit: their account is switched off"
    if kind == AuditKind.PRACTICE_WEEK and lines.holds(auditor, lines.PRACTICE_WEEK_AUDITORS):
        pass
    elif lines.holds(auditor, lines.PRACTICE_WEEK_AUDITORS) and not can_audit(auditor):
        return (
            f"{auditor} audits during Practice Week only: choose a team manager or a more senior "
            "manager, or make it a Practice Week audit"
        )
    elif not can_audit(auditor):
        return (
            f"{auditor} cannot audit: only a team manager or a more senior manager can audit a case"
        )
    if lines.in_or_over_team(auditor, child.team_id):
        return f"{auditor} is in {child.team}, the child's own team: choose an auditor from another team"
    return None


@rule("Only business support, PSQA and the auditor can cancel an audit, while it is in progress.")
def can_cancel_audit(user: User, audit: Audit) -> bool:
    """Business support, PSQA and the auditor may cancel an audit in progress."""
    return workflow.CANCEL.allowed_from(audit.status) and (
        audit.auditor_id == user.pk or can_allocate(user)
    )


# The audit form ------------------------------------------------------------------------------------


def _is_auditor(user: User, audit: Audit) -> bool:
    return audit.auditor_id == user.pk


@rule("Only the auditor changes the audit, and only while it is in progress.")
def can_edit_audit(user: User, audit: Audit) -> bool:
    """Only the auditor edits the audit form (Sections 1, 3, 4), while the audit is in progress."""
    return _is_auditor(user, audit) and audit.is_open


@rule("Only the auditor books the meeting, before the audit is graded.")
def can_book_meeting(user: User, audit: Audit) -> bool:
    """The auditor books (or moves) the meeting until the audit is graded."""
    return _is_auditor(user, audit) and workflow.BOOK_MEETING.allowed_from(audit.status)


@rule("Only the auditor grades the audit, while it is in progress and no outcome has been sent.")
def can_grade(user: User, audit: Audit) -> bool:
    """Until completion, unless an Inadequate outcome has been sent: people were told it."""
    return (
        _is_auditor(user, audit)
        and workflow.GRADE.allowed_from(audit.status)
        and audit.outcome_sent_at is None
    )


@rule("Only the auditor sends the outcome of an Inadequate audit, once.")
def can_send_outcome(user: User, audit: Audit) -> bool:
    """The auditor of an audit graded Inadequate, in progress, whose outcome is not yet sent."""
    return (
        _is_auditor(user, audit)
        and audit.is_inadequate
        and audit.is_open
        and audit.outcome_sent_at is None
    )


@rule("Only the auditor records feedback and actions, until the audit is completed.")
def can_record_feedback_and_actions(user: User, audit: Audit) -> bool:
    """Sections 5 and 6 (feedback, actions) change only by the auditor, until completion."""
    return _is_auditor(user, audit) and audit.status in workflow.BEFORE_COMPLETION


@rule("Only the auditor completes the audit, once it is graded.")
def can_complete(user: User, audit: Audit) -> bool:
    return _is_auditor(user, audit) and workflow.COMPLETE.allowed_from(audit.status)


@rule("Only the auditor records the follow-up, once the audit is completed.")
def can_record_follow_up(user: User, audit: Audit) -> bool:
    return _is_auditor(user, audit) and workflow.FOLLOW_UP.allowed_from(audit.status)


def manages_audited_team(user: User, audit: Audit) -> bool:
    """A team manager recorded as managing the team whose case was audited."""
    return lines.manages_team(user, audit.team_id)


@rule("Only the team manager records the management oversight note, once, after completion.")
def can_record_oversight_note(user: User, audit: Audit) -> bool:
    """The manager of the audited team, once the audit is completed (after reviewing it in
    supervision with the practitioner); the note is recorded once."""
    return (
        manages_audited_team(user, audit)
        and audit.is_done
        and getattr(audit, "oversight_note", None) is None
    )


@rule(
    "Only a service manager of the audited team's service reviews an Inadequate audit, once its "
    "outcome is sent, until they are satisfied."
)
def can_review_inadequate(user: User, audit: Audit) -> bool:
    """The framework's "Service Managers ... review ... any audit graded inadequate and must be
    satisfied the actions outlined by the Team Manager are sufficient": a service manager of the
    team's service, once the outcome is sent, until a review says they are satisfied."""
    latest = audit.service_manager_review
    return (
        audit.outcome_sent_at is not None
        and audit.status != workflow.AuditStatus.CANCELLED
        and (latest is None or not latest.satisfied)
        and lines.manages_service(user, audit.team.service_id)
    )


@rule(
    "Only the team manager closes off the audit, after completion, until the case meets expected "
    "practice standards."
)
def can_close_off(user: User, audit: Audit) -> bool:
    """ "Audit actions should be regularly reviewed in supervision until the Team Manager is
    satisfied the case meets expected practice standards": the audited team's manager, after
    completion and their management oversight note, until a close-off says it does."""
    latest = audit.close_off
    return (
        manages_audited_team(user, audit)
        and audit.is_done
        and getattr(audit, "oversight_note", None) is not None
        and (latest is None or not latest.satisfied)
    )


# Self-assessment (Section 2) -------------------------------------------------------------------------


@rule("Only the practitioner and the Staying Together worker complete a self-assessment.")
def is_self_assessor(user: User, audit: Audit) -> bool:
    """The practitioner, and the Staying Together worker if one is involved."""
    return user.pk in (audit.practitioner_id, audit.staying_together_worker_id)


@rule("Your self-assessment can only be completed before the audit is graded.")
def can_self_assess(user: User, audit: Audit) -> bool:
    """A self-assessor completes their own self-assessment until the audit is graded."""
    return is_self_assessor(user, audit) and audit.status in workflow.BEFORE_GRADING


# Actions (Section 6) ---------------------------------------------------------------------------------


@rule("Only the action's owner, the auditor or the team manager can mark it done.")
def can_mark_action_done(user: User, action: Action) -> bool:
    """The action's owner, the audit's auditor, or the manager of the audited team (who reviews
    the actions in supervision until they are done), unless the audit was cancelled. An action a
    manager's review asked for after the audit is not the auditor's to close."""
    audit = action.audit
    markers = (action.owner_id,) if action.asked_for_by else (action.owner_id, audit.auditor_id)
    return audit.status != workflow.AuditStatus.CANCELLED and (
        user.pk in markers or manages_audited_team(user, audit)
    )
