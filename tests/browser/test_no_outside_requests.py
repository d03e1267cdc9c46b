"""Nothing leaves the server's origin at run time (issue 15): no font, script, style, image or
beacon is fetched from another host, so a page loads as fast behind an NHS firewall as here and
tells no third party who is reading which record.

Every request the browser makes is seen by a route on the whole context (Playwright's request
log); a request to another origin is recorded and refused at once, so the test neither waits
for an outside host nor passes because one was slow. A request the page tried and the content
security policy refused never reaches the route: the browser's console reports it, and that
counts as an outside request too (a stylesheet's @font-face pointing at a font host)."""

import pytest
from playwright.sync_api import Page

from tests.browser.steps import sign_in
from tests.cast import put_on_caseload

pytestmark = pytest.mark.browser


def test_no_page_requests_anything_from_another_origin(page: Page, live_server, family, health_visitor,
                                                       safeguarding_lead):
    outside: list[str] = []
    origin = live_server.url.rstrip("/")

    def check(route):
        url = route.request.url
        if url.startswith((origin + "/", "data:", "blob:")) or url == origin:
            route.continue_()
        else:
            outside.append(f"{route.request.resource_type} {url} (from {page.url})")
            route.abort()

    page.context.route("**/*", check)
    page.on("console", lambda message: "Content Security Policy" in message.text
            and outside.append(f"refused by the policy: {message.text[:200]} (on {page.url})"))
    put_on_caseload(health_visitor, family["liam"], family["mia"])
    liam = family["liam"].pk

    page.goto("/sign-in/")
    sign_in(page, "hv")
    opened = ["/", f"/people/{liam}/", f"/people/{liam}/chronology/", "/contacts/", "/no-such-page/"]
    for url in opened:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")

    sign_in(page, "lead")
    menu = [link.get_attribute("href") for link in
            page.get_by_role("banner").get_by_role("navigation").get_by_role("link").all()]
    assert len(menu) >= 4, menu
    for url in menu:
        page.goto(url)
        page.wait_for_load_state("networkidle")

    assert not outside, "pages asked another origin for:\n" + "\n".join(outside)
