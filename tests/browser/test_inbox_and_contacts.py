"""Notifications and the contacts directory in a real browser (R2.3, R2.5): a social worker
records Liam's change of school (first without the reason, which is refused); his school
nurse finds it in her inbox and opens it; the social worker sees that she has read it; and
the school nurse checks her own stale entry in the contacts directory. Every page is checked by axe."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.steps import axe_check, page_is, sign_in, sign_out, table_rows
from tests.cast import practitioner, put_on_caseload
from tests.factories import OrganisationFactory
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations import services as contacts
from thinkfamily.organisations.models import ContactEntry, Organisation, Practitioner, Service

pytestmark = pytest.mark.browser
REASON = "Moved after bullying; now living with his grandmother"


@pytest.fixture
def liam_at_school(family):
    OrganisationFactory(code="SCH2", name="Litherland Moss Primary School", kind=Organisation.Kind.SCHOOL)
    social_worker = practitioner("sw", Practitioner.Role.SOCIAL_WORKER, "SEFTON", Service.Kind.CHILDRENS_SOCIAL_CARE,
                                 team="Child in need and child protection team")
    school_nurse = practitioner("sn", Practitioner.Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING,
                                team="Bootle school nursing team")
    put_on_caseload(social_worker, family["liam"])
    put_on_caseload(school_nurse, family["liam"])
    contacts.seed_from_area()
    return {"liam": family["liam"], "social_worker": social_worker, "school_nurse": school_nurse}


@pytest.mark.req("R2.3")
@pytest.mark.req("R2.5")
def test_a_change_of_school_reaches_the_school_nurse_who_reads_it_and_checks_a_contact(page: Page, liam_at_school):
    liam = liam_at_school["liam"]
    today = timezone.localdate()

    # Given Liam's social worker, signed in, on his record
    sign_in(page, "sw")
    page.goto(f"/people/{liam.pk}/")
    expect(page.get_by_role("banner")).to_contain_text("Inbox (0 unread)")

    # When she records a change of school without the reason
    page.get_by_role("link", name="Record a change of school").click()
    page_is(page, "Record a change of school")
    page.get_by_label("New school").select_option(label="Litherland Moss Primary School")
    page.locator("#id_start_date_0").fill(str(today.day))
    page.locator("#id_start_date_1").fill(str(today.month))
    page.locator("#id_start_date_2").fill(str(today.year))
    page.get_by_role("button", name="Save change of school").click()

    # Then the NHS error summary asks for it, and nothing is sent
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(
        summary.get_by_role("link", name="Enter the reason for the move: the school nurse needs it to assess risk.")
    ).to_have_attribute("href", "#id_reason")
    axe_check(page)
    assert not Notification.objects.exists()

    # When she gives the reason
    page.get_by_label("Reason for the move").fill(REASON)
    page.get_by_role("button", name="Save change of school").click()

    # Then the move is recorded and sent to the school nurse
    expect(page.get_by_text("sent, with its reason, to Sn Practitioner")).to_be_visible()
    sign_out(page)

    # Given the school nurse, signed in: her header counts one unread notification
    sign_in(page, "sn")
    inbox_link = page.get_by_role("banner").get_by_role("link", name="Inbox (1 unread)")

    # When she opens her inbox
    inbox_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    rows = table_rows(page.get_by_test_id("inbox"))
    assert len(rows) == 1 and rows[0][2:] == ["Sw Practitioner", "Unread"], rows
    assert rows[0][1].startswith("Change of school Liam James Roberts moved to Litherland Moss Primary School")
    assert rows[0][1].endswith(f"Reason: {REASON}"), rows
    axe_check(page)

    # And opens the notification: it takes her to Liam's record, and it is read
    page.get_by_test_id("inbox").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/people/{liam.pk}/$"))
    expect(page.get_by_test_id("school-history")).to_contain_text(REASON)
    expect(page.get_by_role("banner")).to_contain_text("Inbox (0 unread)")
    read_at = Notification.objects.get().read_at
    assert read_at is not None

    # When she checks her own stale entry in the contacts directory
    page.get_by_role("banner").get_by_role("link", name="Contacts").click()
    page_is(page, "Contacts")
    page.get_by_label("Name, role, team or number").fill("Sn Practitioner")
    page.get_by_role("button", name="Search contacts").click()
    row = page.get_by_test_id("contact")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("verified")).to_contain_text("Never verified")
    expect(row.locator(".nhsuk-tag")).to_have_text("Needs checking")
    row.get_by_role("button", name="Mark Sn Practitioner as verified").click()

    # Then the flag is gone and the entry names her and today
    expect(page.get_by_text("Sn Practitioner is marked as verified by you today.")).to_be_visible()
    expect(row.locator(".nhsuk-tag")).to_have_count(0)
    expect(row.get_by_test_id("verified")).to_contain_text(f"{today.day} {today:%B %Y} by Sn Practitioner")
    assert ContactEntry.objects.get(name="Sn Practitioner").last_verified_by == liam_at_school["school_nurse"]

    # And the social worker's entry is not hers to correct or vouch for (issue 11 #9)
    page.get_by_label("Name, role, team or number").fill("Sw Practitioner")
    page.get_by_role("button", name="Search contacts").click()
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="Correct Sw Practitioner")).to_have_count(0)
    expect(row.get_by_role("button", name="Mark Sw Practitioner as verified")).to_have_count(0)
    page.get_by_label("Name, role, team or number").fill("Sn Practitioner")
    page.get_by_role("button", name="Search contacts").click()
    page.get_by_test_id("contact").get_by_role("link", name="Correct Sn Practitioner").click()
    page_is(page, "Correct: Sn Practitioner")
    sign_out(page)

    # Given the social worker again: her sent notifications show that the nurse has read it
    sign_in(page, "sw")
    page.get_by_role("banner").get_by_role("link", name="Inbox (0 unread)").click()
    axe_check(page)
    page.get_by_role("link", name="Notifications you sent, and who has read them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sent notifications")
    rows = table_rows(page.get_by_test_id("sent"))
    local = timezone.localtime(read_at)
    assert rows[0][2:] == [
        "Sn Practitioner, School nurse, North West Boroughs Healthcare NHS Foundation Trust",
        f"Read {local.day} {local:%B %Y} at {local:%H:%M}",
    ], rows
    axe_check(page)
