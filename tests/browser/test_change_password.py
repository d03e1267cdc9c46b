"""Signing in and looking after your password in a real browser (R10.1): a health visitor
changes her password from the header (first with mistakes, shown in the NHS error summary),
the old one stops working and the new one signs her in; a practitioner with two-step sign-in
gets a wrong code wrong, then right; wrong codes lock the account. Every page is checked by axe."""

import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import axe_check, page_is, sign_in, sign_out, submit_sign_in
from tests.factories import PASSWORD
from thinkfamily.access import two_factor

pytestmark = pytest.mark.browser

OLD = PASSWORD
NEW = "kettle orchard velvet lantern"


@pytest.mark.req("R10.1")
def test_a_health_visitor_changes_her_password_from_the_header(page: Page, health_visitor):
    # Given the health visitor, signed in
    sign_in(page, "hv")

    # When she follows "Change your password" in the header
    page.get_by_role("banner").get_by_role("link", name="Change your password").click()
    page_is(page, "Change your password")

    # and gets her current password wrong and chooses a weak new one
    page.get_by_label("Your current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill("Summer2026!!")
    page.get_by_label("Type your new password again").fill("Summer2026!!")
    page.get_by_role("button", name="Change password").click()

    # Then the error summary says what to put right, in plain words, and links to the fields
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Your current password is not right")
    expect(summary).to_contain_text("A word with numbers or symbols added, like ‘Summer2026!’, is easy to guess")
    expect(page).to_have_title("Error: Change your password – ThinkFamily")
    expect(page.get_by_label("Your current password")).to_have_value("")  # a password is never shown back
    axe_check(page)

    # When she puts it right
    page.get_by_label("Your current password").fill(OLD)
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Type your new password again").fill(NEW)
    page.get_by_role("button", name="Change password").click()

    # Then she is told, and stays signed in
    expect(page.get_by_test_id("find-link")).to_be_visible()  # her home page
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your password has been changed")
    axe_check(page)

    # and after signing out, the old password no longer works and the new one does
    sign_out(page)
    submit_sign_in(page, "hv", OLD)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a correct username and password")
    sign_in(page, "hv", NEW)


@pytest.mark.req("R10.1")
def test_the_code_step_says_when_a_code_is_wrong_and_locks_after_too_many(page: Page, health_visitor, settings):
    device = two_factor.start_setup(health_visitor)
    totp = pyotp.TOTP(device.secret)
    assert two_factor.verify(device, totp.now())

    # Given the health visitor, past her password
    submit_sign_in(page, "hv", OLD)
    page_is(page, "Enter your code")

    # When she types a wrong code, she is told, and may try again
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The code is not right")
    axe_check(page)

    # When she types the right one, she is signed in
    page.get_by_label("Code from your authenticator app").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("find-link")).to_be_visible()  # her home page
    sign_out(page)

    # And whoever keeps guessing codes is locked out
    submit_sign_in(page, "hv", OLD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Code from your authenticator app").fill("000000")
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in locked")
    expect(page.get_by_role("main")).to_contain_text("Signing in is locked for 30 minutes")
    axe_check(page)
