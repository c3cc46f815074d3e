import re

import pytest
from playwright.sync_api import expect

from bexley_qa.people.models import Child, User

# Each demo account, a section only its home page has, and whether it opens case files.
ACCOUNTS = [
    ("practitioner", "Your caseload", True),
    ("st.worker", "Self-assessments to complete", True),
    ("team.manager", "Your team", True),
    ("service.manager", "Your service", True),
    ("head.of.service", "Services", True),  # heads two services
    ("deputy.director", "Services", True),
    ("business.support", "Find a child to allocate for audit", False),
    ("psqa", "Moderation", True),
    ("moderator", "Moderations allocated to you", False),
]


@pytest.mark.parametrize(("username", "home_section", "opens_case_files"), ACCOUNTS)
def test_each_demo_account_signs_in_and_sees_its_scope(
    demo, browser_session, username, home_section, opens_case_files
):
    b = browser_session
    page = b.page
    b.sign_in(username)
    expect(page).to_have_url(b.base + "/")
    expect(page.get_by_role("heading", name="What needs your attention")).to_be_visible()
    expect(page.get_by_role("heading", name=home_section, exact=True)).to_be_visible()
    user = User.objects.get(username=username)
    expect(page.get_by_text(f"Signed in as {user.get_full_name()}")).to_be_visible()
    b.check_page()

    if username == "moderator":
        expect(page.get_by_role("link", name="Children")).to_have_count(0)
        return
    if not opens_case_files:
        page.get_by_role("link", name="Find a child", exact=True).click()
        b.check_page()
        child = Child.objects.filter(is_open=True).select_related("allocated_worker").first()
        page.get_by_label("Case ID or name").fill(child.case_id)
        page.get_by_role("button", name="Find child").click()
        b.check_page()
        row = page.get_by_role("row").filter(has_text=child.case_id)
        expect(row).to_contain_text(str(child.allocated_worker))
        expect(page.get_by_role("link", name=child.case_id, exact=True)).to_have_count(0)
        return

    page.get_by_role("link", name="Children", exact=True).click()
    b.check_page()
    expect(page.get_by_role("heading", name="Children", exact=True)).to_be_visible()
    first_link = page.locator("table a").first
    case_id = first_link.inner_text()
    first_link.click()
    b.check_page()
    child = Child.objects.get(case_id=case_id)
    expect(page.get_by_role("heading", level=1)).to_contain_text(child.full_name)
    expect(page.get_by_text(f"Case ID {case_id}")).to_be_visible()


def test_a_practitioner_cannot_open_another_teams_child(demo, browser_session):
    b = browser_session
    b.sign_in("practitioner")
    other = Child.objects.exclude(allocated_worker__username="practitioner").exclude(
        staying_together_worker__username="practitioner"
    )[0]
    response = b.page.goto(f"{b.base}/children/{other.case_id}/")
    assert response.status == 404
    expect(b.page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert other.last_name not in b.page.content()
    b.console_errors.clear()  # the 404 itself is reported on the console by Chromium
    b.check_page()


def test_search_and_filter_the_children_list(demo, browser_session):
    b = browser_session
    page = b.page
    b.sign_in("team.manager")
    b.visit("/children/")
    page.get_by_label("Plan type").select_option(label="Child protection")
    page.get_by_role("button", name="Search").click()
    b.check_page()
    expect(page).to_have_url(re.compile(r"plan_type=cp"))
    for cell in page.locator("tbody tr td:nth-child(4)").all_inner_texts():
        assert cell == "Child protection"
    page.get_by_label("Case ID or name").fill("no such child zzz")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No children match your search")).to_be_visible()
    b.check_page()


def test_sign_in_with_a_wrong_password_explains_the_error(demo, browser_session):
    b = browser_session
    b.sign_in("practitioner", password="not the password")
    expect(page_title := b.page).to_have_title(re.compile("^Error: Sign in"))
    expect(page_title.get_by_role("alert")).to_contain_text("Enter a correct username and password")
    b.check_page()


def test_sign_out_ends_the_session(demo, browser_session):
    b = browser_session
    b.sign_in("psqa")
    b.page.get_by_role("button", name="Sign out").click()
    expect(b.page.get_by_role("heading", name="You have been signed out")).to_be_visible()
    b.check_page()
    b.page.goto(b.base + "/children/")
    expect(b.page).to_have_url(re.compile(r"/sign-in/\?next=/children/"))


def test_accessibility_statement_is_reachable_from_every_page(demo, browser_session):
    b = browser_session
    b.visit("/sign-in/")
    b.page.get_by_role("link", name="Accessibility statement").click()
    expect(b.page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Collaborative Case Audit"
    )
    b.check_page()
