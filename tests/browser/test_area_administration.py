"""A new area set up by its local administrator in a real browser (issue 12, R10.1): she
imports the sample CSV files (a file with a mistake first: nothing is saved and the error
summary names the row and column), finds the trust and a team, gives a new health visitor a
one-time password, and ends a leaver's access, whose caseload is listed for reassignment.
Then the new health visitor signs in with her one-time password, chooses her own, lands on
her caseload home page (the children the files put on it), sees a referral she drafted listed
as due against the child, and adds a child who moved into the area by NHS number and date of
birth. Every page is checked by axe."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import axe_check, page_is, sign_out, submit_sign_in
from tests.factories import PractitionerFactory
from thinkfamily.organisations.models import Organisation, Practitioner

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "import" / "samples"


def choose(page: Page, file_name: str, path) -> None:
    """Choose a file for the upload field of that name (the NHS file upload's input, behind its
    'Choose file' button)."""
    page.locator(f'input[type="file"][name="{file_name.removesuffix(".csv")}"]').set_input_files(str(path))


@pytest.mark.req("R10.1")
def test_a_new_area_is_set_up_by_its_administrator_from_the_sample_files(page: Page, tmp_path):
    PractitionerFactory(username="admin", first_name="Ada", last_name="Admin", team=None,
                        role=Practitioner.Role.LOCAL_ADMINISTRATOR)
    # Given the administrator, signed in: her home page is the area, and the header offers Administration
    submit_sign_in(page, "admin")
    expect(page.get_by_test_id("area-home")).to_be_visible()
    axe_check(page)
    page.get_by_role("banner").get_by_role("link", name="Administration").click()
    page_is(page, "Administer the area")

    # When she imports the sample files with one mistake in the teams
    page.get_by_role("link", name="Import from CSV files").click()
    page_is(page, "Import the area from CSV files")
    bad = tmp_path / "teams.csv"
    bad.write_text((SAMPLES / "teams.csv").read_text(encoding="utf-8").replace("0-19 school nursing", "Nursery"),
                   encoding="utf-8")
    files = {"organisations.csv": SAMPLES / "organisations.csv", "teams.csv": bad, "staff.csv": SAMPLES / "staff.csv",
             "people.csv": SAMPLES / "people.csv"}
    for label, path in files.items():
        choose(page, label, path)
    page.get_by_role("button", name="Import", exact=True).click()

    # Then nothing is saved, and the error summary names the file, row and column
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Nothing was imported")
    expect(summary).to_contain_text("teams.csv, row 3, column ‘service_kind’: ‘Nursery’ is not a kind of service")
    axe_check(page)
    assert not Organisation.objects.filter(code="XRT01").exists()

    # When she checks, then imports, the files as they are
    for label in files:
        choose(page, label, SAMPLES / label)
    page.get_by_role("button", name="Check the files").click()
    expect(page.get_by_test_id("check-result")).to_contain_text("Every row is correct")
    for label in files:
        choose(page, label, SAMPLES / label)
    page.get_by_role("button", name="Import", exact=True).click()

    # Then the area is there
    expect(page.get_by_role("heading", level=1)).to_have_text("Administer the area")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The files have been imported")
    page.get_by_role("link", name="Northfield Community Health NHS Trust").click()
    page_is(page, "Northfield Community Health NHS Trust")
    page.get_by_role("link", name="Northfield health visiting team").click()
    axe_check(page)

    # When she gives Hana Ahmed a one-time password
    page.get_by_role("link", name="Hana Ahmed").click()
    page_is(page, "Hana Ahmed")
    page.get_by_role("link", name="Give them a one-time password").click()
    page.get_by_label("Why, and how did you check who asked?").fill("New starter; checked in person")
    page.get_by_role("button", name="Make a one-time password").click()
    expect(page.get_by_test_id("one-time-password")).to_have_text(re.compile(r"^[a-z2-9]{4}(-[a-z2-9]{4}){3}$"))
    axe_check(page)
    one_time = page.get_by_test_id("one-time-password").inner_text().strip()

    # And ends Tom Brook's access: his caseload is listed, with his team, for reassignment
    page.get_by_role("banner").get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Staff").first.click()
    page.get_by_label("Name, username, team or job title").fill("Brook")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Tom Brook").click()
    page.get_by_role("link", name="They have left: end their access").click()
    expect(page.get_by_test_id("caseload-places")).to_contain_text("Ruby Hughes")
    axe_check(page)
    page.get_by_label("I confirm this person has left").check()
    page.get_by_role("button", name="End their access now").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Tom Brook's access has ended")
    expect(page.get_by_test_id("caseload-places")).to_contain_text("Northfield health visiting team")
    axe_check(page)
    assert not Practitioner.objects.get(username="t.brook").is_active

    # When Hana Ahmed, the new health visitor, signs in with her one-time password
    sign_out(page)
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("h.ahmed")
    page.get_by_label("Password", exact=True).fill(one_time)
    page.get_by_role("button", name="Sign in").click()
    # Then she is asked to choose her own password first
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    page.get_by_label("Your current password").fill(one_time)
    page.get_by_label("New password", exact=True).fill("kettle orchard velvet lantern")
    page.get_by_label("Type your new password again").fill("kettle orchard velvet lantern")
    page.get_by_role("button", name="Change password").click()

    # And her home page is her caseload from the imported files: Ava and Leo, nothing due yet
    caseload = page.get_by_test_id("caseload")
    expect(caseload.get_by_role("heading", level=2)).to_have_text("Your caseload")
    expect(caseload).to_contain_text("Ava Morgan")
    expect(caseload).to_contain_text("Leo James Morgan")
    expect(caseload).not_to_contain_text("Noah Patel")
    axe_check(page)

    # When she records a concern about Ava and leaves the referral to the MASH as a draft
    caseload.get_by_role("link", name="Ava Morgan").click()
    page.get_by_role("link", name="Record a concern").click()
    page.get_by_label("What is your concern?").fill("Ava (2) has a bruise on her cheek; her mother could not say how.")
    page.get_by_role("button", name="Record concern and continue").click()
    page.get_by_role("banner").get_by_role("link", name="ThinkFamily").first.click()

    # Then her home page lists it as due against Ava
    ava = page.get_by_test_id("caseload-row").filter(has_text="Ava Morgan")
    expect(ava).to_contain_text("Your referral to the MASH, drafted and not sent")
    axe_check(page)

    # When she adds Noah Patel (who moved into her area) to her caseload by NHS number and date of birth
    page.get_by_test_id("add-to-caseload").click()
    page_is(page, "Add a child to your caseload")
    page.get_by_label("NHS number").fill("930 387 9333")
    date_of_birth = page.get_by_role("group", name="Date of birth")
    date_of_birth.get_by_label("Day").fill("18")
    date_of_birth.get_by_label("Month").fill("4")
    date_of_birth.get_by_label("Year").fill("2016")
    page.get_by_label("My caseload").check()
    page.get_by_label("Why is this person joining your caseload?").fill("Moved into Northfield: transfer in")
    page.get_by_role("button", name="Add to caseload").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noah Patel")

    # Then he is on her caseload on her home page
    page.get_by_role("banner").get_by_role("link", name="ThinkFamily").first.click()
    expect(page.get_by_test_id("caseload")).to_contain_text("Noah Patel")
    axe_check(page)
