"""Benchmark every page type a user visits at a large county's ten years: `make benchmark`.

For each scale (SCALES=4,40 by default: about 6,700 and 67,000 children, 2,500 and 25,000 audits
over ten years), builds a throwaway PostgreSQL database, seeds the demo organisation that many
times over with ten years of audits (`seed_demo --with-audits --history-years 10`), then times
each page through the Django test client and counts its queries. Prints and writes
(.state/benchmark.txt) each page's median, queries and ratio to the floor (the sign-in page, in
the same run); exits 1 when a target is missed or a page's queries grow with the data. Not part
of `make test`: timings belong here, not in tests.
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

# Targets (issue "Speed at a county's scale"), each a ratio to the floor (the sign-in page,
# measured in the same run: the GOV.UK template and a form, no data): every page a person opens
# within FLOOR_RATIO times it, stored PDFs as downloaded too; the figures and reports that read a
# whole directorate within DIRECTORATE_RATIO times it; query counts the same at both scales.
# The quarterly PDF is drawn once, when the report is published: its time is shown, not judged.
FLOOR_RATIO = 5
DIRECTORATE_RATIO = 30
DIRECTORATE_WIDE = (
    "dashboard, PSQA",
    "analytics how much, PSQA",
    "analytics how well, PSQA",
    "analytics better off, PSQA",
    "analytics 3 years, PSQA",
    "analytics, quarterly report page",
)
SHOWN_ONLY = ("quarterly PDF",)
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
        response = client.post("/imports/allocations/", {"file": upload})
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


def seed(scale: int, years: int) -> None:
    from django.conf import settings

    settings.DEBUG = True  # seed_demo's own guard; the database is a throwaway one
    call_command("seed_demo", scale=scale, with_audits=True, history_years=years, verbosity=0)
    settings.DEBUG = False


def measure(client: Client, url: str, runs: int) -> tuple[float, int]:
    """The median time and the queries of a page, once warm."""
    client.get(url)  # warm
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), queries


def pages(clients: dict) -> list[tuple[str, str, str]]:
    """(name, who, url) of every page type a user visits, on this database's rows."""
    from audits.models import Audit, AuditStatus
    from bexley_qa.people.models import User
    from moderation.models import Moderation
    from reporting.models import QAReport

    in_progress = Audit.objects.filter(status=AuditStatus.ALLOCATED).order_by("pk").first()
    clients["auditor"] = in_progress.auditor
    moderation = Moderation.objects.filter(moderator__username="moderator").order_by("pk").first()
    team = User.objects.get(username="team.manager").managed_teams.first()
    report = QAReport.objects.filter(service__isnull=True).order_by("-period_start").first()
    period = "start=2024-01&end=2026-10"
    return [
        ("home, PSQA", "psqa", "/"),
        ("home, team manager", "team.manager", "/"),
        ("home, practitioner", "practitioner", "/"),
        ("home, head of service", "head.of.service", "/"),
        ("home, business support", "business.support", "/"),
        ("home, moderator", "moderator", "/"),
        ("children list", "psqa", "/children/?page=20"),
        ("children search", "psqa", "/children/?q=smith&plan_type=cp"),
        ("audits list", "psqa", "/audits/?page=5"),
        (
            "audits list, filtered",
            "psqa",
            "/audits/?band=good&completed_from=2024-01&completed_to=2026-06",
        ),
        ("audits list, manager", "team.manager", "/audits/"),
        ("audit page", "auditor", f"/audits/{in_progress.pk}/"),
        ("moderation sample", "psqa", "/moderation/"),
        ("moderation page", "moderator", f"/moderation/{moderation.pk}/"),
        ("dashboard, PSQA", "psqa", "/dashboard/"),
        ("dashboard, a team", "team.manager", f"/dashboard/teams/{team.pk}/"),
        ("dashboard, own children", "practitioner", "/dashboard/my-children/"),
        ("analytics how much, PSQA", "psqa", "/dashboard/analytics/how-much/"),
        ("analytics how well, PSQA", "psqa", "/dashboard/analytics/how-well/"),
        ("analytics better off, PSQA", "psqa", "/dashboard/analytics/better-off/"),
        ("analytics 3 years, PSQA", "psqa", f"/dashboard/analytics/how-well/?{period}"),
        ("analytics how well, HoS", "head.of.service", "/dashboard/analytics/how-well/"),
        ("analytics how much, TM", "team.manager", "/dashboard/analytics/how-much/"),
        ("analytics, quarterly report page", "psqa", f"/dashboard/qa-reports/{report.pk}/"),
    ]


def profile(person_client: Client, url: str, runs: int) -> list[tuple]:
    """Where this page's time goes (tests/perf/breakdown.py), per request."""
    from tests.perf import breakdown

    client = Client()
    client.cookies = person_client.cookies
    client.get(url)  # builds the middleware chain
    segments = breakdown.Segments()
    breakdown.instrument(client, segments)
    try:
        for _ in range(runs):
            client.get(url)
    finally:
        breakdown.uninstrument(segments)
    return segments.rows(runs)


def print_profile(name: str, rows: list[tuple], lines: list[str]) -> None:
    lines.append(f"\n{name}: own ms, query ms, queries (per request)")
    for segment, own, db, queries in rows:
        short = segment.removeprefix("django.contrib.").removeprefix("django.middleware.")
        lines.append(f"  {short:<58}{own:>7.2f}{db:>7.2f}{queries:>6.1f}")
    total = sum(own + db for _, own, db, _ in rows)
    lines.append(f"  {'in all':<58}{total:>14.2f}")
    print("\n".join(lines[-len(rows) - 2 :]), flush=True)


def machine() -> str:
    """What the figures were measured on: they are ratios to the floor, but say where."""
    import platform

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    connection.close()
    return (
        f"Measured on {platform.node()}: {os.cpu_count()} cores, {platform.machine()}, "
        f"{platform.platform(terse=True)}, Python {platform.python_version()}, "
        f"PostgreSQL {postgres}, {time.strftime('%Y-%m-%d %H:%M')}"
    )


def target_of(name: str, floor: float) -> tuple[float, str] | None:
    if name in SHOWN_ONLY:
        return None
    ratio = DIRECTORATE_RATIO if name in DIRECTORATE_WIDE else FLOOR_RATIO
    return ratio * floor, f"{ratio}x floor"


def run_scale(
    scale: int, years: int, runs: int, *, database: str = "", profiles: list | None = None
) -> tuple[list[tuple], dict[str, int]]:
    """Seed a throwaway database at this scale (or use `database`, already seeded, as it is) and
    time every page; the table's rows and each page's query count. With `profiles`, each page's
    breakdown is appended to it."""
    from audits.models import Audit
    from bexley_qa.people.models import Child, User

    old_name = connection.settings_dict["NAME"]
    if database:
        connection.close()
        connection.settings_dict["NAME"] = database
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        if not database:
            seed(scale, years)
        print(
            f"Scale {scale}, {years} years: {Child.objects.count():,} children, "
            f"{Audit.objects.count():,} audits seeded in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        anonymous = Client()
        floor, floor_queries = measure(anonymous, "/sign-in/", runs)
        rows = [("floor: sign-in page", floor, floor_queries, 1.0, "")]
        if profiles is not None:
            print_profile("floor: sign-in page", profile(anonymous, "/sign-in/", runs), profiles)
        who: dict = {}
        listed = pages(who)
        clients = {}
        for name, person, url in listed:
            if person not in clients:
                clients[person] = Client()
                user = who.get(person) or User.objects.get(username=person)
                clients[person].force_login(user)
            median, queries = measure(clients[person], url, runs)
            rows.append((name, median, queries, median / floor, target_of(name, floor)))
            if profiles is not None:
                print_profile(name, profile(clients[person], url, runs), profiles)
        # The audit PDF as downloaded (drawn by the worker when the audit was completed).
        from audits.pdf import draw_audit_pdf as render_audit_pdf

        psqa = clients["psqa"]
        audit = completed_audit(answer_length=250)
        render_audit_pdf(audit.pk)
        median, queries = measure(psqa, f"/audits/{audit.pk}/audit.pdf", runs)
        rows.append(("audit PDF", median, queries, median / floor, target_of("audit PDF", floor)))
        # The quarterly QA report's PDF, drawn as it is on publishing.
        from reporting.models import QAReport
        from reporting.qa_reports import content

        report = QAReport.objects.filter(service__isnull=True).order_by("-period_start").first()
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                content.report_pdf(report)
                timings.append((time.perf_counter() - start) * 1000)
        median = statistics.median(timings)
        rows.append(
            (
                "quarterly PDF",
                median,
                len(captured),
                median / floor,
                target_of("quarterly PDF", floor),
            )
        )
        if scale == min(SCALES_SEEN):
            support = Client()
            support.force_login(User.objects.get(username="business.support"))
            import_ms, import_mb = measure_import(support)
            rows.append((f"5 MB import ({import_mb:.0f} MB)", import_ms, 0, import_ms / floor,
                         (IMPORT_TARGET_MS, f"{IMPORT_TARGET_MS} ms, {IMPORT_TARGET_MB} MB")))  # fmt: skip
            if import_mb > IMPORT_TARGET_MB:
                rows[-1] = (*rows[-1][:4], (0, f"over {IMPORT_TARGET_MB} MB"))
        return rows, {row[0]: row[2] for row in rows}
    finally:
        if database:
            connection.close()
            connection.settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


SCALES_SEEN: list[int] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scales",
        default=os.environ.get("SCALES", "4,40"),
        help="Comma-separated scales of the demo organisation (40: about 50,000 children).",
    )
    parser.add_argument("--years", type=int, default=int(os.environ.get("YEARS", 10)))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", default=str(Path(".state") / "benchmark.txt"))
    parser.add_argument(
        "--profile",
        action="store_true",
        default=bool(os.environ.get("PROFILE")),
        help="Also print where each page's time goes (tests/perf/breakdown.py).",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCHMARK_DATABASE", ""),
        help="Time an already seeded database as it is (one scale) instead of seeding one; "
        "it is changed (an audit is completed) but kept.",
    )
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    SCALES_SEEN.extend(scales)

    setup_test_environment()
    from django.conf import settings

    settings.REQUIRE_TWO_FACTOR = False  # the clients sign in with force_login, as the tests do
    failed = False
    lines = [machine()]
    print(lines[0], flush=True)
    counts = {}
    for scale in scales:
        profiles: list[str] | None = [] if args.profile else None
        rows, counts[scale] = run_scale(
            scale, args.years, args.runs, database=args.database, profiles=profiles
        )
        lines.append(
            f"\nScale {scale}: median of {args.runs} requests through the Django test client"
        )
        lines.append(f"{'page':<30}{'median ms':>10}{'queries':>9}{'x floor':>9}  target")
        for name, median, queries, ratio, target in rows:
            limit, label = target or (None, "")
            over = limit is not None and median > limit
            failed |= over
            lines.append(
                f"{name:<30}{median:>10.1f}{queries:>9}{ratio:>9.1f}  {label}"
                f"{'  OVER TARGET' if over else ''}"
            )
            print(lines[-1], flush=True)
        if profiles:
            lines.append(f"\nScale {scale}: where each page's time goes")
            lines.extend(profiles)
    if len(scales) > 1:
        lines.append("\nQueries at each scale (they must not grow with the data):")
        small, large = counts[scales[0]], counts[scales[-1]]
        for name, queries in small.items():
            grows = name in large and large[name] != queries and not name.startswith("5 MB")
            failed |= grows
            lines.append(
                f"{name:<30}{queries:>6}{large.get(name, 0):>6}{'  GROWS' if grows else ''}"
            )
    report = (
        "\n".join(lines)
        + f"\n\n{'FAILED: a target was missed' if failed else 'Every target met'}\n"
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report)
    print(report)
    print(f"Written to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
