"""Flags at the point of care, notifications to the right people and a chronology built as
things happen, in a real browser (R2.1, R2.2, R2.3, R3.1).

Liam is on a child protection plan for neglect with Sefton Council. An ED nurse looks him
up by NHS number late in the evening and sees the flag and whom to ring; the next morning
his social worker finds in her inbox that he was seen in ED, and records his change of
school with its reason; his school nurse is told of the move; his chronology shows the
plan, the ED lookup and the move in the order they happened, and downloads as a PDF whose
export is audited. axe checks every page."""

import datetime
import io

import nhs_number
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.steps import axe_check, page_is, sign_in, sign_out, table_rows
from tests.cast import practitioner, put_on_caseload
from tests.exports import expected_name
from tests.factories import OrganisationFactory
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.people.models import SchoolEnrolment

pytestmark = pytest.mark.browser

REASON = "Moved to live with his grandmother in Litherland after the plan was made"


@pytest.fixture
def liam_on_a_plan(family, council):
    """Liam (synthetic NHS number) at Waterloo Primary School, on the caseloads of his social
    worker and his school nurse, on a child protection plan for neglect since 2 September 2025."""
    liam = family["liam"]
    assert nhs_number.REGION_SYNTHETIC.contains_number(liam.nhs_number)
    people = {
        "ed": practitioner("ed", Practitioner.Role.ED_NURSE, "RVY", Service.Kind.EMERGENCY_DEPARTMENT,
                           service_name="Southport ED", service_phone="", team="Southport ED nights", first_name="Emma",
                           last_name="Nurse"),
        "sw": practitioner("sw", Practitioner.Role.SOCIAL_WORKER, council, Service.Kind.CHILDRENS_SOCIAL_CARE,
                           service_phone="", team="Bootle locality team", first_name="Sam", last_name="Worker",
                           phone="0151 496 0500"),
        "sn": practitioner("sn", Practitioner.Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING, service_phone="",
                           team="Bootle school nursing team", first_name="Siobhan", last_name="Nolan"),
    }
    waterloo = OrganisationFactory(code="SCH1", name="Waterloo Primary School", kind=Organisation.Kind.SCHOOL)
    OrganisationFactory(code="SCH2", name="Litherland Moss Primary School", kind=Organisation.Kind.SCHOOL)
    SchoolEnrolment.objects.create(person=liam, school=waterloo, start_date=datetime.date(2023, 9, 4))
    put_on_caseload(people["sw"], liam)
    put_on_caseload(people["sn"], liam)
    record_legal_status(
        Auditor(actor=people["sw"]), liam, status="child_protection_plan", change="start",
        effective_date=datetime.date(2025, 9, 2), cp_category="neglect", responsible_authority=council,
    )
    return {"liam": liam, **people}


def _row_with(rows: list[list[str]], *texts: str) -> int:
    """The index of the one row whose cells contain every text."""
    found = [index for index, row in enumerate(rows) if all(any(t in cell for cell in row) for t in texts)]
    assert len(found) == 1, (texts, rows)
    return found[0]


@pytest.mark.req("R2.1")
@pytest.mark.req("R2.2")
@pytest.mark.req("R2.3")
@pytest.mark.req("R3.1")
def test_seen_in_ed_then_moved_school_reaches_social_care_the_school_nurse_and_the_chronology(
    page: Page, liam_on_a_plan
):
    liam = liam_on_a_plan["liam"]

    # Given an ED nurse, signed in
    sign_in(page, "ed")

    # When she looks Liam up by his NHS number, typed with spaces
    page.get_by_role("link", name="Point-of-care lookup").click()
    page_is(page, "Point-of-care lookup")
    page.get_by_label("NHS number").fill(liam.formatted_nhs_number)
    page.get_by_role("button", name="Look up").click()

    # Then she sees his plan in the flag banner, and whom to ring in and out of hours
    banner = page.get_by_test_id("flag-banner")
    expect(banner).to_contain_text("Child protection plan: Neglect, since 2 September 2025, raised by Sefton Council")
    expect(banner).to_contain_text("in hours 0151 496 0000, out of hours 0151 496 0999")
    contacts = page.get_by_test_id("contacts")
    expect(contacts).to_contain_text(
        "Sefton Council (responsible local authority): in hours 0151 496 0000, out of hours 0151 496 0999"
    )
    expect(contacts).to_contain_text("Social worker: Sam Worker, Bootle locality team, 0151 496 0500")
    expect(page.get_by_test_id("lookup-done")).to_contain_text(
        "The child's social worker, or the MASH, has been told that the child was seen here."
    )
    axe_check(page)
    sign_out(page)

    # The rest happens the next morning.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    next_morning = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9, 30)))
    with clock.travel_to(next_morning):
        # Given Liam's social worker, signed in: her header counts one unread notification
        sign_in(page, "sw")
        inbox_link = page.get_by_role("banner").get_by_role("link", name="Inbox (1 unread)")

        # When she opens her inbox
        inbox_link.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
        expect(page.get_by_test_id("unread-summary")).to_contain_text("You have 1 unread notification.")
        axe_check(page)

        # Then she finds that he was seen in ED, by whom, sent by the nurse and unread
        rows = table_rows(page.get_by_test_id("inbox"))
        assert len(rows) == 1, rows
        assert rows[0][1].startswith("Seen in unscheduled care Liam James Roberts was seen at Southport ED on "), rows
        assert rows[0][1].endswith(" by Emma Nurse (Emergency department nurse)."), rows
        assert rows[0][2:] == ["Emma Nurse", "Unread"], rows

        # When she opens it, it takes her to his record, with the flag, and it is read
        page.get_by_test_id("inbox").get_by_role("link").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Liam James Roberts")
        expect(page.get_by_test_id("flag-banner")).to_contain_text("Child protection plan: Neglect")
        expect(page.get_by_role("banner")).to_contain_text("Inbox (0 unread)")
        axe_check(page)

        # When she records his change of school, with the reason, from his record
        page.get_by_role("link", name="Record a change of school").click()
        page_is(page, "Record a change of school")
        page.get_by_label("New school").select_option(label="Litherland Moss Primary School")
        today = clock.today()
        page.locator("#id_start_date_0").fill(str(today.day))
        page.locator("#id_start_date_1").fill(str(today.month))
        page.locator("#id_start_date_2").fill(str(today.year))
        page.get_by_label("Reason for the move").fill(REASON)
        page.get_by_role("button", name="Save change of school").click()

        # Then it is recorded and sent to his school nurse
        expect(
            page.get_by_text("The change of school has been recorded and sent, with its reason, to Siobhan Nolan.")
        ).to_be_visible()
        expect(page.get_by_test_id("school-history")).to_contain_text(REASON)
        axe_check(page)
        sign_out(page)

        # Given his school nurse, signed in: told of the plan when it started, and now of the move
        sign_in(page, "sn")
        page.get_by_role("banner").get_by_role("link", name="Inbox (2 unread)").click()
        page_is(page, "Inbox")
        rows = table_rows(page.get_by_test_id("inbox"))
        assert len(rows) == 2, rows
        move, plan = rows
        assert move[1].startswith(
            "Change of school Liam James Roberts moved to Litherland Moss Primary School on "
            f"{today.day} {today:%B %Y}. Reason: {REASON}"
        ), rows
        assert move[2:] == ["Sam Worker", "Unread"], rows
        assert plan[1] == (
            "Child protection plan "
            "A child protection plan (neglect) started for Liam James Roberts on 2 September 2025."
        ), rows

        # When she opens the move, and from his record his chronology
        page.get_by_test_id("inbox").get_by_role("link").first.click()
        page_is(page, "Liam James Roberts")
        page.get_by_role("link", name="Chronology of significant events").click()
        page_is(page, "Chronology")

        # Then the plan, the ED lookup and the move are there, newest first, each with its source and author
        rows = table_rows(page.get_by_test_id("chronology"))
        moved = _row_with(rows, "Changed school", f"Moved from Waterloo Primary School to Litherland Moss Primary "
                                                  f"School. Reason: {REASON}", "Sam Worker (Social worker)")
        seen = _row_with(rows, "Seen in unscheduled care", "Seen at Southport ED by Emma Nurse",
                         "Southport ED, Southport and Ormskirk Hospitals NHS Trust")
        plan_started = _row_with(rows, "Legal status started", "Child protection plan: neglect started",
                                 "Children's social care, Sefton Council")
        assert moved < seen < plan_started, rows
        assert rows[plan_started][0].startswith("2 September 2025"), rows

        # When she downloads the chronology as a PDF
        link = page.get_by_role("link", name="Download this chronology as a PDF")
        with page.expect_download() as downloading:
            link.click()
        download = downloading.value

        # Then she gets a PDF of the same entries
        liam.refresh_from_db()
        assert download.suggested_filename == expected_name("chronology", liam, clock.today().isoformat(), "pdf")
        content = download.path().read_bytes()
        assert content.startswith(b"%PDF-")
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)
        for expected in ["Liam James Roberts", "Changed school", "Seen in unscheduled care", "Legal status started"]:
            assert expected in text, expected
        # ...served as a PDF attachment (asked again with her session: a download's own response
        # is not visible to the page, and this second export is audited too)
        answer = page.request.get(link.get_attribute("href"))
        assert answer.status == 200
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.headers["content-disposition"] == f'attachment; filename="{download.suggested_filename}"'
        assert answer.body().startswith(b"%PDF-")

        # And each export is in the audit trail: who, what, in which format, how many entries
        exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, subject_id=str(liam.pk))
        assert exports.count() == 2
        for export in exports:
            assert export.actor == liam_on_a_plan["sn"]
            assert export.detail["format"] == "pdf" and export.detail["entries"] == len(rows)
