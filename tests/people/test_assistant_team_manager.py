"""The assistant team manager: acts on their team's audits as the team manager does (reads them,
is told of an Inadequate outcome, records the oversight note and the close-off) without auditing
unless also given a role that audits."""

import pytest
from django.urls import reverse

from audits import access as audit_access
from audits import selectors as audit_selectors
from audits import services
from audits.models import ReviewKind
from bexley_qa.people.models import RoleCode

from ..factories import UserFactory


@pytest.fixture
def ash(org):
    """Assistant team manager of team A (Amy's team)."""
    person = UserFactory(
        username="ash", first_name="Ash", last_name="Ahmed", team=org.team_a,
        roles=[RoleCode.ASSISTANT_TEAM_MANAGER],
    )  # fmt: skip
    org.team_a.managers.add(person)
    return person


def test_the_assistant_team_manager_reads_and_acts_on_their_teams_audits(
    org, ash, ready, client_for
):
    client = client_for(ash)
    assert client.get(ready.get_absolute_url()).status_code == 200
    # Told of the Inadequate outcome with the team's line.
    parts = {r.person: r.why for r in audit_selectors.inadequate_outcome_recipients(ready)}
    assert parts[ash] == "Assistant team manager, Assessment"
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    home = client.get(reverse("home")).context
    assert [a.pk for a in home["oversight_notes_awaited"]] == [audit.pk]
    services.oversight_note_record(
        actor=ash, audit=audit, discussion="Reviewed", case_direction="Plan", timeframe="A week"
    )
    services.manager_review_record(
        actor=ash, audit=audit, kind=ReviewKind.CLOSE_OFF, satisfied=True, note="Meets standards"
    )
    assert audit.manager_reviews.get().recorded_by == ash


def test_the_assistant_team_manager_does_not_audit(org, ash, client_for):
    assert not audit_access.can_audit(ash)
    assert ash not in audit_access.eligible_auditors_for(org.dan)
    assert "audits_to_prepare" not in client_for(ash).get(reverse("home")).context
    # ... unless also given a role that audits.
    ash.role_grants.create(role=RoleCode.TEAM_MANAGER)
    ash = type(ash).objects.get(pk=ash.pk)
    assert audit_access.can_audit(ash)


def test_the_assistant_team_manager_sees_no_other_team(org, ash, client_for):
    dans = services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.tom)
    assert client_for(ash).get(dans.get_absolute_url()).status_code == 404
    assert client_for(ash).get(org.dan.get_absolute_url()).status_code == 404
