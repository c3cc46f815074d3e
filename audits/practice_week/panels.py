"""Practice Week's navigation item and the partner professionals panel on a multi-agency audit's
page (registered in audits/apps.py)."""

from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.people.models import User

from ..models import Audit, AuditKind
from . import access, services


def navigation_label(user: User) -> str | None:
    return "Practice Week" if access.can_read_reports(user) else None


def leads_home(user: User) -> dict | None:
    """For PSQA and the Principal Social Worker: the weeks to run (not yet over), the reports
    still to publish, and when the next week is due if none is scheduled."""
    if not access.can_lead(user):
        return None
    today = timezone.localdate()
    # Two weeks a year: every week in one query, newest first.
    weeks = list(access.weeks_led_by(user).only("starts_on", "ends_on", "theme", "published_at"))
    last = weeks[0] if weeks else None
    unpublished = [w for w in weeks if not w.is_published]
    return {
        "weeks_to_run": [w for w in reversed(unpublished) if w.ends_on >= today],
        "reports_to_publish": [w for w in unpublished if w.ends_on < today],
        "next_week_due": workdays.add_months(last.starts_on, services.EVERY_MONTHS)
        if last
        else None,
    }


def partner_contacts(user: User, audit: Audit) -> dict | None:
    if audit.kind != AuditKind.MULTI_AGENCY:
        return None
    return {
        "partner_contacts": audit.partner_contacts.all(),
        "can_add_partner": access.can_record_partner_contact(user, audit),
    }
