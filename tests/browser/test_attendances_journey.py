"""Attendances in an adult ED in a real browser (R1.6, R5.5, R7.4): the ED nurse records a
man's attendance without the children question, which stays incomplete until she links his
children and answers; a 17-year-old seen there goes on the paediatric liaison nurse's
next-day list until she records the review; the ward manager reads the triage completeness.
A midwife reads the Pregnancy section and records a routine enquiry (R5.3). Axe checks every
page."""

import pytest
from playwright.sync_api import Page, expect

from tests.assessments import scenes
from tests.browser.steps import axe_check, look, new_page, page_is, sign_in
from tests.flags.scenes import lookup_world
from thinkfamily.assessments.models import Attendance, RoutineEnquiry

pytestmark = pytest.mark.browser


def _look_up(page: Page, nhs_number: str) -> None:
    page.goto("/lookup/")
    page.get_by_label("NHS number").fill(nhs_number)
    page.get_by_role("button", name="Look up").click()


def _answer(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


@pytest.mark.req("R1.6")
@pytest.mark.req("R7.4")
def test_adult_ed_attendances_their_completeness_and_the_liaison_review(
        page: Page, browser, live_server, family, council, health_visitor, national_flag_types):
    world = lookup_world(family, council, health_visitor)
    scenes.adults_only(world)
    dean, kyle = world["dean"], scenes.young_person(17)
    liaison, manager = scenes.liaison_nurse(), scenes.ward_manager(world)

    # The ED nurse records Dean's attendance, leaving the children question unanswered.
    sign_in(page, world["ed"].username)
    _look_up(page, dean.nhs_number)
    page.goto(f"/people/{dean.pk}/")
    page.get_by_role("link", name="Record an attendance").click()
    page_is(page, "Record Dean Walsh's attendance at Southport and Formby ED")
    page.get_by_label("Presenting reason").fill("Hand injury")
    page.get_by_role("button", name="Save and complete").click()
    expect(page.get_by_role("alert")).to_contain_text("Answer every question before completing")
    axe_check(page)
    page.get_by_role("button", name="Save as incomplete").click()
    page_is(page, "Attendance at Southport and Formby ED")
    expect(page.get_by_test_id("missing")).to_contain_text("Are there children in the household")
    look(page, "attendance-incomplete")

    # He names Liam and Mia: linked, and the questions answered, it is complete.
    page.get_by_label("Liam James Roberts").check()
    page.get_by_label("Mia Walsh").check()
    page.get_by_role("button", name="Link children").click()
    expect(page.get_by_test_id("linked-children")).to_contain_text("Liam James Roberts")
    _answer(page, "Do they have parental responsibility for a child?", "Yes")
    _answer(page, "Do they have capacity to make decisions about their care?", "Yes")
    page.get_by_label("Social circumstances").fill("Lives with his partner and two children")
    _answer(page, "Alcohol or drugs involved?", "No")
    page.get_by_role("button", name="Save and complete").click()
    expect(page.get_by_test_id("attendance-state")).to_contain_text("Complete")
    axe_check(page)

    # A 17-year-old is seen as a child.
    _look_up(page, kyle.nhs_number)
    page.goto(f"/people/{kyle.pk}/attendances/new/")
    page_is(page, "Record Kyle Young's attendance at Southport and Formby ED")
    page.get_by_label("Presenting reason").fill("Fall while drinking")
    page.get_by_label("Who is with them?").fill("Alone")
    page.get_by_role("button", name="Save as incomplete").click()
    expect(page.get_by_test_id("attendance-state")).to_contain_text("Seen as a child")
    page.goto("/attendances/incomplete/")
    page_is(page, "Incomplete attendances at Southport and Formby ED")

    # The paediatric liaison nurse reviews him from her home page; he leaves the list.
    other = new_page(browser, live_server)
    sign_in(other, liaison.username)
    other.goto("/")
    axe_check(other)
    other.get_by_test_id("liaison-home").get_by_role("link", name="Kyle Young").click()
    page_is(other, "Attendance at Southport and Formby ED")
    other.get_by_label("What the review found and what happens next").fill("Rang his mother; school nurse told")
    other.get_by_role("button", name="Record the review").click()
    page_is(other, "Paediatric liaison: next-day reviews")
    expect(other.get_by_test_id("liaison-list")).to_contain_text("No young person is waiting")
    assert Attendance.objects.get(person=kyle).liaison_reviewed_by == liaison

    # The ward manager reads the completeness and drills down to the one missing answers.
    third = new_page(browser, live_server)
    sign_in(third, manager.username)
    third.goto("/")
    third.get_by_role("link", name="Safeguarding triage completeness per emergency department").click()
    page_is(third, "ED safeguarding triage completeness")
    third.get_by_test_id("completeness-row").get_by_role("link").click()
    page_is(third, "Southport and Formby ED: attendances missing answers")
    expect(third.get_by_test_id("attendances")).to_contain_text("Kyle Young")
    expect(third.get_by_test_id("attendances")).not_to_contain_text("Dean Walsh")


@pytest.mark.req("R5.3")
def test_a_midwife_records_a_routine_enquiry_and_sees_the_next_one_due(
        page: Page, family, national_flag_types):
    sarah = family["sarah"]
    unborn = scenes.pregnancy(sarah)
    midwife = scenes.midwife(sarah, unborn)
    sign_in(page, midwife.username)
    page.goto(f"/people/{sarah.pk}/")
    expect(page.get_by_test_id("next-enquiry")).to_contain_text("At booking: due now")
    axe_check(page)
    page.get_by_role("link", name="Record a routine enquiry about domestic abuse").click()
    page_is(page, "Record a routine enquiry about domestic abuse")
    page.get_by_role("group", name="Was she seen alone?").get_by_label("Yes").check()
    page.get_by_label("Asked: no disclosure").check()
    page.get_by_role("group", name="Date").get_by_label("Day").fill("1")
    page.get_by_role("group", name="Date").get_by_label("Month").fill("9")
    page.get_by_role("group", name="Date").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save enquiry").click()
    expect(page.get_by_test_id("next-enquiry")).to_contain_text("Around 28 weeks of pregnancy")
    expect(page.get_by_test_id("last-enquiry")).to_contain_text("Yes, seen alone")
    axe_check(page)
    assert RoutineEnquiry.objects.filter(pregnancy=unborn, seen_alone=True).exists()
