"""Who reads and writes the quarterly QA reports.

PSQA draft, write and publish them and read every one, drafts included. The framework: themes are
reported "to the Senior Leadership Team and shared with Service and Team Managers". Once
published, a report is read by the readers of directorate figures (the Director, the deputy
director: every report), and by every manager (team managers up to the assistant directors) for
their scope: the directorate's report, and the report of each service they are over or whose
teams they manage. Anyone else: 404. The groups are the organisation's lines (`bexley_qa/people/lines.py`).
"""

from django.db.models import Q, QuerySet

from bexley_qa.people import lines
from bexley_qa.people.access import (
    is_active,
    is_manager,
    is_psqa,
    reads_directorate_figures,
    rule,
    sees_whole_directorate,
    services_in_figures,
    services_managed_by,
)
from bexley_qa.people.models import User
from sos.models import ReportLevel

from ..models import QAReport


@rule("Only PSQA draft, write and publish the quarterly QA reports.")
def can_write_reports(user: User) -> bool:
    return is_psqa(user)


@rule("Your roles do not include the quarterly QA reports.")
def can_list_reports(user: User) -> bool:
    return is_psqa(user) or reads_directorate_figures(user) or is_manager(user)


def reports_visible_to(user: User) -> QuerySet[QAReport]:
    if not is_active(user):
        return QAReport.objects.none()
    if is_psqa(user):
        return QAReport.objects.all()
    published = QAReport.objects.filter(published_at__isnull=False)
    if reads_directorate_figures(user):
        return published
    if not is_manager(user):
        return QAReport.objects.none()
    return published.filter(
        Q(level=ReportLevel.DIRECTORATE) | Q(service__in=services_in_figures(user))
    )


def may_open_audits_behind(user: User, report: QAReport) -> bool:
    """Whether the report's figures may link down to the audits behind them: the user may open
    every audit the report counts (PSQA and the deputy director; for a service's report, those
    over the service). Others read the figures without links."""
    if sees_whole_directorate(user):
        return True
    return report.level == ReportLevel.SERVICE and (
        services_managed_by(user).filter(pk=report.service_id).exists()
    )


def readers_of(report: QAReport) -> QuerySet[User]:
    """Who is emailed when the report is published: everyone who may read it (PSQA too)."""
    if report.level == ReportLevel.DIRECTORATE:
        return lines.staff_in((*lines.DIRECTORATE_READERS, *lines.MANAGERS))
    return lines.staff_in(lines.DIRECTORATE_READERS) | lines.managers_within(report.service)
