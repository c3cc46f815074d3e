"""Moderation's emails, queued in the outbox in the same transaction as the change that causes
them, each once (the dedupe key names the moderation, the step and the person). Subjects show
the case ID only, never the child's name. Who is told comes from the organisation's lines
(`bexley_qa/people/lines.py`); what is outstanding from the moderation (`Moderation.outstanding_actions`); when it
is due from the clocks (`bexley_qa/workdays.py`)."""

from bexley_qa import workdays
from bexley_qa.notifications.services import absolute_url, notification_queue_each
from bexley_qa.people import lines
from bexley_qa.people.models import RoleCode

from .models import Moderation


def _context(moderation: Moderation, **extra) -> dict:
    return {
        "moderation": moderation,
        "audit": moderation.audit,
        "url": absolute_url(moderation),
        "audit_url": absolute_url(moderation.audit),
        "actions_url": absolute_url("audits:actions", moderation.audit_id),
        **extra,
    }


def _line_to_service_managers(moderation: Moderation) -> list:
    """The audited team's managers and its service's managers."""
    over = lines.managers_over(moderation.audit.team, through=RoleCode.SERVICE_MANAGER)
    return [o.person for o in over]


def queue_allocated(moderation: Moderation) -> int:
    """The moderator: the case ID and the return date (a re-allocation is told again)."""
    return notification_queue_each(
        [moderation.moderator],
        template="moderation-allocated",
        context=_context(moderation),
        key=f"moderation:{moderation.pk}:allocated:v{moderation.version}",
    )


def queue_finalised(moderation: Moderation) -> int:
    """The worker and manager are told it is complete. If the case remains Inadequate or actions
    are outstanding, the workers, team manager and service manager are asked to act on those
    actions (only those) within 24 hours. PSQA (their head of service among them) and the
    service manager are told of every moderation graded Inadequate."""
    audit = moderation.audit
    team_managers = list(lines.team_managers(audit.team))
    outstanding = list(moderation.outstanding_actions())
    key = f"moderation:{moderation.pk}"
    queued = notification_queue_each(
        [*audit.self_assessors, audit.manager, *team_managers],
        template="moderation-complete",
        context=_context(moderation),
        key=f"{key}:complete",
    )
    if moderation.remained_inadequate or outstanding:
        queued += notification_queue_each(
            [*audit.self_assessors, *_line_to_service_managers(moderation)],
            template="moderation-action-needed",
            context=_context(
                moderation,
                actions=outstanding,
                due_at=workdays.within_24_hours(moderation.finalised_at),
            ),
            key=f"{key}:action-needed",
        )
    if moderation.remained_inadequate:
        service_managers = lines.people_over(audit.team.service, through=RoleCode.SERVICE_MANAGER)
        queued += notification_queue_each(
            [*lines.psqa_officers(), *lines.psqa_head_of_service(), *service_managers],
            template="moderation-inadequate",
            context=_context(moderation),
            key=f"{key}:inadequate",
        )
    return queued


def queue_due(moderation: Moderation) -> int:
    """The moderator, on the return date (once per return date)."""
    return notification_queue_each(
        [moderation.moderator],
        template="moderation-due",
        context=_context(moderation),
        key=f"moderation:{moderation.pk}:due:{moderation.return_date}",
    )


def queue_overdue(moderation: Moderation) -> int:
    """PSQA, once, when a moderation is 5 working days past its return date."""
    return notification_queue_each(
        lines.psqa_officers(),
        template="moderation-overdue",
        context=_context(moderation),
        key=f"moderation:{moderation.pk}:overdue:{moderation.return_date}",
    )


def queue_escalation(moderation: Moderation) -> int:
    """The outstanding actions still open 24 hours after the moderation was finalised: the
    team's and service's managers and PSQA are told, once, with just those actions."""
    still_open = list(moderation.outstanding_actions())
    return notification_queue_each(
        [*_line_to_service_managers(moderation), *lines.psqa_officers()],
        template="moderation-escalation",
        context=_context(moderation, actions=still_open),
        key=f"moderation:{moderation.pk}:escalation",
    )
