"""Family feedback for a manager's monthly report: a team's month, the statements and the
families' own words, to paste or download; other teams' out of reach."""

from django.urls import reverse
from django.utils import timezone

from feedback.models import FamilyFeedback, StatementScore


def _feedback(org, ready, role, scores, **said):
    family = FamilyFeedback.objects.create(
        audit=ready, contact_date=timezone.localdate(), role=role, recorded_by=org.tariq, **said
    )
    for statement, score in scores.items():
        StatementScore.objects.create(family_feedback=family, statement=statement, score=score)


def test_a_team_manager_gets_their_teams_month_ready_to_paste(org, ready, client_for):
    _feedback(org, ready, "Mother", {1: 8, 2: 6}, going_well="The visits are regular")
    _feedback(org, ready, "Father", {1: 4}, one_thing_to_change="Call before you come")
    month = f"{timezone.localdate():%Y-%m}"  # last month's is shown unless one is chosen
    url = reverse("themes:family-feedback") + f"?team={org.team_a.pk}&month={month}"
    page = client_for(org.tom).get(url)
    assert page.status_code == 200
    rows = {r.number: r for r in page.context["feedback"].statements}
    first = StatementScore.objects.filter(
        statement=1, family_feedback__audit__team=org.team_a, score__isnull=False
    )
    mean = sum(first.values_list("score", flat=True)) / first.count()
    assert (rows[1].answered, str(rows[1].average)) == (first.count(), f"{mean:.1f}")
    assert first.count() >= 2 and 8 in first.values_list("score", flat=True)
    assert "The visits are regular" in page.text and "Call before you come" in page.text
    text = client_for(org.tom).get(url + "&format=txt").content.decode()
    assert "Family feedback: Assessment" in text and "Mother:" in text
    assert "- What is going well: The visits are regular" in text
    assert "Amy" not in text  # the family member's role, never the child's name


def test_another_teams_feedback_is_out_of_reach(org, ready, client_for):
    url = reverse("themes:family-feedback") + f"?team={org.team_a.pk}"
    assert client_for(org.tariq).get(url).status_code == 404
    assert client_for(org.alice).get(url).status_code == 403
    assert client_for(org.sam).get(url).status_code == 200  # Service A's manager
