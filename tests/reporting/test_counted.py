"""The directorate-wide figures counted once and kept (reporting/counted.py): what is kept equals
a live count, a change is counted again by the worker and the page says so meanwhile, the state
of the records is read from the change history, and figures no one reads are dropped."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from audits.models import Audit
from bexley_qa.people.models import RoleCode
from reporting import counted
from reporting.analytics.figures import PAGES
from reporting.analytics.views import narrowed
from reporting.counted import recount_figures
from reporting.models import CountedFigures
from tests.factories import ChildFactory, UserFactory
from tests.reporting.test_analytics import (
    OCTOBER,
    PERIOD,
    made,
    october_audits,
    row_for,
    table,
)

QUESTIONS = ["how-much", "how-well", "better-off", "childs-details"]


@pytest.fixture
def october(org):
    return october_audits(org)


@pytest.fixture(autouse=True)
def nothing_queued():
    """Each test queues its own recounts (the queue's one-a-minute mark lives in the cache)."""
    cache.clear()


def live(question: str, *, case_level: bool = True, **filters) -> list[dict]:
    """The question's figures over every team's audits, counted now without anything kept."""
    from audits.models import Audit as AllAudits
    from bexley_qa.people.models import Team

    start = OCTOBER.date().replace(day=1)
    scope = narrowed(
        AllAudits.objects.all(), Team.objects.all(), filters, start, start,
        whole_directorate=True, case_level=case_level,
    )  # fmt: skip
    return [figure(scope).as_json() for figure in PAGES[question]]


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_kept_figures_equal_a_live_count_and_show_the_same_page(
    org, october, client_for, question
):
    pat = client_for(org.pat)
    url = f"/dashboard/analytics/{question}/{PERIOD}"
    first = pat.get(url)  # counted there and then, and kept
    kept = CountedFigures.objects.get()
    assert kept.figures == live(question)
    again = pat.get(url)  # read from what was kept, its markup from the cache

    def figures(page) -> str:  # the page's main content from the figures on
        return page.content.decode().split('id="counted-at"')[1].split("</main>")[0]

    assert figures(again) == figures(first)
    assert "Nothing they count has changed since" in again.content.decode()


def test_the_director_is_counted_apart_without_links_down_to_audits(org, october, client_for):
    director = UserFactory(username="dcs", roles=[RoleCode.DIRECTOR])
    psqa_page = client_for(org.pat).get(f"/dashboard/analytics/how-well/{PERIOD}").content
    director_page = client_for(director).get(f"/dashboard/analytics/how-well/{PERIOD}").content
    assert CountedFigures.objects.count() == 2  # links are part of what is counted
    assert b"/audits/?" in psqa_page and b"/audits/?" not in director_page
    kept = CountedFigures.objects.get(asked__case_level=False)
    assert kept.figures == live("how-well", case_level=False)


def test_a_filtered_page_is_kept_apart_and_equals_a_live_count(org, october, client_for):
    client_for(org.pat).get(f"/dashboard/analytics/how-well/{PERIOD}&service={org.service_a.pk}")
    kept = CountedFigures.objects.get()
    assert kept.asked["filters"] == {"service": org.service_a.pk}
    assert kept.figures == live("how-well", service=org.service_a)


def test_a_change_is_shown_once_the_worker_has_counted_it_and_the_page_says_so_meanwhile(
    org, october, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    pat = client_for(org.pat)
    url = f"/dashboard/analytics/how-well/{PERIOD}"
    before = row_for(table(pat.get(url), "grades-by-service"), "Service B")
    assert before[1:] == ["1", "0", "0", "0", "1", "0"]
    made(org, ChildFactory(team=org.team_b, allocated_worker=org.alice), grade=6)
    queued = []
    monkeypatch.setattr(recount_figures, "delay", lambda key: queued.append(key))

    with django_capture_on_commit_callbacks(execute=True):
        stale = pat.get(url)
    assert row_for(table(stale, "grades-by-service"), "Service B") == before  # as counted
    assert "Changes made since are being counted now" in stale.content.decode()
    assert queued == [CountedFigures.objects.get().key]
    with django_capture_on_commit_callbacks(execute=True):
        pat.get(url)
    assert len(queued) == 1  # once a minute at most

    assert recount_figures(queued[0]) == 1  # the worker
    fresh = pat.get(url)
    assert row_for(table(fresh, "grades-by-service"), "Service B")[1:] == [
        "1", "0", "1", "0", "2", "50",
    ]  # fmt: skip
    assert "Nothing they count has changed since" in fresh.content.decode()


def test_the_records_state_changes_with_any_write_bulk_ones_too_and_with_the_day(
    org, october, monkeypatch
):
    state = counted.fingerprint()
    assert counted.fingerprint() == state
    Audit.objects.filter(pk=october["b"][0].pk).update(final_grade=5)  # no save(), no signal
    moved = counted.fingerprint()
    assert moved != state
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(counted.timezone, "localdate", lambda: tomorrow)
    assert counted.fingerprint() != moved  # "overdue" and the like change with the day


def test_the_scheduler_counts_again_what_was_read_lately_and_drops_what_no_one_reads(
    org, october, client_for
):
    pat = client_for(org.pat)
    for question in ("how-much", "how-well", "better-off"):
        pat.get(f"/dashboard/analytics/{question}/{PERIOD}")
    now = timezone.now()
    much, well, better = (
        CountedFigures.objects.get(asked__question=q)
        for q in ("how-much", "how-well", "better-off")
    )
    CountedFigures.objects.filter(pk=well.pk).update(read_at=now - timedelta(days=5))
    CountedFigures.objects.filter(pk=better.pk).update(read_at=now - timedelta(days=15))
    made(org, ChildFactory(team=org.team_b, allocated_worker=org.alice), grade=6)

    assert recount_figures() == 1  # how-much, read today; how-well when next read
    much.refresh_from_db()
    assert much.figures == live("how-much") and much.fingerprint == counted.fingerprint()
    assert CountedFigures.objects.get(pk=well.pk).figures != live("how-well")
    assert not CountedFigures.objects.filter(pk=better.pk).exists()
    assert recount_figures() == 0  # nothing changed since


def test_figures_of_a_team_since_deleted_are_dropped_not_counted(org, client_for):
    from bexley_qa.people.models import Team

    gone = Team.objects.create(name="Closed team", service=org.service_a)
    client_for(org.pat).get(f"/dashboard/analytics/how-much/{PERIOD}&team={gone.pk}")
    assert CountedFigures.objects.count() == 1
    gone.delete()
    assert recount_figures() == 0
    assert not CountedFigures.objects.exists()


def test_a_qa_report_page_reads_its_kept_figures_which_equal_a_live_count(org, client_for):
    from datetime import date, datetime

    from reporting.qa_reports import content, services

    made(org, org.amy, grade=6, completed=datetime(2026, 8, 3, 10))
    report = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))
    page = client_for(org.pat).get(report.get_absolute_url())
    assert page.status_code == 200 and 'id="counted-at"' in page.content.decode()
    kept = CountedFigures.objects.get(asked__page="qa-report")
    assert kept.figures == [f.as_json() for f in content.count_report(content.asked_of(report))]
    assert row_for(table(page, "key-figures"), "Audits completed")[-1] == "1"


def test_the_pages_read_most_are_counted_before_anyone_asks_and_only_once(org, october):
    from reporting.counted import precount_figures

    counted_now = precount_figures()
    assert counted_now == 8  # the four questions over the last twelve months, with and without
    # links down to the audits (the Director's); no QA report yet
    assert {k.asked["question"] for k in CountedFigures.objects.all()} == set(QUESTIONS)
    assert precount_figures() == 0  # nothing changed since
    made(org, ChildFactory(team=org.team_b, allocated_worker=org.alice), grade=6)
    assert precount_figures() == 8


def test_the_signs_of_safety_roll_up_which_keeps_no_history_moves_the_state_too(org):
    from datetime import date

    from sos.models import MonthlyFigure

    state = counted.fingerprint()
    MonthlyFigure.objects.create(
        month=date(2026, 10, 1), team=org.team_a, plan_type="cin", children=10,
        mapping=10, three_houses=10, danger_statement=5, safety_goal=5, safety_scale=0,
        words_pictures=0, network_meeting=0, safety_plan=0,
    )  # fmt: skip
    assert counted.fingerprint() != state


def test_figures_counted_while_another_transaction_was_writing_are_counted_again(
    org, october, client_for
):
    """Its history rows, committed after the count, may sit below the last row read: the count
    may have missed them, so it is not taken as current."""
    import psycopg
    from django.db import connection

    pat = client_for(org.pat)
    url = f"/dashboard/analytics/how-much/{PERIOD}"
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=False) as other:
        other.execute("SELECT pg_current_xact_id()")  # a transaction that has begun writing
        assert "Nothing they count has changed since" in pat.get(url).content.decode()
    assert "Changes made since are being counted now" in pat.get(url).content.decode()
    assert recount_figures() == 1
    assert "Nothing they count has changed since" in pat.get(url).content.decode()


def test_figures_counted_long_ago_are_shown_and_counted_in_the_page_only_once_the_worker_is_late(
    org, october, client_for
):
    pat = client_for(org.pat)
    url = f"/dashboard/analytics/how-well/{PERIOD}"
    pat.get(url)
    # Counted long ago: a change is shown as counted, and the worker asked to count it again.
    CountedFigures.objects.update(counted_at=timezone.now() - timedelta(hours=3))
    made(org, ChildFactory(team=org.team_b, allocated_worker=org.alice), grade=6)
    assert "Changes made since are being counted now" in pat.get(url).content.decode()
    asked = CountedFigures.objects.get().recount_asked_at
    assert asked is not None
    pat.get(url)
    assert CountedFigures.objects.get().recount_asked_at == asked  # when first asked
    CountedFigures.objects.update(recount_asked_at=asked - timedelta(minutes=31))
    page = pat.get(url)  # no worker came: counted here rather than shown as it was
    assert row_for(table(page, "grades-by-service"), "Service B")[1:] == [
        "1", "0", "1", "0", "2", "50",
    ]  # fmt: skip
    assert "Nothing they count has changed since" in page.content.decode()
    assert CountedFigures.objects.get().recount_asked_at is None


def test_a_managers_figures_are_kept_for_their_teams_alone_and_shared_with_the_same_teams(
    org, october, client_for
):
    from bexley_qa.people.models import Team

    url = f"/dashboard/analytics/how-well/{PERIOD}"
    tom_page = client_for(org.tom).get(url)  # team A's manager
    assert 'id="counted-at"' in tom_page.content.decode()
    kept = CountedFigures.objects.get()
    assert kept.asked["teams"] == [org.team_a.pk]
    start = OCTOBER.date().replace(day=1)
    team_a = narrowed(
        Audit.objects.filter(team=org.team_a), Team.objects.filter(pk=org.team_a.pk), {},
        start, start,
    )  # fmt: skip
    assert kept.figures == [figure(team_a).as_json() for figure in PAGES["how-well"]]
    assert row_for(table(tom_page, "grades-by-month"), "October 2026")[5] == "4"

    # Team B's manager: kept apart, and team A's audits are not among theirs.
    tariq_page = client_for(org.tariq).get(url)
    assert CountedFigures.objects.count() == 2
    assert [r[0] for r in table(tariq_page, "grades-by-team")] == ["Care"]
    assert row_for(table(tariq_page, "grades-by-month"), "October 2026")[1:] == [
        "1", "0", "0", "0", "1", "0",
    ]  # fmt: skip
    # Another manager of team A reads the figures kept for team A.
    other = UserFactory(team=org.team_a, roles=[RoleCode.TEAM_MANAGER])
    org.team_a.managers.add(other)
    assert client_for(other).get(url).status_code == 200
    assert CountedFigures.objects.count() == 2
    # A manager given a second team reads figures counted for both, not team A's alone.
    org.team_b.managers.add(org.tom)
    both = client_for(org.tom).get(url)
    assert CountedFigures.objects.count() == 3
    assert {r[0] for r in table(both, "grades-by-service")} == {"Service A", "Service B"}


def test_a_managers_changed_figures_are_counted_again_when_read_not_by_the_schedule(
    org, october, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    tom = client_for(org.tom)
    url = f"/dashboard/analytics/how-well/{PERIOD}"
    tom.get(url)
    made(org, ChildFactory(team=org.team_a, allocated_worker=org.alice), grade=1)
    assert recount_figures() == 0  # the schedule counts the directorate's figures only
    queued = []
    monkeypatch.setattr(recount_figures, "delay", lambda key: queued.append(key))
    with django_capture_on_commit_callbacks(execute=True):
        stale = tom.get(url)
    assert "Changes made since are being counted now" in stale.content.decode()
    assert row_for(table(stale, "grades-by-month"), "October 2026")[5] == "4"  # as counted
    assert recount_figures(queued[0]) == 1  # the worker
    fresh = tom.get(url)
    assert row_for(table(fresh, "grades-by-month"), "October 2026")[1:] == [
        "1", "1", "3", "0", "5", "60",
    ]  # fmt: skip


def test_anonymising_a_child_drops_every_kept_figure_to_be_counted_again(
    org, october, client_for, django_capture_on_commit_callbacks
):
    """Some kept figures list case IDs with an auditor's words, and a manager's are not counted
    again until read: none outlives the child's anonymising."""
    from bexley_qa.people import records

    client_for(org.pat).get(f"/dashboard/analytics/how-well/{PERIOD}")
    client_for(org.tom).get(f"/dashboard/analytics/how-well/{PERIOD}")
    assert CountedFigures.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        records.anonymise(org.amy)
    assert not CountedFigures.objects.exists()
    page = client_for(org.tom).get(f"/dashboard/analytics/how-well/{PERIOD}").content.decode()
    assert "Nothing they count has changed since" in page  # counted again, after the change
    assert CountedFigures.objects.count() == 1
