"""The audit's emails, queued in the outbox in the same transaction as the change that causes them.

Templates live in templates/emails/<name>-subject.html, -body-text.html and -body-html.html.
No subject line names the child: subjects show the case ID only. Who is told comes from the
organisation's lines (`bexley_qa/people/lines.py`).
"""

from bexley_qa.notifications.services import (
    absolute_url,
    notification_queue,
    notification_queue_each,
)
from bexley_qa.people import lines
from bexley_qa.people.models import RoleCode

from . import guidance
from .models import Audit
from .selectors import inadequate_outcome_recipients


def _url(audit: Audit, name: str = "") -> str:
    """The audit's page, or one of its pages by URL name ("audits:follow-up")."""
    return absolute_url(name, audit.pk) if name else absolute_url(audit)


def queue_allocated(audit: Audit) -> None:
    """Tell the auditor what to do, and the case holders and manager who will audit the case."""
    context = {"audit": audit, "url": _url(audit)}
    notification_queue(
        recipient=audit.auditor,
        template="audit-allocated-auditor",
        context={**context, **guidance.context(audit)},
        dedupe_key=f"audit:{audit.pk}:allocated:{audit.auditor_id}",
    )
    for person in {*audit.self_assessors, audit.manager} - {None, audit.auditor}:
        notification_queue(
            recipient=person,
            template="audit-allocated-case-holder",
            context=context,
            dedupe_key=f"audit:{audit.pk}:allocated:{person.pk}",
        )


def queue_meeting_booked(audit: Audit) -> None:
    """Ask the practitioner (and the Staying Together worker) for their self-assessment."""
    for person in audit.self_assessors:
        notification_queue(
            recipient=person,
            template="self-assessment-requested",
            context={"audit": audit, "url": _url(audit, "audits:self-assessment")},
            # Each booking is its own (the version moves on with it): a meeting moved back to
            # an earlier date is told again, with the date it has now.
            dedupe_key=f"audit:{audit.pk}:meeting:v{audit.version}:{person.pk}",
        )


def queue_completed(audit: Audit) -> int:
    """Tell the practitioner(s) and their manager the audit is completed, with its actions."""
    return notification_queue_each(
        [*audit.self_assessors, audit.manager],
        template="audit-completed",
        context={"audit": audit, "url": _url(audit)},
        key=f"audit:{audit.pk}:completed",
    )


def queue_inadequate_outcome(audit: Audit) -> int:
    """An Inadequate audit's outcome and actions, to the people in this child's line and PSQA."""
    return notification_queue_each(
        [recipient.person for recipient in inadequate_outcome_recipients(audit)],
        template="audit-inadequate",
        context={"audit": audit, "url": _url(audit), "due": audit.immediate_actions_due_at},
        key=f"audit:{audit.pk}:inadequate",
    )


def queue_follow_up_due(follow_up) -> int:
    audit = follow_up.audit
    return notification_queue_each(
        [audit.auditor],
        template="follow-up-due",
        context={"audit": audit, "follow_up": follow_up, "url": _url(audit, "audits:follow-up")},
        key=f"audit:{audit.pk}:follow-up-due",
    )


def queue_follow_up_overdue(follow_up) -> int:
    audit = follow_up.audit
    return notification_queue_each(
        [audit.auditor, audit.manager],
        template="follow-up-overdue",
        context={"audit": audit, "follow_up": follow_up, "url": _url(audit, "audits:follow-up")},
        key=f"audit:{audit.pk}:follow-up-overdue",
    )


def queue_escalation(audit: Audit) -> int:
    """Immediate actions still open 24 hours after the Inadequate outcome was sent: the team's
    and service's managers and PSQA are told."""
    over = lines.managers_over(audit.team, through=RoleCode.SERVICE_MANAGER)
    return notification_queue_each(
        [*(o.person for o in over), *lines.psqa_officers()],
        template="immediate-actions-escalation",
        context={"audit": audit, "url": _url(audit)},
        key=f"audit:{audit.pk}:escalation",
    )


def queue_service_manager_review(review, action) -> int:
    """The service manager's review of an Inadequate audit, to the team's managers: satisfied,
    or the further action they are asked to take."""
    audit = review.audit
    return notification_queue_each(
        list(lines.team_managers(audit.team)),
        template="service-manager-review",
        context={"audit": audit, "review": review, "action": action, "url": _url(audit)},
        key=f"audit:{audit.pk}:sm-review:{review.pk}",
    )
