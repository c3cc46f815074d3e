"""The change history (django-pghistory triggers): who changed what, from what to what."""

from django.urls import reverse

from audits.models import AreaScore
from bexley_qa.history import history_of
from bexley_qa.people.models import Child, User

HX = {"HX-Request": "true"}


def save_area(client, audit, version, **data):
    url = reverse("audits:area", args=[audit.pk, 7])
    response = client.post(url, {"version": version, **data}, headers=HX)
    assert response.status_code == 200, response.content
    return response


def test_a_score_changed_on_the_page_shows_who_changed_it_from_what_to_what(org, audit, client_for):
    client = client_for(org.tariq)
    save_area(client, audit, 0, score=4, worked_well="Clear plan")
    save_area(client, audit, 1, score=6, worked_well="Clear plan, shared with the family")

    page = client.get(reverse("audits:changes", args=[audit.pk])).content.decode()
    assert "Area 7" in page and "changed" in page
    assert 'Score: 4 <span aria-hidden="true">→</span>' in page and " 6</li>" in page
    assert "<strong>Before:</strong> Clear plan</p>" in page
    assert "<strong>After:</strong> Clear plan, shared with the family</p>" in page
    assert page.count(org.tariq.get_full_name()) >= 2
    assert (
        reverse("audits:changes", args=[audit.pk])
        in client.get(audit.get_absolute_url()).content.decode()
    )


def test_a_bulk_update_outside_any_page_is_kept_too(org, audit, client_for):
    save_area(client_for(org.tariq), audit, 0, score=4)
    AreaScore.objects.filter(audit=audit).update(
        score=2
    )  # no save(), no signal: the trigger sees it

    history = history_of(AreaScore).objects.filter(audit_id=audit.pk).order_by("pgh_id")
    assert [(row.pgh_label, row.score) for row in history] == [("insert", 4), ("update", 2)]
    page = client_for(org.tariq).get(reverse("audits:changes", args=[audit.pk])).content.decode()
    assert "The system (a scheduled job or an import)" in page
    assert "Score: 4" in page


def test_people_and_children_are_tracked_but_never_a_password(org, audit):
    child = audit.child
    Child.objects.filter(pk=child.pk).update(last_name="Renamed")
    assert child.history.order_by("pgh_id").last().last_name == "Renamed"

    org.alice.set_password("a-new-long-password")
    org.alice.save()
    field_names = {f.name for f in history_of(User)._meta.fields}
    assert "password" not in field_names and "last_login" not in field_names


def test_who_manages_a_team_is_kept_as_it_changes(org):
    from bexley_qa.people.models import TeamManagerHistory

    org.team_a.managers.remove(org.tom)
    org.team_a.managers.add(org.alice)
    rows = TeamManagerHistory.objects.filter(team_id=org.team_a.pk)
    assert (org.tom.pk, "delete") in {(r.user_id, r.pgh_label) for r in rows}
    assert (org.alice.pk, "insert") in {(r.user_id, r.pgh_label) for r in rows}


def test_a_self_assessments_drafts_are_not_on_the_changes_page(org, audit, client_for):
    from django.utils import timezone

    from audits import services

    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=timezone.localdate())
    services.self_assessment_save(
        actor=org.alice, audit=audit, data={"difference_worked_well": "First private draft"},
        version=None,
    )  # fmt: skip
    services.self_assessment_save(
        actor=org.alice, audit=audit, data={"difference_worked_well": "Second private draft"},
        version=1,
    )  # fmt: skip
    url = reverse("audits:changes", args=[audit.pk])
    for person in (org.tariq, org.tom, org.stella):
        page = client_for(person).get(url).content.decode()
        assert "private draft" not in page, person


def test_an_emails_sending_has_a_history_but_not_its_words(org, audit, client_for):
    from bexley_qa.notifications.models import Notification, NotificationStatus

    email = Notification.objects.filter(recipient=org.tariq).first()
    Notification.objects.filter(pk=email.pk).update(status=NotificationStatus.FAILED)
    rows = history_of(Notification).objects.filter(pgh_obj_id=email.pk).order_by("pgh_id")
    assert [r.status for r in rows] == [NotificationStatus.PENDING, NotificationStatus.FAILED]
    kept = {f.name for f in history_of(Notification)._meta.fields}
    assert not kept & {"subject", "body_text", "body_html", "context", "to_address"}


def test_an_import_runs_history_leaves_out_what_the_file_held(org):
    from bexley_qa.imports.models import ImportRun

    kept = {f.name for f in history_of(ImportRun)._meta.fields}
    assert "status" in kept and not kept & {"problems", "changes", "summary"}


def test_survey_calls_have_a_history_until_the_call_list_is_deleted(org):
    from datetime import timedelta

    from django.utils import timezone

    from feedback.models import SurveyCall
    from feedback.statements import FAMILY_STATEMENTS
    from feedback.survey import services

    today = timezone.localdate()
    survey_round = services.survey_round_open(
        actor=org.pat, name="Survey 2026", opens_on=today, closes_on=today + timedelta(days=13),
        services=[org.service_a], statements=[t for _, t in FAMILY_STATEMENTS],
        families_per_team=10,
    )  # fmt: skip
    call = SurveyCall.objects.filter(round=survey_round).first()
    services.survey_call_record(actor=org.pat, call=call, outcome="declined")
    history = history_of(SurveyCall).objects.filter(round=survey_round)
    assert history.filter(pgh_obj_id=call.pk, outcome="declined").exists()
    services.survey_round_close(survey_round=survey_round)
    assert not history.exists()  # the families called are no longer kept anywhere
