"""The audits part of the demo (`seed_demo --with-audits`), so the demo accounts have work to see."""

from datetime import timedelta

from django.utils import timezone

from bexley_qa.people.models import Child, RoleCode, User

from . import access, services
from .models import Audit, AuditKind, Theme


def seed_audits(**options) -> list[str]:
    """Two audits in progress: one of the practitioner's cases, with its meeting booked (so the
    practitioner has a self-assessment to do), and one that team.manager is to audit."""
    support = User.objects.get(username="business.support")
    practitioner = User.objects.get(username="practitioner")
    manager = User.objects.get(username="team.manager")
    child = (
        Child.objects.filter(allocated_worker=practitioner, is_open=True)
        .order_by("case_id")
        .first()
    )
    auditor = (
        access.eligible_auditors_for(child)
        .filter(role_grants__role=RoleCode.TEAM_MANAGER)
        .order_by("username")
        .first()
    )
    first = services.audit_allocate(actor=support, child=child, auditor=auditor)
    services.audit_book_meeting(
        actor=auditor, audit=first, meeting_date=timezone.localdate() + timedelta(days=7)
    )
    other = (
        Child.objects.filter(is_open=True, staying_together_worker__isnull=True)
        .exclude(team=manager.team)
        .exclude(team__in=manager.managed_teams.all())
        .order_by("case_id")
        .first()
    )
    second = services.audit_allocate(
        actor=support,
        child=other,
        auditor=manager,
        kind=AuditKind.THEMATIC,
        theme=Theme.SAFETY_PLANNING,
    )
    return [
        f"Audit of case {audit.child.case_id} ({audit.team}) allocated to "
        f"{audit.auditor} (username {audit.auditor.username})."
        for audit in (first, second)
    ]


def delete_audits() -> None:
    """Every audit goes (their scores, feedback and actions with them), before the children."""
    Audit.objects.all().delete()
