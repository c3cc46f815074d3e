"""PSQA bring in the case system's DfE payloads in the browser, then decide on the record the case
system withdrew."""

import re

from playwright.sync_api import expect

from bexley_qa.people import demo_files
from bexley_qa.people.models import CaseSystemPurge


def test_psqa_import_payloads_and_decide_on_a_withdrawn_record(demo, browser_session, tmp_path):
    b = browser_session
    page = b.page
    demo_files.write(tmp_path)  # the demo's own next night: a new worker, a closure, a purge
    b.sign_in("psqa")
    b.visit("/imports/")
    page.get_by_role("link", name="Import children's DfE payloads").click()
    b.check_page()
    page.get_by_label("Payload file").set_input_files(str(tmp_path / "payloads" / "changes.jsonl"))
    page.get_by_role("button", name="Upload and check").click()
    b.check_page()
    rows = page.get_by_role("region", name="The rows of the file")
    expect(rows).to_contain_text("[0]")
    expect(rows).to_contain_text("New worker")
    expect(rows).to_contain_text("Closed")
    expect(rows).to_contain_text("Removal asked")
    page.get_by_role("button", name=re.compile(r"^Import 3 payloads$")).click()
    b.check_page()
    expect(page.get_by_role("heading", level=1)).to_contain_text("changes.jsonl: imported")
    expect(page.get_by_role("main")).to_contain_text("1 new worker, 1 closed, 1 removal asked")

    asked = CaseSystemPurge.objects.get()
    b.visit("/manage/retention/")
    page.get_by_role("link", name=f"Decide case {asked.child.case_id}").click()
    b.check_page()
    expect(page.get_by_role("heading", level=1)).to_contain_text("The case system withdrew")
    page.get_by_role("button", name="Keep the record").click()
    b.check_page()
    expect(page.get_by_role("alert")).to_contain_text("Enter why the record is kept")
    page.get_by_label("Why is the record kept?").fill("The case system withdrew it by mistake")
    page.get_by_role("button", name="Keep the record").click()
    b.check_page()
    expect(page.get_by_role("main")).to_contain_text(f"Case {asked.child.case_id} kept")
    expect(page.get_by_role("main")).to_contain_text("The case system has withdrawn no record")
