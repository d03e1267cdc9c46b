"""A health visitor finds Liam by NHS number, opens his record, and records a household move,
in a real browser, with every page checked by axe for WCAG 2.x A/AA problems."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import LIAM_NHS_NUMBER, axe_check, fill_date, page_is, sign_in
from tests.cast import put_on_caseload
from thinkfamily.people.models import Household, HouseholdMembership, ParentalResponsibility, Person

pytestmark = pytest.mark.browser


@pytest.fixture
def liams_family(family, health_visitor):
    """The family of tests/conftest.py on the health visitor's caseload (her legitimate
    relationship with them), with Liam's NHS number known and his parents' PR recorded."""
    liam = family["liam"]
    put_on_caseload(health_visitor, *[p for p in family.values() if isinstance(p, Person)])
    Person.objects.filter(pk=liam.pk).update(nhs_number=LIAM_NHS_NUMBER)
    ParentalResponsibility.objects.create(
        child=liam, holder=family["sarah"], basis="birth_mother", start_date=liam.date_of_birth
    )
    ParentalResponsibility.objects.create(
        child=liam, holder=family["jason"], basis="married_father", start_date=liam.date_of_birth
    )
    return family


@pytest.mark.req("R1.1")
@pytest.mark.req("R1.2")
@pytest.mark.req("R1.3")
def test_a_health_visitor_finds_liam_opens_his_record_and_records_a_move(page: Page, liams_family):
    liam = liams_family["liam"]
    record_path = f"/people/{liam.pk}/"

    # Given a health visitor signed in through the sign-in form
    sign_in(page, "hv")
    expect(page.get_by_role("banner")).to_contain_text("Helen Visitor")

    # When she searches by NHS number, typed with spaces
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_role("button", name="Search").click()

    # Then Liam's row shows his formatted NHS number and his address
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    axe_check(page)
    row = page.get_by_test_id("search-results").get_by_role("row").filter(has_text="Liam James Roberts")
    expect(row).to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(2)).to_have_text("943 476 5919")
    expect(cells.nth(3)).to_have_text("12 Marine Crescent, Waterloo, L22 5PR")

    # When she opens the child's record
    row.get_by_role("link", name="Liam James Roberts").click()
    expect(page).to_have_url(re.compile(re.escape(record_path) + "$"))
    axe_check(page)

    # Then she sees the household, who holds parental responsibility, and the genogram
    expect(page.get_by_test_id("person-header")).to_contain_text("NHS number: 943 476 5919")
    expect(page.get_by_test_id("current-address")).to_contain_text("Lives at 12 Marine Crescent, Waterloo, L22 5PR")
    household = page.get_by_test_id("household").locator("tbody tr")
    expect(household).to_have_count(3)
    for name in ["Sarah Roberts", "Dean Walsh", "Mia Walsh"]:
        expect(household.filter(has_text=name)).to_have_count(1)
    parental_responsibility = page.get_by_test_id("parental-responsibility").get_by_role("listitem")
    expect(parental_responsibility).to_have_count(2)
    expect(parental_responsibility.filter(has_text="Sarah Roberts: Birth mother")).to_have_count(1)
    expect(parental_responsibility.filter(has_text="Jason Roberts: Father married to the mother")).to_have_count(1)
    genogram = page.get_by_test_id("genogram").locator("svg")
    expect(genogram).to_be_visible()
    drawn = set(genogram.locator("g.genogram-person").evaluate_all("nodes => nodes.map(n => n.dataset.personId)"))
    members = {str(person.pk) for key, person in liams_family.items() if isinstance(person, Person)}
    assert members <= drawn, f"people missing from the genogram: {members - drawn}"

    # When she records a move with an impossible date
    page.get_by_role("link", name="Record a household move").click()
    page_is(page, "Record a household move")
    memberships, households = HouseholdMembership.objects.count(), Household.objects.count()
    fill_date(page, "Date of the move", ("31", "2", "2025"))
    page.get_by_label("A new address").check()
    page.get_by_label("Address line 1").fill("9 Lord Street")
    page.get_by_label("Town or city").fill("Southport")
    page.get_by_label("Postcode").fill("pr8 1aa")
    page.get_by_label("Reason for the move").fill("Refuge")
    page.get_by_role("button", name="Save move").click()

    # Then the NHS error summary explains it, and nothing is saved
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link", name="The date of the move must be a real date.")).to_have_attribute(
        "href", "#id_move_date_0"
    )
    axe_check(page)
    assert (HouseholdMembership.objects.count(), Household.objects.count()) == (memberships, households)
    record = page.context.new_page()
    record.goto(record_path)
    expect(record.get_by_test_id("current-address")).to_contain_text("Lives at 12 Marine Crescent, Waterloo, L22 5PR")
    expect(record.get_by_test_id("address-history").locator("tbody tr")).to_have_count(1)
    record.close()

    # When she corrects the date (what she typed is kept) and saves again
    expect(page.get_by_label("Address line 1")).to_have_value("9 Lord Street")
    fill_date(page, "Date of the move", ("3", "2", "2025"))
    page.get_by_role("button", name="Save move").click()

    # Then the record shows the new address as current, and the old one in the address history
    expect(page).to_have_url(re.compile(re.escape(record_path) + "$"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The move has been recorded.")
    expect(page.get_by_test_id("current-address")).to_have_text(
        "Lives at 9 Lord Street, Southport, PR8 1AA since 3 February 2025."
    )
    history = page.get_by_test_id("address-history").locator("tbody tr")
    expect(history).to_have_count(2)
    expect(history.nth(0).get_by_role("cell")).to_have_text(
        ["9 Lord Street, Southport, PR8 1AA", "3 February 2025", "Now", "Refuge"]
    )
    expect(history.nth(1).get_by_role("cell")).to_have_text(
        ["12 Marine Crescent, Waterloo, L22 5PR", "1 April 2023", "3 February 2025", ""]
    )
    axe_check(page)
    assert HouseholdMembership.objects.count() == memberships + 1


@pytest.mark.req("R1.1")
def test_a_wrong_check_digit_links_from_the_error_summary_to_the_field(page: Page, health_visitor):
    # Given a signed-in health visitor
    sign_in(page, "hv")

    # When she mistypes the NHS number's check digit
    page.get_by_label("NHS number").fill("943 476 5918")
    page.get_by_role("button", name="Search").click()

    # Then the error summary (focused, as the NHS design system does) links to the field
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile("check digit does not match"))
    expect(link).to_have_attribute("href", "#id_nhs_number")
    axe_check(page)

    # And following the link puts the cursor in the NHS number field
    link.click()
    field = page.get_by_label("NHS number")
    expect(field).to_be_focused()
    expect(field).to_have_value("943 476 5918")
