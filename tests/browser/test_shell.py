"""The page shell in a real browser (issue 15), on the demo's data: the sign-in page's demo
guide and the two-step sign-in page pass axe; the 404 page is the NHS-styled one; the contacts
directory has no horizontal scroll at 1,280 px (nor on a 390 px phone), its numbers tel:
links; and no page asks anything of another origin (the browser's own request log)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.steps import axe_check, page_is, sign_in
from thinkfamily.demo.area import DEMO_PASSWORD, SEFTON_COUNCIL
from thinkfamily.organisations.models import ContactEntry, Organisation

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", children=20, seed=1, verbosity=0)
    # The longest e-mail address and numbers a directory holds, to overflow a cell if they can
    ContactEntry.objects.create(
        name="Sefton multi-agency safeguarding hub (out of hours emergency duty team)", kind=ContactEntry.Kind.TEAM,
        role="Emergency duty team for children's social care",
        organisation=Organisation.objects.get(code=SEFTON_COUNCIL),
        phone="0151 934 3555 (24 hours)", out_of_hours_phone="0345 140 0845",
        email="childrens.emergency.duty.team.out-of-hours@sefton-council.example.gov.uk",
    )


def _scroll_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_shell_reads_well_and_asks_nothing_of_another_origin(page: Page, live_server, demo):
    origin = urlsplit(live_server.url)
    elsewhere = []
    page.on("request", lambda request: elsewhere.append(request.url)
            if urlsplit(request.url).scheme not in ("data", "blob")
            and urlsplit(request.url).netloc != origin.netloc else None)

    # Signed out, the sign-in page guides a newcomer through the demo, and axe finds nothing on it
    page.goto("/")
    page_is(page, "Sign in to ThinkFamily")
    guide = page.get_by_test_id("demo-guide")
    expect(guide.get_by_role("heading", name="Trying the demo")).to_be_visible()
    expect(guide).to_contain_text(DEMO_PASSWORD)
    hv = guide.get_by_test_id("demo-sign-in").filter(has_text="hv.demo")
    expect(hv.get_by_test_id("demo-person")).to_have_text(["Mia Walsh (943 476 5951)"])
    page.set_viewport_size({"width": 390, "height": 800})
    axe_check(page)
    assert _scroll_width(page) <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    # The school nurse's find page gives as its example the child she can open
    sign_in(page, "sn.demo", DEMO_PASSWORD)
    expect(page.get_by_text("for example 943 476 5919")).to_be_visible()

    # The contacts directory fits the screen; its numbers ring with a tap
    page.get_by_role("banner").get_by_role("link", name="Contacts").click()
    page_is(page, "Contacts")
    page.get_by_label("Name, role, team or number").fill("emergency duty")
    page.get_by_role("button", name="Search contacts").click()
    row = page.get_by_test_id("contact").filter(has_text="out of hours emergency duty team")
    expect(row.get_by_role("link", name="0151 934 3555")).to_have_attribute("href", "tel:+441519343555")
    expect(row.get_by_role("link", name="0345 140 0845")).to_have_attribute("href", "tel:+443451400845")
    assert _scroll_width(page) <= 1280
    page.get_by_role("link", name="Clear the search").click()
    assert _scroll_width(page) <= 1280
    phone = page.get_by_test_id("contact").locator(".tf-tel").first
    assert phone.evaluate("a => a.getClientRects().length") == 1  # one line, never over three
    page.set_viewport_size({"width": 390, "height": 800})
    axe_check(page)
    assert _scroll_width(page) <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    # An address that leads nowhere: the NHS-styled 404 page, saying what to do
    response = page.goto("/no-such-page/")
    assert response.status == 404
    page_is(page, "Page not found")
    expect(page.locator("header.nhsuk-header")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name=re.compile("Find the person"))).to_be_visible()

    # Two-step sign-in: from the account menu (not the main navigation); the key is neutral inset text
    expect(page.get_by_role("navigation", name="Menu", exact=True).get_by_role(
        "link", name="Two-step sign-in")).to_have_count(0)
    page.get_by_role("banner").get_by_role("link", name="Two-step sign-in").click()
    page_is(page, "Set up two-step sign-in")
    key = page.get_by_test_id("totp-secret")
    expect(key).to_have_text(re.compile(r"^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$"))
    assert key.evaluate("e => getComputedStyle(e).color") != "rgb(213, 40, 27)"  # not the NHS error red

    assert elsewhere == []
