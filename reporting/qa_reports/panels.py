"""The quarterly QA reports on the home page and in the navigation (registered in apps.py)."""

from bexley_qa.people.models import User

from ..analytics.access import can_see_analytics
from . import access

DRAFTS_LISTED = 5


def home(user: User) -> dict | None:
    """PSQA: the drafts waiting to be written and published. Their readers: the latest report
    published for them."""
    if not access.can_list_reports(user):
        return None
    reports = access.reports_visible_to(user).select_related("service").defer("pdf")
    if access.can_write_reports(user):
        drafts = list(reports.filter(published_at__isnull=True)[: DRAFTS_LISTED + 1])
        return {"qa_drafts": drafts[:DRAFTS_LISTED], "qa_more_drafts": len(drafts) > DRAFTS_LISTED}
    latest = reports.order_by("-published_at").first()
    return {"qa_latest": latest} if latest else None


def navigation_label(user: User) -> str | None:
    """Senior leaders who read the reports but not the audit results (the director) reach them
    here; everyone else through Audit results."""
    if access.can_list_reports(user) and not can_see_analytics(user):
        return "QA reports"
    return None
