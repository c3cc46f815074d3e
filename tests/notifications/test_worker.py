"""The outbox against the real Redis and real Celery worker and beat processes.

Each email the worker sends is written as a file (Django's file-based backend, slowed down by
tests/notifications/slow_backend.py); the files are what "was sent".
"""

import email
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from audits import services as audit_services
from bexley_qa.notifications.models import Notification, NotificationStatus
from bexley_qa.notifications.services import notification_queue
from bexley_qa.notifications.tasks import dispatch_notifications

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mail_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def celery(processes, mail_dir, *args, **env):
    database = connection.settings_dict
    full_env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "MAILER_BACKEND": "tests.notifications.slow_backend.SlowFileBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bexley_qa", *args, "--loglevel=WARNING"],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    processes.append(process)
    return process


def worker(processes, mail_dir, **env):
    return celery(
        processes, mail_dir, "worker", "--pool=solo", "--without-mingle", "--without-gossip", **env
    )


def message_ids(mail_dir: Path) -> list[str]:
    """The Message-ID of every email written to the folder (a file may hold several)."""
    ids = []
    for path in mail_dir.iterdir():
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                ids.append(email.message_from_string(raw.strip()).get("Message-ID"))
    return ids


def wait_for(condition, seconds=45, message="condition"):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {message}"
        time.sleep(0.2)


@pytest.fixture
def emails(org, transactional_db):
    """Queue `n` committed emails about an audit; returns their dedupe keys."""
    audit = audit_services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    Notification.objects.all().delete()

    def queue(n, prefix="e"):
        keys = []
        for i in range(n):
            notification_queue(
                recipient=org.alice,
                template="audit-allocated-auditor",
                context={"audit": audit, "url": "http://x/"},
                dedupe_key=f"{prefix}:{i}",
            )
            keys.append(f"{prefix}:{i}")
        return keys

    return queue


def sent_count() -> int:
    return Notification.objects.filter(status=NotificationStatus.SENT).count()


def test_a_worker_killed_while_sending_loses_and_doubles_nothing(
    emails, processes, mail_dir, tmp_path
):
    emails(5)
    marker = tmp_path / "sending"
    first = worker(processes, mail_dir, SLOW_MAIL_SECONDS="30", SLOW_MAIL_MARKER=str(marker))
    dispatch_notifications.delay()
    wait_for(marker.exists, message="the worker to start sending")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert message_ids(mail_dir) == []
    # The database dropped the dead worker's lock; the email it was sending is still pending.
    wait_for(lambda: Notification.objects.filter(status=NotificationStatus.PENDING).count() == 5)

    worker(processes, mail_dir)
    dispatch_notifications.delay()
    wait_for(lambda: sent_count() == 5, message="every email to be sent")
    ids = message_ids(mail_dir)
    assert len(ids) == 5 and len(set(ids)) == 5
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_two_beats_and_two_workers_never_double_an_email(emails, processes, mail_dir, tmp_path):
    emails(30)
    for n in (1, 2):
        celery(
            processes,
            mail_dir,
            "beat",
            "--schedule",
            str(tmp_path / f"beat{n}"),
            NOTIFICATION_DISPATCH_SECONDS="1",
        )
        worker(processes, mail_dir, SLOW_MAIL_SECONDS="0.1")
    wait_for(lambda: sent_count() == 30, message="every email to be sent")
    ids = message_ids(mail_dir)
    assert len(ids) == 30
    assert len(set(ids)) == 30


def test_a_change_that_rolls_back_sends_nothing(org, emails, processes, mail_dir):
    with pytest.raises(RuntimeError), transaction.atomic():
        emails(3, prefix="rolled-back")
        raise RuntimeError("the change failed")
    with pytest.raises(ValidationError):
        audit_services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tom)  # refused
    emails(1, prefix="committed")
    worker(processes, mail_dir)
    dispatch_notifications.delay()
    wait_for(lambda: sent_count() == 1, message="the committed email")
    dispatch_notifications.delay()
    time.sleep(2)
    assert len(message_ids(mail_dir)) == 1
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == ["committed:0"]
