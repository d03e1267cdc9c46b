"""A care leaver's health passport in a real browser (R6.6): the children-in-care nurse prepares
Chloe's passport, reviews it, releases it, and the PDF she downloads says what she may be told
and nothing else; the release and the download are in the audit trail. axe checks every page."""

import datetime
import io

import pypdf
import pytest
from playwright.sync_api import expect

from tests.browser.steps import axe_check, on, page_is, sign_in
from tests.exports import assert_every_page_identifies, expected_name, pdf_pages
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import HealthPassport
from thinkfamily.organisations.models import Practitioner

pytestmark = pytest.mark.browser


@pytest.mark.req("R6.6")
def test_a_care_leavers_health_passport_is_prepared_reviewed_released_and_opened(
    page, live_server, lac_people, tmp_path
):
    chloe = lac_people["chloe"]

    with on(datetime.date(2026, 11, 5)):
        # Given the children-in-care nurse has Chloe's record open
        sign_in(page, "cic")
        page.goto(f"/people/{chloe.pk}/")
        page_is(page, "Chloe Barnes")

        # When she prepares her health passport
        page.get_by_role("navigation", name="Looked-after children's health").get_by_role(
            "link", name="Health passport"
        ).click()
        page_is(page, "Health passport")
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
        # ...under a name that says whose it is, the day and the marking
        chloe.refresh_from_db()
        assert download.value.suggested_filename == expected_name("health passport", chloe, "2026-11-05", "pdf")

    # Then the file is a PDF that opens, with her name and her health history in it
    reader = pypdf.PdfReader(io.BytesIO(saved.read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for expected in ["Chloe Barnes", "MMR second dose", "Asthma", "Type 1 diabetes"]:
        assert expected in text, (expected, text[:500])
    assert "Hepatitis C" not in text
    # And every page says whose it is, who exported it and when, and which page of how many
    nurse = Practitioner.objects.get(username="cic")
    assert_every_page_identifies(pdf_pages(saved.read_bytes()), chloe, f"Exported by {nurse.get_full_name()} on 5 "
                                 "November 2026 at")
    # And the release and the download are both in the audit trail
    released = HealthPassport.objects.get(child=chloe)
    exports = AuditEvent.objects.filter(action="export", object_id=str(released.pk), subject_id=str(chloe.pk))
    assert exports.count() == 2, list(exports.values("detail"))
