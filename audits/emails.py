"""The audit's emails, queued in the outbox in the same transaction as the change that causes them.

Templates live in templates/emails/<name>-subject.html, -body-text.html and -body-html.html.
No subject line names the child: subjects show the case ID only.
"""

from django.conf import settings

from bexley_qa.notifications.services import notification_queue

from .models import Audit


def _url(audit: Audit, suffix: str = "") -> str:
    return settings.SITE_URL + audit.get_absolute_url() + suffix


def queue_allocated(audit: Audit) -> None:
    """Tell the auditor what to do, and the case holders and manager who will audit the case."""
    context = {"audit": audit, "url": _url(audit)}
    notification_queue(
        recipient=audit.auditor,
        template="audit-allocated-auditor",
        context=context,
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
            context={"audit": audit, "url": _url(audit, "self-assessment/")},
            dedupe_key=f"audit:{audit.pk}:meeting:{audit.meeting_date:%Y-%m-%d}:{person.pk}",
        )
