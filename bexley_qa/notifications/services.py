"""Queueing and sending the product's emails through the outbox."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bexley_qa.people.models import User

from .models import Notification, NotificationStatus
from .workflow import CANCEL, GIVE_UP, RESEND, SEND, TRY_AGAIN, WORKFLOW

log = logging.getLogger(__name__)

# After a failed send, try again after these waits; after the last, the email is marked failed.
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
)
MAX_ATTEMPTS = len(RETRY_AFTER) + 1


def absolute_url(target, *args, suffix: str = "") -> str:
    """The full address of a page, for a link in an email: a record's own page (anything with
    `get_absolute_url`) or a URL name with its arguments, on SITE_URL, then `suffix`."""
    path = (
        target.get_absolute_url()
        if hasattr(target, "get_absolute_url")
        else reverse(target, args=args)
    )
    return f"{settings.SITE_URL}{path}{suffix}"


def notification_queue(
    *,
    recipient: User,
    template: str,
    context: dict,
    dedupe_key: str,
    due_at=None,
) -> Notification | None:
    """Queue one email, rendered now from templates/emails/<template>-*.html, in the caller's
    transaction. A dedupe_key already queued is not queued again (returns None)."""
    render_context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
    defaults = {
        "recipient": recipient,
        "to_address": recipient.email,
        "template": template,
        "context": {
            k: (v.pk if isinstance(v, Model) else v) for k, v in context.items() if _plain(v)
        },
        "subject": " ".join(
            render_to_string(
                f"emails/{template}-subject.html", render_context, using="text"
            ).split()
        ),
        "body_text": render_to_string(
            f"emails/{template}-body-text.html", render_context, using="text"
        ),
        "body_html": render_to_string(f"emails/{template}-body-html.html", render_context),
        "due_at": due_at or timezone.now(),
    }
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key, defaults=defaults
    )
    return notification if created else None


def notification_queue_each(people, *, template: str, context: dict, key: str) -> int:
    """Queue one email per active person (once each: the key carries the person), in a stable
    order; returns how many were queued now."""
    queued = 0
    for person in sorted({p for p in people if p is not None and p.is_active}, key=lambda u: u.pk):
        queued += bool(
            notification_queue(
                recipient=person,
                template=template,
                context=context,
                dedupe_key=f"{key}:{person.pk}",
            )
        )
    return queued


def _plain(value) -> bool:
    return isinstance(value, Model | str | int | float | bool) or value is None


def notification_cancel(*, dedupe_key: str) -> None:
    """Cancel a queued email that is no longer needed (a reminder for something now done)."""
    WORKFLOW.move_all(Notification.objects.filter(dedupe_key=dedupe_key), CANCEL)


def notification_resend(*, notification: Notification) -> Notification:
    """Put a failed (or sent) email back in the queue to be sent again now."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification.pk)
        return WORKFLOW.move(notification, RESEND, attempts=0, last_error="", due_at=timezone.now())


def notifications_dispatch(*, limit: int = 200) -> int:
    """Send due emails, each claimed and sent in its own transaction; returns how many were sent.

    The row stays locked (select_for_update, skip_locked) while its email is sent and is marked sent
    in the same transaction, so a second dispatcher never takes it, and a dispatcher killed mid-send
    leaves it pending to be sent by the next run.
    """
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(status=NotificationStatus.PENDING, due_at__lte=timezone.now())
                .order_by("due_at", "pk")
                .first()
            )
            if notification is None:
                break
            sent += _send(notification)
    return sent


def _send(notification: Notification) -> int:
    message = EmailMultiAlternatives(
        notification.subject,
        notification.body_text,
        to=[notification.to_address],
        # A stable Message-ID lets a mail server discard the copy of a resent email.
        headers={"Message-ID": _message_id(notification)},
    )
    message.attach_alternative(notification.body_html, "text/html")
    notification.attempts += 1
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure to hand over is retried
        log.warning(
            "Email %s failed (attempt %s): %s", notification.pk, notification.attempts, error
        )
        failed = {"attempts": notification.attempts, "last_error": str(error)[:2000]}
        if notification.attempts >= MAX_ATTEMPTS:
            WORKFLOW.move(notification, GIVE_UP, **failed)
        else:
            later = timezone.now() + RETRY_AFTER[notification.attempts - 1]
            WORKFLOW.move(notification, TRY_AGAIN, due_at=later, **failed)
        return 0
    WORKFLOW.move(
        notification, SEND, attempts=notification.attempts, sent_at=timezone.now(), last_error=""
    )
    return 1


def _message_id(notification: Notification) -> str:
    digest = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    return f"<{digest}@{domain}>"
