"""A change of placement in a real browser (R1.4, R6.1): the social worker records Liam's new
placement out of the area; he stays looked after from the day he entered care, in the new
placement, and his initial health assessment stays due when it was. axe checks every page."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.steps import axe_check, fill_date, on, page_is, sign_in
from thinkfamily.core.audit import Auditor
from thinkfamily.lac.models import HealthAssessment
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.people.models import LegalStatus

pytestmark = pytest.mark.browser


@pytest.mark.req("R1.4")
@pytest.mark.req("R6.1")
def test_a_change_of_placement_keeps_the_child_in_care_and_the_review_due(page, live_server, lac_people):
    liam, council = lac_people["liam"], lac_people["sally"].organisation
    with on(datetime.date(2026, 10, 5)):
        legal_status_services.record_legal_status(
            Auditor(actor=lac_people["sally"]), liam, status=LegalStatus.LOOKED_AFTER, change="start",
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
        page_is(page, "Record a change of placement for Liam James Roberts")
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
