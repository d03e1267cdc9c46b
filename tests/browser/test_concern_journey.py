"""Issue 14's concern that never became a referral, in a real browser (R4.2), with an axe check
on every page: a health visitor writes a case note about Liam that records a concern that
social care may need to be involved, on a Friday afternoon; nothing is decided; on Tuesday
morning (one working day after, the weekend not counted) it is on her home page and on the
safeguarding lead's list, reached from the lead's home page and from the referrals dashboard;
the lead opens it, is told she must give a reason for no referral, gives one, and it leaves
the list; the chronology shows the concern and the decision. The clock is the application's,
which the live server shares."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.browser.steps import look, new_page, page_is, sign_in
from tests.cast import put_on_caseload
from thinkfamily.core import clock

pytestmark = pytest.mark.browser
LONDON = zoneinfo.ZoneInfo("Europe/London")
FRIDAY = datetime.datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)
MONDAY_EVENING = datetime.datetime(2026, 11, 23, 18, 0, tzinfo=LONDON)
TUESDAY = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)
CONCERN = "Liam said Dean hit his mum last night and he hid under the bed."


@pytest.mark.req("R4.2")
def test_an_undecided_concern_in_a_case_note_reaches_the_leads_list_and_is_decided(
    page, browser, live_server, family, health_visitor, safeguarding_lead
):
    liam = family["liam"]
    put_on_caseload(health_visitor, liam)

    with clock.travel_to(FRIDAY):
        # Given the health visitor writes a case note that records a concern
        sign_in(page, "hv")
        page.goto(f"/people/{liam.pk}/")
        page.get_by_role("link", name="Write a case note").click()
        page_is(page, "Write a case note")
        page.get_by_label("Title").fill("Home visit")
        page.get_by_label("Note", exact=True).fill("Visited Liam and Sarah at home.")
        page.get_by_label("This note records a concern that social care may need to be involved").check()
        page.get_by_label("What is the concern?").fill(CONCERN)
        look(page, "concern-01-case-note-form")
        page.get_by_role("button", name="Save note").click()
        expect(page.get_by_text("The note has been added to the record.")).to_be_visible()

    lead = new_page(browser, live_server)
    with clock.travel_to(MONDAY_EVENING):
        # Then on Monday evening it is not yet due
        sign_in(lead, "lead")
        lead.goto("/")
        expect(lead.get_by_test_id("ward-home")).to_contain_text("0 concerns past the decision date")

    with clock.travel_to(TUESDAY):
        # When Tuesday comes with no decision, it is on her home page
        page.goto("/")
        home = page.get_by_test_id("concerns-home")
        expect(home).to_contain_text("Liam James Roberts")
        look(page, "concern-02-hv-home")

        # And on the lead's list, from her home page and from the referrals dashboard
        lead.goto("/")
        lead.get_by_test_id("ward-home").get_by_role("link", name="1 concern past the decision date").click()
        page_is(lead, "Concerns past their decision date")
        expect(lead.get_by_test_id("concern-list")).to_contain_text("Liam James Roberts")
        look(lead, "concern-03-lead-list")
        lead.get_by_role("link", name="Referrals").first.click()
        expect(lead.get_by_test_id("ward-concerns")).to_contain_text("1 concern awaiting a decision")
        look(lead, "concern-04-dashboard")
        lead.get_by_test_id("ward-concerns").get_by_role("link", name="1 past the decision date").click()
        page_is(lead, "Concerns past their decision date")

        # When she opens it and records no referral without a reason
        lead.get_by_test_id("concern-list").get_by_role("link", name="Concern recorded").click()
        page_is(lead, "Safeguarding concern about Liam James Roberts")
        expect(lead.get_by_test_id("concern-decision")).to_contain_text("Overdue")
        expect(lead.get_by_test_id("concern-decision")).to_contain_text("within 1 working day of a concern")
        look(lead, "concern-05-concern-page")
        lead.get_by_label("No referral to the MASH").check()
        lead.get_by_role("button", name="Record the decision").click()
        expect(lead.get_by_role("alert")).to_contain_text("Say why no referral is being made")
        look(lead, "concern-06-no-reason")

        # Then, with a reason, it is decided and leaves the lists
        lead.get_by_label("No referral to the MASH").check()
        lead.get_by_label("Why is no referral being made?").fill("Sarah has left Dean; early help already involved.")
        lead.get_by_role("button", name="Record the decision").click()
        expect(lead.get_by_test_id("concern-decision")).to_contain_text("No referral: Sarah has left Dean")
        look(lead, "concern-07-decided")
        lead.goto("/concerns/")
        expect(lead.get_by_test_id("concern-list")).to_contain_text("No concerns are past their decision date")
        page.goto("/")
        expect(page.get_by_test_id("concerns-home")).to_have_count(0)

        # And the chronology shows the concern and the decision
        page.goto(f"/people/{liam.pk}/chronology/")
        expect(page.get_by_role("main")).to_contain_text("Safeguarding concern recorded by")
        expect(page.get_by_role("main")).to_contain_text("Decision on the safeguarding concern")
        look(page, "concern-08-chronology")
