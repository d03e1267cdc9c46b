"""A health visitor signs in to her caseload home page and sees each child with what is due;
a safeguarding lead signs in to hers (reviews, escalations, the ward view). Each page is
checked by axe (issue 12, R10.1)."""


import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import look, submit_sign_in
from tests.cast import practitioner_as, put_on_caseload
from tests.home.due import due_for
from thinkfamily.core import clock
from thinkfamily.organisations.models import Practitioner

pytestmark = pytest.mark.browser


@pytest.mark.req("R10.1")
def test_a_health_visitor_starts_her_day_from_her_caseload(page: Page, health_visitor, mash_worker, family):
    now = clock.now()
    put_on_caseload(health_visitor, family["liam"], family["mia"], family["sarah"])
    due_for(health_visitor, mash_worker, family["liam"], now=now)

    submit_sign_in(page, "hv")
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    liam = page.get_by_test_id("caseload-row").filter(has_text="Liam James Roberts")
    expect(liam).to_contain_text("MASH information request to answer")
    expect(liam).to_contain_text("Your referral to the MASH, drafted and not sent")
    expect(liam).to_contain_text("Initial health assessment")
    expect(page.get_by_test_id("caseload-row").filter(has_text="Mia Walsh")).to_contain_text("Nothing due")
    look(page, "home-health-visitor")

    page.get_by_role("link", name="Your team's caseload").click()
    expect(page.get_by_role("heading", name="Your team's caseload")).to_be_visible()
    page.get_by_role("banner").get_by_role("link", name="Find a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person")


@pytest.mark.req("R10.1")
def test_a_safeguarding_lead_starts_from_her_reviews(page: Page):
    practitioner_as(Practitioner.Role.SAFEGUARDING_LEAD, username="lead")
    submit_sign_in(page, "lead")
    expect(page.get_by_role("heading", name="Reviews and escalations")).to_be_visible()
    expect(page.get_by_test_id("ward-home")).to_be_visible()
    look(page, "home-safeguarding-lead")
