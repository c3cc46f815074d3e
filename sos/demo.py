"""The dashboard's part of the demo (`seed_demo --with-audits`): Signs of Safety measures with a
realistic spread (some teams strong, some weak, all improving over the months), the figures of
the last year, last month's reports, and sample export files under demo/ to try both imports."""

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import pgtrigger
from django.conf import settings
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.imports.models import ImportRun
from bexley_qa.people.models import Child, Team, User

from . import figures, reports
from .models import (
    SHORT_LABELS,
    Measure,
    MeasureCompletion,
    MonthlyFigure,
    MonthlyReport,
    Source,
)

DEMO_FOLDER = Path(settings.BASE_DIR) / "demo"
# How readily each measure is done, relative to the others (mapping and safety plans most often).
MEASURE_WEIGHT = {
    Measure.MAPPING: 1.0, Measure.THREE_HOUSES: 0.8, Measure.DANGER_STATEMENT: 0.9,
    Measure.SAFETY_GOAL: 0.9, Measure.SAFETY_SCALE: 0.75, Measure.WORDS_PICTURES: 0.5,
    Measure.NETWORK_MEETING: 0.6, Measure.SAFETY_PLAN: 0.95,
}  # fmt: skip
REPORTS_UP_TO_TEAMS = 20  # last month's reports are drawn for the demo organisation's size only


def completions(children, *, today: date, seed: int = 2026) -> list[MeasureCompletion]:
    """Each child's measures: whether done depends on the team's strength and improves with
    the referral's recency; done some weeks after the referral (sooner in stronger teams)."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    strength: dict[int, float] = {}
    rows = []
    for child in children:
        team = strength.setdefault(child.team_id, rng.uniform(0.35, 0.9))
        years_ago = (today - child.referral_date).days / 365
        likely = max(0.05, min(0.97, team + 0.2 - 0.15 * years_ago))
        for measure, weight in MEASURE_WEIGHT.items():
            if rng.random() > likely * weight:
                continue
            after = int(rng.expovariate(1 / (20 + 60 * (1 - team)))) + 3
            day = child.referral_date + timedelta(days=after)
            if child.closed_on and day > child.closed_on:
                continue
            if day <= today:
                rows.append(
                    MeasureCompletion(child_id=child.pk, measure=measure, completed_on=day,
                                      source=Source.IMPORT)
                )  # fmt: skip
            if rng.random() < 0.15 and day + timedelta(days=120) <= today:  # reviewed again
                rows.append(
                    MeasureCompletion(child_id=child.pk, measure=measure,
                                      completed_on=day + timedelta(days=120), source=Source.IMPORT)
                )  # fmt: skip
    return rows


def seed_measures(**options) -> list[str]:
    today = timezone.localdate()
    children = Child.objects.only("pk", "team_id", "referral_date", "closed_on").order_by("pk")
    rows = completions(children.iterator(chunk_size=2000), today=today)
    # Demo rows are no one's change: written without the change history's trigger (at a county's
    # scale, inside seed_demo's one transaction, it made these inserts many times slower).
    with pgtrigger.ignore("dashboard.MeasureCompletion:insert_insert"):
        MeasureCompletion.objects.bulk_create(rows, batch_size=2000)
    this_month = workdays.first_of_month(today)
    past = workdays.months_back(this_month, 13)[:-1]
    figures.refresh(months=past, final=True)
    figures.refresh_current()
    lines = [f"Signs of Safety: {len(rows):,} measures completed, figures for the last 12 months."]
    if Team.objects.count() <= REPORTS_UP_TO_TEAMS:
        # The directorate's, each service's and the demo accounts' teams' (each report is a PDF
        # of about a second: all sixteen teams' made the first start 15 s longer).
        produced = reports.produce(past[-1], only_teams=_demo_account_teams())
        lines.append(f"Monthly dashboard reports for {past[-1]:%B %Y}: {len(produced)}.")
    lines.append(f"Sample case system exports to try the imports: {write_demo_files(today)}/")
    return lines


def _demo_account_teams() -> set[int]:
    from bexley_qa.people.management.commands.seed_demo import DEMO_USERNAMES

    demo = User.objects.filter(username__in=[*DEMO_USERNAMES, "alice.mills", "sally.miah"])
    return set(demo.exclude(team=None).values_list("team_id", flat=True)) | set(
        Team.objects.filter(managers__in=demo).values_list("pk", flat=True)
    )


def write_demo_files(today: date) -> Path:
    """Sample exports: a clean measures file and one with every kind of problem, and a children
    file that adds a child, moves one, gives one a new worker and closes one."""
    DEMO_FOLDER.mkdir(exist_ok=True)
    practitioner = User.objects.get(username="practitioner")
    mine = list(
        Child.objects.filter(allocated_worker=practitioner, is_open=True).order_by("case_id")
    )
    done = set(MeasureCompletion.objects.filter(child__in=mine).values_list("child_id", "measure"))
    with open(DEMO_FOLDER / "measures_export.csv", "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Case ID", "Measure", "Date completed"])
        for child in mine[:6]:
            for measure in Measure:
                if (child.pk, measure.value) not in done:
                    day = max(child.referral_date, today - timedelta(days=3))
                    writer.writerow([child.case_id, SHORT_LABELS[measure], f"{day:%d/%m/%Y}"])
                    break
    first = mine[0]
    with open(DEMO_FOLDER / "measures_export_with_problems.csv", "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Case ID", "Measure", "Date completed"])
        writer.writerows([
            ["9999999", "Safety plan", f"{today:%d/%m/%Y}"],  # unknown case
            [first.case_id, "Genogram", f"{today:%d/%m/%Y}"],  # unknown measure
            [first.case_id, "Safety goal", f"{today + timedelta(days=5):%d/%m/%Y}"],  # future
            [first.case_id, "Danger statement", f"{first.referral_date - timedelta(days=10):%d/%m/%Y}"],
            [first.case_id, "Mapping with family", f"{today:%d/%m/%Y}"],
            [first.case_id, "Mapping with family", f"{today:%d/%m/%Y}"],  # the same row twice
            ["", "Safety scale", f"{today:%d/%m/%Y}"],  # no case ID
        ])  # fmt: skip
    team = practitioner.team
    others = list(
        Child.objects.filter(team=team, is_open=True).select_related("allocated_worker", "staying_together_worker",
                                                                    "team").order_by("case_id")[:8]
    )  # fmt: skip
    colleague = (
        User.objects.filter(team=team, role_grants__role="practitioner")
        .exclude(pk=practitioner.pk)
        .first()
    )
    other_team = Team.objects.exclude(pk=team.pk).order_by("name").first()
    mover_worker = User.objects.filter(team=other_team, role_grants__role="practitioner").first()
    with open(DEMO_FOLDER / "children_export.csv", "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Case ID", "First name", "Last name", "Date of birth", "Gender", "Ethnicity",
                         "First language", "Team", "Allocated worker", "Staying Together worker",
                         "Plan type", "Referral date", "Status", "Closed date"])  # fmt: skip
        for index, child in enumerate(others):
            worker, child_team, status = child.allocated_worker, child.team, "Open"
            if index == 1 and colleague:
                worker = colleague  # a new worker
            if index == 2 and mover_worker:
                worker, child_team = mover_worker, other_team  # moved team
            if index == 3:
                status = "Closed"
            writer.writerow([
                child.case_id, child.first_name, child.last_name, f"{child.date_of_birth:%d/%m/%Y}",
                child.get_gender_display(), child.ethnicity, child.first_language, child_team.name,
                worker.email, child.staying_together_worker.email if child.staying_together_worker else "",
                child.get_plan_type_display(), f"{child.referral_date:%d/%m/%Y}", status, "",
            ])  # fmt: skip
        writer.writerow([
            "9000001", "Robin", "Example", f"{today - timedelta(days=3000):%d/%m/%Y}", "Female", "WBRI",
            "English", team.name, practitioner.email, "", "Child in need",
            f"{today - timedelta(days=10):%d/%m/%Y}", "Open", "",
        ])  # fmt: skip
    return DEMO_FOLDER


def delete_measures() -> None:
    MonthlyReport.objects.all().delete()
    MonthlyFigure.objects.all().delete()
    MeasureCompletion.objects.all().delete()
    ImportRun.objects.filter(kind__in=["children", "measures"]).delete()
