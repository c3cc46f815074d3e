"""The audits app's home-page panels and navigation item (registered in apps.py)."""

from django.utils import timezone

from bexley_qa.panels import Listed
from bexley_qa.people import lines
from bexley_qa.people.access import (
    has_caseload,
    is_business_support,
    manages_teams,
    may_be_auditor,
    oversees_services,
    sees_whole_directorate,
)
from bexley_qa.people.models import RoleCode, User

from . import access, expectation, selectors
from .models import Audit
from .workflow import OPEN


def escalations(user: User) -> dict:
    return {"escalations": Listed(selectors.open_escalations(user=user))}


def actions_owned(user: User) -> dict:
    return {"actions_owned": Listed(selectors.actions_owned(user=user))}


def self_assessments(user: User) -> dict | None:
    if not has_caseload(user):
        return None
    return {"self_assessments_due": Listed(selectors.self_assessments_due(user=user))}


def follow_ups(user: User) -> dict | None:
    if not may_be_auditor(user):
        return None
    return {
        "follow_ups": Listed(selectors.follow_ups_due(user=user)),
        "today": timezone.localdate(),
    }


def audits_to_prepare(user: User) -> dict | None:
    if not may_be_auditor(user):
        return None
    return {"audits_to_prepare": Listed(selectors.audits_to_prepare(user=user))}


def team_audits(user: User) -> dict | None:
    if not manages_teams(user):
        return None
    return {"team_audits": Listed(selectors.team_audits_in_progress(user=user))}


def oversight_notes(user: User) -> dict | None:
    if not manages_teams(user):
        return None
    return {"oversight_notes_awaited": Listed(selectors.oversight_notes_awaited(user=user))}


def inadequate_reviews(user: User) -> dict | None:
    if not user.has_role(RoleCode.SERVICE_MANAGER):
        return None
    return {"inadequate_reviews": Listed(selectors.inadequate_reviews_awaited(user=user))}


def close_offs(user: User) -> dict | None:
    if not manages_teams(user):
        return None
    return {"close_offs_awaited": Listed(selectors.close_offs_awaited(user=user))}


def my_expectation(user: User) -> dict | None:
    """Managers expected to audit one case a month: their own audits against it."""
    if not lines.holds(user, lines.EXPECTED_TO_AUDIT):
        return None
    (mine,) = expectation.audits_against_expectation(User.objects.filter(pk=user.pk))
    return {"my_expectation": mine}


MANAGERS_LISTED = 15


def managers_expectation(user: User) -> dict | None:
    """Those over managers (and the whole directorate): their managers' audits against it,
    furthest behind first."""
    if not (lines.holds(user, lines.SERVICE_LINE) or sees_whole_directorate(user)):
        return None
    managers = lines.managers_under(user)
    rows = expectation.audits_against_expectation(managers, limit=MANAGERS_LISTED)
    if not rows:
        return None
    counted = len(rows) if len(rows) < MANAGERS_LISTED else managers.count()
    return {"managers_expectation": rows, "managers_counted": counted}


def practitioner_coverage(user: User) -> dict | None:
    """A team manager's practitioners: who has had no case audited in the last six months."""
    if not manages_teams(user):
        return None
    rows = expectation.coverage(lines.own_teams(user))
    return {"coverage": rows, "coverage_due": sum(r.due for r in rows)} if rows else None


def team_actions(user: User) -> dict | None:
    if not manages_teams(user):
        return None
    return {"team_actions": Listed(selectors.team_actions_open(user=user))}


def scope_overview(user: User) -> dict | None:
    if not oversees_services(user):
        return None
    return {
        "overview": selectors.overview(user=user),
        "overview_everyone": sees_whole_directorate(user),
        "now": timezone.now(),
    }


def child_audits(user: User, *, child) -> dict:
    return {"child_audits": list(selectors.audits_of_child(user=user, child=child))}


def allocated(user: User) -> dict | None:
    if not is_business_support(user):
        return None
    return {"allocated": list(selectors.allocated_by(user=user)[:10])}


def open_audit_notes(children) -> dict[int, str]:
    """For the children lookup: those with an audit in progress, and who is auditing it."""
    audits = Audit.objects.filter(child__in=children, status__in=OPEN).select_related("auditor")
    return {audit.child_id: f"Audit in progress ({audit.auditor})" for audit in audits}


def audits_label(user: User) -> str | None:
    return "Audits" if access.can_list_audits(user) else None


PANELS = (
    ("escalations", 10, "audits/home/escalations.html", escalations),
    ("actions-owned", 20, "audits/home/actions_owned.html", actions_owned),
    ("self-assessments", 30, "audits/home/self_assessments.html", self_assessments),
    ("follow-ups", 40, "audits/home/follow_ups.html", follow_ups),
    ("audits-to-prepare", 41, "audits/home/audits_to_prepare.html", audits_to_prepare),
    ("team-audits", 51, "audits/home/team_audits.html", team_audits),
    ("oversight-notes", 52, "audits/home/oversight_notes.html", oversight_notes),
    ("close-offs", 55, "audits/home/close_offs.html", close_offs),
    ("team-actions", 53, "audits/home/team_actions.html", team_actions),
    ("inadequate-reviews", 15, "audits/home/inadequate_reviews.html", inadequate_reviews),
    ("scope-overview", 61, "audits/home/overview.html", scope_overview),
    ("my-expectation", 45, "audits/home/my_expectation.html", my_expectation),
    ("practitioner-coverage", 56, "audits/home/coverage.html", practitioner_coverage),
    ("managers-expectation", 62, "audits/home/managers_expectation.html", managers_expectation),
    ("allocated", 71, "audits/home/allocated.html", allocated),
)
CHILD_PANELS = (("child-audits", 10, "audits/child/audits.html", child_audits),)
