"""A looked-after child's initial health assessment, seen through in a real browser (R6.1, R6.2,
R6.4), given/when/then, with an axe check on every page visited:

Liam's social worker records that he became looked after on Monday 5 October 2026; the
children-in-care nurse is told, and his record shows the initial health assessment (IHA) due
20 working days later, on 2 November. She records the council's notification, the request to
the looked-after children's medical team and the appointment; Liam is not brought to it, and
it is rebooked. The paediatrician sees him on 22 October, but types the report on the 30th,
three working days after it was due, and the page says so. Quality assurance returns it once;
it is typed again, accepted and shared, and the nurse finds it in her inbox. The children in
care dashboard, read before and after, counts the October IHA as completed late, the late
typed report and the return.

Deadlines read the controllable clock (thinkfamily.core.clock), which the live server shares
with this test: each part of the journey runs on the day it happens."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.children_in_care import iha_figures, record_step, step_figures, step_row
from tests.browser.steps import axe_check, fill_date, new_page, on, page_is, sign_in
from thinkfamily.lac.models import HealthAssessment

pytestmark = pytest.mark.browser


@pytest.mark.req("R6.1")
@pytest.mark.req("R6.2")
@pytest.mark.req("R6.4")
def test_a_child_enters_care_and_the_initial_health_assessment_is_seen_through_to_the_nurse(
    page, browser, live_server, lac_people
):
    liam = lac_people["liam"]
    entered = datetime.date(2026, 10, 5)  # a Monday

    with on(entered):
        # Given the children-in-care nurse reads the dashboard before Liam comes into care
        nurse = new_page(browser, live_server)
        sign_in(nurse, "cic")
        nurse.get_by_role("banner").get_by_role("link", name="Children in care").click()
        page_is(nurse, "Children in care")
        nurse.get_by_role("link", name="Health assessment dashboard").click()
        page_is(nurse, "Children in care: health assessments")
        assert iha_figures(nurse)["total"] == "0"

        # When his social worker records that he became looked after today
        sign_in(page, "sw")
        page.goto(f"/people/{liam.pk}/")
        page_is(page, "Liam James Roberts")
        page.get_by_role("link", name="Record a legal status change").click()
        axe_check(page)
        page.get_by_label("Legal status", exact=True).select_option(label="Looked after")
        page.get_by_label("Started").check()
        fill_date(page, "From", entered)
        page.get_by_label("Responsible local authority").select_option(label="Sefton Council")
        page.get_by_label("Placement (looked after only)").fill("Foster care")
        page.get_by_role("button", name="Save legal status").click()

        # Then his record shows the initial health assessment, due 20 working days later
        expect(page.get_by_text("The legal status change has been recorded.")).to_be_visible()
        assessments = page.get_by_test_id("record-health-assessments")
        expect(assessments).to_contain_text("Initial health assessment")
        expect(assessments).to_contain_text("2 November 2026")
        axe_check(page)

        # And the nurse is told, and finds the assessment from her inbox
        nurse.goto("/")
        nurse.get_by_role("banner").get_by_role("link", name="Inbox (1 unread)").click()
        expect(nurse.get_by_test_id("inbox")).to_contain_text(
            "Liam James Roberts became looked after on 5 October 2026."
        )
        axe_check(nurse)
        nurse.get_by_test_id("inbox").get_by_role("link").first.click()
        expect(nurse.get_by_role("heading", level=1)).to_have_text("Liam James Roberts")
        nurse.get_by_test_id("record-health-assessments").get_by_role("link", name="Initial health assessment").click()
        expect(nurse.get_by_role("heading", level=1)).to_have_text(
            "Initial health assessment for Liam James Roberts"
        )
        expect(nurse.get_by_test_id("due-on")).to_contain_text("2 November 2026")
        expect(nurse.get_by_test_id("assessment-status")).to_have_text("Due by 2 November 2026")
        axe_check(nurse)
        assessment_path = nurse.url.removeprefix(live_server.url)

    with on(datetime.date(2026, 10, 9)):
        # When she records the council's notification, the request and the appointment, each on time
        nurse.goto(assessment_path)
        record_step(nurse, "Notification from the council received by health", datetime.date(2026, 10, 7))
        record_step(nurse, "Requested from the looked-after children's medical team", datetime.date(2026, 10, 8))
        record_step(nurse, "Appointment booked", datetime.date(2026, 10, 9), appointment=datetime.date(2026, 10, 15))
        # Then each step shows the working days it took and that it was on time
        expect(step_row(nurse, "Notification from the council")).to_contain_text("2 working days")
        for step in ["Notification from the council", "Requested from", "Appointment booked"]:
            expect(step_row(nurse, step).get_by_test_id("late-by")).to_have_text("On time")
        expect(nurse.get_by_test_id("appointment-on")).to_have_text("15 October 2026")
        axe_check(nurse)

    with on(datetime.date(2026, 10, 15), hour=16):
        # When Liam is not brought to the appointment, and it is booked again
        nurse.goto(assessment_path)
        record_step(nurse, "Was not brought", datetime.date(2026, 10, 15),
                    reason="Foster carer ill; no one else could bring him")
        expect(nurse.get_by_test_id("missed-counts")).to_have_text("1 not brought, 0 rescheduled")
        record_step(nurse, "Appointment booked", datetime.date(2026, 10, 15), appointment=datetime.date(2026, 10, 22))
        # Then the missed appointment is counted with its reason, and the new one shows
        expect(step_row(nurse, "Was not brought")).to_contain_text("Foster carer ill; no one else could bring him")
        # Each step says who recorded it and when
        expect(step_row(nurse, "Was not brought")).to_contain_text("Nina Nurse")
        expect(step_row(nurse, "Was not brought")).to_contain_text("15 October 2026 at 16:")
        expect(nurse.get_by_test_id("missed-counts")).to_have_text("1 not brought, 0 rescheduled")
        expect(nurse.get_by_test_id("appointment-on")).to_have_text("22 October 2026")
        axe_check(nurse)

    with on(datetime.date(2026, 10, 30)):
        # When the paediatrician records the clinic held on 22 October
        doctor = new_page(browser, live_server)
        sign_in(doctor, "lacdoc")
        doctor.get_by_role("banner").get_by_role("link", name="Health assessments").click()
        # (due on Monday and not seen yet on the record: the work list has it at risk)
        expect(doctor.get_by_role("heading", level=1)).to_have_text("Health assessments: overdue and at risk")
        liam_row = doctor.get_by_test_id("worklist-row").filter(has_text="Liam James Roberts")
        expect(liam_row.get_by_test_id("days-late")).to_have_text("Not yet due")
        expect(liam_row.get_by_test_id("waiting-for")).to_contain_text("Seen in clinic")
        axe_check(doctor)
        liam_row.get_by_role("link").click()
        record_step(doctor, "Seen in clinic", datetime.date(2026, 10, 22))
        # Then the typed report was due 3 working days later and is now late
        expect(doctor.get_by_test_id("report-due")).to_contain_text("27 October 2026")
        expect(doctor.get_by_test_id("report-due")).to_contain_text("Not typed yet: 3 working days late")
        axe_check(doctor)

        # When he types it today
        record_step(doctor, "Typed report completed", datetime.date(2026, 10, 30))
        # Then it shows as typed late, by three working days, in the summary and in its step
        expect(doctor.get_by_test_id("report-due")).to_contain_text("Typed 30 October 2026: 3 working days late")
        expect(step_row(doctor, "Typed report completed").get_by_test_id("late-by")).to_have_text(
            "3 working days late"
        )
        expect(step_row(doctor, "Seen in clinic").get_by_test_id("late-by")).to_have_text("On time")
        axe_check(doctor)

    with on(datetime.date(2026, 11, 4)):
        # When quality assurance returns it once, it is typed again, and accepted
        nurse.goto(assessment_path)
        record_step(nurse, "Quality assurance: returned", datetime.date(2026, 11, 2),
                    reason="The health plan has no dental action")
        expect(nurse.get_by_test_id("qa-returns")).to_have_text("1 time")
        doctor.goto(assessment_path)
        record_step(doctor, "Typed report completed", datetime.date(2026, 11, 3))
        nurse.goto(assessment_path)
        record_step(nurse, "Quality assurance: accepted", datetime.date(2026, 11, 4))
        # Then the return is counted with its reason, and the first typing still shows as late
        expect(step_row(nurse, "Quality assurance: returned")).to_contain_text("The health plan has no dental action")
        expect(nurse.get_by_test_id("qa-returns")).to_have_text("1 time")
        expect(nurse.get_by_test_id("report-due")).to_contain_text("Typed 30 October 2026: 3 working days late")
        axe_check(nurse)

    with on(datetime.date(2026, 11, 5)):
        # When the medical team shares the report with the nurse and the GP
        doctor.goto(assessment_path)
        record_step(doctor, "Report shared with the children-in-care nurse and the GP", datetime.date(2026, 11, 5))
        expect(doctor.get_by_test_id("assessment-status")).to_have_text("Completed 3 days late")
        axe_check(doctor)

        # Then the nurse receives it in her inbox, and it opens the assessment
        nurse.goto("/")
        nurse.get_by_role("banner").get_by_role("link", name="Inbox (1 unread)").click()
        inbox = nurse.get_by_test_id("inbox")
        expect(inbox).to_contain_text(
            "Initial health assessment report for Liam James Roberts (seen 22 October 2026) is ready to read."
        )
        expect(inbox).to_contain_text("Paul Osei")
        axe_check(nurse)
        inbox.get_by_role("link", name="Initial health assessment report", exact=False).first.click()
        expect(nurse.get_by_role("heading", level=1)).to_have_text(
            "Initial health assessment for Liam James Roberts"
        )
        expect(nurse.get_by_test_id("assessment-status")).to_have_text("Completed 3 days late")
        axe_check(nurse)

        # And his record shows his first review due 12 months after he was seen (he is 7)
        nurse.goto(f"/people/{liam.pk}/")
        review = nurse.get_by_test_id("record-health-assessments").get_by_role("row").filter(
            has_text="Review health assessment"
        )
        expect(review).to_contain_text("22 October 2027")
        axe_check(nurse)

        # And the dashboard's figures have changed: October's IHA completed late, not in time
        nurse.get_by_role("banner").get_by_role("link", name="Children in care").click()
        nurse.get_by_role("link", name="Health assessment dashboard").click()
        assert iha_figures(nurse) == {"total": "1", "in_time": "0", "late": "1", "overdue": "0",
                                      "not_yet_due": "0", "percent": "0% (0 of 1)"}
        # The report was typed twice: 6 working days after the clinic (late) and 1 after the return
        assert step_figures(nurse, "typed") == {"count": "2", "median": "3.5", "late": "1"}
        # Booked twice: 1 working day after the request, and the same day he was not brought
        assert step_figures(nurse, "booked") == {"count": "2", "median": "0.5", "late": "0"}
        qa = nurse.get_by_test_id("qa-by-practitioner").get_by_test_id("qa-row").filter(has_text="Paul Osei")
        expect(qa.locator('[data-figure="reached"]')).to_have_text("1")
        expect(qa.locator('[data-figure="returned"]')).to_have_text("1")
        expect(qa.locator('[data-figure="percent"]')).to_have_text("100%")
        axe_check(nurse)

        # And the figure opens the child behind it
        nurse.get_by_test_id("iha-row").and_(nurse.locator('[data-month="2026-10"]')).locator(
            '[data-figure="late"]'
        ).get_by_role("link").click()
        expect(nurse.get_by_test_id("drill-total")).to_have_text("1 record.")
        expect(nurse.get_by_test_id("drill-row")).to_contain_text("Liam James Roberts")
        expect(nurse.get_by_test_id("drill-row")).to_contain_text("returned by quality assurance 1 time")
        axe_check(nurse)

    iha = HealthAssessment.objects.get(child=liam, kind=HealthAssessment.Kind.INITIAL)
    assert (iha.not_brought_count, iha.qa_return_count, iha.completed_on) == (1, 1, datetime.date(2026, 11, 5))
