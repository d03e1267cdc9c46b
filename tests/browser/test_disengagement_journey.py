"""An adult who disengages while children are known (R7.2), in a real browser with every page
checked by axe: a substance misuse worker discharges Dean for non-engagement (he lives with
Liam and Mia); the follow-up is on her home page; she records what she did; Liam's health
visitor finds the line in his chronology and the notice in her inbox."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import fill_date, look, new_page, on, page_is, sign_in
from tests.cast import practitioner, put_on_caseload
from thinkfamily.appointments.models import FollowUp
from thinkfamily.caseloads import services as caseloads
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import Practitioner, Service

pytestmark = pytest.mark.browser
TODAY = datetime.date(2026, 11, 20)


@pytest.mark.req("R7.2")
def test_a_discharge_for_non_engagement_raises_the_follow_up_until_it_is_recorded(
    page: Page, browser, live_server, family, health_visitor
):
    dean, liam, mia = family["dean"], family["liam"], family["mia"]
    worker = practitioner("sm", Practitioner.Role.SUBSTANCE_MISUSE_WORKER, "RW4", Service.Kind.ADULT_SUBSTANCE_MISUSE,
                          team="Sefton drug and alcohol team", service_name="Sefton drug and alcohol service",
                          first_name="Sally", last_name="Worker")
    put_on_caseload(health_visitor, liam, mia)
    with on(datetime.date(2026, 6, 1)):
        caseloads.open_episode(Auditor(actor=worker), dean, service=worker.team.service,
                               start_date=datetime.date(2026, 6, 1), reason="Referral accepted: alcohol")

    with on(TODAY):
        # Given the substance misuse worker on Dean's record
        sign_in(page, "sm")
        page.goto(f"/people/{dean.pk}/")
        # When she closes his episode of care, ticking "Discharged for non-engagement"
        page.get_by_role("link", name="Close the episode of care with Sefton drug and alcohol service").click()
        page_is(page, "Close the episode of care with Sefton drug and alcohol service")
        look(page, "disengage-1-close-episode")
        fill_date(page, "Date of discharge", TODAY)
        page.get_by_label("Discharged for non-engagement").check()
        page.get_by_label("Why is the episode of care closing?").fill(
            "Did not attend three appointments and did not reply to two letters")
        page.get_by_role("button", name="Close episode of care").click()
        # Then she is told a follow-up is raised for her, and it is on her home page
        expect(page.get_by_text("a follow-up has been raised for Sally Worker")).to_be_visible()
        look(page, "disengage-2-record")
        page.goto("/")
        section = page.get_by_test_id("follow-ups-home")
        expect(section).to_contain_text("Dean Walsh")
        expect(section).to_contain_text("Children known: Liam James Roberts (7) and Mia Walsh (4)")
        look(page, "disengage-3-home")
        # When she records what she did
        section.get_by_role("link", name="Adult disengaged with children known").click()
        page_is(page, "Adult disengaged with children known: follow-up")
        page.get_by_label("Contacted the children's health visitor, school nurse or GP").check()
        page.get_by_label("Details").fill("Spoke to Helen Visitor; she will visit this week.")
        look(page, "disengage-4-follow-up")
        page.get_by_role("button", name="Record what was done").click()
        page.goto("/")
        expect(page.get_by_test_id("follow-ups-home").get_by_text("Dean Walsh")).to_have_count(0)

        # And Liam's health visitor finds it in his chronology and her inbox
        visitor = new_page(browser, live_server)
        sign_in(visitor, "hv")
        visitor.goto(f"/people/{liam.pk}/chronology/")
        expect(visitor.get_by_role("main")).to_contain_text(
            "Adult in the household disengaged from Sefton drug and alcohol service")
        look(visitor, "disengage-5-chronology")
        visitor.goto("/inbox/")
        expect(visitor.get_by_role("main")).to_contain_text("Dean Walsh, an adult in the life of Liam James Roberts")
        look(visitor, "disengage-6-inbox")
    assert not FollowUp.objects.open().exists()
