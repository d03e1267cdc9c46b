"""Issue #6's journey in a real browser (R6.1-R6.6), given/when/then, with an axe check on
every page visited:

Liam's social worker records that he became looked after on Monday 5 October 2026; the
children-in-care nurse is told, and his record shows the initial health assessment (IHA) due
20 working days later, on 2 November. She records the council's notification, the request to
the looked-after children's medical team and the appointment; Liam is not brought to it, and
it is rebooked. The paediatrician sees him on 22 October, but types the report on the 30th,
three working days after it was due, and the page says so. Quality assurance returns it once;
it is typed again, accepted and shared, and the nurse finds it in her inbox. The children in
care dashboard, read before and after, counts the October IHA as completed late, the late
typed report and the return. Then a care leaver's health passport is prepared, reviewed,
released and downloaded, and the PDF opened.

Deadlines read the controllable clock (thinkfamily.core.clock), which the live server shares
with this test: each part of the journey runs on the day it happens."""

import datetime
import io
import zoneinfo

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import TIMEOUT_MS, axe_check
from tests.browser.test_break_glass import sign_in
from tests.conftest import put_on_caseload, works_with
from tests.factories import PersonFactory
from tests.test_access import _practitioner
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import HealthAssessment, HealthPassport
from thinkfamily.lac.services import passport
from thinkfamily.lac.services.family_history import record_family_health_history
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.people.models import LegalStatus

pytestmark = pytest.mark.browser
Role = Practitioner.Role
LONDON = zoneinfo.ZoneInfo("Europe/London")
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"
ALDER_HEY = "Alder Hey Children's NHS Foundation Trust"


def on(day: datetime.date, hour: int = 10):
    return clock.travel_to(datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=LONDON))


def new_page(browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def fill_date(page: Page, group: str, day: datetime.date) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def record_step(page: Page, step: str, day: datetime.date, *, appointment: datetime.date | None = None,
                reason: str = "") -> None:
    """Record the next step of the assessment from its page, and check it was recorded."""
    form = page.get_by_test_id("step-form")
    form.get_by_label(step, exact=True).check()
    fill_date(page, "Date it happened", day)
    if appointment is not None:
        fill_date(page, "Appointment date", appointment)
    if reason:
        form.get_by_label("Reason").fill(reason)
    axe_check(page)
    form.get_by_role("button", name="Record step").click()
    expect(page.get_by_text(f"Recorded: {step.lower()} on ")).to_be_visible()
    expect(page.get_by_test_id("step-row").last).to_contain_text(step)


def step_row(page: Page, step: str, nth: int = 0):
    return page.get_by_test_id("step-row").filter(has_text=step).nth(nth)


def iha_figures(page: Page) -> dict[str, str]:
    row = page.get_by_test_id("iha-row").and_(page.locator('[data-month="2026-10"]'))
    return {name: row.locator(f'[data-figure="{name}"]').inner_text().strip()
            for name in ["total", "in_time", "late", "overdue", "not_yet_due", "percent"]}


def step_figures(page: Page, step: str) -> dict[str, str]:
    row = page.get_by_test_id("step-row").and_(page.locator(f'[data-step="{step}"]'))
    return {name: row.locator(f'[data-figure="{name}"]').inner_text().strip() for name in ["count", "median", "late"]}


@pytest.fixture
def people(family, council):
    """Liam, known to Sefton's children-in-care social work team (Sally); Nina, a
    children-in-care nurse at North West Boroughs, and Dr Paul Osei, a looked-after children's
    paediatrician at Alder Hey, both commissioned by Sefton; and Chloe, a care leaver of 17
    with her immunisations, a condition and family history she may be told on her record."""
    sally = _practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", "Sefton Council", Organisation.Kind.LOCAL_AUTHORITY,
                          Service.Kind.CHILDRENS_SOCIAL_CARE, "Sefton children in care team")
    nina = _practitioner("cic", Role.CIC_NURSE, "RTV", TRUST, Organisation.Kind.NHS_TRUST,
                         Service.Kind.CHILDREN_IN_CARE, "Sefton children in care health team")
    doctor = _practitioner("lacdoc", Role.LAC_PAEDIATRICIAN, "RBS", ALDER_HEY, Organisation.Kind.NHS_TRUST,
                           Service.Kind.LAC_MEDICAL, "Looked-after children's medical team")
    for who, first, last in [(sally, "Sally", "Worker"), (nina, "Nina", "Nurse"), (doctor, "Paul", "Osei")]:
        who.first_name, who.last_name = first, last
        who.save(update_fields=["first_name", "last_name"])
    nina.organisation.commissioned_by.add(council)
    doctor.organisation.commissioned_by.add(council)
    liam = family["liam"]
    put_on_caseload(sally, liam)

    chloe = PersonFactory(given_name="Chloe", family_name="Barnes", date_of_birth=datetime.date(2008, 12, 20),
                          sex="female")
    as_sally, as_nina = works_with(sally, chloe), Auditor(actor=nina)  # Chloe's social worker records her status
    with on(datetime.date(2026, 9, 1)):
        record_legal_status(
            as_sally, chloe, status=LegalStatus.CARE_LEAVER, change="start", effective_date=datetime.date(2026, 9, 1),
            responsible_authority=council,
        )
        passport.record_immunisation(as_nina, chloe, vaccine="MMR second dose", given_on=datetime.date(2012, 3, 5))
        passport.record_immunisation(as_nina, chloe, vaccine="HPV", given_on=datetime.date(2021, 10, 12))
        passport.record_condition(as_nina, chloe, name="Asthma", since=datetime.date(2014, 6, 1),
                                  notes="Brown and blue inhalers")
        record_family_health_history(
            as_nina, chloe, relative="mother", condition="Type 1 diabetes", source="Council's placement information",
            may_share_with_young_person=True,
        )
        record_family_health_history(
            as_nina, chloe, relative="father", condition="Hepatitis C", source="Council's placement information",
            may_share_with_young_person=False,
        )
    return {**family, "sally": sally, "nina": nina, "doctor": doctor, "chloe": chloe}


@pytest.mark.req("R6.1")
@pytest.mark.req("R6.2")
@pytest.mark.req("R6.4")
def test_a_child_enters_care_and_the_initial_health_assessment_is_seen_through_to_the_nurse(
    page, browser, live_server, people
):
    liam = people["liam"]
    entered = datetime.date(2026, 10, 5)  # a Monday

    with on(entered):
        # Given the children-in-care nurse reads the dashboard before Liam comes into care
        nurse = new_page(browser, live_server)
        sign_in(nurse, "cic")
        nurse.get_by_role("banner").get_by_role("link", name="Children in care").click()
        expect(nurse.get_by_role("heading", level=1)).to_have_text("Children in care")
        axe_check(nurse)
        nurse.get_by_role("link", name="Health assessment dashboard").click()
        expect(nurse.get_by_role("heading", level=1)).to_have_text("Children in care: health assessments")
        axe_check(nurse)
        assert iha_figures(nurse)["total"] == "0"

        # When his social worker records that he became looked after today
        sign_in(page, "sw")
        page.goto(f"/people/{liam.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Liam James Roberts")
        axe_check(page)
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


@pytest.mark.req("R6.6")
def test_a_care_leavers_health_passport_is_prepared_reviewed_released_and_opened(page, live_server, people, tmp_path):
    chloe = people["chloe"]

    with on(datetime.date(2026, 11, 5)):
        # Given the children-in-care nurse has Chloe's record open
        sign_in(page, "cic")
        page.goto(f"/people/{chloe.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Chloe Barnes")
        axe_check(page)

        # When she prepares her health passport
        page.get_by_role("navigation", name="Looked-after children's health").get_by_role(
            "link", name="Health passport"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Health passport")
        axe_check(page)
        page.get_by_role("button", name="Prepare the health passport").click()

        # Then it holds her immunisations, her asthma and only the family history she may be told
        content = page.get_by_test_id("passport-content")
        expect(content).to_contain_text("MMR second dose")
        expect(content).to_contain_text("Asthma")
        expect(content).to_contain_text("Type 1 diabetes")
        expect(content).not_to_contain_text("Hepatitis C")
        expect(page.get_by_test_id("passport-status")).to_have_text("Not yet reviewed")
        expect(page.get_by_test_id("passport-pdf")).to_have_count(0)  # nothing to download before release
        axe_check(page)

        # When she reviews it and releases it to Chloe
        page.get_by_label("What did you check?").fill(
            "Checked with the GP record; family history agreed with Chloe's personal adviser."
        )
        page.get_by_role("button", name="Record review").click()
        expect(page.get_by_test_id("passport-status")).to_have_text("Reviewed, not yet released")
        axe_check(page)
        page.get_by_role("button", name="Release to the young person").click()
        expect(page.get_by_test_id("passport-status")).to_contain_text("Released")
        axe_check(page)

        # And downloads it
        with page.expect_download() as download:
            page.get_by_test_id("passport-pdf").click()
        saved = tmp_path / "passport.pdf"
        download.value.save_as(saved)

    # Then the file is a PDF that opens, with her name and her health history in it
    reader = pypdf.PdfReader(io.BytesIO(saved.read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for expected in ["Chloe Barnes", "MMR second dose", "Asthma", "Type 1 diabetes"]:
        assert expected in text, (expected, text[:500])
    assert "Hepatitis C" not in text
    # And the release and the download are both in the audit trail
    released = HealthPassport.objects.get(child=chloe)
    exports = AuditEvent.objects.filter(action="export", object_id=str(released.pk), subject_id=str(chloe.pk))
    assert exports.count() == 2, list(exports.values("detail"))


@pytest.mark.req("R1.4")
@pytest.mark.req("R6.1")
def test_a_change_of_placement_keeps_the_child_in_care_and_the_review_due(page, live_server, people):
    liam, council = people["liam"], people["sally"].organisation
    with on(datetime.date(2026, 10, 5)):
        record_legal_status(
            Auditor(actor=people["sally"]), liam, status=LegalStatus.LOOKED_AFTER, change="start",
            effective_date=datetime.date(2026, 9, 1), responsible_authority=council,
            placement_type="Foster care with a Sefton foster carer",
        )
    iha = HealthAssessment.objects.get(child=liam)

    with on(datetime.date(2026, 10, 20)):
        # Given his social worker has Liam's record open
        sign_in(page, "sw")
        page.goto(f"/people/{liam.pk}/")
        expect(page.get_by_test_id("flag-banner")).to_contain_text("since 1 September 2026")

        # When she records that he moved to a children's home out of the area
        page.get_by_role("link", name="Record a change of placement").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Record a change of placement for Liam James Roberts")
        axe_check(page)
        fill_date(page, "Date of the move", datetime.date(2026, 10, 19))
        page.get_by_label("New placement").fill("Residential children's home in Chorley")
        page.get_by_label("Placed out of area").check()
        page.get_by_role("button", name="Save new placement").click()

        # Then he is still looked after from 1 September, in the new placement, and his IHA is still due
        expect(page.get_by_text("The new placement has been recorded. Liam James Roberts is still looked after.")
               ).to_be_visible()
        expect(page.get_by_test_id("flag-banner")).to_contain_text("since 1 September 2026")
        expect(page.get_by_test_id("legal-status-timeline")).to_contain_text(
            "19 October 2026: Looked after (placed out of area): new placement"
        )
        expect(page.get_by_test_id("record-health-assessments")).to_contain_text("29 September 2026")
        axe_check(page)
    iha.refresh_from_db()
    assert iha.is_open and HealthAssessment.objects.filter(child=liam).count() == 1
