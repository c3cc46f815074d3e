"""Autosave in a browser when a save fails: the page says so, and keeps what was typed."""

import re

from playwright.sync_api import expect

from audits import access, services
from bexley_qa.people.models import Child, User


def allocated_audit():
    practitioner = User.objects.get(username="practitioner")
    child = Child.objects.filter(allocated_worker=practitioner, is_open=True).order_by("case_id")[1]
    auditor = access.eligible_auditors_for(child).filter(role_grants__role="team_manager").first()
    support = User.objects.get(username="business.support")
    return services.audit_allocate(actor=support, child=child, auditor=auditor)


def test_a_failed_autosave_says_not_saved_yet_keeps_the_text_and_retries(demo, browser_session):
    b = browser_session
    page = b.page
    audit = allocated_audit()
    area = f"/audits/{audit.pk}/areas/6/"
    b.sign_in(audit.auditor.username)
    b.visit(area)

    page.route(re.compile(f"{area}$"), lambda route: route.fulfill(status=500, body="boom"))
    page.locator("#id_worked_well").fill("Words and pictures with both children")
    expect(page.locator("#save-status")).to_contain_text("Not saved yet — retrying in 2 seconds")
    expect(page.locator("#save-status")).to_contain_text("retrying in 4 seconds", timeout=5000)
    expect(page.locator("#id_worked_well")).to_have_value("Words and pictures with both children")

    page.unroute(re.compile(f"{area}$"))  # the service is back: the next retry saves, untouched
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10000)
    assert audit.area_scores.get(area=6).worked_well == "Words and pictures with both children"
    b.console_errors.clear()  # the browser reports the 500s we made it receive


def test_while_the_database_is_down_pages_say_unavailable_and_autosave_retries_until_saved(
    demo, browser_session, live_server
):
    """A real outage: every connection to the test database is cut and new ones refused for a
    few seconds, as when PostgreSQL restarts."""
    from django.db import connection

    b = browser_session
    page = b.page
    audit = allocated_audit()
    area = f"/audits/{audit.pk}/areas/8/"
    b.sign_in(audit.auditor.username)
    b.visit(area)
    import psycopg

    settings = connection.settings_dict
    name = settings["NAME"]
    with connection.cursor() as cursor:  # this test's own connection is spared
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]

    def database(allow: bool):
        with psycopg.connect(
            host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
            dbname="postgres", autocommit=True,
        ) as admin:  # fmt: skip
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allow).lower()}')
            if not allow:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> %s",
                    [name, own_pid],
                )

    database(allow=False)
    try:
        page.locator("#id_worked_well").fill("Typed while the database restarts")
        expect(page.locator("#save-status")).to_contain_text("Not saved yet — retrying")
        expect(page.locator("#id_worked_well")).to_have_value("Typed while the database restarts")
        other = page.context.new_page()
        response = other.goto(f"{live_server.url}/audits/{audit.pk}/")
        assert response.status == 503 and response.headers["retry-after"] == "30"
        assert "Sorry, the service is unavailable" in other.content()
        other.close()
    finally:
        database(allow=True)
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=20000)
    assert audit.area_scores.get(area=8).worked_well == "Typed while the database restarts"
    b.console_errors.clear()  # the browser reports the 503s it received


def test_an_autosave_after_signing_out_says_so_and_shows_no_sign_in_page_in_the_form(
    demo, browser_session
):
    b = browser_session
    page = b.page
    audit = allocated_audit()
    b.sign_in(audit.auditor.username)
    b.visit(f"/audits/{audit.pk}/areas/7/")
    page.context.clear_cookies(name="sessionid")  # the session ends (after 30 idle minutes)
    page.locator("#id_worked_well").fill("Typed after the session ended")
    expect(page.locator("#save-status")).to_contain_text("Not saved: you have been signed out")
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    expect(page.locator("#id_worked_well")).to_have_value("Typed after the session ended")
