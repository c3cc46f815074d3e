"""The demo's organisation and children as a council would send them: the staff file
(`import_staff`) and the DfE Children's Social Care payloads (`import_csc_payloads`, or the
payload client), written from the seeded demo into `demo/` by `seed_demo` (and by
`manage.py demo_files FOLDER`)."""

import csv
import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from .models import Child, Gender, PlanType, User
from .staff_import import STAFF_COLUMNS

SEX = {Gender.FEMALE: "F", Gender.MALE: "M"}  # the rest: U
PLAN_BLOCKS = {
    PlanType.CHILD_IN_NEED: ("child_in_need_plans", "child_in_need_plan_id", "CIN"),
    PlanType.CHILD_PROTECTION: ("child_protection_plans", "child_protection_plan_id", "CPP"),
    PlanType.CHILD_LOOKED_AFTER: (
        "child_looked_after_placements", "child_looked_after_placement_id", "PL",
    ),
}  # fmt: skip


def write(folder: Path) -> tuple[int, int]:
    """staff.csv, payloads/cohort.json (every open child) and payloads/changes.jsonl (the next
    night's partial payloads: a new worker, a closure, a withdrawn record); (staff, children)."""
    staff = list(
        User.objects.filter(is_superuser=False, is_active=True)
        .exclude(staff_id="")
        .select_related("team__service")
        .prefetch_related(
            "role_grants", "managed_services", "headed_services", "services_as_assistant_director"
        )
        .order_by("staff_id")
    )
    (folder / "payloads").mkdir(parents=True, exist_ok=True)
    with (folder / "staff.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(STAFF_COLUMNS)
        for person in staff:
            team = person.team
            over = [  # the service a service-level person is over (the file says one)
                *person.headed_services.all(), *person.services_as_assistant_director.all(),
                *person.managed_services.all(),
            ]  # fmt: skip
            service = team.service.name if team else over[0].name if over else ""
            writer.writerow([
                person.staff_id, person.first_name, person.last_name, person.email,
                person.job_title, team.name if team else "", service,
                "; ".join(person.role_labels()), "Yes",
            ])  # fmt: skip
    children = list(
        Child.objects.filter(is_open=True, anonymised_at__isnull=True)
        .select_related("allocated_worker")
        .order_by("case_id")
    )
    cohort = [_payload(child) for child in children]
    (folder / "payloads" / "cohort.json").write_text(json.dumps(cohort, indent=1) + "\n")
    if len(children) > 3:
        (folder / "payloads" / "changes.jsonl").write_text(
            "\n".join(json.dumps(p) for p in _changes(children, staff)) + "\n"
        )
    return len(staff), len(cohort)


def _payload(child: Child) -> dict:
    episode = {
        "social_care_episode_id": f"EP{child.case_id}",
        "referral_date": child.referral_date.isoformat(),
        "closure_date": None,
        "care_worker_details": [
            {
                "worker_id": child.allocated_worker.staff_id,
                "start_date": child.referral_date.isoformat(),
                "end_date": None,
            }
        ],
        "child_in_need_plans": [],
        "child_protection_plans": [],
        "child_looked_after_placements": [],
        "care_leavers": None,
        "purge": False,
    }
    if child.plan_type in PLAN_BLOCKS:
        block, id_key, prefix = PLAN_BLOCKS[child.plan_type]
        start = child.referral_date + timedelta(days=30)
        episode[block] = [
            {id_key: f"{prefix}{child.case_id}", "start_date": min(start, _today()).isoformat(),
             "end_date": None, "purge": False}
        ]  # fmt: skip
    elif child.plan_type == PlanType.PATHWAY_PLAN:
        episode["care_leavers"] = {"contact_date": _today().isoformat(), "purge": False}
    return {
        "la_child_id": child.case_id,
        "mis_child_id": "",
        "purge": False,
        "child_details": {
            "first_name": child.first_name,
            "surname": child.last_name,
            "date_of_birth": child.date_of_birth.isoformat(),
            "sex": SEX.get(child.gender, "U"),
            "ethnicity": child.ethnicity,
            "purge": False,
        },
        "social_care_episodes": [episode],
    }


def _changes(children: list[Child], staff: list[User]) -> list[dict]:
    """The next night's partial payloads: the required fields and only what changed."""
    moving, closing, withdrawn = children[1], children[2], children[3]
    practitioners = [p for p in staff if p.team_id == moving.allocated_worker.team_id]
    newcomer = next(p for p in practitioners if p.pk != moving.allocated_worker_id and
                    p.role_grants.filter(role="practitioner").exists())  # fmt: skip
    today = _today().isoformat()
    partial = lambda child, episode: {  # noqa: E731
        "la_child_id": child.case_id, "mis_child_id": "",
        "child_details": _payload(child)["child_details"],
        "social_care_episodes": [{"social_care_episode_id": f"EP{child.case_id}", **episode}],
    }  # fmt: skip
    return [
        partial(
            moving,
            {
                "care_worker_details": [
                    {"worker_id": moving.allocated_worker.staff_id, "end_date": today},
                    {"worker_id": newcomer.staff_id, "start_date": today, "end_date": None},
                ]
            },
        ),  # fmt: skip
        partial(closing, {"closure_date": today, "purge": False}),
        {"la_child_id": withdrawn.case_id, "mis_child_id": "", "purge": True},
    ]


def _today():
    return timezone.localdate()
