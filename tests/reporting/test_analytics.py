"""The audit analytics: each figure on data whose right answer is known by hand, the scope of
each reader, the filters, the CSV, the links down to the audits, and flat query counts."""

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import Action, AreaScore, Audit, AuditKind, AuditStatus, FollowUp, Theme
from bexley_qa.people.models import RoleCode
from bexley_qa.workdays import add_months
from feedback.models import FamilyFeedback, FeedbackNotObtained, StatementScore
from sos.models import MonthlyFigure
from tests.factories import ChildFactory, UserFactory

OCTOBER = datetime(2026, 10, 15, 12, 0)
PERIOD = "?start=2026-10&end=2026-10"


def made(org, child, *, completed=OCTOBER, grade=6, outstanding=False, auditor=None, **fields):
    """An audit completed (outcome recorded) on `completed` with final grade `grade`, made
    directly: the figures read the rows, whichever service wrote them."""
    at = timezone.make_aware(completed) if completed else None
    audit = Audit.objects.create(
        child=child, auditor=auditor or org.tariq, practitioner=child.allocated_worker,
        team=child.team, allocated_by=org.bella, date_of_birth=child.date_of_birth,
        gender=child.gender, ethnicity=child.ethnicity, first_language="English",
        status=AuditStatus.COMPLETED if at else AuditStatus.ALLOCATED,
        grade=grade if at else None, outstanding=outstanding,
        final_grade=grade if at else None, final_outstanding=outstanding,
        completed_at=at, **fields,
    )  # fmt: skip
    Audit.objects.filter(pk=audit.pk).update(allocated_at=at or timezone.now())
    return audit


def table(response, slug: str) -> list[list[str]]:
    """The rows of one figure's table, as a reader sees them (text of each cell)."""
    html = response.content.decode()
    start = html.index(f'id="{slug}"')
    section = html[start : html.index("</section>", start)]
    body = section[section.index("<tbody") : section.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def row_for(rows, first: str) -> list[str]:
    return next(r for r in rows if r[0] == first)


@pytest.fixture
def october(org):
    return october_audits(org)


def october_audits(org):
    """Team A (Assessment): four audits completed in October 2026, three Good and one
    Requires improvement; team B (Care): one Inadequate."""
    extra = [ChildFactory(team=org.team_a, allocated_worker=org.alice) for _ in range(2)]
    return {
        "a": [
            made(org, org.amy, grade=6),
            made(org, org.ben, grade=6),
            made(org, extra[0], grade=6, theme=Theme.SAFETY_PLANNING),
            made(org, extra[1], grade=4, theme=Theme.SAFETY_PLANNING),
        ],
        "b": [made(org, org.dan, grade=1, auditor=org.tom)],
    }


def test_three_of_four_audits_good_in_a_team_is_75_percent(org, october, client_for):
    page = client_for(org.pat).get(
        f"/dashboard/analytics/how-well/{PERIOD}&service={org.service_a.pk}"
    )
    assert page.status_code == 200
    rows = table(page, "grades-by-team")
    assert row_for(rows, "Assessment") == ["Assessment", "0", "1", "3", "0", "4", "75"]
    month = row_for(table(page, "grades-by-month"), "October 2026")
    assert month == ["October 2026", "0", "1", "3", "0", "4", "75"]
    themes = row_for(table(page, "themes"), Theme.SAFETY_PLANNING.label)
    assert themes[1:] == ["0", "1", "1", "0", "2", "50"]


def test_the_directorate_is_shown_by_service_and_links_to_each_services_teams(
    org, october, client_for
):
    page = client_for(org.pat).get(f"/dashboard/analytics/how-well/{PERIOD}")
    rows = table(page, "grades-by-service")
    assert row_for(rows, "Service A")[1:] == ["0", "1", "3", "0", "4", "75"]
    assert row_for(rows, "Service B")[1:] == ["1", "0", "0", "0", "1", "0"]
    assert f"service={org.service_a.pk}" in page.content.decode()


def test_a_team_manager_never_counts_another_teams_audits(org, october, client_for):
    tom = client_for(org.tom)
    page = tom.get(f"/dashboard/analytics/how-well/{PERIOD}")
    rows = table(page, "grades-by-team")
    assert [r[0] for r in rows] == ["Assessment"]
    assert row_for(table(page, "grades-by-month"), "October 2026")[1:] == [
        "0", "1", "3", "0", "4", "75",
    ]  # fmt: skip
    # Choosing the other team is refused, and changes nothing.
    refused = tom.get(f"/dashboard/analytics/how-well/{PERIOD}&team={org.team_b.pk}")
    assert "Select an option from the list" in refused.content.decode()
    assert row_for(table(refused, "grades-by-month"), "October 2026")[5] == "4"
    # Nor in a CSV.
    download = tom.get(f"/dashboard/analytics/how-well/{PERIOD}&csv=grades-by-month")
    lines = list(csv.reader(io.StringIO(download.content.decode())))
    assert lines[1] == ["October 2026", "0", "1", "3", "0", "4", "75"]
    # A service manager counts their service's teams only.
    sam = client_for(org.sam).get(f"/dashboard/analytics/how-well/{PERIOD}")
    assert [r[0] for r in table(sam, "grades-by-team")] == ["Assessment"]


@pytest.mark.parametrize("who", ["alice", "bella", "mo", "charlie"])
def test_only_managers_psqa_and_the_deputy_director_see_the_analytics(org, client_for, who):
    for path in ("/dashboard/analytics/", "/dashboard/analytics/better-off/"):
        assert client_for(getattr(org, who)).get(path).status_code == 403
    assert client_for(org.dee).get("/dashboard/analytics/").status_code == 200


def test_an_unknown_question_or_figure_is_not_found(org, client_for):
    assert client_for(org.pat).get("/dashboard/analytics/how-lovely/").status_code == 404
    assert client_for(org.pat).get("/dashboard/analytics/?csv=nothing").status_code == 404


def test_a_cell_links_down_to_exactly_the_audits_it_counts(org, october, client_for):
    pat = client_for(org.pat)
    page = pat.get(f"/dashboard/analytics/how-well/{PERIOD}&service={org.service_a.pk}")
    section = page.content.decode().split('id="grades-by-team"')[1]
    good = re.search(r'href="([^"]*band=good[^"]*)"', section).group(1).replace("&amp;", "&")
    listed = pat.get(good)
    assert listed.status_code == 200
    assert "<strong>3</strong> audits" in listed.content.decode()
    # A team manager following the same link sees only what their scope allows.
    another = UserFactory(team=org.team_b, roles=[RoleCode.TEAM_MANAGER])
    org.team_b.managers.add(another)
    other = client_for(another).get(good)
    assert "No audits match the filters" in other.content.decode()


def test_how_much_counts_allocations_completions_and_managers_against_one_a_month(
    org, october, client_for
):
    made(org, org.cara, completed=None)  # allocated in November (now), not completed
    page = client_for(org.pat).get(
        f"/dashboard/analytics/how-much/?start=2026-09&end=2026-10&service={org.service_a.pk}"
    )
    rows = table(page, "audits-by-month")
    assert row_for(rows, "October 2026")[1:3] == ["4", "4"]
    assert row_for(rows, "September 2026")[1:3] == ["0", "0"]
    assert row_for(table(page, "audits-by-team"), "Assessment")[1:4] == ["4", "4", "0"]
    # Tom (team A's manager) audited one case (team B's) in October: 1 of the 2 months expected,
    # counted where every team's audits are (a service's figures leave team B's audits out).
    everyone = client_for(org.pat).get("/dashboard/analytics/how-much/?start=2026-09&end=2026-10")
    assert row_for(table(everyone, "managers"), "Tom Turner")[1:] == ["Assessment", "1", "2", "50"]
    assert row_for(table(page, "managers"), "Tom Turner")[2] == "0"


def test_feedback_obtained_counts_each_kind_and_why_not(org, october, client_for):
    first, second = october["a"][:2]
    FamilyFeedback.objects.create(
        audit=first, contact_date=date(2026, 10, 10), role="Mother", recorded_by=org.tom
    )
    FeedbackNotObtained.objects.create(
        audit=second, kind="family", reason="Declined to speak to us", recorded_by=org.tom
    )
    page = client_for(org.tom).get(f"/dashboard/analytics/how-much/{PERIOD}")
    family = row_for(table(page, "feedback"), "The family")
    assert family[1:] == ["4", "1", "1", "2", "25"]
    assert "Declined to speak to us" in page.content.decode()


def test_practice_areas_are_averaged_weakest_first(org, october, client_for):
    first, second = october["a"][:2]
    for audit, low in ((first, 2), (second, 4)):
        AreaScore.objects.bulk_create(
            [AreaScore(audit=audit, area=n, score=low if n == 7 else 8, updated_by=org.tom)
             for n in range(1, 20)]
        )  # fmt: skip
    page = client_for(org.pat).get(f"/dashboard/analytics/how-well/{PERIOD}")
    rows = table(page, "practice-areas")
    assert rows[0][0].startswith("7. ")
    assert rows[0][2:] == ["3.0", "2", "50"]
    assert rows[1][2] == "8.0"


def test_follow_ups_on_time_and_actions_done(org, october, client_for):
    first, second, third = october["a"][:3]
    due = date(2026, 10, 20)
    FollowUp.objects.create(
        audit=first, due_date=due, done_at=timezone.make_aware(datetime(2026, 10, 19))
    )
    FollowUp.objects.create(
        audit=second, due_date=due, done_at=timezone.make_aware(datetime(2026, 10, 25))
    )
    FollowUp.objects.create(audit=third, due_date=due)  # overdue: not done
    for audit in (first, second):
        Action.objects.create(
            audit=audit, what="Share the practice", owner=org.tom, due_date=due,
            created_by=org.tom, status="done",
        )  # fmt: skip
    page = client_for(org.tom).get(f"/dashboard/analytics/how-well/{PERIOD}")
    assert row_for(table(page, "follow-ups"), "Assessment")[1:] == ["3", "1", "1", "1", "33"]
    actions = row_for(
        table(client_for(org.tom).get(f"/dashboard/analytics/better-off/{PERIOD}"), "actions"),
        "Assessment",
    )
    assert actions[1:3] == ["2", "2"]


def test_the_24_hour_figure_counts_inadequate_audits_from_the_outcome_sent(org, client_for):
    """Crafted: the clock starts when the Inadequate outcome was sent, not when each action was
    recorded; a Requires-improvement audit's immediate actions are not counted; an outcome sent
    in September is September's."""

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime(2026, *day, hour, minute))

    def immediate(audit, *, recorded, done=None):
        action = Action.objects.create(
            audit=audit, what="Safety plan", owner=org.alice, due_date=date(2026, 10, 30),
            immediate=True, created_by=org.tom, status="done" if done else "open",
        )  # fmt: skip
        Action.objects.filter(pk=action.pk).update(created_at=recorded, completed_at=done)

    sent = at((10, 5), 9)
    first = made(org, ChildFactory(team=org.team_a, allocated_worker=org.alice), grade=1)
    Audit.objects.filter(pk=first.pk).update(outcome_sent_at=sent)
    # Recorded two days before the outcome, done 23 hours after it: within the 24 hours.
    immediate(first, recorded=at((10, 3), 9), done=sent + timedelta(hours=23))
    immediate(first, recorded=sent, done=sent + timedelta(hours=25))  # later
    second = made(org, ChildFactory(team=org.team_a, allocated_worker=org.alice), grade=2)
    Audit.objects.filter(pk=second.pk).update(outcome_sent_at=at((10, 20), 16))
    immediate(second, recorded=at((10, 20), 15))  # still open
    improving = made(org, ChildFactory(team=org.team_a, allocated_worker=org.alice), grade=4)
    immediate(improving, recorded=at((10, 6), 9), done=at((10, 6), 10))  # not Inadequate
    september = made(org, ChildFactory(team=org.team_a, allocated_worker=org.alice), grade=0)
    Audit.objects.filter(pk=september.pk).update(outcome_sent_at=at((9, 30), 23, 30))
    immediate(september, recorded=at((9, 30), 20), done=at((10, 1), 8))

    page = client_for(org.pat).get("/dashboard/analytics/how-well/?start=2026-09&end=2026-10")
    rows = table(page, "immediate-actions")
    # Audits, actions, within 24 hours, later, still open, %
    assert row_for(rows, "October 2026")[1:] == ["2", "3", "1", "1", "1", "33"]
    assert row_for(rows, "September 2026")[1:] == ["1", "1", "1", "0", "0", "100"]


def test_distance_travelled_compares_a_childs_audit_with_the_one_before(org, october, client_for):
    earlier = made(org, org.amy, completed=datetime(2026, 3, 1), grade=3)
    AreaScore.objects.create(audit=earlier, area=7, score=2, updated_by=org.tom)
    AreaScore.objects.create(audit=october["a"][0], area=7, score=6, updated_by=org.tom)
    page = client_for(org.pat).get(f"/dashboard/analytics/better-off/{PERIOD}")
    assert table(page, "distance-travelled") == [
        ["Audits of a child audited before", "1", "1", "0", "0", "3.0"]
    ]
    area = table(page, "distance-by-area")
    assert area[0][0].startswith("7. ") and area[0][1:] == ["1", "2.0", "6.0", "4.0"]


def test_family_statements_averages_and_spread(org, october, client_for):
    feedback = FamilyFeedback.objects.create(
        audit=october["a"][0], contact_date=date(2026, 10, 10), role="Mother", recorded_by=org.tom
    )
    other = FamilyFeedback.objects.create(
        audit=october["a"][1], contact_date=date(2026, 10, 12), role="Father", recorded_by=org.tom
    )
    StatementScore.objects.create(family_feedback=feedback, statement=1, score=2)
    StatementScore.objects.create(family_feedback=other, statement=1, score=8)
    page = client_for(org.pat).get(f"/dashboard/analytics/better-off/{PERIOD}")
    first = table(page, "family-statements")[0]
    assert first[1:7] == ["2", "5.0", "50", "0", "50", "5.0"]


def test_measures_beside_grades(org, october, client_for):
    MonthlyFigure.objects.create(
        month=date(2026, 10, 1), team=org.team_a, plan_type="cin", children=10,
        mapping=10, three_houses=10, danger_statement=5, safety_goal=5, safety_scale=0,
        words_pictures=0, network_meeting=0, safety_plan=0,
    )  # fmt: skip
    page = client_for(org.tom).get(f"/dashboard/analytics/better-off/{PERIOD}")
    assert row_for(table(page, "measures-beside-grades"), "October 2026")[1:] == ["4", "75", "38"]


def test_filters_by_kind_and_plan_type(org, october, client_for):
    Audit.objects.filter(pk=october["a"][0].pk).update(kind=AuditKind.THEMATIC)
    pat = client_for(org.pat)
    page = pat.get(
        f"/dashboard/analytics/how-well/{PERIOD}&service={org.service_a.pk}&kind=thematic"
    )
    assert row_for(table(page, "grades-by-team"), "Assessment")[5] == "1"
    cp = pat.get(f"/dashboard/analytics/how-well/{PERIOD}&service={org.service_a.pk}&plan_type=cp")
    assert row_for(table(cp, "grades-by-team"), "Assessment")[5] == "1"  # Ben's
    wrong = pat.get("/dashboard/analytics/how-well/?start=2026-10&end=2026-01")
    assert (
        "The end of the period must be the same month as its start or later"
        in wrong.content.decode()
    )


@pytest.mark.parametrize("question", ["how-much", "how-well", "better-off"])
@pytest.mark.parametrize("who", ["pat", "tom"])  # the directorate's figures; a manager's
def test_query_counts_do_not_grow_with_the_audits(org, october, client_for, question, who):
    """Counted in the page (nothing kept yet): the count's queries do not grow either."""
    from reporting.models import CountedFigures

    pat = client_for(getattr(org, who))
    url = f"/dashboard/analytics/{question}/{PERIOD}"
    pat.get(url)
    CountedFigures.objects.all().delete()
    with CaptureQueriesContext(connection) as few:
        pat.get(url)
    more_team = org.team_a
    manager = UserFactory(team=more_team, roles=[RoleCode.TEAM_MANAGER])
    more_team.managers.add(manager)
    for _ in range(12):
        child = ChildFactory(team=more_team, allocated_worker=org.alice)
        made(org, child, grade=5, auditor=manager, theme=Theme.DIRECT_WORK)
    CountedFigures.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        pat.get(url)
    assert len(many) == len(few)


def test_the_quarterly_reports_are_offered_to_their_readers_team_managers_too(org, client_for):
    # The framework: themes are reported to the senior leadership team "and shared with Service
    # and Team Managers".
    link = 'href="/dashboard/qa-reports/"'
    for reader in (org.pat, org.sam, org.tom, org.dee):
        assert link in client_for(reader).get("/dashboard/analytics/").content.decode()


def test_a_figure_with_nothing_to_show_draws_no_chart(org, client_for):
    page = client_for(org.tom).get(f"/dashboard/analytics/how-well/{PERIOD}").content.decode()
    section = page.split('id="grades-by-month"')[1].split("</section>")[0]
    assert "<img" not in section and "October 2026" in section


@pytest.mark.parametrize(
    "query", ["end=0001-01", "end=9999-12", "start=9999-01&end=9999-12", "start=0000-01"]
)
def test_a_month_out_of_range_is_an_error_not_a_crash(org, client_for, query):
    page = client_for(org.pat).get(f"/dashboard/analytics/how-well/?{query}")
    assert page.status_code == 200
    assert "Enter a month from 2000-01 to 2099-12" in page.content.decode() or (
        "Enter the month as YYYY-MM" in page.content.decode()
    )
    listed = client_for(org.pat).get("/audits/?completed_to=9999-12&moderated=9999-12")
    assert listed.status_code == 200


def test_the_managers_figure_counts_every_team_so_only_directorate_readers_see_it(
    org, october, client_for
):
    # Tom (team A's manager) audited team B's case: a count outside his own scope.
    page = client_for(org.tom).get(f"/dashboard/analytics/how-much/{PERIOD}").content.decode()
    assert "PSQA, the deputy director and the Director see it" in page
    assert "Tom Turner" not in page.split('id="managers"')[1].split("</section>")[0]
    thematic = client_for(org.pat).get(f"/dashboard/analytics/how-much/{PERIOD}&kind=thematic")
    assert row_for(table(thematic, "managers"), "Tom Turner")[2] == "0"  # the filter applies


def test_a_team_managers_links_carry_their_team(org, october, client_for):
    page = client_for(org.tom).get(f"/dashboard/analytics/how-much/{PERIOD}").content.decode()
    section = page.split('id="audits-by-month"')[1].split("</section>")[0]
    assert f"team={org.team_a.pk}" in section


def test_negative_numbers_stay_numbers_in_a_csv(org, october, client_for):
    earlier = made(org, org.amy, completed=datetime(2026, 3, 1), grade=6)
    AreaScore.objects.create(audit=earlier, area=7, score=6, updated_by=org.tom)
    AreaScore.objects.create(audit=october["a"][0], area=7, score=4, updated_by=org.tom)
    download = client_for(org.pat).get(
        f"/dashboard/analytics/better-off/{PERIOD}&csv=distance-by-area"
    )
    assert download.content.decode().splitlines()[1].endswith(",1,6.0,4.0,-2.0")


def test_the_totals_row_sits_under_its_columns(org, october, client_for):
    page = client_for(org.pat).get(f"/dashboard/analytics/how-well/{PERIOD}")
    html = page.content.decode()
    section = html[html.index('id="grades-by-month"') :]
    total = re.search(r'<tr class="govuk-table__row app-table__total">(.*?)</tr>', section, re.S)
    cells = re.findall(r"<t[hd] [^>]*class=\"([^\"]*)\"[^>]*>", total.group(1))
    assert len(cells) == 7  # Total, four bands, graded, Good or better (%): as the header
    assert all("govuk-table__cell--numeric" in c for c in cells[1:])
    assert "<tfoot>" not in section[: section.index("</section>")]  # not repeated on PDF pages


def test_a_period_ending_before_it_starts_shows_the_period_counted(org, october, client_for):
    page = client_for(org.pat).get("/dashboard/analytics/how-well/?start=2026-10&end=2026-03")
    text = page.content.decode()
    assert "The end of the period must be the same month as its start or later" in text
    this = timezone.localdate().replace(day=1)
    first = add_months(this, -11)
    assert (
        f"Audit results, {first:%B %Y} to {this:%B %Y} (the last 12 months, until the period "
        "is corrected)" in text
    )


@pytest.mark.parametrize("question", ["how-much", "how-well", "better-off"])
def test_no_column_heading_is_empty(org, october, client_for, question):
    made(org, org.amy, completed=datetime(2026, 4, 1, 12), grade=3)  # audited before: distance
    page = client_for(org.pat).get(f"/dashboard/analytics/{question}/{PERIOD}").content.decode()
    assert re.findall(r"<th[^>]*>\s*</th>", page) == []
