"""A health visitor adds a child she cannot see yet to her caseload by NHS number and date of
birth, sees who is working with him on his record, records his GP registration and transfers
him to the school nurse, in a real browser, with every page checked by axe (issue 12)."""


import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import LIAM_NHS_NUMBER, axe_check, fill_date, look, page_is, sign_in
from tests.cast import practitioner
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.models import Person

pytestmark = pytest.mark.browser


@pytest.mark.req("R10.1")
def test_a_health_visitor_adds_a_child_to_her_caseload_and_transfers_him_to_the_school_nurse(
    page: Page, family, health_visitor, gp
):
    liam = family["liam"]
    Person.objects.filter(pk=liam.pk).update(nhs_number=LIAM_NHS_NUMBER)
    practitioner("sn", Practitioner.Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING,
                 team="Bootle school nursing team")

    # Given a health visitor signed in, with Liam not on her caseload
    sign_in(page, "hv")
    # When she adds him by NHS number and date of birth, first with a wrong date of birth
    page.goto("/caseload/add/")
    page_is(page, "Add a child to your caseload")
    page.get_by_label("NHS number").fill("943 476 5919")
    fill_date(page, "Date of birth", liam.date_of_birth.replace(day=15))
    page.get_by_label("My caseload").check()
    page.get_by_label("Why is this person joining your caseload?").fill("Moved into the area: transfer in")
    page.get_by_role("button", name="Add to caseload").click()
    expect(page.get_by_role("alert")).to_contain_text("No record matches this NHS number and date of birth")
    look(page, "1-add-refused")
    fill_date(page, "Date of birth", liam.date_of_birth)
    page.get_by_role("button", name="Add to caseload").click()

    # Then his record opens and says who is working with him
    expect(page.get_by_role("heading", level=1)).to_contain_text("Liam James Roberts")
    expect(page.get_by_test_id("working-with")).to_contain_text(
        "Caseload of Helen Visitor (Bootle health visiting team)")
    look(page, "2-record")

    # When she records his GP registration
    page.get_by_role("link", name="Record a GP registration").click()
    axe_check(page)
    page.get_by_label("GP practice").select_option(label="Crosby Village Surgery")
    fill_date(page, "Date the registration started", liam.date_of_birth)
    page.get_by_role("button", name="Save GP registration").click()
    expect(page.get_by_test_id("gp-history")).to_contain_text("Crosby Village Surgery")

    # And transfers him to the school nurse at school entry
    page.get_by_role("link", name="Transfer the place on the caseload of Helen Visitor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Transfer from the caseload of Helen Visitor")
    look(page, "3-transfer")
    page.get_by_label("Who takes the place on?").select_option(
        label="Sn Practitioner, school nurse (Bootle school nursing team)")
    page.get_by_label("Why is the place being transferred?").fill("Started school")
    page.get_by_role("button", name="Transfer").click()

    # Then she is told, on her home page: the record is no longer hers to open
    expect(page.get_by_text("Liam James Roberts's place has been transferred to Sn Practitioner")).to_be_visible()
    axe_check(page)
    page.goto(f"/people/{liam.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this record")
