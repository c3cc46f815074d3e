"""Practice Week's navigation item and the partner professionals panel on a multi-agency audit's
page (registered in audits/apps.py)."""

from bexley_qa.people.models import User

from ..models import Audit, AuditKind
from . import access


def navigation_label(user: User) -> str | None:
    return "Practice Week" if access.can_read_reports(user) else None


def partner_contacts(user: User, audit: Audit) -> dict | None:
    if audit.kind != AuditKind.MULTI_AGENCY:
        return None
    return {
        "partner_contacts": audit.partner_contacts.all(),
        "can_add_partner": access.can_record_partner_contact(user, audit),
    }
