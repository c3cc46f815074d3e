"""A deterministic, realistic demo organisation: services, teams, staff, demo accounts and children."""

import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from bexley_qa.people import demo, demo_files
from bexley_qa.people.models import (
    CaseSystemPurge,
    Child,
    Ethnicity,
    Gender,
    PlanType,
    RoleCode,
    Service,
    Team,
    User,
    UserRole,
)

# Where the demo's files go: the staff file and DfE payloads (and the apps' sample exports).
DEMO_FOLDER = Path(settings.BASE_DIR) / "demo"
# The one documented password of every account this command creates (README says so).
DEMO_PASSWORD = "collaborative-audit-demo"  # noqa: S105
MAX_CHILDREN_PER_TEAM = 80

# Four services of four teams, each team with its practitioners and its plan-type mix.
ORGANISATION = {
    "Early Help and Family Wellbeing": [
        ("Family Wellbeing North", 5, {PlanType.FAMILY_WELLBEING: 1}),
        ("Family Wellbeing South", 5, {PlanType.FAMILY_WELLBEING: 1}),
        ("Staying Together", 4, {PlanType.STAYING_TOGETHER: 1}),
        ("Adolescent Support", 4, {PlanType.CHILD_IN_NEED: 3, PlanType.FAMILY_WELLBEING: 1}),
    ],
    "Assessment and Intervention": [
        ("Assessment Team A", 5, {PlanType.CHILD_IN_NEED: 3, PlanType.CHILD_PROTECTION: 2}),
        ("Assessment Team B", 5, {PlanType.CHILD_IN_NEED: 3, PlanType.CHILD_PROTECTION: 2}),
        ("Child in Need", 5, {PlanType.CHILD_IN_NEED: 1}),
        ("Child Protection", 5, {PlanType.CHILD_PROTECTION: 4, PlanType.CHILD_IN_NEED: 1}),
    ],
    "Children in Our Care": [
        ("Children in Care 1", 5, {PlanType.CHILD_LOOKED_AFTER: 1}),
        ("Children in Care 2", 5, {PlanType.CHILD_LOOKED_AFTER: 1}),
        ("Permanence", 4, {PlanType.CHILD_LOOKED_AFTER: 1}),
        ("Unaccompanied Children", 4, {PlanType.CHILD_LOOKED_AFTER: 3, PlanType.PATHWAY_PLAN: 1}),
    ],
    "Leaving Care and Disabled Children": [
        ("Leaving Care 1", 5, {PlanType.PATHWAY_PLAN: 1}),
        ("Leaving Care 2", 5, {PlanType.PATHWAY_PLAN: 1}),
        ("Children with Disabilities 1", 5, {PlanType.CHILD_IN_NEED: 3, PlanType.CHILD_LOOKED_AFTER: 1}),
        ("Children with Disabilities 2", 5, {PlanType.CHILD_IN_NEED: 3, PlanType.CHILD_PROTECTION: 1}),
    ],
}  # fmt: skip

# Roughly the borough's mix, as the case management system records it.
ETHNICITY_WEIGHTS = {
    Ethnicity.WHITE_BRITISH: 56, Ethnicity.WHITE_OTHER: 7, Ethnicity.WHITE_IRISH: 1,
    Ethnicity.GYPSY_ROMA: 1, Ethnicity.AFRICAN: 11, Ethnicity.CARIBBEAN: 3,
    Ethnicity.BLACK_OTHER: 2, Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN: 4,
    Ethnicity.MIXED_WHITE_BLACK_AFRICAN: 2, Ethnicity.MIXED_WHITE_ASIAN: 2,
    Ethnicity.MIXED_OTHER: 2, Ethnicity.INDIAN: 3, Ethnicity.PAKISTANI: 1,
    Ethnicity.BANGLADESHI: 1, Ethnicity.ASIAN_OTHER: 1, Ethnicity.CHINESE: 1,
    Ethnicity.OTHER: 1, Ethnicity.NOT_OBTAINED: 1,
}  # fmt: skip
OTHER_LANGUAGES = [
    "Polish", "Yoruba", "Punjabi", "Romanian", "Turkish", "Urdu", "Bengali", "Twi",
    "Lithuanian", "Arabic", "Tigrinya", "Pashto", "Albanian",
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    username: str
    roles: tuple[str, ...]
    job_title: str


DEMO_ACCOUNTS = [
    DemoAccount("practitioner", (RoleCode.PRACTITIONER,), "Social worker"),
    DemoAccount(
        "st.worker",
        (RoleCode.PRACTITIONER, RoleCode.STAYING_TOGETHER_WORKER),
        "Staying Together practitioner",
    ),
    DemoAccount("team.manager", (RoleCode.TEAM_MANAGER,), "Team manager"),
    DemoAccount(
        "assistant.team.manager", (RoleCode.ASSISTANT_TEAM_MANAGER,), "Assistant team manager"
    ),
    DemoAccount("service.manager", (RoleCode.SERVICE_MANAGER, RoleCode.MODERATOR), "Service manager"),
    DemoAccount("head.of.service", (RoleCode.HEAD_OF_SERVICE, RoleCode.MODERATOR), "Head of service"),
    DemoAccount("assistant.director", (RoleCode.ASSISTANT_DIRECTOR,), "Assistant director"),
    DemoAccount("deputy.director", (RoleCode.DEPUTY_DIRECTOR, RoleCode.MODERATOR), "Deputy director"),
    DemoAccount("business.support", (RoleCode.BUSINESS_SUPPORT,), "Business support officer"),
    DemoAccount(
        "psqa.bso", (RoleCode.PSQA_BUSINESS_SUPPORT,), "PSQA business support officer"
    ),
    DemoAccount("psqa", (RoleCode.PSQA,), "PSQA quality assurance officer"),
    DemoAccount("moderator", (RoleCode.MODERATOR,), "Consultant social worker"),
    DemoAccount(
        "principal.social.worker", (RoleCode.PRINCIPAL_SOCIAL_WORKER,), "Principal Social Worker"
    ),
    DemoAccount("director", (RoleCode.DIRECTOR,), "Director of Children's Services"),
]  # fmt: skip
DEMO_USERNAMES = [account.username for account in DEMO_ACCOUNTS]


# What each app's demo step is called on the console (by the name it registered with).
DEMO_STEPS = {
    "audits": "audits: allocated, in progress and a year of completed ones",
    "dashboard": "the Signs of Safety measures and their monthly figures",
    "moderation": "moderation samples and moderations",
    "survey": "the parent/carer survey",
    "qa_reports": "the quarterly QA reports",
}


class Command(BaseCommand):
    help = (
        "Create a deterministic demo organisation (4 services, 16 teams, about 75 practitioners "
        "and 1,200 children) and the demo accounts listed in README.md. For development only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply the organisation (for benchmarks)."
        )
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the existing organisation and children first.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when there are children already (used by `make run`).",
        )
        parser.add_argument(
            "--with-audits",
            action="store_true",
            help="Also add the apps' demo work (two audits in progress), so the demo accounts "
            "have something to do.",
        )
        parser.add_argument(
            "--history-months",
            type=int,
            default=12,
            help="With --with-audits: months of completed audits before this one, each month's "
            "moderation sample drawn and moderated (default 12; 0 for none).",
        )
        parser.add_argument(
            "--history-years",
            type=int,
            default=0,
            help="Also add this many years of completed audits in bulk, with their scores, "
            "feedback, actions, follow-ups, moderations and Signs of Safety measures (about one "
            "audit for every two children), for benchmarks.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")

    def handle(
        self, *args, scale, force, replace, if_empty, with_audits, history_months, history_years,
        seed, **options,
    ):  # fmt: skip
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a live system: seed_demo will not add demo people "
                "and children to it. Use --force only if you are sure."
            )
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if not 0 <= history_months <= 60:
            raise CommandError("--history-months must be from 0 to 60.")
        if not 0 <= history_years <= 20:
            raise CommandError("--history-years must be from 0 to 20.")
        if if_empty and Child.objects.exists():
            self.stdout.write("The demo data is already there.")
            return
        if Child.objects.exists() and not replace:
            raise CommandError(
                "There are children in the database already. Use --replace to delete the "
                "organisation and seed it afresh."
            )
        started = time.monotonic()

        def step(what: str) -> None:
            """A line as each step starts, so the console is never silent for long."""
            self.stdout.write(f"  [{time.monotonic() - started:4.0f} s] {what}")
            self.stdout.flush()

        # The services' own INFO lines (each email queued, each round closed) are for a running
        # service; here they would bury the steps.
        logging.disable(logging.INFO)
        try:
            with transaction.atomic():
                if replace:
                    step("Deleting the demo organisation")
                    _delete_organisation()
                step("Seeding services, teams, staff and children")
                counts = Seeder(seed=seed, scale=scale).run()
                lines = []
                if with_audits:
                    for name, extension in demo.named_extensions():
                        if extension.seed is None:  # it only has rows to delete
                            continue
                        step(f"Seeding {DEMO_STEPS.get(name, name)}")
                        lines += extension.seed(history_months=history_months)
                if scale == 1:  # the demo's own (a county-sized benchmark's would be 40 MB)
                    step("Writing the staff file and DfE payloads to demo/")
                    demo_files.write(DEMO_FOLDER)
                step("Saving")
            if history_years and (build := demo.history_builder()):
                step(f"Adding {history_years} years of history")
                # After the organisation is committed, in transactions of its own (much faster).
                made = build(years=history_years, seed=seed)
                lines.append(
                    f"History of {history_years} years: "
                    + ", ".join(f"{count:,} {what}" for what, count in made.items())
                    + "."
                )
            # Bulk inserts leave PostgreSQL's statistics empty until autovacuum comes round, and
            # planners without them join every audit before filtering (a team manager's home
            # page took 450 ms instead of 100 at a county's scale): count them now.
            step("Updating the database's statistics")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            demo.queue_after_seeding()  # the worker's share: figures counted, charts drawn
        finally:
            logging.disable(logging.NOTSET)
        step("Done")
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {counts['services']} services, {counts['teams']} teams, "
                f"{counts['users']} staff and {counts['children']} children. "
                f"Demo accounts: {', '.join(DEMO_USERNAMES)} (password: {DEMO_PASSWORD})."
            )
        )


def _delete_organisation() -> None:
    from bexley_qa.notifications.models import Notification

    Notification.objects.all().delete()
    for extension in reversed(demo.extensions()):  # higher floors first
        extension.delete()
    CaseSystemPurge.objects.all().delete()
    Child.objects.all().delete()
    User.objects.filter(is_superuser=False).update(team=None)
    Service.managers.through.objects.all().delete()
    Team.managers.through.objects.all().delete()
    Team.objects.all().delete()
    Service.objects.all().delete()
    User.objects.filter(is_superuser=False).delete()


class Seeder:
    def __init__(self, *, seed: int, scale: int):
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.scale = scale
        self.today = timezone.localdate()
        self.password = make_password(DEMO_PASSWORD)
        self.usernames: set[str] = set()
        self.users: list[User] = []

    def run(self) -> dict[str, int]:
        services, teams = self._organisation()
        self._assign_demo_accounts(services, teams)
        User.objects.bulk_create(self.users)
        saved = {user.username: user for user in User.objects.filter(username__in=self.usernames)}
        self._save_relations(saved, services, teams)
        children = self._children(saved, teams)
        return {
            "services": len(services),
            "teams": len(teams),
            "users": len(saved),
            "children": children,
        }

    # People -------------------------------------------------------------------------------------

    def _person(self, *roles: str, job_title: str, team_key: str | None = None) -> User:
        first, last = self.fake.first_name(), self.fake.last_name()
        base = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
        username, n = base, 1
        while username in self.usernames:
            n += 1
            username = f"{base}{n}"
        self.usernames.add(username)
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            # The case system's worker id, as the staff file and the DfE payloads in demo/ have it.
            staff_id=f"BX{len(self.users) + 1:05d}",
            job_title=job_title,
            password=self.password,
        )
        user.seed_roles = roles
        user.seed_team = team_key
        self.users.append(user)
        return user

    def _organisation(self):
        services: list[dict] = []
        teams: list[dict] = []
        for copy in range(self.scale):
            suffix = "" if copy == 0 else f" ({copy + 1})"
            for service_name, team_specs in ORGANISATION.items():
                service = {
                    "name": service_name + suffix,
                    "manager": self._person(RoleCode.SERVICE_MANAGER, job_title="Service manager"),
                }
                services.append(service)
                for team_name, practitioner_count, plan_mix in team_specs:
                    name = team_name + suffix
                    team = {
                        "name": name,
                        "service": service,
                        "plan_mix": plan_mix,
                        "staying_together": team_name == "Staying Together",
                    }
                    team["manager"] = self._person(
                        RoleCode.TEAM_MANAGER, job_title="Team manager", team_key=name
                    )
                    roles = (RoleCode.PRACTITIONER,)
                    if team["staying_together"]:
                        roles += (RoleCode.STAYING_TOGETHER_WORKER,)
                    team["practitioners"] = [
                        self._person(
                            *roles,
                            job_title=self.rng.choice(
                                ["Social worker", "Senior social worker", "Advanced practitioner"]
                            )
                            if not team["staying_together"]
                            else "Staying Together practitioner",
                            team_key=name,
                        )
                        for _ in range(practitioner_count)
                    ]
                    teams.append(team)
            # Two heads of service and two assistant directors, each over two services; one
            # deputy director over the whole directorate.
            for pair in (services[-4:-2], services[-2:]):
                head = self._person(RoleCode.HEAD_OF_SERVICE, job_title="Head of service")
                director = self._person(RoleCode.ASSISTANT_DIRECTOR, job_title="Assistant director")
                for service in pair:
                    service["head"] = head
                    service["director"] = director
            self._person(RoleCode.DEPUTY_DIRECTOR, job_title="Deputy director")
            for _ in range(3):
                self._person(RoleCode.BUSINESS_SUPPORT, job_title="Business support officer")
            for _ in range(2):
                self._person(RoleCode.PSQA, job_title="Quality assurance officer")
            # The head of the PSQA service (lines.psqa_head_of_service: both roles), advised of
            # every moderation graded Inadequate.
            self._person(
                RoleCode.PSQA,
                RoleCode.HEAD_OF_SERVICE,
                job_title="Head of Service, Professional Standards and Quality Assurance",
            )
            for title in (
                "Consultant social worker",
                "Independent reviewing officer",
                "Child protection chair",
            ):
                self._person(RoleCode.MODERATOR, job_title=title)
            # Practice Week's leads with PSQA, and the director who audits during it (last, so
            # the people above keep their seeded names).
            self._person(RoleCode.PRINCIPAL_SOCIAL_WORKER, job_title="Principal Social Worker")
            self._person(RoleCode.DIRECTOR, job_title="Director of Children's Services")
            # Added later than the rest (so the people above keep their seeded names): the
            # assistant team managers of the largest teams, and PSQA's business support officer.
            copy_teams = teams[-sum(len(specs) for specs in ORGANISATION.values()) :]
            largest = sorted(copy_teams, key=lambda t: -len(t["practitioners"]))[:3]
            first = next(t for t in copy_teams if t["name"].startswith("Assessment Team A"))
            for team in [first, *(t for t in largest if t is not first)][:3]:
                team["assistant"] = self._person(
                    RoleCode.ASSISTANT_TEAM_MANAGER,
                    job_title="Assistant team manager",
                    team_key=team["name"],
                )
            self._person(RoleCode.PSQA_BUSINESS_SUPPORT, job_title="PSQA business support officer")
        return services, teams

    def _assign_demo_accounts(self, services, teams) -> None:
        """Give the demo usernames to people in the first copy of the organisation."""
        first_team = next(t for t in teams if t["name"] == "Assessment Team A")
        st_team = next(t for t in teams if t["staying_together"])
        service = first_team["service"]
        by_role = {
            "practitioner": first_team["practitioners"][0],
            "st.worker": st_team["practitioners"][0],
            "team.manager": first_team["manager"],
            "assistant.team.manager": first_team["assistant"],
            "service.manager": service["manager"],
            "head.of.service": service["head"],
            "assistant.director": service["director"],
        }
        for account in DEMO_ACCOUNTS:
            user = by_role.get(account.username) or next(
                u
                for u in self.users
                if account.roles[0] in u.seed_roles and u.username not in DEMO_USERNAMES
            )
            self.usernames.discard(user.username)
            user.username = account.username
            user.email = f"{account.username}@example.org"
            user.job_title = account.job_title
            user.seed_roles = tuple(dict.fromkeys(user.seed_roles + account.roles))
            self.usernames.add(user.username)

    def _save_relations(self, saved: dict[str, User], services, teams) -> None:
        service_rows = Service.objects.bulk_create(
            [
                Service(
                    name=s["name"],
                    head_of_service=saved[s["head"].username],
                    assistant_director=saved[s["director"].username],
                )
                for s in services
            ]
        )
        for spec, row in zip(services, service_rows, strict=True):
            spec["row"] = row
        team_rows = Team.objects.bulk_create(
            [Team(name=t["name"], service=t["service"]["row"]) for t in teams]
        )
        team_by_name = {}
        for spec, row in zip(teams, team_rows, strict=True):
            spec["row"] = row
            team_by_name[spec["name"]] = row
        Service.managers.through.objects.bulk_create(
            [
                Service.managers.through(service=s["row"], user=saved[s["manager"].username])
                for s in services
            ]
        )
        Team.managers.through.objects.bulk_create(
            [
                Team.managers.through(team=t["row"], user=saved[t[lead].username])
                for t in teams
                for lead in ("manager", "assistant")
                if lead in t
            ]
        )
        members = []
        for user in self.users:
            if user.seed_team:
                row = saved[user.username]
                row.team = team_by_name[user.seed_team]
                members.append(row)
        User.objects.bulk_update(members, ["team"])
        UserRole.objects.bulk_create(
            [
                UserRole(user=saved[user.username], role=code)
                for user in self.users
                for code in user.seed_roles
            ]
        )

    # Children -----------------------------------------------------------------------------------

    def _children(self, saved: dict[str, User], teams) -> int:
        st_workers = [
            saved[p.username] for t in teams if t["staying_together"] for p in t["practitioners"]
        ]
        children = []
        case_number = 1_000_000
        for team in teams:
            practitioners = [saved[p.username] for p in team["practitioners"]]
            per_worker = min(18, MAX_CHILDREN_PER_TEAM // len(practitioners))
            plan_types = list(team["plan_mix"])
            weights = list(team["plan_mix"].values())
            for worker in practitioners:
                for _ in range(per_worker - self.rng.randint(0, 1)):
                    case_number += self.rng.randint(3, 40)
                    plan_type = self.rng.choices(plan_types, weights)[0]
                    children.append(
                        self._child(str(case_number), team["row"], worker, plan_type, st_workers)
                    )
        # The practitioner's first case is supported by st.worker, so the demo's first audit
        # asks both of them for a self-assessment.
        first = min(
            (c for c in children if c.allocated_worker.username == "practitioner" and c.is_open),
            key=lambda c: c.case_id,
        )
        first.staying_together_worker = saved["st.worker"]
        Child.objects.bulk_create(children, batch_size=1000)
        return len(children)

    def _child(self, case_id, team, worker, plan_type, st_workers) -> Child:
        rng = self.rng
        if plan_type == PlanType.PATHWAY_PLAN:
            age_days = rng.randint(16 * 365 + 30, 21 * 365)
        else:
            age_days = rng.randint(30, 17 * 365 + 300)
        born = self.today - timedelta(days=age_days)
        earliest_referral = max(born, self.today - timedelta(days=3 * 365))
        referral = earliest_referral + timedelta(
            days=rng.randint(0, max(0, (self.today - earliest_referral).days - 14))
        )
        gender = rng.choices(
            [Gender.FEMALE, Gender.MALE, Gender.OTHER, Gender.NOT_KNOWN], [49, 49, 1, 1]
        )[0]
        if gender == Gender.MALE:
            first = self.fake.first_name_male()
        elif gender == Gender.FEMALE:
            first = self.fake.first_name_female()
        else:
            first = self.fake.first_name()
        st_worker = None
        if plan_type == PlanType.STAYING_TOGETHER:
            st_worker = worker
        elif (
            plan_type in (PlanType.CHILD_IN_NEED, PlanType.CHILD_PROTECTION) and rng.random() < 0.08
        ):
            st_worker = rng.choice(st_workers)
        return Child(
            case_id=case_id,
            first_name=first,
            last_name=self.fake.last_name(),
            date_of_birth=born,
            gender=gender,
            ethnicity=rng.choices(list(ETHNICITY_WEIGHTS), list(ETHNICITY_WEIGHTS.values()))[0],
            first_language="English" if rng.random() < 0.86 else rng.choice(OTHER_LANGUAGES),
            team=team,
            allocated_worker=worker,
            staying_together_worker=st_worker,
            plan_type=plan_type,
            referral_date=referral,
            is_open=(is_open := rng.random() < 0.95),
            # A closed case closed some time after its referral (no random draw: the rest of
            # the demo stays as it was).
            closed_on=None if is_open else referral + (self.today - referral) * 7 // 10,
        )
