"""The monthly themes report (the framework: "Themes from auditing are reported monthly and
quarterly ... to the Senior Leadership Team and shared with Service and Team Managers"): for the
directorate or one service, a month's seven core areas and their grades, the weakest practice
areas, and what moderation found. The same figures as the audit results, for one month; the
page, its PDF, and a link emailed to its readers once the month has ended."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit
from bexley_qa import workdays
from bexley_qa.notifications.services import notification_queue_each
from bexley_qa.people import lines
from bexley_qa.people.access import rule
from bexley_qa.people.models import Service, Team, User

from ..analytics import figures
from ..analytics.figures import Scope

WEAKEST_NAMED = 5
THEMES_FIGURES = [
    figures.themes,
    figures.practice_areas,
    figures.moderation_agreement,
    figures.moderation_changes,
    figures.moderation_scaling,
]


@rule("Your roles do not include the monthly themes reports.")
def can_read_directorate_themes(user: User) -> bool:
    """Shared with service and team managers; read by the senior leadership team and PSQA."""
    return lines.holds(
        user, (*lines.MANAGERS, *lines.DIRECTORATE_READERS, *lines.SENIOR_LEADERSHIP)
    )


def services_readable_by(user: User) -> QuerySet[Service]:
    """Each service's themes: its managers and those over it (its teams' managers too), and
    whoever reads the directorate's figures (a head of service or assistant director, their
    services only)."""
    if lines.holds(user, lines.DIRECTORATE_READERS):
        return Service.objects.all()
    return Service.objects.filter(
        Q(pk__in=lines.services_managed_by(user).values("pk"))
        | Q(pk__in=lines.teams_managed_by(user).values("service"))
    )


@dataclass(frozen=True)
class Themes:
    month: date
    service: Service | None
    figures: list
    weakest: list[str]

    @property
    def title(self) -> str:
        return f"Themes from auditing, {self.month:%B %Y}: {self.service or 'the directorate'}"

    @property
    def url(self) -> str:
        path = (
            reverse("themes:service", args=[self.service.pk])
            if self.service
            else reverse("themes:index")
        )
        return f"{path}?month={self.month:%Y-%m}"


def themes_of(month: date, service: Service | None = None) -> Themes:
    audits, teams = Audit.objects.all(), Team.objects.all()
    if service is not None:
        audits, teams = audits.filter(team__service=service), teams.filter(service=service)
    scope = Scope(
        audits=audits, teams=teams, start=month, end=month,
        filters={"service": service} if service else {},
        whole_directorate=service is None, case_level=False,
    )  # fmt: skip
    made = [figure(scope) for figure in THEMES_FIGURES]
    areas = next(f for f in made if f.slug == "practice-areas")
    return Themes(month, service, made, [row[0] for row in areas.rows[:WEAKEST_NAMED]])


def readers_of(service: Service | None) -> QuerySet[User]:
    """Who is emailed the link: the directorate's to the senior leadership team, PSQA and every
    service and team manager; a service's to its line and its teams' managers."""
    if service is None:
        return lines.staff_in((*lines.DIRECTORATE_REPORT_RECIPIENTS, *lines.MANAGERS))
    return lines.managers_within(service)


def monthly_themes_job(*, today: date | None = None) -> int:
    """Each day: from the month's first working day, a link to last month's themes reports to
    their readers (once each: the key carries the month and the report)."""
    today = today or timezone.localdate()
    if today < workdays.first_working_day(today):
        return 0
    month = workdays.add_months(workdays.first_of_month(today), -1)
    queued = 0
    for service in [None, *Service.objects.order_by("name")]:
        themes = Themes(month, service, [], [])
        with transaction.atomic():
            queued += notification_queue_each(
                list(readers_of(service)),
                template="monthly-themes",
                context={
                    "title": themes.title,
                    "month_label": f"{month:%B %Y}",
                    "url": f"{settings.SITE_URL}{themes.url}",
                },
                key=f"themes:{month:%Y-%m}:{service.pk if service else 'directorate'}",
            )
    return queued
