"""The read log: every view of a child's record, an audit, its PDF or an export is recorded."""

import pytest
from django.urls import reverse

from bexley_qa.people.models import RecordView


def test_a_childs_page_an_audit_its_pdf_and_an_export_are_each_logged(org, audit, client_for):
    client = client_for(org.tom)
    child = audit.child
    client.get(reverse("people:child-detail", args=[child.case_id]))
    client.get(reverse("audits:detail", args=[audit.pk]))
    client.get(reverse("audits:area", args=[audit.pk, 3]))
    client.get(reverse("audits:pdf", args=[audit.pk]))
    client.get(reverse("audits:allocations") + "?format=csv&q=Secret+Name")

    logged = list(
        RecordView.objects.order_by("pk").values_list("user", "what", "child", "audit_id", "path")
    )
    assert logged == [
        (org.tom.pk, "page", child.pk, None, f"/children/{child.case_id}/"),
        (org.tom.pk, "page", child.pk, audit.pk, f"/audits/{audit.pk}/"),
        (org.tom.pk, "page", child.pk, audit.pk, f"/audits/{audit.pk}/areas/3/"),
        (org.tom.pk, "pdf", child.pk, audit.pk, f"/audits/{audit.pk}/audit.pdf"),
        (org.tom.pk, "export", None, None, "/audits/"),
    ]  # the query string (a name searched for) is never kept


def test_a_refused_view_is_not_logged_as_a_read(org, audit, client_for):
    client_for(org.priya).get(reverse("audits:detail", args=[audit.pk]))  # another team: 404
    assert not RecordView.objects.exists()


def test_psqa_read_who_has_looked_at_a_child_and_the_changes_to_the_record(org, audit, client_for):
    child = audit.child
    client_for(org.tom).get(reverse("audits:detail", args=[audit.pk]))
    child.plan_type = "cp"
    child.save()
    url = reverse("people:child-record-log", args=[child.case_id])
    assert url in client_for(org.pat).get(child.get_absolute_url()).content.decode()

    page = client_for(org.pat).get(url).content.decode()
    assert org.tom.get_full_name() in page and f"Opened the page of audit {audit.reference}" in page
    assert f"/audits/{audit.pk}/" not in page  # in words, not paths
    assert "Changes to the child's record" in page
    assert "Plan type:" in page and "Child protection" in page


@pytest.mark.parametrize("person", ["tom", "priya", "bella"])
def test_only_psqa_read_the_record_log(org, audit, client_for, person):
    url = reverse("people:child-record-log", args=[audit.child.case_id])
    response = client_for(getattr(org, person)).get(url)
    # In scope but not PSQA: refused; out of scope: as if the child did not exist.
    assert response.status_code == {"tom": 403, "priya": 404, "bella": 404}[person]
    assert url not in client_for(org.tom).get(audit.child.get_absolute_url()).content.decode()


def test_the_audit_pages_chart_is_not_a_second_read(org, audit, client_for):
    client = client_for(org.tom)
    client.get(reverse("audits:detail", args=[audit.pk]))
    client.get(reverse("audits:scores-chart", args=[audit.pk]))
    assert RecordView.objects.filter(user=org.tom, audit_id=audit.pk).count() == 1
