"""The monthly themes report: for the directorate and each service, a month's core areas, the
weakest practice areas and what moderation found; read by the senior leadership team and shared
with service and team managers; a link emailed once the month has ended."""

import datetime

from django.urls import reverse
from django.utils import timezone

from audits.models import AreaScore, Audit, AuditStatus, Theme
from bexley_qa import workdays
from bexley_qa.notifications.models import Notification
from reporting.overview import themes


def _completed_last_month(org):
    month = workdays.add_months(workdays.this_month(), -1)
    at = timezone.make_aware(datetime.datetime.combine(month.replace(day=10), datetime.time(12)))
    audit = Audit.objects.create(
        child=org.amy, auditor=org.tariq, practitioner=org.alice, team=org.team_a,
        allocated_by=org.bella, date_of_birth=org.amy.date_of_birth, gender=org.amy.gender,
        ethnicity=org.amy.ethnicity, first_language="English", status=AuditStatus.COMPLETED,
        grade=3, final_grade=3, completed_at=at, theme=Theme.values[0],
    )  # fmt: skip
    for area in range(1, 20):
        AreaScore.objects.create(
            audit=audit, area=area, score=2 if area == 7 else 6, updated_by=org.tariq
        )
    return month


def test_a_service_manager_reads_the_directorates_and_their_services_themes(org, client_for):
    month = _completed_last_month(org)
    sam = client_for(org.sam)
    page = sam.get(reverse("themes:index"))
    assert page.status_code == 200
    assert f"Themes from auditing: the directorate, {month:%B %Y}" in page.text
    assert "The weakest practice areas this month: 7." in page.text
    for title in ("Themes (the seven core areas of practice) and their grades",
                  "The 19 practice areas&#x27; average scores, weakest first",
                  "Moderation"):  # fmt: skip
        assert title in page.text, title
    service = sam.get(reverse("themes:service", args=[org.service_a.pk]))
    assert service.status_code == 200 and "Service A" in service.text
    assert sam.get(reverse("themes:service", args=[org.service_b.pk])).status_code == 404
    # A head of service reads their own services' only, as elsewhere.
    hana = client_for(org.hana)
    assert hana.get(reverse("themes:service", args=[org.service_a.pk])).status_code == 200
    assert hana.get(reverse("themes:service", args=[org.service_b.pk])).status_code == 404
    pdf = sam.get(reverse("themes:service", args=[org.service_a.pk]) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and bytes(pdf.content).startswith(b"%PDF")


def test_a_team_manager_reads_their_services_themes_but_a_practitioner_none(org, client_for):
    tom = client_for(org.tom)
    assert tom.get(reverse("themes:service", args=[org.service_a.pk])).status_code == 200
    assert tom.get(reverse("themes:service", args=[org.service_b.pk])).status_code == 404
    alice = client_for(org.alice)
    assert alice.get(reverse("themes:index")).status_code == 403
    assert alice.get(reverse("themes:service", args=[org.service_a.pk])).status_code == 404


def test_a_link_goes_to_the_readers_once_the_month_has_ended(org):
    today = workdays.first_working_day(workdays.this_month())
    queued = themes.monthly_themes_job(today=today)
    assert queued and themes.monthly_themes_job(today=today) == 0
    service_a = Notification.objects.filter(
        template="monthly-themes", dedupe_key__contains=f":{org.service_a.pk}:"
    )
    assert {n.recipient for n in service_a} == {org.tom, org.sam, org.hana}
    directorate = Notification.objects.filter(dedupe_key__contains=":directorate:")
    assert org.pat in {n.recipient for n in directorate}
    assert org.alice not in {
        n.recipient for n in Notification.objects.filter(template="monthly-themes")
    }


def test_the_themes_page_offers_family_feedback_only_to_those_who_may_read_it(org, client_for):
    from bexley_qa.people.models import RoleCode
    from tests.factories import UserFactory

    director = UserFactory(username="dcs", roles=[RoleCode.DIRECTOR])
    link = reverse("themes:family-feedback")
    assert link not in client_for(director).get(reverse("themes:index")).text
    assert link in client_for(org.tom).get(reverse("themes:index")).text
