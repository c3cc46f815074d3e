"""Signing in the ways a council expects: its single sign-on, and two-factor for local accounts."""

import base64

from django_otp.oath import TOTP
from playwright.sync_api import expect


def test_council_staff_sign_in_with_their_council_account(demo, browser_session, council_sign_on):
    b = browser_session
    page = b.page
    council_sign_on.signs_in = "practitioner@example.org"
    b.visit("/children/")  # asks to sign in, then returns here
    page.get_by_role("button", name="Sign in with your council account").click()
    page.wait_for_url("**/children/")
    b.check_page()
    expect(page.get_by_role("heading", name="Children")).to_be_visible()

    council_sign_on.audience = "another-app"  # a token meant for another application
    page.context.clear_cookies()
    b.visit("/sign-in/")
    page.get_by_role("button", name="Sign in with your council account").click()
    expect(page.get_by_text("We could not sign you in with your council account")).to_be_visible()
    b.check_page()


def test_a_local_account_sets_up_two_factor_then_signs_in_with_a_recovery_code(
    demo, browser_session, settings
):
    settings.REQUIRE_TWO_FACTOR = True
    b = browser_session
    page = b.page
    b.sign_in("practitioner")
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    b.check_page()
    expect(page.get_by_role("img", name="QR code to add Collaborative Case Audit")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator(".app-secret").inner_text().replace(" ", "")
    code = TOTP(base64.b32decode(secret)).token()
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    b.check_page()
    codes = page.locator(".app-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", name="What needs your attention")).to_be_visible()

    page.get_by_role("button", name="Sign out").first.click()
    b.sign_in("practitioner")
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    b.check_page()
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="What needs your attention")).to_be_visible()
