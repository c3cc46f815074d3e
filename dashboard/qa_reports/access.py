"""Who reads and writes the quarterly QA reports.

PSQA draft, write and publish them and read every one, drafts included. Once published, a
report is read by the senior leadership team (the director, deputy director, assistant directors
and heads of service) and the service managers: the directorate's by all of them, a service's by
those over that service (the director and deputy director: every service). Anyone else: 404.
"""

from django.db.models import Q, QuerySet

from bexley_qa.people.access import is_active, is_psqa, rule, services_managed_by
from bexley_qa.people.models import RoleCode, User

from ..models import QAReport, ReportLevel

SENIOR_LEADERSHIP = (
    RoleCode.DIRECTOR,
    RoleCode.DEPUTY_DIRECTOR,
    RoleCode.ASSISTANT_DIRECTOR,
    RoleCode.HEAD_OF_SERVICE,
)
READER_ROLES = (*SENIOR_LEADERSHIP, RoleCode.SERVICE_MANAGER)


@rule("Only PSQA draft, write and publish the quarterly QA reports.")
def can_write_reports(user: User) -> bool:
    return is_psqa(user)


@rule("Your roles do not include the quarterly QA reports.")
def can_list_reports(user: User) -> bool:
    return is_psqa(user) or (is_active(user) and user.has_role(*READER_ROLES))


def reports_visible_to(user: User) -> QuerySet[QAReport]:
    if not is_active(user):
        return QAReport.objects.none()
    if is_psqa(user):
        return QAReport.objects.all()
    if not user.has_role(*READER_ROLES):
        return QAReport.objects.none()
    published = QAReport.objects.filter(published_at__isnull=False)
    if user.has_role(RoleCode.DIRECTOR, RoleCode.DEPUTY_DIRECTOR):
        return published
    return published.filter(
        Q(level=ReportLevel.DIRECTORATE) | Q(service__in=services_managed_by(user))
    )


def readers_of(report: QAReport) -> QuerySet[User]:
    """Who is emailed when the report is published (PSQA too)."""
    people = User.objects.filter(is_active=True)
    senior = Q(role_grants__role__in=[RoleCode.DIRECTOR, RoleCode.DEPUTY_DIRECTOR, RoleCode.PSQA])
    if report.level == ReportLevel.DIRECTORATE:
        scope = senior | Q(role_grants__role__in=READER_ROLES)
    else:
        service = report.service
        scope = (
            senior
            | Q(role_grants__role=RoleCode.SERVICE_MANAGER, managed_services=service)
            | Q(role_grants__role=RoleCode.HEAD_OF_SERVICE, pk=service.head_of_service_id)
            | Q(role_grants__role=RoleCode.ASSISTANT_DIRECTOR, pk=service.assistant_director_id)
        )
    return people.filter(scope).distinct()
