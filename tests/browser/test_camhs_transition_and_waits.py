"""A CAMHS practitioner finds a young person late for transition planning and starts the plan,
and the safeguarding lead reads the waiting times and the people behind them, in a real
browser, with every page checked by axe (R7.3, R7.5)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import axe_check, fill_date, look, page_is, sign_in
from tests.pathways.scenes import adult_mh_worker, alder_hey_lead, appointment, at, on_caseload, referred, young_person
from thinkfamily.core import clock

pytestmark = pytest.mark.browser
D = datetime.date


@pytest.mark.req("R7.3")
@pytest.mark.req("R7.5")
def test_camhs_starts_a_late_transition_plan_and_the_lead_reads_the_waiting_times(page: Page, camhs):
    amh = adult_mh_worker()
    alder_hey_lead()
    zoe = young_person("Zoe", D(2009, 5, 3))
    on_caseload(zoe, camhs)
    waiting = young_person("Kian", D(2013, 2, 2))
    referred(waiting, camhs.team.service, D(2026, 6, 1))
    appointment(waiting, camhs.team.service, D(2026, 7, 6), by=camhs)
    with clock.travel_to(at(2026, 12, 3, 10)):
        # Given the CAMHS practitioner, signed in
        sign_in(page, "camhs")
        page.get_by_role("banner").get_by_role("link", name="Transitions").click()
        page_is(page, "Moving from CAMHS to adult services")
        expect(page.get_by_test_id("late")).to_contain_text("Zoe Young")
        look(page, "transitions-1-late")

        # When she starts planning, first without choosing the adult service
        page.get_by_role("link", name="Start planning for Zoe Young").click()
        axe_check(page)
        fill_date(page, "When did transition planning start?", D(2026, 12, 3))
        page.get_by_role("button", name="Start transition planning").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose the adult service the young person will move to")
        axe_check(page)
        page.get_by_label("Which adult service will the young person move to?").select_option(
            label=f"{amh.team.service.name} ({amh.organisation.name})")
        fill_date(page, "When did transition planning start?", D(2026, 12, 3))
        page.get_by_role("button", name="Start transition planning").click()
        expect(page.get_by_text("Transition planning started for Zoe Young.")).to_be_visible()

        # Then she is no longer late, and her plan is in progress
        page.goto("/transitions/")
        expect(page.get_by_test_id("late-none")).to_be_visible()
        expect(page.get_by_test_id("plans")).to_contain_text("Zoe Young")
        axe_check(page)

        # And the safeguarding lead reads the waiting times and who is waiting
        page.context.clear_cookies()
        sign_in(page, "ahlead")
        page.get_by_role("link", name="Waiting times").first.click()
        page_is(page, "Waiting times")
        look(page, "transitions-2-waits")
        page.get_by_role("link", name=f"The longest waits for {camhs.team.service.name}").click()
        page_is(page, "Still waiting for treatment")
        expect(page.get_by_test_id("waiting-people")).to_contain_text("Kian Young")
        page.get_by_role("link", name="Kian Young").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kian Young")
