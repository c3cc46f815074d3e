import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from bexley_qa.celery import app
from bexley_qa.people.tasks import clear_expired_sessions

ROOT = Path(__file__).resolve().parents[1]


def test_every_scheduled_job_names_a_real_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_clearing_sessions_removes_only_expired_ones(db, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"  # `make run`, without Redis
    now = timezone.now()
    Session.objects.create(
        session_key="old", session_data="", expire_date=now - timedelta(minutes=1)
    )
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + timedelta(minutes=5)
    )
    clear_expired_sessions.apply()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


def test_a_real_worker_runs_the_task_through_redis(transactional_db):
    """The worker `make run` and docker-compose start, on the real broker and the test database."""
    now = timezone.now()
    Session.objects.create(
        session_key="old", session_data="", expire_date=now - timedelta(minutes=1)
    )
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "SESSION_ENGINE": "django.contrib.sessions.backends.db",  # sessions the job clears
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bexley_qa", "worker", "--pool=solo",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        clear_expired_sessions.delay()
        deadline = time.monotonic() + 30
        while Session.objects.filter(session_key="old").exists():
            assert time.monotonic() < deadline, "the worker did not run the task within 30 s"
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
