"""Steps every browser journey shares, as a practitioner takes them: sign in as someone and out,
open a page by its link, see that the page is the one expected (and accessible: axe checks it
for WCAG 2.x A/AA problems), fill a date, read a table; a second browser for a second person;
a screenshot of a page when TF_SCREENSHOTS names a folder."""

import datetime
import os
import zoneinfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from tests.factories import PASSWORD
from thinkfamily.core import clock

LIAM_NHS_NUMBER = "9434765919"  # a synthetic NHS number the journeys give Liam, to type it
TIMEOUT_MS = 10_000
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = os.environ.get("TF_SCREENSHOTS")  # a folder: save the pages a journey looks at
LONDON = zoneinfo.ZoneInfo("Europe/London")

_axe = Axe()


def axe_check(page: Page) -> None:
    """Fail with a readable list of every WCAG 2.x A/AA violation axe finds on the page."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                summary = " ".join(node.get("failureSummary", "").split())
                lines.append(f"    {target}: {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


def page_is(page: Page, heading: str) -> None:
    """Then the page is the one whose main heading is ``heading``, and axe finds nothing on it."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe_check(page)


def look(page: Page, name: str) -> None:
    """Axe checks the page; with TF_SCREENSHOTS set, it is saved there as ``name``.png."""
    axe_check(page)
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def submit_sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill in the sign-in page and send it (whatever comes next: a home page, a second step,
    an error)."""
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Given ``username``, signed in from the address of the service, on the find page: the
    home page's way to find a person, one click away for everyone who opens records."""
    page.goto("/")
    page_is(page, "Sign in to ThinkFamily")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("find-link").click()
    page_is(page, "Find a person")


def sign_out(page: Page) -> None:
    """One click on the header's "Sign out" (a button styled as the menu's link: a POST)
    signs out and says so; the page has no way back in but "Sign in again"."""
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    page_is(page, "You have signed out")
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_role("main").get_by_role("link", name="Sign in again")).to_be_visible()


def search_by_nhs_number(page: Page, nhs_number: str) -> None:
    page.get_by_label("NHS number").fill(nhs_number)
    page.get_by_role("button", name="Search").click()


def fill_date(page: Page, legend: str, day: datetime.date | tuple[str, str, str]) -> None:
    """Fill the date input of that legend with a date, or with what is typed in each box."""
    typed = (str(day.day), str(day.month), str(day.year)) if isinstance(day, datetime.date) else day
    group = page.get_by_role("group", name=legend)
    for box, value in zip(("Day", "Month", "Year"), typed, strict=True):
        group.get_by_label(box).fill(value)


def table_rows(table: Locator) -> list[list[str]]:
    """The body rows of a table, as the visible text of each cell (whitespace collapsed)."""
    expect(table).to_be_visible()
    return table.locator("tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.cells].map(cell => cell.innerText.replace(/\\s+/g, ' ').trim()))"
    )


def new_page(browser: Browser, live_server) -> Page:
    """A second browser (its own cookies) on the live server, for a second person in the journey."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def on(day: datetime.date, hour: int = 10):
    """Stand on ``day`` at ``hour`` (London) on the controllable clock, which the live server shares."""
    return clock.travel_to(datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=LONDON))
