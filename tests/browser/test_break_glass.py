"""Who may see a child's record (R10.1) and who has looked at it (R10.2), in a real browser:
an ED nurse with no relationship to Liam learns only that a record exists, breaks glass to
open it, and her trust's safeguarding lead reviews the access and reads the record's access
history. Every page is checked by axe for WCAG 2.x A/AA problems."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.steps import LIAM_NHS_NUMBER, axe_check, page_is, search_by_nhs_number, sign_in, sign_out, table_rows
from tests.cast import on_a_child_protection_plan, practitioner
from tests.exports import expected_name, split_csv
from tests.factories import ServiceFactory
from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.core import clock
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import Person

pytestmark = pytest.mark.browser

TRUST = "Southport and Ormskirk Hospitals NHS Trust"
REASON = "The person is in front of me for urgent or unscheduled care"
JUSTIFICATION = "Liam brought to ED at 02:10 with an unexplained head injury; mother vague about how"


@pytest.fixture
def liam_on_a_plan(family, council, ed_nurse):
    """Liam, on a child protection plan for neglect with Sefton Council, seen last month by
    the paediatric service of the ED nurse's trust (which puts him in the population of the
    trust's safeguarding lead: breaking glass gives the lead no access). The ED nurse has no
    relationship with him."""
    liam = family["liam"]
    Person.objects.filter(pk=liam.pk).update(nhs_number=LIAM_NHS_NUMBER)
    on_a_child_protection_plan(liam, council)
    trust = ed_nurse.team.service.organisation
    assert trust.name == TRUST
    paediatrics = ServiceFactory(organisation=trust, kind=Service.Kind.PAEDIATRICS, name="Paediatrics")
    now = timezone.now()
    EpisodeOfCare.objects.create(
        person=liam,
        service=paediatrics,
        start_at=now - datetime.timedelta(days=30),
        end_at=now - datetime.timedelta(days=27),
        reason="Failure to thrive",
    )
    return family


@pytest.fixture
def trust_lead(ed_nurse):
    """The named safeguarding lead of the ED nurse's trust, in its safeguarding team."""
    return practitioner("sglead", Practitioner.Role.SAFEGUARDING_LEAD, ed_nurse.organisation, Service.Kind.SAFEGUARDING,
                        service_name="Safeguarding team", service_phone="",
                        team="Southport and Ormskirk safeguarding team", first_name="Sam", last_name="Lead")


@pytest.mark.req("R10.1")
@pytest.mark.req("R10.2")
def test_an_ed_nurse_breaks_glass_and_her_safeguarding_lead_reviews_it(
    page: Page, liam_on_a_plan, ed_nurse, trust_lead
):
    liam = liam_on_a_plan["liam"]
    record_path = f"/people/{liam.pk}/"

    # Given an ED nurse with no relationship to Liam, signed in
    sign_in(page, ed_nurse.username)

    # When she searches by his NHS number
    search_by_nhs_number(page, "943 476 5919")

    # Then she learns that a record exists, and nothing about Liam
    match = page.get_by_test_id("restricted-match")
    expect(match).to_contain_text(
        "A record exists for this NHS number, but you do not have a care relationship with this person."
    )
    expect(page.get_by_test_id("search-results")).to_have_count(0)
    main = page.get_by_role("main")
    for personal in ["Liam", "Roberts", "14 March 2019", "Marine Crescent", "L22 5PR", "protection", "Neglect"]:
        expect(main).not_to_contain_text(personal)
    markup = page.content()
    for personal in ["Liam", "Roberts", "2019-03-14", "Marine Crescent", "L22 5PR", "Child protection"]:
        assert personal not in markup, f"{personal!r} is in the page's markup"
    axe_check(page)

    # When she follows the offer to break glass and submits the form empty
    match.get_by_role("link", name="Break glass to open the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Break glass")
    expect(page.get_by_role("main")).not_to_contain_text("Liam")
    axe_check(page)
    page.get_by_role("button", name="Open the record").click()

    # Then the NHS error summary asks for the reason and the justification, and nothing opens
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link", name="Choose why you need to open this record.")).to_be_visible()
    expect(summary.get_by_role("link", name="Explain why you need this record now.")).to_have_attribute(
        "href", "#id_justification"
    )
    expect(page.get_by_role("main")).not_to_contain_text("Liam")
    axe_check(page)
    assert not BreakGlassAccess.objects.exists()

    # When she chooses the reason and explains the need
    page.get_by_label(REASON).check()
    page.get_by_label("Explain the need").fill(JUSTIFICATION)
    page.get_by_role("button", name="Open the record").click()

    # Then Liam's record opens, under the break-glass warning
    expect(page).to_have_url(re.compile(re.escape(record_path) + "$"))
    header = page.get_by_test_id("person-header")
    expect(header.get_by_role("heading", level=1)).to_have_text("Liam James Roberts")
    expect(header).to_contain_text("943 476 5919")
    callout = page.locator(".nhsuk-card--warning").filter(has_text="You opened this record by breaking glass")
    expect(callout).to_contain_text(f"Reason: {REASON}.")
    expect(callout).to_contain_text("Your safeguarding lead has been told and will review it.")
    expect(page.get_by_test_id("break-glass-banner")).to_contain_text(f"Reason: {REASON}. Your access ends ")
    axe_check(page)

    # And she signs out
    sign_out(page)

    # Given her trust's safeguarding lead, signed in
    sign_in(page, trust_lead.username)

    # When she opens the break-glass reviews from the header navigation
    page.get_by_role("banner").get_by_role("link", name="Break glass").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Break-glass accesses to review")

    # Then the nurse's access waits there, with her reason and justification
    queue = page.get_by_test_id("break-glass-queue")
    rows = table_rows(queue)
    assert len(rows) == 1, rows
    assert rows[0][1:4] == [
        "Emma Nurse Emergency department nurse",
        "Liam James Roberts",
        f"{REASON} “{JUSTIFICATION}”",
    ], rows
    axe_check(page)

    # When she reviews it and finds it appropriate
    queue.get_by_role("link", name="Review access by Emma Nurse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review a break-glass access")
    expect(page.get_by_role("main")).to_contain_text(JUSTIFICATION)
    axe_check(page)
    page.get_by_label("Appropriate", exact=True).check()
    page.get_by_role("button", name="Save review").click()

    # Then the queue shows it reviewed, by her
    expect(page.get_by_role("heading", level=1)).to_have_text("Break-glass accesses to review")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The review has been recorded.")
    rows = table_rows(page.get_by_test_id("break-glass-queue"))
    assert len(rows) == 1 and rows[0][4] == "Appropriate Sam Lead", rows
    expect(page.get_by_test_id("break-glass-queue").get_by_role("link", name=re.compile("^Review"))).to_have_count(0)
    axe_check(page)

    # When she opens Liam's record (he is in her trust's population) and asks who has looked at it
    page.get_by_role("banner").get_by_role("link", name="Find a person").click()
    search_by_nhs_number(page, "943 476 5919")
    page.get_by_test_id("search-results").get_by_role("link", name="Liam James Roberts").click()
    expect(page).to_have_url(re.compile(re.escape(record_path) + "$"))
    expect(page.get_by_test_id("person-header").get_by_role("heading", level=1)).to_have_text("Liam James Roberts")
    expect(page.locator(".nhsuk-card--warning").filter(has_text="breaking glass")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Who has looked at this record").click()
    page_is(page, "Who has looked at this record")

    # Then the nurse's read is listed on its break-glass basis, after her attempt without access
    history = table_rows(page.get_by_test_id("access-history"))  # newest first: When, Who, What, Basis
    listing = "\n".join(" | ".join(row) for row in history)
    by_nurse = [(index, row) for index, row in enumerate(history) if row[1].startswith(ed_nurse.display_name)]
    assert all(ed_nurse.username not in row[1] for _, row in by_nurse), listing  # a name, never a sign-in name
    reads = [index for index, row in by_nurse if row[2] == "Opened the record"]
    assert reads, f"no read by the ED nurse in:\n{listing}"
    first_read = reads[-1]
    assert history[first_read][3] == f"Break glass: {REASON}", listing
    assert [row[3] for _, row in by_nurse if row[2] == "Opened the record by break glass"] == [
        f"Break glass: {REASON}"], listing
    attempts = [row for index, row in by_nurse
                if index > first_read
                and (row[2].startswith("Was refused") or row[2] == "Found the person in a search")]
    assert attempts, f"the nurse's refused NHS-number search is not in 'Who has looked at this record':\n{listing}"

    # And "Download as CSV" downloads the same history, with her break-glass access in it
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Download as CSV")).click()
    download = download_info.value
    liam.refresh_from_db()
    # ...saved under a name that says whose it is, what, the day and the marking
    assert download.suggested_filename == expected_name("access history", liam, clock.today().isoformat(), "csv")
    with open(download.path(), newline="", encoding="utf-8") as handle:
        head, columns, exported = split_csv(list(csv.reader(handle)))
    assert head[:4] == [["OFFICIAL-SENSITIVE"], ["Access history"], ["Name", "Liam James Roberts"],
                        ["NHS number", "943 476 5919"]]
    assert ["Exported by", trust_lead.display_name] in head
    assert columns == ["When", "Who", "Role", "Team", "Organisation", "What", "Basis", "Audit reference"]
    nurse_rows = [row for row in exported if row[1] == ed_nurse.display_name]
    assert any(row[5] == "Opened the record" and row[6] == f"Break glass: {REASON}" for row in nurse_rows), exported
    assert all(row[4] == TRUST for row in nurse_rows), exported
    assert ed_nurse.username not in {cell for row in exported for cell in row}

    # And the database holds one reviewed access, the lead's notification, and an intact audit chain
    access = BreakGlassAccess.objects.get()
    assert (access.practitioner, access.person_id, access.reason) == (ed_nurse, liam.pk, "unscheduled_care")
    assert access.justification == JUSTIFICATION
    assert (access.review_outcome, access.reviewed_by) == ("appropriate", trust_lead)
    assert access.reviewed_at is not None
    note = Notification.objects.get(recipient=trust_lead)
    assert (note.cause, note.subject_person_id, note.sender) == (Notification.Cause.BREAK_GLASS, liam.pk, ed_nurse)
    assert "broke glass" in note.message
    verified = io.StringIO()
    call_command("audit_verify", stdout=verified)
    assert verified.getvalue().startswith("Audit chain intact: "), verified.getvalue()

