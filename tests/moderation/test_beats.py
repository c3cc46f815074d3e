"""Two schedulers firing at once propose the month's sample once: two real Celery workers on
Redis each run the moderation job at the same moment, against the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.utils import timezone

from moderation.models import Moderation, Sample
from moderation.tasks import moderation_jobs

ROOT = Path(__file__).resolve().parents[2]


def test_two_workers_running_the_job_at_once_propose_the_sample_once(
    transactional_db, org, completed, dans_audit
):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "bexley_qa",
                "worker",
                "--pool=solo",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=WARNING",
                "-n",
                f"w{n}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        for n in range(2)
    ]
    try:
        # Mid-month, after the month's first working day whatever today is.
        mid_month = timezone.localdate().replace(day=15).isoformat()
        for _ in range(4):
            moderation_jobs.delay(mid_month)
        deadline = time.monotonic() + 40
        while not Sample.objects.exists():
            assert time.monotonic() < deadline, "no worker ran the job within 40 s"
            for worker in workers:
                assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.2)
        time.sleep(5)  # the other runs finish: they find the month proposed
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    assert Sample.objects.count() == 1
    assert sorted(Moderation.objects.values_list("audit_id", flat=True)) == sorted(
        [completed.pk, dans_audit.pk]
    )
