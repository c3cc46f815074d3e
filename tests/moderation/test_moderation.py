"""Allocating, moderating (agree and disagree), finalising, what each person is told and sees."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audits.models import Action, ActionSource, Audit, AuditEvent
from audits.workflow import EventCode
from bexley_qa import workdays
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import RoleCode, UserRole
from moderation import access, services
from moderation.demo import complete_audit
from moderation.models import Agreement, Moderation, ModerationStatus

from ..helpers import date_data


def finalise_agreeing(org, moderation):
    """Mo agrees with Tariq's grade (2) and finalises."""
    services.moderation_grade_save(
        actor=org.mo,
        moderation=moderation,
        data={"grade": 2, "outstanding": False, "agreement": Agreement.AGREE},
        version=None,
    )
    return services.moderation_finalise(
        actor=org.mo, moderation=moderation, case_note="Agreed; on file"
    )


def _emails(template: str) -> set[str]:
    return set(
        Notification.objects.filter(template=template).values_list("recipient__username", flat=True)
    )


# Allocation -----------------------------------------------------------------------------------------


def test_the_auditor_and_the_childs_managers_cannot_moderate(org, sample, completed):
    for person in (org.tariq, org.tom, org.sam):  # each also a moderator, say
        UserRole.objects.create(user=person, role=RoleCode.MODERATOR)
        person.__dict__.pop("role_codes", None)
    eligible = set(access.eligible_moderators_for(completed))
    assert eligible == {org.mo, org.dee}
    assert "the child's team" in access.moderator_problem(org.sam, completed)
    moderation = sample.moderations.get(audit=completed)
    with pytest.raises(ValidationError) as refused:
        services.moderation_allocate(
            actor=org.pat,
            moderation=moderation,
            moderator=org.tariq,
            return_date=timezone.localdate() + datetime.timedelta(days=5),
        )
    assert "audited this case" in str(refused.value)
    assert Moderation.objects.get(pk=moderation.pk).status == ModerationStatus.PROPOSED


def test_psqa_allocate_in_the_browser_with_20_working_days_by_default(
    org, sample, completed, client_for
):
    client = client_for(org.pat)
    moderation = sample.moderations.get(audit=completed)
    url = reverse("moderation:allocate", args=[moderation.pk])
    page = client.get(url)
    default = workdays.add_working_days(timezone.localdate(), 20)
    assert page.context["form"].initial["return_date"] == default
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(url, {"moderator": org.mo.pk, **date_data("return_date", due)})
    assert response.status_code == 302
    moderation.refresh_from_db()
    assert (moderation.moderator, moderation.return_date) == (org.mo, due)
    email = Notification.objects.get(template="moderation-allocated")
    assert email.recipient == org.mo and org.amy.case_id in email.subject
    assert f"Audit reference: {completed.reference}" in email.body_text
    assert org.amy.first_name not in email.subject
    # Allocating it again as it is (the form opens so) changes nothing and emails no one.
    again = client.post(url, {"moderator": org.mo.pk, **date_data("return_date", due)})
    assert again.status_code == 400
    assert f"It is already allocated to {org.mo}, due back on" in again.content.decode()
    assert Notification.objects.filter(template="moderation-allocated").count() == 1
    # A new return date is news: the moderator is told it.
    later = due + datetime.timedelta(days=7)
    assert (
        client.post(url, {"moderator": org.mo.pk, **date_data("return_date", later)}).status_code
        == 302
    )
    assert Notification.objects.filter(template="moderation-allocated").count() == 2


def test_psqa_remove_an_audit_with_a_reason_and_add_another(org, sample, completed, client_for):
    client = client_for(org.pat)
    moderation = sample.moderations.get(audit=completed)
    url = reverse("moderation:remove", args=[moderation.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "Already reviewed by the service"})
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.REMOVED
    assert "Already reviewed" in moderation.removed_reason
    response = client.post(
        reverse("moderation:add"), {"audit": completed.reference, "reason": "Asked by the head"}
    )
    assert response.status_code == 302
    added = Moderation.objects.exclude(status=ModerationStatus.REMOVED).get(audit=completed)
    assert added.reason.startswith(f"Added by {org.pat}")


def test_an_audit_is_added_by_its_case_id_or_by_the_reference_its_page_shows(
    org, sample, completed, client_for
):
    client = client_for(org.pat)
    services.moderation_remove(
        actor=org.pat, moderation=sample.moderations.get(audit=completed), reason="Reviewed"
    )
    assert completed.reference in client.get(completed.get_absolute_url()).content.decode()
    again = complete_audit(child=org.amy, auditor=org.tariq, support=org.bella, grade=4, again=True)
    url = reverse("moderation:add")
    two = client.post(url, {"audit": org.amy.case_id, "reason": "Asked by the head"})
    assert two.status_code == 400
    page = two.content.decode()
    assert f"Case {org.amy.case_id} has more than one completed audit" in page
    assert completed.reference in page and again.reference in page
    for typed, problem in (
        ("AUD-99999", "There is no completed audit AUD-99999"),
        ("7777777", "There is no completed audit of case 7777777"),
    ):
        refused = client.post(url, {"audit": typed, "reason": "Asked by the head"})
        assert problem in refused.content.decode()
    assert Moderation.objects.filter(audit__child=org.amy).exclude(status="removed").count() == 0
    typed_loosely = completed.reference.lower().replace("-", " ")
    assert client.post(url, {"audit": typed_loosely, "reason": "Asked"}).status_code == 302
    assert Moderation.objects.exclude(status="removed").filter(audit=completed).exists()


def test_a_case_with_one_completed_audit_is_added_by_its_case_id(
    org, sample, dans_audit, client_for
):
    services.moderation_remove(
        actor=org.pat, moderation=sample.moderations.get(audit=dans_audit), reason="Reviewed"
    )
    response = client_for(org.pat).post(
        reverse("moderation:add"), {"audit": f" {org.dan.case_id} ", "reason": "Asked by the head"}
    )
    assert response.status_code == 302
    assert Moderation.objects.exclude(status="removed").filter(audit=dans_audit).exists()


def test_an_audit_already_in_the_sample_is_not_added_twice(org, sample, completed, client_for):
    response = client_for(org.pat).post(
        reverse("moderation:add"), {"audit": completed.reference, "reason": "Again"}
    )
    assert response.status_code == 400
    assert "already in a moderation sample" in response.content.decode()


# Access ---------------------------------------------------------------------------------------------


def test_a_moderator_reads_only_the_audits_allocated_to_them(
    org, allocated, dans_audit, client_for
):
    client = client_for(org.mo)
    assert client.get(allocated.get_absolute_url()).status_code == 200
    assert client.get(allocated.audit.get_absolute_url()).status_code == 200
    other = Moderation.objects.get(audit=dans_audit)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(dans_audit.get_absolute_url()).status_code == 404


def test_another_team_and_the_practitioner_cannot_reach_a_moderation_in_progress(
    org, allocated, client_for
):
    url = allocated.get_absolute_url()
    assert client_for(org.priya).get(url).status_code == 404  # another team's practitioner
    assert client_for(org.alice).get(url).status_code == 404  # not finalised yet
    assert client_for(org.charlie).get(url).status_code == 404
    assert client_for(org.tom).get(url).status_code == 200  # manager of the child's team
    assert client_for(org.tom).get(reverse("moderation:sample")).status_code == 404
    page = client_for(org.sam).get(reverse("moderation:sample"))
    assert page.status_code == 200  # the service manager sees their scope's sample
    for name in ("moderation:allocate", "moderation:remove", "moderation:area"):
        args = [allocated.pk, 1] if name == "moderation:area" else [allocated.pk]
        assert client_for(org.priya).get(reverse(name, args=args)).status_code == 404


def test_only_the_moderator_may_record(org, allocated, client_for):
    url = reverse("moderation:area", args=[allocated.pk, 1])
    response = client_for(org.pat).post(url, {"score": 3, "version": 0})
    assert response.status_code == 403
    assert not allocated.scores.exists()


# Moderating -----------------------------------------------------------------------------------------


def test_a_score_autosaves_beside_the_auditors(org, allocated, client_for):
    client = client_for(org.mo)
    url = reverse("moderation:area", args=[allocated.pk, 6])
    page = client.get(url).content.decode()
    assert "Auditor&#x27;s score" in page or "Auditor's score" in page
    assert "Your score on the collaborative scale" in page
    rated = client.get(reverse("moderation:area", args=[allocated.pk, 2])).content.decode()
    assert "Your rating, as moderator" in rated and "Auditor rating" not in rated
    response = client.post(
        url, {"score": 4, "comment": "Thin", "version": 0}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert allocated.scores.get(area=6).score == 4
    stale = client.post(url, {"score": 7, "comment": "", "version": 0}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409 and allocated.scores.get(area=6).score == 4


def test_finalising_lists_what_is_missing_and_changes_nothing(org, allocated, client_for):
    response = client_for(org.mo).post(reverse("moderation:finalise", args=[allocated.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Score all 19 practice areas (0 scored so far)" in page
    assert "Record your grade" in page
    assert Moderation.objects.get(pk=allocated.pk).status == ModerationStatus.ALLOCATED


def test_agreeing_finalises_with_the_moderators_grade_and_tells_each_person_once(
    org, recorded, send_outbox
):
    moderation = finalise_agreeing(org, recorded)
    audit = Audit.objects.get(pk=moderation.audit_id)
    assert (audit.final_grade, audit.grade, audit.band.label) == (2, 2, "Inadequate")
    assert audit.events.filter(code=EventCode.MODERATED).count() == 1
    assert _emails("moderation-complete") == {"alice", "stella", "tom"}
    # Inadequate still, with actions open: worker, team manager and service manager must act.
    assert _emails("moderation-action-needed") == {"alice", "stella", "tom", "sam"}
    assert _emails("moderation-inadequate") == {"pat", "sam"}
    before = Notification.objects.count()
    with pytest.raises(PermissionDenied):
        services.moderation_finalise(
            actor=org.mo, moderation=moderation, case_note="Agreed; on file"
        )
    assert Notification.objects.count() == before


def test_disagreeing_needs_the_meeting_and_the_agreed_grade_becomes_final(
    org, recorded, client_for
):
    client = client_for(org.mo)
    grade = client.post(
        reverse("moderation:grade", args=[recorded.pk]),
        {"grade": 4, "agreement": "disagree", "version": recorded.version},
    )
    assert grade.status_code == 302
    finalise = client.post(reverse("moderation:finalise", args=[recorded.pk]))
    assert "Record the meeting with the auditor" in finalise.content.decode()
    recorded.refresh_from_db()
    meeting = client.post(
        reverse("moderation:meeting", args=[recorded.pk]),
        {
            "version": recorded.version,
            **date_data("meeting_date", timezone.localdate()),
            "meeting_attendees": "Tariq Taylor, Mo Moss",
            "agreed_grade": 3,
            "learning_strengths": "A careful reading",
            "learning_to_develop": "Weigh the evidence of impact",
        },
    )
    assert meeting.status_code == 302
    url = reverse("moderation:finalise", args=[recorded.pk])
    # Fig 1.4: the form is finalised with the moderator's management oversight case note.
    no_note = client.post(url, {"case_note": " "})
    assert no_note.status_code == 400
    assert "Enter your management oversight case note" in no_note.text
    assert Moderation.objects.get(pk=recorded.pk).status == ModerationStatus.ALLOCATED
    assert client.post(url, {"case_note": "Agreed a 3 with the auditor"}).status_code == 302
    assert Moderation.objects.get(pk=recorded.pk).case_note == "Agreed a 3 with the auditor"
    assert (
        "Agreed a 3 with the auditor" in client_for(org.tom).get(recorded.get_absolute_url()).text
    )
    audit = Audit.objects.get(pk=recorded.audit_id)
    assert (audit.grade, audit.final_grade, audit.band.label) == (2, 3, "Requires improvement")
    assert audit.grade_changed_by_moderation
    # The auditor sees the learning, on their home page and the moderation's.
    home = client_for(org.tariq).get(reverse("home")).content.decode()
    assert "learning recorded for you" in home
    page = client_for(org.tariq).get(recorded.get_absolute_url()).content.decode()
    assert "Weigh the evidence of impact" in page
    # The practitioner reads the outcome once it is finalised, without the auditor's learning.
    alice = client_for(org.alice).get(recorded.get_absolute_url()).content.decode()
    assert "Final grade 3: Requires improvement" in alice
    assert "Weigh the evidence of impact" not in alice
    # The audits list counts the final grade.
    listed = client_for(org.pat).get(
        reverse("audits:allocations"), {"band": "requires_improvement"}
    )
    assert audit in list(listed.context["page"])


def test_a_finalised_moderation_cannot_be_changed_by_a_hand_made_post(org, recorded, client_for):
    finalise_agreeing(org, recorded)
    client = client_for(org.mo)
    for name, data in (
        ("moderation:grade", {"grade": 6, "agreement": "agree", "version": 99}),
        ("moderation:comments", {"good_practice": "x", "version": 99}),
        ("moderation:actions", {}),
    ):
        assert client.post(reverse(name, args=[recorded.pk]), data).status_code == 403
    area = client.post(
        reverse("moderation:area", args=[recorded.pk, 1]), {"score": 9, "version": 2}
    )
    assert area.status_code == 403
    moderation = Moderation.objects.get(pk=recorded.pk)
    assert (moderation.grade, moderation.good_practice) == (2, "Clear analysis")
    assert moderation.scores.get(area=1).score == 3
    remove = client_for(org.pat).post(
        reverse("moderation:remove", args=[recorded.pk]), {"reason": "x"}
    )
    assert remove.status_code == 403


def test_an_additional_action_joins_the_audits_actions(org, allocated, client_for):
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client_for(org.mo).post(
        reverse("moderation:action-add", args=[allocated.pk]),
        {
            "what": "Hold a network meeting",
            "owner_name": "Tom Turner",
            **date_data("due_date", due),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(what="Hold a network meeting")
    assert (action.audit_id, action.source) == (allocated.audit_id, ActionSource.MODERATION)


def test_the_team_manager_records_the_oversight_note_once(org, recorded, client_for):
    finalise_agreeing(org, recorded)
    client = client_for(org.tom)
    assert "awaiting your oversight note" in client.get(reverse("home")).content.decode()
    url = reverse("moderation:oversight", args=[recorded.pk])
    empty = client.post(url, {"direction": "", "action": "", "timescale": "", "completion": ""})
    assert empty.status_code == 400
    # The framework's four parts: direction, action, timescale, and completion of tasks.
    assert "Enter how the completion of the tasks will be checked" in empty.text
    client.post(
        url,
        {"direction": "Step up", "action": "Network meeting", "timescale": "A week",
         "completion": "Checked at supervision on the 3rd"},
    )  # fmt: skip
    recorded = Moderation.objects.get(pk=recorded.pk)
    assert (recorded.oversight_direction, recorded.oversight_completion) == (
        "Step up", "Checked at supervision on the 3rd"
    )  # fmt: skip
    assert "Checked at supervision on the 3rd" in client.get(recorded.get_absolute_url()).text
    assert client.get(url).status_code == 403
    assert "awaiting your oversight note" not in client.get(reverse("home")).content.decode()
    assert client_for(org.tariq).get(url).status_code == 403


# Deadlines ------------------------------------------------------------------------------------------


def test_the_moderator_is_reminded_on_the_return_date_and_psqa_told_when_overdue(org, allocated):
    due = allocated.return_date
    assert services.moderation_reminders_queue(today=due - datetime.timedelta(days=1)) == 0
    assert services.moderation_reminders_queue(today=due) == 1
    assert services.moderation_reminders_queue(today=due) == 0  # once
    late = workdays.add_working_days(due, 5)
    with time_machine.travel(late):
        assert services.moderation_reminders_queue(today=late) == 1  # PSQA (Pat), once
        assert services.moderation_reminders_queue(today=late) == 0
    assert _emails("moderation-due") == {"mo"} and _emails("moderation-overdue") == {"pat"}


def test_the_moderators_home_shows_time_left(org, allocated, client_for):
    page = client_for(org.mo).get(reverse("home")).content.decode()
    assert f"Case {org.amy.case_id}" in page and "28 days left" in page


# Pages ----------------------------------------------------------------------------------------------


def test_the_sample_page_runs_a_fixed_number_of_queries(
    org, sample, allocated, client_for, django_assert_max_num_queries
):
    client = client_for(org.pat)
    client.get(reverse("moderation:sample"))
    with django_assert_max_num_queries(13) as first:
        client.get(reverse("moderation:sample"))
    bens = complete_audit(child=org.ben, auditor=org.tariq, support=org.bella, grade=5)
    services.moderation_add(actor=org.pat, sample=sample, audit=bens, reason="Asked for")
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(reverse("moderation:sample"))
    assert page.context["page"].paginator.count == 3


def test_insights_count_agreement_and_grade_shift(org, recorded, client_for):
    finalise_agreeing(org, recorded)
    page = client_for(org.pat).get(reverse("moderation:insights"), {"by": "team"})
    assert [(r["label"], r["moderated"], r["agreement_percent"]) for r in page.context["rows"]] == [
        ("Assessment", 1, 100)
    ]
    csv = client_for(org.pat).get(reverse("moderation:insights"), {"by": "team", "format": "csv"})
    assert b"Assessment,1,1,100,0,0" in csv.content
    chart = client_for(org.pat).get(reverse("moderation:insights"), {"by": "team", "format": "svg"})
    assert chart["Content-Type"] == "image/svg+xml" and b"Assessment" in chart.content
    assert client_for(org.priya).get(reverse("moderation:insights")).status_code == 403
    assert AuditEvent.objects.filter(code=EventCode.MODERATED).count() == 1


def test_actions_still_open_24_hours_after_finalising_escalate_once(org, recorded):
    moderation = finalise_agreeing(org, recorded)
    assert services.moderation_reminders_queue() == 0
    later = moderation.finalised_at + datetime.timedelta(hours=25)
    with time_machine.travel(later):
        services.moderation_reminders_queue()
        services.moderation_reminders_queue()
    assert _emails("moderation-escalation") == {"tom", "sam", "pat"}
    assert Notification.objects.filter(template="moderation-escalation").count() == 3


def test_agreeing_means_the_auditors_grade_and_clears_an_earlier_meeting(org, recorded, client_for):
    client = client_for(org.mo)
    url = reverse("moderation:grade", args=[recorded.pk])
    refused = client.post(url, {"grade": 4, "agreement": "agree", "version": recorded.version})
    assert refused.status_code == 400
    assert "You gave a different grade from the auditor" in refused.content.decode()
    assert Moderation.objects.get(pk=recorded.pk).agreement == ""
    services.moderation_grade_save(
        actor=org.mo,
        moderation=recorded,
        data={"grade": 4, "outstanding": False, "agreement": Agreement.DISAGREE},
        version=None,
    )
    recorded.refresh_from_db()
    services.moderation_meeting_save(
        actor=org.mo,
        moderation=recorded,
        data={"meeting_date": timezone.localdate(), "agreed_grade": 3, "learning_strengths": "x"},
        version=None,
    )
    recorded.refresh_from_db()
    services.moderation_grade_save(
        actor=org.mo,
        moderation=recorded,
        data={"grade": 2, "outstanding": False, "agreement": Agreement.AGREE},
        version=None,
    )
    moderation = Moderation.objects.get(pk=recorded.pk)
    assert (moderation.agreed_grade, moderation.meeting_date, moderation.learning_strengths) == (
        None,
        None,
        "",
    )


def test_a_score_out_of_range_says_what_to_do(org, allocated, client_for):
    response = client_for(org.mo).post(
        reverse("moderation:area", args=[allocated.pk, 1]), {"score": 11, "version": 0}
    )
    assert response.status_code == 400
    assert "Select a score from 0 to 10" in response.content.decode()
    assert not allocated.scores.exists()


def test_psqa_amend_a_finalised_moderation_with_a_reason_kept_beside_it(org, recorded, client_for):
    moderation = finalise_agreeing(org, recorded)
    url = reverse("moderation:amend", args=[moderation.pk])
    assert client_for(org.mo).get(url).status_code == 403
    assert client_for(org.priya).get(url).status_code == 404
    client = client_for(org.pat)
    assert client.post(url, {"grade": 3, "reason": ""}).status_code == 400
    assert client.post(url, {"grade": 3, "reason": "The chronology was misread"}).status_code == 302
    audit = Audit.objects.get(pk=moderation.audit_id)
    assert (audit.grade, audit.final_grade) == (2, 3)
    kept = Moderation.objects.get(pk=moderation.pk)
    assert (kept.final_grade, kept.amendments.get().reason) == (2, "The chronology was misread")
    page = client.get(moderation.get_absolute_url()).content.decode()
    assert "Amended to <strong>3: Requires improvement</strong>" in page


def test_insights_run_a_fixed_number_of_queries(
    org, recorded, dans_audit, client_for, django_assert_max_num_queries
):
    finalise_agreeing(org, recorded)
    client = client_for(org.pat)
    url = reverse("moderation:insights")
    client.get(url)
    with django_assert_max_num_queries(10) as first:
        client.get(url, {"by": "team"})
    other = Moderation.objects.get(audit=dans_audit)
    services.moderation_allocate(
        actor=org.pat,
        moderation=other,
        moderator=org.mo,
        return_date=timezone.localdate() + datetime.timedelta(days=9),
    )
    for area in range(1, 20):
        services.moderation_score_save(
            actor=org.mo, moderation=other, area=area, data={"score": 4}, version=None
        )
    services.moderation_comments_save(
        actor=org.mo,
        moderation=other,
        data={"good_practice": "a", "areas_for_development": "b"},
        version=None,
    )
    services.action_reviews_save(
        actor=org.mo,
        moderation=other,
        reviews={a.pk: ("yes", "") for a in other.audit.actions.all()},
    )
    services.moderation_grade_save(
        actor=org.mo,
        moderation=other,
        data={"grade": 4, "outstanding": False, "agreement": Agreement.AGREE},
        version=None,
    )
    services.moderation_finalise(actor=org.mo, moderation=other, case_note="Agreed; on file")
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url, {"by": "team"})
    assert len(page.context["rows"]) == 2


def test_the_audit_pdf_ends_with_the_finalised_moderation_but_not_the_auditors_learning(
    org, recorded, client_for
):
    from tests.audits.test_pdf import pdf_text

    pdf = reverse("audits:pdf", args=[recorded.audit_id])
    assert "Moderator's grade" not in pdf_text(client_for(org.pat).get(pdf))  # not finalised
    services.moderation_grade_save(
        actor=org.mo,
        moderation=recorded,
        data={"grade": 3, "outstanding": False, "agreement": Agreement.DISAGREE},
        version=None,
    )
    recorded.refresh_from_db()
    services.moderation_meeting_save(
        actor=org.mo,
        moderation=recorded,
        data={
            "meeting_date": timezone.localdate(),
            "meeting_attendees": "Tariq and Mo",
            "agreed_grade": 3,
            "learning_strengths": "Thorough",
            "learning_to_develop": "Weigh the evidence of impact",
        },
        version=None,
    )
    services.moderation_finalise(actor=org.mo, moderation=recorded, case_note="Agreed; on file")
    text = pdf_text(client_for(org.pat).get(pdf))
    assert "Moderator's grade" in text and "Clear analysis" in text
    assert "Weigh the evidence of impact" not in text
    # The audit's page does not grow a task-list section for it.
    page = client_for(org.pat).get(reverse("audits:detail", args=[recorded.audit_id]))
    assert "Section 8" not in page.content.decode()


def test_a_moderator_who_leaves_has_their_moderation_listed_to_reallocate(
    org, allocated, client_for, tmp_path
):
    from bexley_qa.importing import TO_REALLOCATE
    from bexley_qa.imports.models import ImportRun

    path = tmp_path / "staff.csv"
    path.write_text(
        "Staff ID,First name,Last name,Email,Roles,Active\n"
        f"M1,{org.mo.first_name},{org.mo.last_name},{org.mo.email},Moderator,No\n"
    )
    call_command("import_staff", str(path), "--as", org.pat.username, stdout=io.StringIO())
    run = ImportRun.objects.get(kind="staff")
    line = (
        f"{org.mo} (M1) moderates {allocated.audit.reference}: allocate another moderator from "
        "the moderation sample"
    )
    assert run.changes[TO_REALLOCATE] == [line]
    assert line in client_for(org.pat).get(run.get_absolute_url()).content.decode()


def test_the_moderator_grades_beside_the_frameworks_grading_guide(org, allocated, client_for):
    page = client_for(org.mo).get(reverse("moderation:grade", args=[allocated.pk])).text
    assert "From Inadequate to Good" in page and "Management Oversight" in page
