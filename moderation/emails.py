"""Moderation's emails, queued in the outbox in the same transaction as the change that causes
them, each once (the dedupe key names the moderation, the step and the person). Subjects show
the case ID only, never the child's name."""

from django.conf import settings

from audits.models import ActionStatus
from bexley_qa.notifications.services import notification_queue_each
from bexley_qa.people.access import psqa_officers

from .models import Moderation


def _url(moderation: Moderation) -> str:
    return settings.SITE_URL + moderation.get_absolute_url()


def _context(moderation: Moderation, **extra) -> dict:
    return {
        "moderation": moderation,
        "audit": moderation.audit,
        "url": _url(moderation),
        "audit_url": settings.SITE_URL + moderation.audit.get_absolute_url(),
        **extra,
    }


def queue_allocated(moderation: Moderation) -> int:
    """The moderator: the case ID and the return date (a re-allocation is told again)."""
    return notification_queue_each(
        [moderation.moderator],
        template="moderation-allocated",
        context=_context(moderation),
        key=f"moderation:{moderation.pk}:allocated:v{moderation.version}",
    )


def queue_finalised(moderation: Moderation) -> int:
    """The worker and manager are told it is complete; if the case remains Inadequate or actions
    are outstanding, the worker, team manager and service manager are asked to act within 24
    hours; PSQA and the service manager are told of every moderation graded Inadequate."""
    audit = moderation.audit
    team_managers = list(audit.team.managers.all())
    service_managers = list(audit.team.service.managers.all())
    open_actions = list(audit.actions.filter(status=ActionStatus.OPEN).select_related("owner"))
    key = f"moderation:{moderation.pk}"
    queued = notification_queue_each(
        [*audit.self_assessors, audit.manager, *team_managers],
        template="moderation-complete",
        context=_context(moderation),
        key=f"{key}:complete",
    )
    if audit.is_inadequate or open_actions:
        queued += notification_queue_each(
            [*audit.self_assessors, *team_managers, *service_managers],
            template="moderation-action-needed",
            context=_context(moderation, actions=open_actions),
            key=f"{key}:action-needed",
        )
    if audit.is_inadequate:
        queued += notification_queue_each(
            [*psqa_officers(), *service_managers],
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
        psqa_officers(),
        template="moderation-overdue",
        context=_context(moderation),
        key=f"moderation:{moderation.pk}:overdue:{moderation.return_date}",
    )


def queue_escalation(moderation: Moderation) -> int:
    """Actions still open 24 hours after the moderation was finalised: the team's and service's
    managers and PSQA are told, once."""
    audit = moderation.audit
    open_actions = list(audit.actions.filter(status=ActionStatus.OPEN).select_related("owner"))
    return notification_queue_each(
        [*audit.team.managers.all(), *audit.team.service.managers.all(), *psqa_officers()],
        template="moderation-escalation",
        context=_context(moderation, actions=open_actions),
        key=f"moderation:{moderation.pk}:escalation",
    )
