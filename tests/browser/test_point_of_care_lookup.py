"""The point-of-care lookup in a real browser (R2.1, R2.2): an ED nurse at 02:14 enters a
child's NHS number, sees the plan and whom to ring, and opens the full record, whose banner
shows the same flag; a safeguarding lead raises a MARAC flag by hand. axe checks each page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import axe_check, page_is, sign_in
from tests.cast import put_on_caseload
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.notifications.models import Notification
from thinkfamily.people.services.births import record_unborn

pytestmark = pytest.mark.browser


@pytest.mark.req("R2.2")
def test_an_ed_nurse_looks_up_a_child_on_a_plan_and_social_care_is_told(page, family, council, ed_nurse, mash_worker):
    liam = family["liam"]
    record_legal_status(
        Auditor(actor=None), liam, status="child_protection_plan", change="start",
        effective_date=datetime.date(2025, 9, 2), cp_category="neglect", responsible_authority=council,
    )

    sign_in(page, "ed")
    page.get_by_role("link", name="Point-of-care lookup").click()
    page_is(page, "Point-of-care lookup")
    page.get_by_label("NHS number").fill(liam.nhs_number[:9] + str((int(liam.nhs_number[9]) + 1) % 10))
    page.get_by_role("button", name="Look up").click()
    expect(page.get_by_role("alert")).to_contain_text("the check digit does not match")
    axe_check(page)

    page.get_by_label("NHS number").fill(f"{liam.nhs_number[:3]} {liam.nhs_number[3:6]} {liam.nhs_number[6:]}")
    page.get_by_role("button", name="Look up").click()
    banner = page.get_by_test_id("flag-banner")
    expect(banner).to_contain_text("Child protection plan: Neglect, since 2 September 2025, raised by Sefton Council")
    expect(banner).to_contain_text("in hours 0151 496 0000, out of hours 0151 496 0999")
    expect(page.get_by_test_id("contacts")).to_contain_text("Sefton Council (responsible local authority)")
    axe_check(page)
    assert Notification.objects.filter(recipient=mash_worker, subject_person=liam).exists()

    page.get_by_test_id("open-record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liam James Roberts")
    expect(page.get_by_test_id("flag-banner")).to_contain_text("Child protection plan: Neglect")
    axe_check(page)


@pytest.mark.req("R2.1")
def test_a_safeguarding_lead_raises_a_marac_flag(page, family, health_visitor, safeguarding_lead):
    sarah = family["sarah"]
    put_on_caseload(health_visitor, sarah)

    sign_in(page, "lead")
    page.goto(f"/people/{sarah.pk}/")
    page.get_by_role("link", name="Raise a flag").click()
    axe_check(page)
    page.get_by_role("button", name="Raise flag").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the type of flag.")
    axe_check(page)
    page.get_by_label("Type of flag").select_option(label="MARAC")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Who to contact about this flag").fill("Sefton IDVA service")
    page.get_by_label("In-hours telephone").fill("0151 496 0777")
    page.get_by_role("button", name="Raise flag").click()
    expect(page.get_by_test_id("flag-banner")).to_contain_text("MARAC, since 3 March 2026")
    expect(page.get_by_test_id("current-flags")).to_contain_text("Sefton IDVA service")
    axe_check(page)


@pytest.mark.req("R2.2")
def test_a_pregnant_womans_lookup_shows_her_unborn_babys_flag_once_and_no_no_flags_sentence(
    page, family, council, ed_nurse, mash_worker
):
    sarah = family["sarah"]
    council_record = Auditor.system("Sefton Council's case record")
    unborn = record_unborn(council_record, sarah, expected_delivery_date=clock.today() + datetime.timedelta(days=40))
    record_legal_status(
        council_record, unborn, status="child_protection_plan", change="start",
        effective_date=clock.today() - datetime.timedelta(days=30), cp_category="emotional",
        responsible_authority=council,
    )

    sign_in(page, "ed")
    page.get_by_role("link", name="Point-of-care lookup").click()
    page.get_by_label("NHS number").fill(sarah.nhs_number)
    page.get_by_role("button", name="Look up").click()
    main = page.get_by_role("main")
    expect(page.get_by_test_id("flag")).to_have_count(1)
    expect(page.get_by_test_id("flag")).to_contain_text("Unborn baby: Unborn child protection plan: Emotional abuse")
    assert main.inner_text().count("Unborn child protection plan") == 1
    expect(main).not_to_contain_text(re.compile(r"no (current )?(safeguarding )?flags", re.I))
    expect(page.get_by_test_id("whose-flags")).to_contain_text("for her unborn baby")
    expect(page.get_by_test_id("whose-flags")).to_contain_text("not for Sarah Roberts herself")
    expect(page.get_by_test_id("told")).to_have_text(
        "The unborn baby's social worker, or the MASH, has been told that its mother, Sarah Roberts, was seen here."
    )
    expect(main).not_to_contain_text("the child was seen")
    expect(page.get_by_label("NHS number")).to_have_value("")  # "Look up another NHS number" starts empty
    axe_check(page)
    note = Notification.objects.get(recipient=mash_worker, subject_person=unborn)
    assert note.message.startswith("Sarah Roberts, the mother of Unborn baby Roberts")
