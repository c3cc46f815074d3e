"""Subject access (everything held about one child) and the retention schedule."""

import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context
from pypdf import PdfReader

from audits.models import AreaScore
from bexley_qa.history import history_of
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import Child, RecordView, RetentionReview
from bexley_qa.people.retention import retention_review
from feedback.models import FamilyFeedback
from tests.helpers import assert_tagged_pdf


def test_psqa_export_everything_held_about_a_child_as_json_and_it_is_logged(
    org, found_inadequate, client_for
):
    child = found_inadequate.child
    client_for(org.tom).get(reverse("audits:detail", args=[found_inadequate.pk]))
    response = client_for(org.pat).get(
        reverse("people:subject-access", args=[child.case_id, "json"])
    )
    assert response["Content-Disposition"].endswith(
        f'{child.case_id}-{timezone.localdate():%Y-%m-%d}.json"'
    )
    data = json.loads(response.content)
    sections = {s["title"]: s for s in data["sections"]}
    assert sections["The child's record"]["records"][0]["last_name"] == child.last_name
    assert sections["Audits"]["records"][0]["grade"] == 2
    scores = sections["Practice area scores"]
    assert len(scores["records"]) == 19 and scores["records"][0]["worked_well"] == "Strength 1"
    assert len(scores["history"]) == 19  # each area's insert, with who made it
    assert sections["Family feedback"]["records"][0]["going_well"] == "Visits"
    assert [a["what"] for a in sections["Actions"]["records"]] == [
        "Safety plan with the network",
        "Practice observation",
    ]
    assert org.tom.get_full_name() in {v["who"] for v in data["record_views"]}
    assert RecordView.objects.filter(user=org.pat, child=child, what="export").exists()


def test_the_pdf_is_for_a_person_to_read_not_a_database_dump(org, found_inadequate, client_for):
    child = found_inadequate.child
    client_for(org.tom).get(reverse("audits:area", args=[found_inadequate.pk, 7]))
    response = client_for(org.pat).get(
        reverse("people:subject-access", args=[child.case_id, "pdf"])
    )
    reader = PdfReader(io.BytesIO(response.content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    assert_tagged_pdf(response.content, "Subject access")
    assert f"Everything held about {child.full_name}, case {child.case_id}" in text
    # A contents page, then each group on its own page, as the contents says.
    for heading in ("The child's record", "Audits", "Moderation", "Feedback",
                    "Signs of Safety measures", "Who has looked at these records"):  # fmt: skip
        assert heading in pages[0]
    assert "Practice area scores" in text and "Strength 19" in text
    # Fields by their labels; people and teams by name; the audit by its reference.
    assert f"Audit {found_inadequate.reference}" in text
    assert "Areas of strength" in text or "Worked well" in text
    assert str(org.tariq.get_full_name()) in text and org.team_a.name in text
    # History as who changed what, when; reads in words.
    assert f"{org.tariq.get_full_name()}" in text and "created" in text
    assert f"Opened practice area 7 of audit {found_inadequate.reference}" in text
    assert "/audits/" not in text  # reads in words, not paths
    for database_word in ("_id", "pgh_", "team_id", "None", "True", "False", "_label"):
        assert database_word not in text, database_word
    assert RecordView.objects.filter(user=org.pat, child=child, what="pdf").exists()


@pytest.mark.parametrize(("person", "status"), [("tom", 403), ("priya", 404), ("bella", 404)])
def test_only_psqa_export_a_childs_records(org, audit, client_for, person, status):
    url = reverse("people:subject-access", args=[audit.child.case_id, "json"])
    assert client_for(getattr(org, person)).get(url).status_code == status
    assert client_for(org.pat).get(url.replace(".json", ".exe")).status_code == 404


def past(child, years=26, is_open=False):
    today = timezone.localdate()
    Child.objects.filter(pk=child.pk).update(
        date_of_birth=today.replace(year=today.year - years), is_open=is_open
    )


def test_the_nightly_job_lists_closed_cases_past_the_25th_birthday_once_and_tells_psqa(org):
    past(org.amy)
    past(org.dan, years=24)  # not yet 25
    past(org.ben, is_open=True)  # still open
    assert retention_review() == 1
    assert retention_review() == 0  # already waiting for PSQA
    review = RetentionReview.objects.get()
    assert review.child == org.amy and review.status == "pending"
    email = Notification.objects.get(template="retention-review", recipient=org.pat)
    assert "1 child's records past retention" in email.subject


def test_psqa_anonymise_and_the_child_can_no_longer_be_identified(
    org, found_inadequate, client_for, django_capture_on_commit_callbacks
):
    child = found_inadequate.child
    name, case_id, born = child.full_name, child.case_id, child.date_of_birth
    client_for(org.tom).get(reverse("people:child-detail", args=[case_id]))
    Context.objects.create(metadata={"user": org.tom.pk, "url": f"/children/{case_id}/"})
    past(child)
    retention_review()
    review = RetentionReview.objects.get(child=child)
    client = client_for(org.pat)
    page = client.get(reverse("manage:retention-anonymise", args=[review.pk])).content.decode()
    assert "This cannot be undone" in page

    # A PDF of the child's audit drawn before: kept in the cache, naming the child.
    from django.core.cache import cache

    from audits.pdf import _key, render_audit_pdf

    render_audit_pdf(found_inadequate)
    assert cache.get(_key(found_inadequate.pk)) is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("manage:retention-anonymise", args=[review.pk]), follow=True)
    assert f"Case {case_id} anonymised" in response.content.decode()
    assert cache.get(_key(found_inadequate.pk)) is None  # forgotten once anonymised
    child.refresh_from_db()
    assert child.full_name != name and child.case_id == f"ANON{child.pk}"
    assert child.date_of_birth == date(child.date_of_birth.year, 1, 1) and child.anonymised_at
    assert not history_of(Child).objects.filter(pgh_obj_id=child.pk).exists()
    scores = AreaScore.objects.filter(audit=found_inadequate)
    assert scores.count() == 19 and set(scores.values_list("worked_well", flat=True)) == {""}
    assert set(scores.values_list("score", flat=True)) == {5}  # statistics keep the scores
    assert not history_of(AreaScore).objects.filter(audit_id=found_inadequate.pk).exists()
    assert FamilyFeedback.objects.get(audit=found_inadequate).going_well == ""
    assert not RecordView.objects.filter(path__contains=case_id).exists()
    assert not Context.objects.filter(metadata__url__contains=case_id).exists()
    assert not Notification.objects.filter(body_text__contains=name).exists()

    export = client.get(reverse("people:subject-access", args=[child.case_id, "json"])).content
    for secret in (name, name.split()[0], case_id, born.isoformat()):
        assert secret.encode() not in export, secret
    review.refresh_from_db()
    assert (review.status, review.decided_by) == ("anonymised", org.pat)
    # Decided once: a second post changes nothing more.
    again = client.post(reverse("manage:retention-anonymise", args=[review.pk]))
    assert again.status_code == 404


def test_psqa_keep_records_for_a_reason_until_a_date_then_they_come_back(org, client_for):
    past(org.amy)
    retention_review()
    review = RetentionReview.objects.get()
    client = client_for(org.pat)
    url = reverse("manage:retention-keep", args=[review.pk])
    refused = client.post(url, {"reason": ""})
    assert "Enter why the records are kept" in refused.content.decode()
    until = timezone.localdate() + timedelta(days=90)
    client.post(
        url,
        {"reason": "Legal hold", "keep_until_0": until.day, "keep_until_1": until.month,
         "keep_until_2": until.year},
    )  # fmt: skip
    review.refresh_from_db()
    assert (review.status, review.reason, review.keep_until) == ("kept", "Legal hold", until)
    assert retention_review() == 0
    assert retention_review(today=until + timedelta(days=1)) == 1


@pytest.mark.parametrize("person", ["tom", "dee", "bella"])
def test_only_psqa_decide_on_retention(org, client_for, person):
    past(org.amy)
    retention_review()
    review = RetentionReview.objects.get()
    client = client_for(getattr(org, person))
    assert client.get(reverse("manage:retention")).status_code == 403
    assert client.post(reverse("manage:retention-anonymise", args=[review.pk])).status_code == 403
    review.refresh_from_db()
    assert review.status == "pending"


def test_anonymising_scrubs_every_free_text_field_and_deleted_records_history_but_not_other_children(
    org, found_inadequate, client_for
):
    from audits.models import Action

    child = found_inadequate.child
    name = child.first_name
    from feedback.models import ChildFeedback

    ChildFeedback.objects.create(
        audit=found_inadequate,
        contact_date=timezone.localdate(),
        child_name=name,
        how_helpful="Very",
        recorded_by=org.tariq,
    )
    removed = Action.objects.filter(audit=found_inadequate).first()
    Action.objects.filter(pk=removed.pk).update(what=f"Talk to {name} at school")
    removed.delete()  # its snapshots (which hold the text) outlive it
    # Another child with the same name, whose emails must be left alone.
    from bexley_qa.notifications.models import Notification

    other = Notification.objects.create(
        recipient=org.tom, to_address=org.tom.email, template="x", subject="About case 2000001",
        body_text=f"{child.full_name} (case 2000001)", body_html="", dedupe_key="other-child",
    )  # fmt: skip
    past(child)
    retention_review()
    client_for(org.pat).post(
        reverse("manage:retention-anonymise", args=[RetentionReview.objects.get().pk])
    )

    from audits.models import Audit

    assert not history_of(Action).objects.filter(audit_id=found_inadequate.pk).exists()
    assert Audit.objects.get(pk=found_inadequate.pk).impact_summary == ""
    export = (
        client_for(org.pat)
        .get(reverse("people:subject-access", args=[f"ANON{child.pk}", "json"]))
        .content.decode()
    )
    assert name not in export
    other.refresh_from_db()
    assert other.body_text == f"{child.full_name} (case 2000001)"


def test_a_case_reopened_after_it_was_listed_is_not_anonymised(org, client_for):
    past(org.amy)
    retention_review()
    review = RetentionReview.objects.get()
    Child.objects.filter(pk=org.amy.pk).update(is_open=True)  # re-opened in the case system
    response = client_for(org.pat).post(
        reverse("manage:retention-anonymise", args=[review.pk]), follow=True
    )
    assert "is no longer past retention" in response.content.decode()
    org.amy.refresh_from_db()
    assert org.amy.anonymised_at is None and org.amy.first_name != "Anonymised"
    review.refresh_from_db()
    assert review.status == "cancelled"
