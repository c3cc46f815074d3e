"""The audit's emails, sent through Django's email backend once the change is committed.

Templates live in templates/emails/<name>-subject.html, -body-text.html and -body-html.html.
No subject line names the child: subjects show the case ID only.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from bexley_qa.people.models import User

from .models import Audit


def send(name: str, recipient: User, context: dict) -> None:
    context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{name}-subject.html", context).split())
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"emails/{name}-body-text.html", context),
        to=[recipient.email],
    )
    message.attach_alternative(
        render_to_string(f"emails/{name}-body-html.html", context), "text/html"
    )
    message.send()


def _audit(pk: int) -> Audit:
    return Audit.objects.select_related(
        "child", "auditor", "practitioner", "manager", "team", "staying_together_worker"
    ).get(pk=pk)


def on_commit_allocated(audit: Audit) -> None:
    """Tell the auditor what to do, and the case holders who will audit their case."""

    def deliver():
        audit_ = _audit(audit.pk)
        context = {"audit": audit_, "url": settings.SITE_URL + audit_.get_absolute_url()}
        send("audit-allocated-auditor", audit_.auditor, context)
        for person in {*audit_.self_assessors, audit_.manager} - {None}:
            send("audit-allocated-case-holder", person, context)

    transaction.on_commit(deliver)


def on_commit_meeting_booked(audit: Audit) -> None:
    """Ask the practitioner (and the Staying Together worker) for their self-assessment."""

    def deliver():
        audit_ = _audit(audit.pk)
        url = settings.SITE_URL + audit_.get_absolute_url() + "self-assessment/"
        for person in audit_.self_assessors:
            send("self-assessment-requested", person, {"audit": audit_, "url": url})

    transaction.on_commit(deliver)
