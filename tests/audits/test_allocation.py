"""Step 1: allocating a case (one at a time, the list, its CSV), booking the meeting, cancelling."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import Audit, AuditKind, AuditStatus, Theme
from audits.workflow import EventCode
from bexley_qa.people.models import RoleCode, UserRole

from ..factories import ChildFactory
from ..helpers import date_data

TODAY = timezone.localdate()
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def test_allocation_snapshots_who_holds_the_case(org):
    audit = services.audit_allocate(
        actor=org.bella,
        child=org.amy,
        auditor=org.tariq,
        kind=AuditKind.THEMATIC,
        theme=Theme.OTHER,
        theme_other="Neglect",
    )
    assert (audit.practitioner, audit.manager, audit.team, audit.staying_together_worker) == (
        org.alice, org.tom, org.team_a, org.stella
    )  # fmt: skip
    assert audit.status == AuditStatus.ALLOCATED
    assert (audit.date_of_birth, audit.referral_date) == (
        org.amy.date_of_birth,
        org.amy.referral_date,
    )
    assert list(audit.events.values_list("code", "to_status")) == [
        (EventCode.ALLOCATED, AuditStatus.ALLOCATED)
    ]


def test_a_later_team_move_does_not_rewrite_the_audit(org, audit):
    org.amy.team = org.team_b
    org.amy.allocated_worker = org.priya
    org.amy.save()
    audit.refresh_from_db()
    assert (audit.team, audit.practitioner) == (org.team_a, org.alice)


def test_allocation_emails_the_auditor_and_the_case_holders_through_the_outbox(org, send_outbox):
    services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)
    by_recipient = {m.to[0]: m for m in send_outbox()}
    assert set(by_recipient) == {u.email for u in (org.tariq, org.alice, org.stella, org.tom)}
    auditor_mail = by_recipient[org.tariq.email]
    assert (
        auditor_mail.subject
        == "Case 1000001 has been allocated to you for a collaborative case audit"
    )
    assert "Amy" not in auditor_mail.subject
    assert "Agree a meeting date" in auditor_mail.body
    assert "/audits/" in auditor_mail.body
    assert auditor_mail.alternatives  # an HTML part too
    holder = by_recipient[org.alice.email]
    assert holder.subject == f"Case 1000001 will be audited by {org.tariq}"
    assert "complete your self-assessment" in holder.body
    assert "complete your self-assessment" not in by_recipient[org.tom.email].body


def test_a_rolled_back_allocation_sends_nothing(org, send_outbox):
    with pytest.raises(ValidationError):
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tom)
    assert send_outbox() == []
    assert not Audit.objects.exists()


@pytest.mark.parametrize("person", ["alice", "tom", "tariq", "dee", "mo"])
def test_only_business_support_and_psqa_allocate(org, person):
    with pytest.raises(PermissionDenied):
        services.audit_allocate(actor=getattr(org, person), child=org.amy, auditor=org.tariq)
    assert not Audit.objects.exists()


def test_psqa_can_allocate(org):
    assert services.audit_allocate(actor=org.pat, child=org.amy, auditor=org.tariq).pk


def test_the_auditor_must_not_be_from_the_childs_team(org):
    with pytest.raises(ValidationError) as error:
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tom)
    assert error.value.message_dict["auditor"] == [
        f"{org.tom} is in Assessment, the child's own team: choose an auditor from another team"
    ]


def test_a_team_member_who_is_a_manager_elsewhere_still_may_not_audit_their_own_team(org):
    UserRole.objects.create(user=org.colleague, role=RoleCode.TEAM_MANAGER)
    with pytest.raises(ValidationError, match="the child's own team"):
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.colleague)


def test_the_auditor_must_be_a_manager(org):
    with pytest.raises(ValidationError) as error:
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.priya)
    assert "only a team manager or a more senior manager" in error.value.message_dict["auditor"][0]


def test_senior_managers_may_audit(org):
    assert (
        services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam).auditor == org.sam
    )
    assert (
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.dee).auditor == org.dee
    )


def test_a_second_open_audit_of_the_same_child_is_refused(org, audit):
    with pytest.raises(ValidationError) as error:
        services.audit_allocate(
            actor=org.bella, child=org.amy, auditor=org.dee, confirm_recent=True
        )
    assert "already has an audit in progress" in error.value.message_dict["child"][0]
    assert Audit.objects.count() == 1


def test_closed_cases_cannot_be_audited(org):
    org.amy.is_open = False
    org.amy.save()
    with pytest.raises(ValidationError, match="closed"):
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)


def test_a_child_audited_in_the_last_12_months_needs_confirmation(org, audit):
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.COMPLETED)
    with pytest.raises(services.RecentAuditWarning) as warning:
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.dee)
    assert warning.value.previous.pk == audit.pk
    assert "Confirm that it should be audited again" in str(warning.value)
    assert Audit.objects.count() == 1
    again = services.audit_allocate(
        actor=org.bella, child=org.amy, auditor=org.dee, confirm_recent=True
    )
    assert again.auditor == org.dee


def test_a_cancelled_audit_does_not_count_as_audited(org, audit):
    services.audit_cancel(actor=org.bella, audit=audit, reason="Worker on leave")
    assert services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)


def test_an_audit_over_12_months_ago_needs_no_confirmation(org):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        old = services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)
    Audit.objects.filter(pk=old.pk).update(status=AuditStatus.COMPLETED)
    assert services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.dee)


def test_a_meeting_date_in_the_past_is_refused(org):
    with pytest.raises(ValidationError, match="today or in the future"):
        services.audit_allocate(
            actor=org.bella,
            child=org.amy,
            auditor=org.tariq,
            meeting_date=TODAY - datetime.timedelta(days=1),
        )


def test_the_auditor_books_the_meeting_and_the_practitioners_are_asked_to_self_assess(
    org, audit, send_outbox
):
    day = TODAY + datetime.timedelta(days=7)
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=day)
    requests = [m for m in send_outbox() if m.subject.startswith("Complete your self-assessment")]
    audit.refresh_from_db()
    assert (audit.status, audit.meeting_date) == (AuditStatus.MEETING_BOOKED, day)
    assert sorted(m.to[0] for m in requests) == sorted([org.alice.email, org.stella.email])
    assert requests[0].subject.startswith("Complete your self-assessment for case 1000001 before")


@pytest.mark.parametrize("person", ["bella", "alice", "tom", "pat"])
def test_only_the_auditor_books_the_meeting(org, audit, person):
    with pytest.raises(PermissionDenied):
        services.audit_book_meeting(
            actor=getattr(org, person), audit=audit, meeting_date=TODAY + datetime.timedelta(days=3)
        )


@pytest.mark.parametrize("person", ["bella", "pat", "tariq"])
def test_business_support_psqa_and_the_auditor_cancel_with_a_reason(org, audit, person):
    services.audit_cancel(actor=getattr(org, person), audit=audit, reason="Case closed")
    audit.refresh_from_db()
    assert (audit.status, audit.cancelled_reason) == (AuditStatus.CANCELLED, "Case closed")
    assert audit.events.last().code == EventCode.CANCELLED


def test_cancelling_needs_a_reason_and_the_right_person(org, audit):
    with pytest.raises(ValidationError):
        services.audit_cancel(actor=org.bella, audit=audit, reason="  ")
    with pytest.raises(PermissionDenied):
        services.audit_cancel(actor=org.alice, audit=audit, reason="No")
    services.audit_cancel(actor=org.bella, audit=audit, reason="Closed")
    with pytest.raises(PermissionDenied):  # a cancelled audit cannot be cancelled again
        services.audit_cancel(actor=org.bella, audit=audit, reason="Again")


def test_allocate_offers_only_auditors_from_other_teams(org, client_for):
    response = client_for(org.bella).get(reverse("audits:allocate", args=[org.amy.case_id]))
    auditors = set(response.context["form"].fields["auditor"].queryset)
    assert org.tariq in auditors and org.dee in auditors and org.sam in auditors
    assert org.tom not in auditors  # Amy's own team manager
    assert org.alice not in auditors and org.bella not in auditors


def test_allocate_works_and_says_who_was_emailed(org, client_for, send_outbox):
    response = client_for(org.bella).post(
        reverse("audits:allocate", args=[org.amy.case_id]),
        {
            "auditor": org.tariq.pk,
            "kind": "practice_week",
            "theme": "other",
            "theme_other": "Neglect",
            **date_data("meeting_date", TOMORROW),
        },
        follow=True,
    )
    audit = Audit.objects.get()
    assert (audit.auditor, audit.kind, audit.status) == (
        org.tariq,
        "practice_week",
        AuditStatus.MEETING_BOOKED,
    )
    assert b"is allocated to" in response.content
    assert len(send_outbox()) == 4


def test_allocate_rejects_an_auditor_from_the_childs_team(org, client_for):
    response = client_for(org.bella).post(
        reverse("audits:allocate", args=[org.amy.case_id]),
        {"auditor": org.tom.pk, "kind": "routine"},
    )
    assert response.status_code == 400
    assert b"Select an auditor from the list" in response.content
    assert not Audit.objects.exists()


def test_allocate_asks_for_missing_answers(org, client_for):
    response = client_for(org.bella).post(
        reverse("audits:allocate", args=[org.amy.case_id]), date_data("meeting_date", "2001-01-01")
    )
    assert b"Select the auditor" in response.content
    assert b"The meeting date must be today or in the future" in response.content


def test_allocate_warns_about_a_recent_audit_and_needs_confirming(org, audit, client_for):
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.COMPLETED)
    client = client_for(org.bella)
    url = reverse("audits:allocate", args=[org.amy.case_id])
    first = client.post(url, {"auditor": org.dee.pk, "kind": "routine"})
    assert b"Confirm that it should be audited again" in first.content
    assert Audit.objects.count() == 1
    assert b'name="confirm_recent" value="True"' in first.content
    client.post(url, {"auditor": org.dee.pk, "kind": "routine", "confirm_recent": "True"})
    assert Audit.objects.count() == 2


def test_allocate_shows_an_open_audit_instead_of_the_form(org, audit, client_for):
    response = client_for(org.bella).get(reverse("audits:allocate", args=[org.amy.case_id]))
    assert b"already has an audit in progress" in response.content
    assert b"Allocate audit" not in response.content


def test_allocate_404s_for_a_closed_or_unknown_case(org, client_for):
    org.amy.is_open = False
    org.amy.save()
    client = client_for(org.bella)
    assert client.get(reverse("audits:allocate", args=[org.amy.case_id])).status_code == 404
    assert client.get(reverse("audits:allocate", args=["nope"])).status_code == 404


def test_the_child_lookup_links_to_allocation(org, client_for):
    response = client_for(org.bella).get(reverse("people:child-list"), {"q": "Amy"})
    assert reverse("audits:allocate", args=["1000001"]).encode() in response.content


def test_allocations_list_filters_and_exports_csv(org, audit, client_for):
    services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    client = client_for(org.bella)
    url = reverse("audits:allocations")
    assert len(client.get(url).context["page"]) == 2
    assert [a.child.case_id for a in client.get(url, {"auditor": org.sam.pk}).context["page"]] == [
        "2000001"
    ]
    assert [a.child.case_id for a in client.get(url, {"team": org.team_a.pk}).context["page"]] == [
        "1000001"
    ]
    assert [
        a.child.case_id for a in client.get(url, {"service": org.service_b.pk}).context["page"]
    ] == ["2000001"]
    month = timezone.localdate().strftime("%Y-%m")
    assert len(client.get(url, {"month": month, "status": "allocated"}).context["page"]) == 2
    assert len(client.get(url, {"month": "2001-01"}).context["page"]) == 0
    exported = client.get(url, {"team": org.team_a.pk, "format": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:3] == ["Case ID", "Child", "Team"]
    assert [row[0] for row in rows[1:]] == ["1000001"]
    assert rows[1][7] == str(org.tariq)
    assert rows[1][-1] == audit.reference


def test_the_audits_list_finds_a_case_id_or_an_audit_reference(org, audit, client_for):
    dans = services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    client = client_for(org.bella)
    url = reverse("audits:allocations")
    listing = client.get(url).content.decode()
    assert audit.reference in listing and dans.reference in listing
    for typed in (dans.reference, dans.reference.lower(), " 2000001 "):
        assert list(client.get(url, {"find": typed}).context["page"]) == [dans]
    assert list(client.get(url, {"find": "AUD-99999"}).context["page"]) == []


def test_managers_see_which_of_their_teams_cases_are_audited_and_by_whom(org, audit, client_for):
    services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    listing = client_for(org.tom).get(reverse("audits:allocations"))
    assert [a.child.case_id for a in listing.context["page"]] == ["1000001"]
    home = client_for(org.tom).get(reverse("home"))
    assert [a.auditor for a in home.context["team_audits"]] == [org.tariq]
    assert str(org.tariq).encode() in home.content


def test_allocations_list_runs_a_fixed_number_of_queries(
    org, client_for, django_assert_num_queries
):
    client = client_for(org.pat)
    url = reverse("audits:allocations")

    def allocate(n):
        for _ in range(n):
            child = ChildFactory(team=org.team_b, allocated_worker=org.priya)
            services.audit_allocate(actor=org.pat, child=child, auditor=org.sam)

    allocate(2)
    # 8, and the planner told to try fewer join orders (bexley_qa/planning.py: a query, and
    # in a test its transaction is a savepoint, two more)
    with django_assert_num_queries(11) as few:
        client.get(url)
    allocate(8)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_allocations_list_empty_state(org, client_for):
    response = client_for(org.alice).get(reverse("audits:allocations"))
    assert b"There are no audits yet" in response.content


def test_book_meeting_rejects_a_past_date(org, audit, client_for):
    response = client_for(org.tariq).post(
        reverse("audits:book-meeting", args=[audit.pk]), date_data("meeting_date", "2001-02-03")
    )
    assert response.status_code == 400
    assert b"The meeting date must be today or in the future" in response.content


def test_book_meeting_rejects_get(org, audit, client_for):
    assert (
        client_for(org.tariq).get(reverse("audits:book-meeting", args=[audit.pk])).status_code
        == 405
    )


def test_cancel_through_the_page_keeps_the_record(org, audit, client_for):
    client = client_for(org.bella)
    url = reverse("audits:cancel", args=[audit.pk])
    assert b"Enter why the audit is being cancelled" in client.post(url, {"reason": ""}).content
    response = client.post(url, {"reason": "Case closed"})
    assert response.url == reverse("audits:allocations")
    audit.refresh_from_db()
    assert audit.status == AuditStatus.CANCELLED


def test_the_csv_cannot_smuggle_a_spreadsheet_formula(org, client_for):
    services.audit_allocate(
        actor=org.bella,
        child=org.amy,
        auditor=org.tariq,
        kind="thematic",
        theme=Theme.OTHER,
        theme_other='=HYPERLINK("http://evil")',
    )
    exported = client_for(org.bella).get(reverse("audits:allocations"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][10] == "Other theme"
    assert rows[1][10] == '\'=HYPERLINK("http://evil")'


def test_a_thematic_audit_needs_a_theme_from_the_list(org, client_for):
    url = reverse("audits:allocate", args=[org.amy.case_id])
    client = client_for(org.bella)
    response = client.post(url, {"auditor": org.tariq.pk, "kind": "thematic"})
    assert b"Select the theme of a thematic audit" in response.content
    response = client.post(url, {"auditor": org.tariq.pk, "kind": "thematic", "theme": "other"})
    assert b"Describe the theme" in response.content
    assert not Audit.objects.exists()
    client.post(url, {"auditor": org.tariq.pk, "kind": "thematic", "theme": Theme.PLAIN_LANGUAGE})
    assert Audit.objects.get().theme_display == Theme.PLAIN_LANGUAGE.label


def test_the_audits_list_filters_by_grade_and_theme(org, graded, client_for):
    graded(2)
    services.audit_allocate(
        actor=org.bella, child=org.dan, auditor=org.sam, kind="thematic", theme=Theme.DIRECT_WORK
    )
    client = client_for(org.pat)
    url = reverse("audits:allocations")

    def cases(**filters):
        return [a.child.case_id for a in client.get(url, filters).context["page"]]

    assert cases(band="inadequate") == ["1000001"]
    assert cases(band="good") == []
    assert cases(theme=Theme.DIRECT_WORK) == ["2000001"]
    assert "2: Inadequate" in client.get(url).content.decode()


def test_a_wrong_filter_is_explained_and_the_others_still_apply(org, audit, client_for):
    services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    response = client_for(org.pat).get(
        reverse("audits:allocations"), {"team": org.team_a.pk, "band": "zzz"}
    )
    assert b"Select an option from the list" in response.content
    assert [a.child.case_id for a in response.context["page"]] == ["1000001"]


def test_booking_the_same_meeting_date_again_changes_nothing(org, audit):
    day = TOMORROW + datetime.timedelta(days=2)
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=day)
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=day)
    assert audit.events.filter(code=EventCode.MEETING_MOVED).count() == 0


def test_a_meeting_moved_and_moved_back_is_told_each_time(org, audit, send_outbox):
    first, second = TOMORROW + datetime.timedelta(days=3), TOMORROW + datetime.timedelta(days=9)
    for day in (first, second, first):
        services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=day)
    told = [
        m for m in send_outbox() if m.to == [org.alice.email] and "self-assessment" in m.subject
    ]
    assert len(told) == 3
    assert f"{first:%-d %B}" in told[-1].subject


def test_the_lookup_says_which_children_already_have_an_audit_in_progress(org, audit, client_for):
    page = client_for(org.bella).get(reverse("people:child-list"), {"q": "1000"}).content.decode()
    assert f"Audit in progress ({org.tariq})" in page
    assert reverse("audits:allocate", args=["1000001"]) not in page  # Amy's: being audited
    assert reverse("audits:allocate", args=["1000002"]) in page  # Ben's: can be allocated


def test_the_rarer_filters_are_folded_away_unless_one_is_chosen(org, audit, client_for):
    client = client_for(org.bella)
    url = reverse("audits:allocations")
    folded = client.get(url).content.decode()
    assert '<details class="govuk-details">' in folded
    chosen = client.get(url, {"completed_from": "2026-01"}).content.decode()
    assert '<details class="govuk-details" open>' in chosen
