"""Audit results through the child's details: every small number hidden, and the rule said."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audits.models import Audit, AuditStatus
from reporting.analytics.childs_details import (
    HIDDEN,
    SUPPRESSED,
    SUPPRESSION_RULE,
    suppressed_row,
)
from tests.factories import ChildFactory

F = SUPPRESSED


def test_a_group_of_fewer_than_5_shows_nothing_else():
    # The group's size is "fewer than 5"; its bands are hidden, not each claimed to be 1 to 4.
    row = suppressed_row("Under 1", {"inadequate": 1, "good": 2})
    assert row == ["Under 1", HIDDEN, HIDDEN, HIDDEN, HIDDEN, F, "–"]


def test_counts_1_to_4_are_hidden_and_the_share_too_when_it_would_tell():
    row = {"inadequate": 0, "requires_improvement": 3, "good": 10, "outstanding": 2}
    assert suppressed_row("Female", row) == ["Female", 0, F, 10, F, 15, "–"]


def test_a_lone_hidden_count_takes_the_next_smallest_with_it():
    row = {"inadequate": 6, "requires_improvement": 2, "good": 10, "outstanding": 0}
    assert suppressed_row("Male", row) == ["Male", HIDDEN, F, 10, 0, 18, 56]


def test_no_small_numbers_no_hiding():
    row = {"inadequate": 6, "requires_improvement": 7, "good": 10, "outstanding": 8}
    assert suppressed_row("White – British", row) == ["White – British", 6, 7, 10, 8, 31, 58]


def _graded_audit(org, age_days: int, language: str = "English"):
    now = timezone.now()
    child = ChildFactory(
        team=org.team_a, allocated_worker=org.alice,
        date_of_birth=now.date() - datetime.timedelta(days=age_days),
    )  # fmt: skip
    Audit.objects.create(
        child=child, auditor=org.tariq, practitioner=org.alice, team=org.team_a,
        allocated_by=org.bella, date_of_birth=child.date_of_birth, gender=child.gender,
        ethnicity=child.ethnicity, first_language=language,
        status=AuditStatus.COMPLETED, grade=6, final_grade=6, completed_at=now,
    )  # fmt: skip


def test_the_page_hides_a_small_group_and_says_the_rule(org, client_for):
    """This month: 12 audits of children aged 10 to 15, 9 aged 5 to 9, one baby. The baby's
    group is small; alone, so the next smallest (5 to 9) is hidden too."""
    for _ in range(12):
        _graded_audit(org, 365 * 12, language=" english ")
    for _ in range(9):
        _graded_audit(org, 365 * 7)
    _graded_audit(org, 100, language="Tigrinya")
    page = client_for(org.pat).get(reverse("analytics:question", args=["childs-details"]))
    assert page.status_code == 200
    rows = {r[0]: r for r in page.context["figures"][0].rows}
    assert rows["10 to 15"][1:] == [0, 0, 12, 0, 12, 100]
    assert rows["Under 1"][1:] == [HIDDEN] * 4 + [F, "–"]
    assert rows["5 to 9"][1:] == [HIDDEN] * 5 + ["–"]
    assert rows["16 to 17"][1:] == [0, 0, 0, 0, 0, "–"]  # every band listed, present or not
    languages = {r[0]: r for r in page.context["figures"][3].rows}
    assert languages["English"][5] == HIDDEN or languages["English"][5] == 21
    assert "Tigrinya" not in page.text  # a rare language is not named
    assert escape(SUPPRESSION_RULE) in page.text


def test_nothing_is_shown_for_fewer_than_20_graded_audits(org, client_for):
    for _ in range(6):
        _graded_audit(org, 365 * 12)
    page = client_for(org.pat).get(reverse("analytics:question", args=["childs-details"]))
    assert page.context["figures"][0].rows == []
    assert "too few to show by the child" in page.text
