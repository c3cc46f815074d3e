"""A large county's decade for the dashboard benchmark: services and teams of at most 80 children,
practitioners of 17, `children` children referred over `years` years (most closed now), their
Signs of Safety measures (dashboard/demo.py's spread), and every month's figures. Bulk inserts:
the same rows the imports would give, in about a minute."""

import random
from datetime import timedelta

from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.people.models import Child, PlanType, RoleCode, Service, Team, User, UserRole
from dashboard import demo, figures
from dashboard.models import MeasureCompletion

CHILDREN_PER_TEAM = 75
TEAMS_PER_SERVICE = 16
PLAN_TYPES = [PlanType.CHILD_IN_NEED, PlanType.CHILD_PROTECTION, PlanType.CHILD_LOOKED_AFTER,
              PlanType.FAMILY_WELLBEING, PlanType.PATHWAY_PLAN]  # fmt: skip


def seed_county(*, children: int, years: int) -> dict:
    rng = random.Random(10)  # noqa: S311 - benchmark data
    today = timezone.localdate()
    teams_needed = -(-children // CHILDREN_PER_TEAM)
    services = Service.objects.bulk_create(
        [Service(name=f"County service {n}") for n in range(-(-teams_needed // TEAMS_PER_SERVICE))]
    )
    teams = Team.objects.bulk_create(
        [Team(name=f"County team {n}", service=services[n // TEAMS_PER_SERVICE]) for n in range(teams_needed)]
    )  # fmt: skip
    workers = User.objects.bulk_create(
        [
            User(username=f"county.worker.{n}", email=f"county.worker.{n}@example.org",
                 first_name="Worker", last_name=str(n), team=teams[n // 5], password="!")
            for n in range(teams_needed * 5)
        ],
        batch_size=2000,
    )  # fmt: skip
    managers = User.objects.bulk_create(
        [
            User(username=f"county.manager.{n}", email=f"county.manager.{n}@example.org",
                 first_name="Manager", last_name=str(n), team=team, password="!")
            for n, team in enumerate(teams)
        ],
        batch_size=2000,
    )  # fmt: skip
    UserRole.objects.bulk_create(
        [UserRole(user=w, role=RoleCode.PRACTITIONER) for w in workers]
        + [UserRole(user=m, role=RoleCode.TEAM_MANAGER) for m in managers],
        batch_size=5000,
    )
    Team.managers.through.objects.bulk_create(
        [Team.managers.through(team_id=t.pk, user_id=m.pk) for t, m in zip(teams, managers, strict=True)],
        batch_size=5000,
    )  # fmt: skip
    # The open caseload (about 15%) was referred in the last three years; the rest closed.
    rows = []
    for n in range(children):
        worker = workers[n % len(workers)]
        referral = today - timedelta(days=rng.randint(14, years * 365))
        is_open = referral > today - timedelta(days=3 * 365) and rng.random() < 0.45
        closed = None if is_open else referral + timedelta(days=rng.randint(30, 700))
        if closed and closed > today:
            closed = today
        rows.append(
            Child(case_id=f"C{n:07}", first_name="Child", last_name=f"County {n}",
                  date_of_birth=referral - timedelta(days=rng.randint(30, 6000)), gender="female",
                  ethnicity="WBRI", team_id=worker.team_id, allocated_worker=worker,
                  plan_type=rng.choice(PLAN_TYPES), referral_date=referral, is_open=is_open,
                  closed_on=closed)
        )  # fmt: skip
    Child.objects.bulk_create(rows, batch_size=5000)
    saved = Child.objects.filter(case_id__startswith="C").only(
        "pk", "team_id", "referral_date", "closed_on"
    )
    measures = demo.completions(saved.iterator(chunk_size=5000), today=today, seed=10)
    MeasureCompletion.objects.bulk_create(measures, batch_size=10000)
    this_month = workdays.first_of_month(today)
    months = figures.months_back(this_month, years * 12)
    written = figures.refresh(months=months[:-1], final=True) + figures.refresh_current()
    team = teams[0]
    child = Child.objects.filter(team=team, is_open=True).select_related("allocated_worker").first()
    return {
        "children": children,
        "teams": len(teams),
        "measures": len(measures),
        "figures": written,
        "psqa": User.objects.get(username="psqa"),
        "manager": managers[0],
        "practitioner": child.allocated_worker,
        "service": services[0].pk,
        "team": team.pk,
        "case_id": child.case_id,
    }
