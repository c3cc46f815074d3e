from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits import services as audit_services
from bexley_qa.notifications import services
from bexley_qa.notifications.models import Notification, NotificationStatus

from ..factories import UserFactory


@pytest.fixture
def queue(org):
    """Queue test emails about an audit of Dan's case (the allocation's own emails cleared)."""
    audit = audit_services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    Notification.objects.all().delete()

    def queue_one(key="test:1", **kwargs):
        return services.notification_queue(
            recipient=kwargs.pop("recipient", org.alice),
            template="audit-allocated-auditor",
            context={"audit": audit, "url": "http://x/"},
            dedupe_key=key,
            **kwargs,
        )

    return queue_one


def test_queueing_renders_the_email_and_stores_what_it_was_about(org, queue):
    email = queue()
    assert email.to_address == org.alice.email
    assert email.subject == "Case 2000001 has been allocated to you for a collaborative case audit"
    assert "Dear " + org.alice.first_name in email.body_text
    assert "<p>" in email.body_html
    assert email.context["audit"] == email.context["audit"] and email.context["url"] == "http://x/"
    assert email.status == NotificationStatus.PENDING


def test_subjects_and_text_bodies_are_plain_text_and_the_html_body_is_escaped(org):
    org.sam.last_name = "O'Brien <Jr>"
    org.sam.save()
    audit_services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    email = Notification.objects.filter(template="audit-allocated-case-holder").first()
    assert email.subject.endswith("will be audited by Sam O'Brien <Jr>")
    assert "O'Brien <Jr>" in email.body_text
    assert "&#x27;" not in email.subject + email.body_text
    assert "O&#x27;Brien &lt;Jr&gt;" in email.body_html


def test_a_dedupe_key_is_queued_once(org, queue):
    before = Notification.objects.count()
    assert queue("same") is not None
    assert queue("same") is None
    assert Notification.objects.count() == before + 1


def test_dispatch_sends_due_emails_once_with_a_stable_message_id(org, queue, mailoutbox):
    queue("a")
    queue("b", due_at=timezone.now() + timedelta(days=1))  # not due yet
    assert services.notifications_dispatch() == 1
    assert services.notifications_dispatch() == 0
    (message,) = mailoutbox
    assert message.to == [org.alice.email]
    assert message.extra_headers["Message-ID"].startswith("<")
    sent = Notification.objects.get(dedupe_key="a")
    assert (sent.status, sent.attempts) == (NotificationStatus.SENT, 1)
    assert sent.sent_at is not None


def test_an_email_queued_in_a_transaction_that_rolls_back_is_never_sent(org, queue, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue("rolled-back")
        raise RuntimeError("the change failed")
    assert services.notifications_dispatch() == 0
    assert mailoutbox == []


def test_failures_retry_with_backoff_then_end_as_failed(org, queue, mailoutbox):
    email = queue("flaky")
    now = timezone.now()
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
        ),
        time_machine.travel(now, tick=False) as traveller,
    ):
        for wait in services.RETRY_AFTER:
            assert services.notifications_dispatch() == 0
            email.refresh_from_db()
            assert email.status == NotificationStatus.PENDING
            assert email.due_at == now + wait
            assert services.notifications_dispatch() == 0  # not due again yet
            traveller.shift(wait)
            now = timezone.now()
        assert services.notifications_dispatch() == 0
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (
        NotificationStatus.FAILED, services.MAX_ATTEMPTS, "SMTP down"
    )  # fmt: skip
    assert mailoutbox == []


def test_a_failed_email_can_be_resent(org, queue, mailoutbox):
    email = queue("resend-me")
    Notification.objects.filter(pk=email.pk).update(status=NotificationStatus.FAILED, attempts=5)
    services.notification_resend(notification=email)
    assert services.notifications_dispatch() == 1
    assert len(mailoutbox) == 1


def test_a_cancelled_email_is_not_sent(org, queue, mailoutbox):
    queue("reminder")
    services.notification_cancel(dedupe_key="reminder")
    assert services.notifications_dispatch() == 0


# The outbox page -------------------------------------------------------------------------------


def test_psqa_sees_the_outbox_with_counts_and_filters(org, queue, client_for):
    queue("one")
    failed = queue("two", recipient=org.tom)
    Notification.objects.filter(pk=failed.pk).update(status=NotificationStatus.FAILED, attempts=5)
    client = client_for(org.pat)
    response = client.get(reverse("notifications:outbox"))
    assert response.status_code == 200
    assert ("Failed", "failed", 1) in response.context["counts"]
    assert [
        e.dedupe_key
        for e in client.get(reverse("notifications:outbox"), {"status": "failed"}).context["page"]
    ] == ["two"]
    assert [
        e.dedupe_key
        for e in client.get(reverse("notifications:outbox"), {"q": org.tom.email}).context["page"]
    ] == ["two"]
    assert client.get(reverse("notifications:detail", args=[failed.pk])).status_code == 200


def test_psqa_can_resend_a_failed_email(org, queue, client_for):
    email = queue("failed-one")
    Notification.objects.filter(pk=email.pk).update(status=NotificationStatus.FAILED, attempts=5)
    client = client_for(org.pat)
    assert client.get(reverse("notifications:resend", args=[email.pk])).status_code == 405
    response = client.post(reverse("notifications:resend", args=[email.pk]))
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.status, email.attempts) == (NotificationStatus.PENDING, 0)


@pytest.mark.parametrize("person", ["alice", "tom", "dee", "bella", "mo", "charlie"])
def test_the_outbox_answers_404_to_everyone_but_psqa(org, queue, client_for, person):
    email = queue("private")
    client = client_for(getattr(org, person))
    assert client.get(reverse("notifications:outbox")).status_code == 404
    assert client.get(reverse("notifications:detail", args=[email.pk])).status_code == 404
    assert client.post(reverse("notifications:resend", args=[email.pk])).status_code == 404


def test_outbox_page_runs_a_fixed_number_of_queries(
    org, queue, client_for, django_assert_num_queries
):
    client = client_for(org.pat)
    queue("q1")
    with django_assert_num_queries(5) as few:
        client.get(reverse("notifications:outbox"))
    for n in range(10):
        queue(f"more-{n}", recipient=UserFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("notifications:outbox"))


def test_the_console_prints_who_an_email_is_to_and_its_subject_never_its_body(org):
    import io

    from django.core.mail import EmailMultiAlternatives

    from bexley_qa.notifications.console import EmailBackend

    stream = io.StringIO()
    message = EmailMultiAlternatives(
        "Audit of case 1000001 allocated", "Dear Alice,\n\nThe audit of Jamie Doe (born 1 May 2015)",
        "qa@example.org", [org.alice.email],
    )  # fmt: skip
    message.attach_alternative("<p>Dear Alice</p>", "text/html")
    EmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert printed.startswith(f"Email to {org.alice.email}: Audit of case 1000001 allocated")
    assert "/outbox/" in printed
    assert "Jamie" not in printed and "2015" not in printed and "<p>" not in printed
