"""The audit from allocation to a graded audit and its PDF, as the real roles do it in a browser."""

import datetime
import io
import re

from openpyxl import Workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from audits import access
from audits.models import AreaScore, Audit, AuditStatus
from audits.practice_areas import PRACTICE_AREAS
from bexley_qa.people.models import Child, User

TODAY = datetime.date.today()


def spreadsheet(rows) -> bytes:
    book = Workbook()
    book.active.append(
        ["Auditor", "Case ID", "Allocated worker", "Staying Together worker", "Audit type", "Theme"]
    )
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sign_out(b):
    b.page.get_by_role("button", name="Sign out").click()
    expect(b.page.get_by_role("heading", name="You have been signed out")).to_be_visible()


def test_allocation_self_assessment_scoring_grading_and_pdf(demo, browser_session, tmp_path):
    b = browser_session
    page = b.page
    practitioner = User.objects.get(username="practitioner")
    child = (
        Child.objects.filter(allocated_worker=practitioner, is_open=True)
        .order_by("case_id")
        .first()
    )
    auditor = access.eligible_auditors_for(child).filter(role_grants__role="team_manager").first()

    # Business support allocate the practitioner's case through the form...
    b.sign_in("business.support")
    page.get_by_role("link", name="Audits", exact=True).click()
    b.check_page()
    page.get_by_role("link", name="Allocate an audit").click()
    b.check_page()
    page.get_by_label("Case ID or name").fill(child.case_id)
    page.get_by_role("button", name="Find child").click()
    b.check_page()
    page.get_by_role("link", name=f"Allocate an audit of case {child.case_id}").click()
    b.check_page()
    b.choose_person("Auditor", auditor, typed=f"{auditor.first_name} {auditor.team}")
    page.get_by_label("Routine").check()
    page.get_by_role("button", name="Allocate audit").click()
    expect(page.get_by_text(f"Case {child.case_id} is allocated to {auditor}")).to_be_visible()
    b.check_page()

    # ...and three more by uploading the allocation spreadsheet.
    others = list(
        Child.objects.filter(is_open=True)
        .exclude(team=auditor.team)
        .exclude(pk=child.pk)
        .order_by("case_id")[:3]
    )
    rows = [
        [auditor.email, c.case_id, c.allocated_worker.email, "", "Thematic", "Other: Neglect"]
        for c in others
    ]
    path = tmp_path / "allocations.xlsx"
    path.write_bytes(spreadsheet(rows))
    page.get_by_role("link", name="Audits", exact=True).click()
    page.get_by_role("link", name="Import allocations from a spreadsheet").click()
    b.check_page()
    page.get_by_label("Allocation spreadsheet").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("Every row is correct")).to_be_visible()
    b.check_page()
    page.get_by_role("button", name="Import 3 allocations").click()
    expect(page.get_by_text("3 audits allocated")).to_be_visible()
    b.check_page()
    assert Audit.objects.filter(auditor=auditor).count() == 4
    sign_out(b)

    audit = Audit.objects.get(child=child)
    audit_url = f"/audits/{audit.pk}/"

    # The auditor books the meeting.
    b.sign_in(auditor.username)
    expect(page.get_by_role("heading", name="Audits to prepare")).to_be_visible()
    page.get_by_role("link", name=child.full_name).first.click()
    b.check_page()
    b.fill_date("Date of the audit meeting", TODAY + datetime.timedelta(days=7))
    page.get_by_role("button", name="Book meeting").click()
    expect(page.get_by_text("Meeting booked for")).to_be_visible()
    b.check_page()
    sign_out(b)

    # The practitioner completes the self-assessment, then sees the audit read-only.
    b.sign_in("practitioner")
    expect(page.get_by_role("heading", name="Self-assessments to complete")).to_be_visible()
    page.get_by_role("link", name=child.full_name).first.click()
    b.check_page()
    page.locator("input[name=difference_score][value='6']").check()
    page.locator("#id_difference_worked_well").fill(
        "Weekly visits and direct work with the children."
    )
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    # Submitted too early: the summary says what is missing, and the draft carries on saving.
    page.get_by_role("button", name="Check your answers and submit").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    b.check_page()
    page.get_by_role(
        "link", name="Enter what would need to happen to move up the difference scale"
    ).first.click()
    expect(page.locator("#id_difference_to_move_up")).to_be_focused()
    page.locator("#id_difference_to_move_up").fill("Bring dad into the plan.")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    page.locator("input[name=signs_of_safety_score][value='7']").check()
    page.locator("#id_signs_of_safety_worked_well").fill(
        "Words and pictures explained the worries."
    )
    page.locator("#id_signs_of_safety_to_move_up").fill("Hold a family network meeting.")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    page.get_by_role("button", name="Check your answers and submit").click()
    expect(
        page.get_by_role("heading", name="Check your answers before you submit them")
    ).to_be_visible()
    b.check_page()
    page.get_by_role("button", name="Submit your self-assessment").click()
    expect(page.get_by_text("Your self-assessment is submitted")).to_be_visible()
    expect(page.get_by_role("link", name="Complete your self-assessment")).to_have_count(0)
    b.check_page()
    expect(page.get_by_role("link", name=re.compile("Dates, practice observation"))).to_be_visible()
    b.visit(audit_url + "areas/6/")
    expect(page.locator("form[data-hx-post]")).to_have_count(0)  # read-only for the practitioner
    sign_out(b)

    # The auditor completes Section 1, the health check and all 19 areas, then grades.
    b.sign_in(auditor.username)
    b.visit(audit_url)
    page.get_by_role("link", name="Dates, practice observation and personal details").click()
    b.check_page()
    b.fill_date("Collaborative case audit commenced", TODAY)
    page.get_by_label("Required", exact=True).check()
    page.get_by_role("button", name="Save Section 1").click()
    expect(page.get_by_text("Section 1 is saved")).to_be_visible()
    b.check_page()

    page.get_by_role("link", name=re.compile(r"^1\. Demographic information accurate")).click()
    for area in PRACTICE_AREAS:
        expect(page.get_by_role("heading", level=1)).to_contain_text(area.statement[:40])
        b.check_page()
        if area.number == 6:
            # Self-assessment scores are beside the area...
            expect(page.get_by_text("Difference made: 6 out of 10")).to_be_visible()
        if area.number == 9:
            # ...and autosave keeps what is typed, even if the page is reloaded mid-typing.
            page.locator("#id_worked_well").fill("The plan names who does what by when.")
            expect(page.locator("#save-status")).to_contain_text("Saved at")
            page.reload()
            expect(page.locator("#id_worked_well")).to_have_value(
                "The plan names who does what by when."
            )
        else:
            page.locator("#id_worked_well").fill(f"Strength in area {area.number}")
        if area.has_signs_of_impact:
            page.locator("#id_signs_of_impact").fill(
                f"Evidence {area.number}: case note uploaded on 01/10/26"
            )
        page.locator(f"input[name=score][value='{area.number % 11}']").check()
        button = (
            "Save and return to the audit"
            if area.number == 19
            else f"Save and continue to area {area.number + 1}"
        )
        page.get_by_role("button", name=button).click()
    expect(page.get_by_text("19 of 19 areas scored")).to_be_visible()
    b.check_page()
    assert AreaScore.objects.filter(audit=audit, score__isnull=False).count() == 19
    assert (
        AreaScore.objects.get(audit=audit, area=9).worked_well
        == "The plan names who does what by when."
    )

    page.get_by_role("link", name="Overall rating of case audit").click()
    b.check_page()
    page.get_by_label("2 – Inadequate").check()
    page.get_by_label(re.compile("what difference are we making")).fill(
        "The children are not yet safer."
    )
    page.get_by_role("button", name="Save grade").click()
    expect(page.get_by_text("The audit is graded 2: Inadequate.")).to_be_visible()
    b.check_page()
    audit.refresh_from_db()
    assert (audit.status, audit.grade) == (AuditStatus.GRADED, 2)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the audit as a PDF").click()
    reader = PdfReader(download_info.value.path())
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert f"case {child.case_id}" in text
    assert "Overall rating: 2 – Inadequate" in text
    assert "The plan names who does what by when." in text
    for area in PRACTICE_AREAS:
        assert f"Strength in area {area.number}" in text or area.number == 9
