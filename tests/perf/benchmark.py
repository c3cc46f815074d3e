"""Benchmark the busiest pages on a large organisation: `make benchmark` (SCALE=4 by default).

Builds a throwaway PostgreSQL database, seeds the demo organisation SCALE times over with an
audit in progress for one child in ten, then times each page through the Django test client and
counts its queries. Exits 1 when a page's median time is over its target. Not part of `make test`:
timings belong here, not in tests.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bexley_qa.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bexley_qa.fields import ANSWER_MAX_LENGTH  # noqa: E402

TARGET_MS = {
    "home": 300,
    "children list": 300,
    "children search": 300,
    "audits list": 300,
    "audit page": 300,
    "audit PDF": 500,  # a completed audit with answers of a few sentences, as downloaded again
    "PDF drawn afresh": 3000,  # the same, the first time (or after a change): WeasyPrint draws it
    "PDF longest, afresh": 6000,  # every answer at its longest (fields.ANSWER_MAX_LENGTH)
}
# The Signs of Safety dashboard at a large county's size (tests/perf/county.py).
DASHBOARD_TARGET_MS = 300
# A 5 MB allocation spreadsheet of rows that are all wrong: answered within 2 s and 200 MB.
IMPORT_TARGET_MS, IMPORT_TARGET_MB = 2000, 200


def measure_import(client: Client, runs: int = 3) -> tuple[float, float]:
    """Median time and peak Python memory to check and refuse a 5 MB CSV of wrong rows."""
    import csv
    import io
    import tracemalloc

    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Auditor", "Case ID", "Allocated worker", "Staying Together worker"])
    while out.tell() < 5 * 1024 * 1024 - 1200:
        writer.writerow([f"{'n' * 400}@example.org", "9999999", "x" * 490, "y" * 200])
    content = out.getvalue().encode()
    times, peaks = [], []
    for _ in range(runs):
        upload = SimpleUploadedFile("allocations.csv", content)
        tracemalloc.start()
        started = time.perf_counter()
        response = client.post("/audits/import/", {"file": upload})
        times.append((time.perf_counter() - started) * 1000)
        peaks.append(tracemalloc.get_traced_memory()[1] / 1024 / 1024)
        tracemalloc.stop()
        assert response.status_code in (200, 400), response.status_code
    return statistics.median(times), max(peaks)


def words(length: int) -> str:
    """Text of about `length` characters, in words, so it wraps as real answers do."""
    text = "The practitioner explained how the plan keeps the children safe at home. "
    return (text * (length // len(text) + 1))[:length]


def completed_audit(*, answer_length: int):
    """A completed, followed-up audit with every section answered, through the services."""
    import datetime

    from django.utils import timezone

    from audits import access, services
    from audits.practice_areas import PRACTICE_AREAS
    from bexley_qa.people.models import Child, User
    from feedback import services as feedback_services

    text = words(answer_length)
    support = User.objects.get(username="business.support")
    child = Child.objects.filter(is_open=True, audits__isnull=True).order_by("-pk").first()
    auditor = access.eligible_auditors_for(child).filter(role_grants__role="team_manager").first()
    audit = services.audit_allocate(
        actor=support, child=child, auditor=auditor, meeting_date=timezone.localdate()
    )
    services.audit_section_1_save(
        actor=auditor, audit=audit, data={"commenced_on": timezone.localdate()}, version=None
    )
    for author in audit.self_assessors:
        services.self_assessment_save(
            actor=author, audit=audit, version=None,
            data={"difference_score": 6, "difference_worked_well": text, "difference_to_move_up": text,
                  "signs_of_safety_score": 7, "signs_of_safety_worked_well": text,
                  "signs_of_safety_to_move_up": text},
        )  # fmt: skip
        services.self_assessment_submit(actor=author, audit=audit)
    for area in PRACTICE_AREAS:
        services.area_score_save(
            actor=auditor, audit=audit, area=area.number, version=None,
            data={"signs_of_impact": text, "worked_well": text, "to_move_up": text, "score": 5,
                  "rationale": text},
        )  # fmt: skip
    services.audit_grade(
        actor=auditor, audit=audit, grade=4, outstanding=False, impact_summary=text
    )
    today = timezone.localdate()
    feedback_services.feedback_child_save(
        actor=auditor, audit=audit,
        data={"contact_date": today, "child_name": child.first_name, "knows_worker_name": text,
              "how_much_safer": text},
    )  # fmt: skip
    for role in ("Mother", "Father"):
        feedback_services.feedback_family_save(
            actor=auditor, audit=audit, scores=dict.fromkeys(range(1, 10), 7),
            data={"contact_date": today, "role": role, "going_well": text,
                  "could_be_different": text, "made_a_difference": text,
                  "one_thing_to_change": text, "anything_else": text},
        )  # fmt: skip
    for number in range(3):
        services.action_save(
            actor=auditor, audit=audit,
            data={"what": text, "owner": audit.manager, "immediate": number == 0,
                  "due_date": today + datetime.timedelta(days=10)},
        )  # fmt: skip
    audit = services.audit_complete(actor=auditor, audit=audit)
    services.follow_up_record(
        actor=auditor, audit=audit, action_taken=text, case_note=text,
        progress={a.pk: ("in_progress", text) for a in audit.actions.all()},
    )  # fmt: skip
    return audit


def seed(scale: int) -> None:
    from django.conf import settings

    settings.DEBUG = True  # seed_demo's own guard; the database is a throwaway one
    call_command("seed_demo", scale=scale, with_audits=True, verbosity=0)
    settings.DEBUG = False
    from audits import access, services
    from audits.models import Audit
    from bexley_qa.people.models import Child, User

    support = User.objects.get(username="business.support")
    audited = set(Audit.objects.values_list("child_id", flat=True))
    for child in Child.objects.filter(is_open=True).order_by("pk")[::10]:
        if child.pk in audited:
            continue
        auditor = access.eligible_auditors_for(child).first()
        services.audit_allocate(actor=support, child=child, auditor=auditor, confirm_recent=True)


def measure(client: Client, url: str, runs: int, *, afresh: bool = False) -> tuple[float, int]:
    """The median time and the queries of a page; `afresh`: with nothing kept in the cache."""
    from django.core.cache import cache

    client.get(url)  # warm
    timings = []
    queries = 0
    for _ in range(runs if not afresh else 3):
        if afresh:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), queries


def time_dashboard(children: int, runs: int) -> bool:
    """Seed a county of `children` with ten years of measures, then time the dashboard's pages
    for each role; True when one is over its target."""
    from county import seed_county

    started = time.perf_counter()
    county = seed_county(children=children, years=10)
    print(
        f"County: {county['children']:,} children in {county['teams']:,} teams, "
        f"{county['measures']:,} measures over 10 years, {county['figures']:,} monthly figures "
        f"in {time.perf_counter() - started:.0f} s"
    )
    pages = [
        ("dashboard, PSQA", county["psqa"], "/dashboard/"),
        ("dashboard, CP filter", county["psqa"], "/dashboard/?plan_type=cp"),
        ("a service", county["psqa"], f"/dashboard/services/{county['service']}/"),
        ("a team", county["manager"], f"/dashboard/teams/{county['team']}/"),
        ("own children", county["practitioner"], "/dashboard/my-children/"),
        ("a child's page", county["practitioner"], f"/children/{county['case_id']}/"),
        ("monthly reports", county["psqa"], "/dashboard/reports/"),
    ]
    failed = False
    print(f"{'dashboard page':<22}{'median ms':>10}{'target':>8}{'queries':>9}")
    for name, user, url in pages:
        client = Client()
        client.force_login(user)
        median, queries = measure(client, url, runs)
        over = median > DASHBOARD_TARGET_MS
        failed |= over
        print(
            f"{name:<22}{median:>10.1f}{DASHBOARD_TARGET_MS:>8}{queries:>9}"
            f"{'  OVER TARGET' if over else ''}"
        )
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", 4)))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--county-children",
        type=int,
        default=int(os.environ.get("COUNTY_CHILDREN", 50_000)),
        help="Children of the county the dashboard is timed at (10 years of measures).",
    )
    args = parser.parse_args()

    setup_test_environment()
    from django.conf import settings

    settings.REQUIRE_TWO_FACTOR = False  # the clients sign in with force_login, as the tests do
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failed = False
    try:
        started = time.perf_counter()
        seed(args.scale)
        from audits.models import Audit
        from bexley_qa.people.models import Child, User

        print(
            f"Seeded scale {args.scale}: {Child.objects.count():,} children, "
            f"{Audit.objects.count():,} audits in {time.perf_counter() - started:.0f} s"
        )
        psqa = Client()
        psqa.force_login(User.objects.get(username="psqa"))
        auditor = Audit.objects.order_by("pk").first().auditor
        audit_client = Client()
        audit_client.force_login(auditor)
        typical = completed_audit(answer_length=250)
        longest = completed_audit(answer_length=ANSWER_MAX_LENGTH)
        pages = [
            ("audit PDF", psqa, f"/audits/{typical.pk}/audit.pdf"),
            ("PDF drawn afresh", psqa, f"/audits/{typical.pk}/audit.pdf"),
            ("PDF longest, afresh", psqa, f"/audits/{longest.pk}/audit.pdf"),
            ("home", psqa, "/"),
            ("children list", psqa, "/children/?page=20"),
            ("children search", psqa, "/children/?q=smith&plan_type=cp"),
            ("audits list", psqa, "/audits/?page=5"),
            ("audit page", audit_client, f"/audits/{Audit.objects.order_by('pk').first().pk}/"),
        ]
        print(f"{'page':<18}{'median ms':>10}{'target':>8}{'queries':>9}")
        for name, client, url in pages:
            median, queries = measure(client, url, args.runs, afresh="afresh" in name)
            over = median > TARGET_MS[name]
            failed |= over
            print(
                f"{name:<18}{median:>10.1f}{TARGET_MS[name]:>8}{queries:>9}{'  OVER TARGET' if over else ''}"
            )
        support = Client()
        support.force_login(User.objects.get(username="business.support"))
        import_ms, import_mb = measure_import(support)
        over = import_ms > IMPORT_TARGET_MS or import_mb > IMPORT_TARGET_MB
        failed |= over
        print(
            f"{'5 MB import':<18}{import_ms:>10.1f}{IMPORT_TARGET_MS:>8}  peak {import_mb:.0f} MB"
            f" (target {IMPORT_TARGET_MB} MB){'  OVER TARGET' if over else ''}"
        )
        failed |= time_dashboard(args.county_children, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
