"""Issue 17's journey in a real browser (R5.1, R4.6), given/when/then, with an axe check on
every page visited:

the council's social worker records a strategy discussion about Liam and arranges the initial
conference; the GP and CAMHS find their invitations in their inboxes; the GP's report that is a
list of dates is refused, and the report with analysis is sent; the conference decides a plan,
whose flag an ED nurse then sees at a lookup; the minutes are late, chased by the sweep and
shown as overdue to the safeguarding lead; once received, the GP reads them.

The live server shares the controllable clock (thinkfamily.core.clock)."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.steps import axe_check, fill_date, look, new_page, on, page_is, sign_in, table_rows
from tests.cast import put_on_caseload, register_with, works_with
from tests.protection.scenes import open_episode
from tests.protection.test_reports import ANALYSIS, DATES_ONLY
from thinkfamily.core import timescales
from thinkfamily.referrals import sweeps

pytestmark = pytest.mark.browser

DISCUSSED = datetime.date(2026, 3, 2)
CONFERENCE_DAY = datetime.date(2026, 3, 16)


@pytest.fixture
def people(family, social_worker, gp, camhs, health_visitor, ed_nurse, safeguarding_lead):
    liam = family["liam"]
    works_with(social_worker, liam)
    register_with(gp.organisation, liam)
    put_on_caseload(health_visitor, liam)
    open_episode(liam, camhs, datetime.date(2025, 11, 3))
    return family


def open_invitation(page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Inbox (1 unread)").click()
    page_is(page, "Inbox")
    page.get_by_test_id("inbox").get_by_role("link").first.click()
    page_is(page, "Initial child protection conference: your invitation")


def write_report(page, answers: dict) -> None:
    for name, value in answers.items():
        if value:
            page.locator(f"textarea[name='{name}']").fill(value)
    page.get_by_role("button", name="Send report").click()


@pytest.mark.req("R5.1")
@pytest.mark.req("R4.6")
def test_the_council_holds_a_conference_the_agencies_report_and_the_minutes_are_chased_and_received(
    page, browser, live_server, people
):
    liam = people["liam"]

    with on(DISCUSSED, 15):
        # Given Liam's social worker is on his record
        sign_in(page, "sefton.sw")
        page.goto(f"/people/{liam.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Liam James Roberts")

        # When she records the strategy discussion
        page.get_by_role("link", name="Record a strategy discussion").click()
        page_is(page, "Record a strategy discussion about Liam James Roberts")
        fill_date(page, "Date of the strategy discussion", DISCUSSED)
        page.get_by_role("group", name="Did a section 47 enquiry start?").get_by_label("Yes").check()
        page.get_by_label("General practice, Crosby Village Surgery").check()
        page.get_by_label("What the discussion decided, and why").fill(
            "Bruising to the upper arm seen at school; section 47 enquiry to start today.")
        page.get_by_role("button", name="Record discussion").click()

        # Then the initial conference is due 15 working days later
        page_is(page, "Strategy discussion of 2 March 2026")
        expect(page.get_by_test_id("discussion")).to_contain_text("23 March 2026")

        # When she arranges it, with every agency that knows Liam invited
        page.get_by_role("button", name="Arrange the initial conference").click()
        page_is(page, "Arrange the initial child protection conference")
        fill_date(page, "Date of the conference", CONFERENCE_DAY)
        page.get_by_role("button", name="Arrange conference").click()
        page_is(page, "Initial child protection conference")
        agencies = [row[0] for row in table_rows(page.get_by_test_id("invitations"))]
        assert any(a.startswith("General practice, Crosby Village Surgery") for a in agencies), agencies
        assert any("CAMHS" in a or "Child and adolescent" in a for a in agencies), agencies

    with on(DISCUSSED + datetime.timedelta(days=7)):
        # The GP finds the invitation in the inbox; a list of dates is refused
        gp_page = new_page(browser, live_server)
        sign_in(gp_page, "gp")
        open_invitation(gp_page)
        write_report(gp_page, DATES_ONLY)
        expect(gp_page.get_by_role("alert")).to_contain_text("'No concerns' or a list of dates is not enough")
        axe_check(gp_page)
        write_report(gp_page, ANALYSIS)
        expect(gp_page.get_by_test_id("report")).to_contain_text("physical harm is likely")
        look(gp_page, "cp-gp-report")

        # CAMHS finds its invitation too
        camhs_page = new_page(browser, live_server)
        sign_in(camhs_page, "camhs")
        open_invitation(camhs_page)

    with on(CONFERENCE_DAY, 16):
        # When the conference decides a plan
        page.goto(page.url)
        page.get_by_role("button", name="Record what happened at the initial child protection conference").click()
        page_is(page, "Record the initial child protection conference")
        fill_date(page, "Date it was held", CONFERENCE_DAY)
        _attend_everyone(page)
        page.get_by_role("group", name="Decision for Liam James Roberts").get_by_label(
            "Child protection plan", exact=True).check()
        page.get_by_role("group", name="Category of Liam James Roberts's plan").get_by_label("Physical abuse").check()
        page.get_by_role("button", name="Record", exact=True).click()
        page_is(page, "Initial child protection conference")
        expect(page.get_by_test_id("decisions")).to_contain_text("Liam James Roberts: Child protection plan (physical")

    with on(CONFERENCE_DAY + datetime.timedelta(days=2), 2):
        # Then the ED nurse's lookup shows the plan
        ed_page = new_page(browser, live_server)
        sign_in(ed_page, "ed")
        ed_page.get_by_role("link", name="Point-of-care lookup").click()
        ed_page.get_by_label("NHS number").fill(liam.nhs_number)
        ed_page.get_by_role("button", name="Look up").click()
        expect(ed_page.get_by_test_id("flag-banner")).to_contain_text("Child protection plan: Physical abuse")
        axe_check(ed_page)

    minutes_due = timescales.deadline("cp.minutes", CONFERENCE_DAY).due_at.date()
    late = minutes_due + datetime.timedelta(days=1)
    with on(late, 9):
        # When the minutes are late, the worker's sweep chases them
        assert sweeps.run_all()["minutes_chased"] == 1
        lead_page = new_page(browser, live_server)
        sign_in(lead_page, "lead")
        lead_page.goto("/")
        lead_page.get_by_role("link", name="Child protection conference minutes overdue").click()
        page_is(lead_page, "Conference minutes overdue")
        rows = table_rows(lead_page.get_by_test_id("overdue-minutes"))
        assert "Liam James Roberts" in rows[0][1] and "Overdue" in rows[0][3], rows

        # When the social worker records them, the GP reads them
        page.goto(page.url)
        page.get_by_role("button", name="Record the minutes").click()
        page_is(page, "Record the minutes and the plan")
        fill_date(page, "Date the minutes were received", late)
        page.get_by_label("Minutes", exact=True).fill("Present: social care, GP, health visiting, CAMHS. Plan agreed.")
        page.get_by_label("Child protection plan").fill("Health visitor to see Liam weekly; GP to review injuries.")
        page.get_by_role("button", name="Record minutes").click()
        page_is(page, "Initial child protection conference")
        gp_page.goto(page.url)
        page_is(gp_page, "Initial child protection conference")
        expect(gp_page.get_by_test_id("minutes")).to_contain_text("Health visitor to see Liam weekly")


def _attend_everyone(page) -> None:
    """Every invited agency attended (each agency's radios are a group named after it)."""
    for radio in page.get_by_label("Attended", exact=True).all():
        radio.check()
