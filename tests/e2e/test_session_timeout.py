"""The session timeout warning (GOV.UK/HMRC pattern), with a short idle time for the test."""

from playwright.sync_api import expect


def test_the_timeout_dialog_warns_keeps_focus_stays_signed_in_then_signs_out(
    demo, browser_session, settings
):
    # The session ends after 12 idle seconds; the warning comes 9 seconds before.
    settings.SESSION_COOKIE_AGE = 12
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 9
    b = browser_session
    page = b.page
    b.sign_in("practitioner")
    b.visit("/children/")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=8000)
    expect(dialog).to_contain_text("For your security, we will sign you out in")
    b.check_page()  # axe-core with the dialog open
    # Keyboard: focus is inside the dialog and Tab keeps it there.
    for _ in range(4):
        assert page.evaluate(
            "document.getElementById('timeout-dialog').contains(document.activeElement)"
        )
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused in ("Stay signed in", "Sign out")
    # Screen readers are told the time left (a polite live region), not every second.
    expect(page.locator("#timeout-announcement")).to_have_text(
        "You will be signed out in 10 seconds."
    )

    # "Stay signed in" (by keyboard) renews the session: the dialog goes, the page still works.
    with page.expect_response("**/session/keep-alive/") as kept:
        dialog.get_by_role("button", name="Stay signed in").focus()
        page.keyboard.press("Enter")
    assert kept.value.status == 204
    expect(dialog).to_be_hidden()

    # Then nothing more is done: the dialog comes back and, at the end, the person is signed out.
    expect(dialog).to_be_visible(timeout=8000)
    expect(page.get_by_role("heading", name="You have been signed out")).to_be_visible(
        timeout=15000
    )
    expect(page.get_by_text("because you had not done anything")).to_be_visible()
    page.goto(b.base + "/children/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_working_in_another_tab_keeps_this_one_from_signing_out(demo, browser_session, settings):
    settings.SESSION_COOKIE_AGE = 12
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 9
    b = browser_session
    page = b.page
    b.sign_in("practitioner")
    b.visit("/children/")
    other = page.context.new_page()
    for _ in range(8):  # 16 seconds of work in the other tab: longer than the whole session
        other.goto(b.base + "/")
        other.wait_for_timeout(2000)
        dialog = page.get_by_role("dialog", name="You’re about to be signed out")
        expect(dialog).to_be_hidden()
    assert page.url.endswith("/children/")
    other.goto(b.base + "/children/")
    expect(other.get_by_role("heading", name="Children")).to_be_visible()  # still signed in
