"""Every demo role, tried as a newcomer would (issue 15): sign in with the demo's account, read
the home page and each page of the header's menu (up to six, Contacts always), open a featured
person the role may open and their chronology, and an unknown address, each at 1,280 px; then
the same pages at 390 px, where nothing may scroll sideways (the home page read whole again);
then sign out with one click.

On every page: axe finds no WCAG 2.x A/AA problem, nothing needs a horizontal scroll (wide
tables scroll inside their own box), and no words are developer text (tests/pages_text.py:
timescale keys, sign-in names, model names, Python values). Each export a role downloads is
named with the person's NHS number and the protective marking. Some roles' journeys go
further: the ED nurse looks up the pregnant woman (her unborn baby's flag once, no 'no flags'
sentence); everyone meets the NHS-styled 'page not found'.

The demo data is seeded once for the walk (about 10 s) and each role is a sub-test, so a
failure names the role and the page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.steps import axe_check
from tests.pages_text import problems, visible_text
from thinkfamily.access import rules
from thinkfamily.core import clock
from thinkfamily.demo.area import DEMO_PASSWORD, DEMO_PRACTITIONERS
from thinkfamily.demo.featured import FEATURED_IDS, FEATURED_NHS_NUMBERS
from thinkfamily.organisations.models import Practitioner
from thinkfamily.people.models import Person

pytestmark = pytest.mark.browser

WIDE, NARROW = 1280, 390
MENU_PAGES = 6  # the menu's pages read per role (the longest menu has 8; Contacts is read for everyone)
# The local administrator's list of accounts is where sign-in names are managed, and the sign-in
# page's demo guide lists the demo's: they are shown there on purpose.
SIGN_IN_NAMES_SHOWN = re.compile(r"/administration/staff/|/sign-in/")
# Featured people to open, children first: the walk opens the first one the role may open.
PREFERRED = ["Liam Roberts", "Jade Taylor", "Keira Molloy", "Mia Walsh", "Chloe Bennett", "Sarah Roberts"]


class Walk:
    """One role's walk: what went wrong, page by page."""

    def __init__(self, page: Page, username: str, usernames: list[str]):
        self.page, self.username, self.usernames = page, username, usernames
        self.found: list[str] = []

    def read(self, what: str, *, axe: bool = True, layout_only: bool = False) -> str:
        """Check the page in view: no horizontal scroll, no developer text, and (``axe``) no
        accessibility problem. Returns its visible text. ``layout_only``: only the scroll (the
        same page read again at another width has the same words and markup)."""
        page = self.page
        width = page.viewport_size["width"]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide = page.evaluate(
                """w => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.nhsuk-table-container'))
                  .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
                    + ' "' + (e.innerText || '').slice(0, 40).replace(/\\s+/g, ' ') + '"')""",
                width,
            )
            self.found.append(f"{what} at {width} px scrolls sideways to {scroll} px: {wide}")
        if layout_only:
            return ""
        shown_on_purpose = bool(SIGN_IN_NAMES_SHOWN.search(page.url))
        text = visible_text(page.content())
        self.found += [f"{what}: {problem}" for problem in problems(text, () if shown_on_purpose else self.usernames)
                       if not (shown_on_purpose and problem.startswith("sign-in name"))]
        if axe:
            try:
                axe_check(page)
            except pytest.fail.Exception as failure:
                self.found.append(f"{what} at {width} px: {failure}")
        return text

    def open(self, url: str, what: str, *, axe: bool = True, layout_only: bool = False) -> str:
        response = self.page.goto(url)
        if response is None or response.status != 200:
            self.found.append(f"{what} ({url}) answered {response and response.status}")
            return ""
        return self.read(what, axe=axe, layout_only=layout_only)


def _featured_for(username: str) -> Person | None:
    """The first featured person (children first) that this role's access rules let it open."""
    user = Practitioner.objects.get(username=username)
    ids = {FEATURED_IDS[name]: name for name in PREFERRED}
    may = set(Person.objects.filter(rules.people_q(user, clock.now()), pk__in=ids).values_list("pk", flat=True))
    return next((Person.objects.get(pk=pk) for pk in ids if pk in may), None)


def _sign_in(walk: Walk, username: str) -> None:
    page = walk.page
    page.goto("/sign-in/")
    walk.read("the sign-in page")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()


def _menu(page: Page) -> list[tuple[str, str]]:
    """The header menu's links (text, address), the service name's home link aside."""
    links = page.get_by_role("banner").get_by_role("navigation").get_by_role("link")
    return [(link.inner_text().strip(), link.get_attribute("href")) for link in links.all()
            if link.get_attribute("href") not in (None, "/", "#")]


def _export_names(walk: Walk, person: Person) -> None:
    """Each download on the page is named with the person's NHS number and the marking."""
    page = walk.page
    for link in page.get_by_role("main").locator("a[download]").all():
        label = " ".join(link.inner_text().split())
        with page.expect_download() as download:
            link.click()
        name = download.value.suggested_filename
        if person.nhs_number not in name.replace(" ", "") or "OFFICIAL-SENSITIVE" not in name.upper():
            walk.found.append(f"the download '{label}' is named {name!r}: no NHS number or no OFFICIAL-SENSITIVE")


def _ed_nurse_looks_up_the_pregnant_woman(walk: Walk) -> None:
    """The point-of-care lookup of Chloe Bennett shows her unborn baby's flag once and says
    nothing that contradicts it."""
    page = walk.page
    page.get_by_role("banner").get_by_role("link", name="Point-of-care lookup").click()
    page.get_by_label("NHS number").fill(FEATURED_NHS_NUMBERS["Chloe Bennett"])
    page.get_by_role("button", name="Look up").click()
    main = page.get_by_role("main")
    expect(page.get_by_test_id("flag")).to_have_count(1)
    expect(page.get_by_test_id("flag")).to_contain_text("Unborn child protection plan")
    expect(main).not_to_contain_text(re.compile(r"no (current )?(safeguarding )?flags", re.I))
    expect(main).not_to_contain_text("the child was seen")
    walk.read("the lookup of Chloe Bennett")


def _menu_fits(walk: Walk, menu: list[tuple[str, str]]) -> None:
    """At 1,280 px every item of the menu shows (none folded into "More"); on a phone the
    point-of-care lookup, for those who use it, still shows beside "Find a person"."""
    page, width = walk.page, walk.page.viewport_size["width"]
    banner = page.get_by_role("banner")
    if width >= WIDE and page.locator(".nhsuk-header__menu").is_visible():
        walk.found.append(f"at {width} px the menu folds items into 'More': {[text for text, _ in menu]}")
    lookup = banner.get_by_role("link", name="Point-of-care lookup", exact=True)
    if width <= NARROW and any(text == "Point-of-care lookup" for text, _ in menu) and not lookup.is_visible():
        walk.found.append(f"at {width} px the point-of-care lookup is hidden in the menu's 'More'")


def _not_found(walk: Walk) -> None:
    """An unknown address gives the NHS-styled 'page not found', in the service's layout."""
    page = walk.page
    response = page.goto("/no-such-page/")
    if response.status != 404:
        walk.found.append(f"an unknown address answered {response.status}, not 404")
    elif not page.get_by_role("banner").locator(".nhsuk-header__logo, .nhsuk-header__service-logo").count():
        walk.found.append("the 'page not found' page has no NHS header")
    else:
        walk.read("the 'page not found' page")


def _walk_role(page: Page, username: str, usernames: list[str]) -> list[str]:
    walk = Walk(page, username, usernames)
    _sign_in(walk, username)
    walk.read("the home page")
    menu = _menu(page)
    if not any(text == "Contacts" for text, _ in menu):
        walk.found.append(f"the menu has no Contacts: {[text for text, _ in menu]}")
    chosen = [item for item in menu if item[0] != "Contacts"][:MENU_PAGES - 1] + [
        item for item in menu if item[0] == "Contacts"]
    pages = [("/", "the home page")] + [(href, f"the menu's '{text}' page") for text, href in chosen]
    person = _featured_for(username)
    if person is not None:
        record = f"/people/{person.pk}/"
        pages += [(record, f"{person.full_name}'s record"),
                  (f"{record}chronology/", f"{person.full_name}'s chronology")]

    _menu_fits(walk, menu)
    for url, what in pages[1:]:
        text = walk.open(url, what)
        if person is not None and url == f"/people/{person.pk}/" and person.full_name not in text:
            walk.found.append(f"{person.full_name}'s record does not name them")
    if person is not None:
        _export_names(walk, person)  # on the chronology, the last page opened
    if username == "ed.demo":
        _ed_nurse_looks_up_the_pregnant_woman(walk)
    _not_found(walk)

    # The same pages on a phone: the home page read whole again (axe at this width too), the
    # others for their layout (nothing scrolls sideways), as their words and markup were read above.
    page.set_viewport_size({"width": NARROW, "height": 844})
    for index, (url, what) in enumerate(pages):
        walk.open(url, what, layout_only=index > 0)
    _menu_fits(walk, menu)
    page.set_viewport_size({"width": WIDE, "height": 900})

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto("/")
    if page.get_by_role("heading", level=1).inner_text() != "Sign in to ThinkFamily":
        walk.found.append("after one click on Sign out, the home page still opens")
    return walk.found


@pytest.mark.req("R10.1")
def test_every_demo_role_can_read_its_pages_at_a_glance(browser, live_server, subtests):
    call_command("seed_demo", children=20, seed=1, verbosity=0)
    usernames = list(Practitioner.objects.values_list("username", flat=True))
    assert len(DEMO_PRACTITIONERS) >= 15
    for spec in DEMO_PRACTITIONERS:
        with subtests.test(msg=spec.username):
            context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                          viewport={"width": WIDE, "height": 900}, accept_downloads=True)
            context.set_default_timeout(10_000)
            try:
                found = _walk_role(context.new_page(), spec.username, usernames)
            finally:
                context.close()
            assert not found, f"{spec.username} ({Practitioner.Role(spec.role).label}):\n- " + "\n- ".join(found)
