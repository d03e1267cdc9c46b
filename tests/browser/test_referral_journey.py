"""A referral to the MASH in a real browser (R4.1-R4.4): an ED nurse records a concern about
Liam and writes a referral that describes only his mother's drinking; the quality check
says the risk to Liam and his sister are missing; she completes it and sends it; the MASH
acknowledges it, decides and records the outcome; the nurse sees the outcome; her ward
manager's view counts the referral; the discharge guard holds until the outcome is known.
axe checks each page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import TIMEOUT_MS, axe_check
from tests.browser.test_break_glass import sign_in
from tests.factories import PractitionerFactory, ServiceFactory, TeamFactory
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import ParentalResponsibility
from thinkfamily.referrals.models import Referral

pytestmark = pytest.mark.browser
Role = Practitioner.Role


def new_page(browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.mark.req("R4.1")
@pytest.mark.req("R4.3")
@pytest.mark.req("R4.4")
def test_a_weak_referral_is_improved_sent_decided_and_counted(page, browser, live_server, family, ed_nurse, council):
    liam, sarah = family["liam"], family["sarah"]
    ParentalResponsibility.objects.create(child=liam, holder=sarah, basis="birth_mother", start_date=liam.date_of_birth)
    EpisodeOfCare.objects.create(
        person=liam, service=ed_nurse.team.service, start_at=timezone.now() - datetime.timedelta(hours=1)
    )
    CaseloadMembership.objects.create(
        person=liam, practitioner=ed_nurse, team=ed_nurse.team, start_date=datetime.date(2026, 1, 5)
    )
    mash_team = TeamFactory(service=ServiceFactory(organisation=council, kind=Service.Kind.MASH, name="Sefton MASH"))
    PractitionerFactory(username="mash", role=Role.MASH_SOCIAL_WORKER, team=mash_team, first_name="Marcus")
    PractitionerFactory(username="wm", role=Role.WARD_MANAGER, team=ed_nurse.team, first_name="Wendy")

    # The ED nurse records a concern and writes only about the mother's drinking.
    sign_in(page, "ed")
    page.goto(f"/people/{liam.pk}/")
    page.get_by_role("link", name="Record a concern").click()
    axe_check(page)
    page.get_by_label("What is your concern?").fill("Mother brought Liam to ED at 23:40, drunk and unsteady.")
    page.get_by_role("button", name="Record concern and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral to the MASH about Liam James Roberts")
    expect(page.get_by_label("Mia Walsh (4), lives with Liam")).to_be_checked()
    expect(page.get_by_label("Who holds parental responsibility for Liam?")).to_have_value(
        "Sarah Roberts (birth mother)"
    )
    axe_check(page)
    page.get_by_label("Mia Walsh (4), lives with Liam").uncheck()
    page.get_by_label("What is the risk to Liam?").fill(
        "Mother attended ED intoxicated, smelling of alcohol and shouting at staff. She says she has been "
        "drinking every day since her partner left."
    )
    page.get_by_role("button", name="Save and check the referral").click()
    check = page.get_by_test_id("quality-check")
    expect(check).to_contain_text("The referral describes the adult's behaviour but not the risk to the child")
    expect(check).to_contain_text("Name the other children in the household: Mia Walsh (4) lives with Liam.")
    axe_check(page)

    # She completes it and sends it.
    check.get_by_role("link", name="Change the referral").click()
    page.get_by_label("Mia Walsh (4), lives with Liam").check()
    page.get_by_label("What is the risk to Liam?").fill(
        "Liam is at risk of neglect and harm at night: when his mother is drunk there is no sober adult to care "
        "for Liam and Mia, and Liam says he makes his own tea. This is likely to continue: she drinks every day."
    )
    page.get_by_label("What is the impact on Liam?").fill("Liam is tired and hungry at school and frightened at night.")
    page.get_by_label("The voice of the child").fill("Liam said: 'Mummy sleeps on the sofa and I make toast.'")
    page.get_by_label("Parental substance misuse").check()
    page.get_by_label("Level 3: child in need (targeted, statutory)").check()
    page.get_by_role("button", name="Save and check the referral").click()
    expect(page.get_by_test_id("quality-score")).to_contain_text("100 out of 100")
    axe_check(page)
    page.get_by_role("button", name="Send the referral to the MASH").click()
    expect(page.get_by_test_id("referral-status")).to_have_text("Sent to the MASH")
    expect(page.get_by_test_id("referral-delay")).to_contain_text("Same working day")
    axe_check(page)
    referral = Referral.objects.get(child=liam)

    # The discharge guard holds while the outcome is unknown.
    page.goto(f"/people/{liam.pk}/")
    page.get_by_role("link", name="Discharge from my team's caseload").click()
    expect(page.get_by_test_id("discharge-guard")).to_contain_text("Outcome of a referral not known")
    axe_check(page)
    page.get_by_role("button", name="Discharge from caseload").click()
    expect(page.get_by_role("alert")).to_contain_text("whose outcome is not known: chase it, or ask a manager")
    axe_check(page)

    # The MASH acknowledges it, decides, and records the outcome.
    mash = new_page(browser, live_server)
    sign_in(mash, "mash")
    mash.get_by_role("link", name="Referrals").first.click()
    expect(mash.get_by_test_id("mash-queue")).to_contain_text("Liam James Roberts")
    axe_check(mash)
    mash.get_by_test_id("mash-queue").get_by_role("link").first.click()
    axe_check(mash)
    mash.get_by_role("button", name="Acknowledge the referral").click()
    mash.get_by_role("link", name="Record the MASH's decision").click()
    axe_check(mash)
    mash.get_by_label("What has the MASH decided?").fill("Strategy discussion today with police and health.")
    mash.get_by_role("button", name="Save decision").click()
    mash.get_by_role("link", name="Record the outcome").click()
    mash.get_by_label("Strategy discussion and section 47 enquiry").check()
    axe_check(mash)
    mash.get_by_role("button", name="Save outcome").click()
    expect(mash.get_by_test_id("referral-outcome")).to_contain_text("Strategy discussion and section 47 enquiry")
    axe_check(mash)
    mash.context.close()

    # The nurse sees the outcome in her inbox and on the referral.
    page.goto("/inbox/")
    expect(page.get_by_text("Outcome of your referral about Liam James Roberts")).to_be_visible()
    page.goto(f"/referrals/{referral.pk}/")
    expect(page.get_by_test_id("referral-outcome")).to_contain_text("Strategy discussion and section 47 enquiry")

    # Her ward manager's view counts it.
    manager = new_page(browser, live_server)
    sign_in(manager, "wm")
    manager.get_by_role("link", name="Referrals").first.click()
    expect(manager.get_by_test_id("ward-referrals")).to_contain_text("Liam James Roberts")
    expect(manager.get_by_test_id("ward-totals")).to_contain_text("All referrals sent 1 100")
    axe_check(manager)
    manager.context.close()
