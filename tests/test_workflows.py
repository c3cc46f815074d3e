"""Every record with a status declares its workflow once (bexley_qa/workflow.py): a move from the
wrong status is refused with the transition's own sentence and changes nothing, and no template
chooses what to show by comparing a status to a word."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from audits.practice_week.workflow import WORKFLOW as WEEK_WORKFLOW
from audits.workflow import WORKFLOW as AUDIT_WORKFLOW
from bexley_qa.imports.workflow import WORKFLOW as RUN_WORKFLOW
from bexley_qa.notifications.models import Notification
from bexley_qa.notifications.workflow import WORKFLOW as EMAIL_WORKFLOW
from bexley_qa.notifications.workflow import NotificationStatus
from bexley_qa.people.workflow import WORKFLOW as REVIEW_WORKFLOW
from bexley_qa.workflow import Tag, Transition, Workflow
from feedback.survey.workflow import WORKFLOW as ROUND_WORKFLOW
from moderation.workflow import WORKFLOW as MODERATION_WORKFLOW
from reporting.qa_reports.workflow import WORKFLOW as REPORT_WORKFLOW

ROOT = Path(__file__).resolve().parents[1]
EVERY = [
    AUDIT_WORKFLOW, WEEK_WORKFLOW, RUN_WORKFLOW, EMAIL_WORKFLOW, REVIEW_WORKFLOW, ROUND_WORKFLOW,
    MODERATION_WORKFLOW, REPORT_WORKFLOW,
]  # fmt: skip
GOVUK_TAG_COLOURS = {
    "grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange", "yellow",
}  # fmt: skip


@pytest.mark.parametrize("workflow", EVERY)
def test_every_status_has_words_and_a_govuk_tag_colour(workflow):
    for tag in workflow.tags.values():
        assert tag.label and tag.colour in GOVUK_TAG_COLOURS
    for step in workflow.transitions:
        assert step.label and step.refusal


def test_a_transition_naming_an_undeclared_status_is_refused_when_declared():
    with pytest.raises(ValueError, match="no such status"):
        Workflow({"a": Tag("A", "blue")}, [Transition(("a",), "b", "Go", "No")])


@pytest.mark.django_db
def test_a_move_from_the_wrong_status_is_refused_with_its_sentence_and_changes_nothing(org):
    email = Notification.objects.create(
        recipient=org.pat, to_address=org.pat.email, template="t", subject="s", body_text="b",
        body_html="b", dedupe_key="k",
    )  # fmt: skip
    with (
        pytest.raises(ValidationError, match="this one is waiting to be sent"),
        transaction.atomic(),
    ):
        EMAIL_WORKFLOW.move(email, EMAIL_WORKFLOW.transitions[-1])  # Resend, from pending
    email.refresh_from_db()
    assert email.status == NotificationStatus.PENDING


@pytest.mark.django_db
def test_resending_an_email_still_waiting_says_so_and_queues_nothing_again(org, client_for):
    email = Notification.objects.create(
        recipient=org.pat, to_address=org.pat.email, template="t", subject="s", body_text="b",
        body_html="b", dedupe_key="k", attempts=2,
    )  # fmt: skip
    page = client_for(org.pat).post(reverse("notifications:resend", args=[email.pk]), follow=True)
    assert "Only a sent or failed email can be sent again" in page.text
    email.refresh_from_db()
    assert email.attempts == 2  # not reset: nothing was done


# The words of a declared status, written into a tag by hand (a review found five such tags).
STATUS_WORDS = (
    "Open|Done|Overdue|Sent|Failed|Pending|Cancelled|Published|Draft|Imported|Refused|Waived|"
    "Not started|In progress|Allocated|Finalised|Proposed|Not published"
)


def test_no_template_writes_a_status_tag_by_hand():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in re.finditer(
            rf'govuk-tag--[a-z-]+[^"]*">\s*({STATUS_WORDS})\b', path.read_text()
        )
    ]
    assert found == []


def test_no_template_compares_a_status_to_a_word():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in re.finditer(r"status\s*(==|!=)\s*['\"]", path.read_text())
    ]
    assert found == []
