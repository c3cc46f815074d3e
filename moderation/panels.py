"""Moderation's panels (home page, audit page) and navigation item (registered in apps.py)."""

from bexley_qa import workdays
from bexley_qa.panels import Listed
from bexley_qa.people.access import (
    is_moderator,
    manages_teams,
    may_be_auditor,
    oversees_services,
)
from bexley_qa.people.models import User

from . import access, selectors
from .models import Sample


def sample_summary(user: User) -> dict | None:
    if not access.can_manage_sample(user):
        return None
    month = workdays.this_month()
    sample = Sample.objects.filter(month=month).first()
    return {
        "moderation_sample": sample,
        "moderation_month": month,
        "moderation_counts": selectors.sample_counts(sample, user=user),
    }


def moderations_due(user: User) -> dict | None:
    """Moderators always see their list; senior managers only when they have one to do."""
    if not access.is_moderating_role(user):
        return None
    due = Listed(selectors.moderations_due(user=user))
    if not (due or is_moderator(user)):
        return None
    return {"moderations_due": due}


def my_audits_moderated(user: User) -> dict | None:
    if not may_be_auditor(user):
        return None
    moderated = list(selectors.moderations_of_my_audits(user=user))
    return {"my_audits_moderated": moderated} if moderated else None


def oversight_awaited(user: User) -> dict | None:
    if not manages_teams(user):
        return None
    awaited = Listed(selectors.oversight_awaited(user=user))
    return {"moderation_oversight_awaited": awaited} if awaited else None


def audit_moderation(user: User, *, audit) -> dict | None:
    """On the audit's page: its moderation, if the user may read it."""
    moderation = selectors.moderation_of_audit(audit) if audit.is_done else None
    if moderation is None:
        return None
    if not access.moderations_visible_to(user).filter(pk=moderation.pk).exists():
        return None
    return {"audit_moderation": moderation}


def label(user: User) -> str | None:
    if access.can_manage_sample(user) or oversees_services(user):
        return "Moderation"
    return None


HOME_PANELS = (
    ("moderations-due", 42, "moderation/home/moderations.html", moderations_due),
    ("moderation-oversight", 54, "moderation/home/oversight.html", oversight_awaited),
    ("my-audits-moderated", 43, "moderation/home/learning.html", my_audits_moderated),
    ("moderation-sample", 80, "moderation/home/sample.html", sample_summary),
)
