"""A looked-after child's record in a real browser (issue 15), as the children-in-care nurse and
as his health visitor, on a desktop (1,280 px) and a phone (390 px): it opens on what matters
now, with his overdue initial health assessment; a contents list leads to every section, and
the health assessments come before his family; axe finds nothing."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import look, on, page_is, sign_in
from tests.cast import put_on_caseload, works_with
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.people.models import LegalStatus

pytestmark = pytest.mark.browser
DAY = datetime.date(2026, 11, 5)


@pytest.mark.parametrize("username", ["cic", "hv"])
def test_a_looked_after_childs_record_opens_on_what_matters_now(page, live_server, lac_people, council,
                                                                 health_visitor, username):
    liam, sally = lac_people["liam"], lac_people["sally"]
    put_on_caseload(health_visitor, liam)
    with on(DAY):
        # Given Liam came into Sefton's care 60 days ago, and his initial health assessment is overdue
        legal_status_services.record_legal_status(
            works_with(sally, liam), liam, status=LegalStatus.LOOKED_AFTER, change="start",
            effective_date=DAY - datetime.timedelta(days=60), responsible_authority=council,
            placement_type="Foster care",
        )
        sign_in(page, username)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            # When she opens his record
            page.goto(f"/people/{liam.pk}/")
            page_is(page, "Liam James Roberts")

            # Then it opens on what matters now: the overdue assessment, and who to call
            now = page.get_by_test_id("what-matters-now")
            expect(now.get_by_role("heading", name="What matters now")).to_be_visible()
            overdue = now.get_by_test_id("now-due-item").filter(has_text="Initial health assessment")
            expect(overdue).to_contain_text("Overdue")
            expect(now.get_by_test_id("now-people")).to_contain_text("Sally Worker")

            # And the contents list leads to his health assessments, which come before his family
            contents = page.get_by_role("navigation", name="Contents")
            expect(contents).to_be_visible()
            contents.get_by_role("link", name="Health assessments").click()
            expect(page).to_have_url(re.compile("#health-assessments$"))
            assessments = page.get_by_role("heading", name="Health assessments", level=2)
            expect(assessments).to_be_in_viewport()
            family = page.get_by_role("heading", name="Family", exact=True, level=2)
            assert assessments.bounding_box()["y"] < family.bounding_box()["y"]

            # And the actions come in groups
            actions = page.get_by_role("navigation", name="Actions")
            expect(actions.get_by_role("heading", name="See also")).to_be_visible()
            expect(actions.get_by_role("link", name="Chronology of significant events")).to_be_visible()
            look(page, f"record-{username}-{width}")
