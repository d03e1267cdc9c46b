"""Issue 14's journey in a real browser (R7.1), given/when/then, with an axe check on every
page visited:

a midwife books two antenatal appointments for Kerry, pregnant, for her unborn baby (who
has a child protection plan: known to social care); she records both as missed; the 'was
not brought' alert reaches her home page and the baby's social worker's; she records what
was done, which takes it off her home page; and the chronologies of Kerry and of the baby
show the appointments, the alert and its follow-up.

The live server shares the controllable clock (thinkfamily.core.clock): the journey books
on Monday 2 November 2026 and records the misses on the days of the appointments."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.appointments.scenes import midwife, pregnancy
from tests.browser.steps import axe_check, fill_date, look, new_page, on, page_is, sign_in, table_rows
from tests.cast import on_a_child_protection_plan, practitioner, put_on_caseload
from thinkfamily.organisations.models import Practitioner, Service

pytestmark = pytest.mark.browser


@pytest.fixture
def people(social_worker, council):
    """Mary, a community midwife with Kerry and her unborn baby on her caseload; Sam, the
    baby's social worker (the baby has had a child protection plan since October)."""
    nurse = midwife()
    kerry, unborn = pregnancy()
    put_on_caseload(nurse, kerry, unborn)
    put_on_caseload(social_worker, unborn)
    on_a_child_protection_plan(unborn, council, since=datetime.date(2026, 10, 1), category="emotional")
    practitioner("rvylead", Practitioner.Role.SAFEGUARDING_LEAD, "RVY", Service.Kind.SAFEGUARDING,
                 team="Safeguarding team", first_name="Lena", last_name="Lead")
    return {"midwife": nurse, "kerry": kerry, "unborn": unborn, "social_worker": social_worker}


def book(page, day: datetime.date, time: str) -> None:
    page.get_by_test_id("book-appointment").click()
    page_is(page, "Book an appointment for Kerry Lowe")
    page.get_by_label("What kind of appointment?").select_option(label="Antenatal appointment")
    fill_date(page, "Date", day)
    page.get_by_label("Time", exact=True).fill(time)
    page.get_by_label("Which pregnancy is it for?").select_option(label="Unborn baby Lowe")
    page.get_by_role("button", name="Book appointment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kerry Lowe")


def record_missed(page, kerry) -> None:
    page.goto(f"/people/{kerry.pk}/")
    page.get_by_role("link", name=re.compile("^Record what happened")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What happened at the antenatal appointment")
    axe_check(page)
    page.get_by_label("Was not brought").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kerry Lowe")


@pytest.mark.req("R7.1")
def test_two_missed_antenatal_appointments_reach_the_midwife_and_the_social_worker_until_followed_up(
    page, browser, live_server, people
):
    kerry, unborn = people["kerry"], people["unborn"]

    with on(datetime.date(2026, 11, 2)):
        # Given the midwife is signed in, on Kerry's record
        sign_in(page, "midwife")
        page.goto(f"/people/{kerry.pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kerry Lowe")
        axe_check(page)

        # When she books two antenatal appointments for the baby
        book(page, datetime.date(2026, 11, 4), "14:00")
        book(page, datetime.date(2026, 11, 11), "14:00")

        # Then both are upcoming on Kerry's record
        upcoming = table_rows(page.get_by_test_id("appointments-upcoming"))
        assert [row[1] for row in upcoming] == ["Antenatal appointment (for Unborn baby Lowe)"] * 2, upcoming
        look(page, "wnb-1-booked")

    # When Kerry misses both
    with on(datetime.date(2026, 11, 4), 17):
        record_missed(page, kerry)
    with on(datetime.date(2026, 11, 11), 17):
        record_missed(page, kerry)
        missed = table_rows(page.get_by_test_id("appointments-missed"))
        assert len(missed) == 2 and all("Was not brought" in row[3] for row in missed), missed
        expect(page.get_by_test_id("record-follow-ups")).to_contain_text("Kerry Lowe missed 2 antenatal appointments")
        look(page, "wnb-2-record")

        # Then the alert is on the midwife's home page, with its deadline
        page.goto("/")
        section = page.get_by_test_id("follow-ups-home")
        expect(section).to_contain_text("Kerry Lowe missed 2 antenatal appointments for the unborn baby")
        expect(section).not_to_contain_text("wnb.threshold")
        look(page, "wnb-3-midwife-home")

        # And on the baby's social worker's home page
        social_worker = new_page(browser, live_server)
        sign_in(social_worker, "sefton.sw")
        social_worker.goto("/")
        expect(social_worker.get_by_test_id("follow-ups-home")).to_contain_text("Kerry Lowe")
        expect(social_worker.get_by_test_id("follow-ups-home").get_by_role("link", name="Unborn baby Lowe")
               ).to_be_visible()
        look(social_worker, "wnb-4-social-worker-home")
        # She opens it (through the baby's record: she does not work with Kerry); the midwife records it
        social_worker.get_by_test_id("follow-ups-home").get_by_role("link", name=re.compile("^Was not brought")
                                                                    ).click()
        page_is(social_worker, "Was not brought: follow-up")
        expect(social_worker.get_by_role("button", name="Record what was done")).to_have_count(0)
        look(social_worker, "wnb-4b-social-worker-follow-up")

        # And on her trust's safeguarding lead's list of open follow-ups, linking to the people
        lead = new_page(browser, live_server)
        sign_in(lead, "rvylead")
        lead.goto("/")
        lead.get_by_role("link", name=re.compile("^All open follow-ups")).click()
        page_is(lead, "Follow-ups of missed appointments: Southport and Ormskirk Hospitals NHS Trust")
        rows = table_rows(lead.get_by_test_id("managers-follow-ups"))
        assert len(rows) == 1 and rows[0][0].startswith("Kerry Lowe"), rows
        look(lead, "wnb-4c-lead-list")

    with on(datetime.date(2026, 11, 12)):
        # When the midwife records what was done
        page.goto("/")
        page.get_by_test_id("follow-ups-home").get_by_role("link", name=re.compile("^Was not brought")).click()
        page_is(page, "Was not brought: follow-up")
        look(page, "wnb-5-follow-up")
        page.get_by_label("Home visit made").check()
        page.get_by_label("Details").fill("Visited Kerry at home: no money for the bus. Bus passes arranged.")
        page.get_by_role("button", name="Record what was done").click()

        # Then it is off her home page
        expect(page.get_by_text("What was done is recorded.")).to_be_visible()
        expect(page.get_by_test_id("follow-ups-home")).to_have_count(0)
        axe_check(page)

        # And Kerry's chronology shows the appointments, the alert and its follow-up
        page.goto(f"/people/{kerry.pk}/chronology/")
        page_is(page, "Chronology")
        kinds = [row[1] for row in table_rows(page.get_by_test_id("chronology"))]
        text = " ".join(kinds)
        for words in ("Appointment booked", "Missed appointment", "Missed appointments: follow-up required",
                      "Follow-up of missed appointments recorded", "Home visit made"):
            assert words in text, kinds
        look(page, "wnb-6-chronology")

        # And so does the baby's
        page.goto(f"/people/{unborn.pk}/chronology/")
        page_is(page, "Chronology")
        text = " ".join(row[1] for row in table_rows(page.get_by_test_id("chronology")))
        assert "'Was not brought' alert" in text and "Missed appointment" in text, text
