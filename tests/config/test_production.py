"""Production renders (issue 11 #1): the production settings, for real, on every `make test`.

Static files are collected into a temporary STATIC_ROOT, a small demo is migrated and seeded
(PostgreSQL when DATABASE_URL names it, else an SQLite file), and gunicorn serves
``thinkfamily.config.settings.production`` on a free loopback port. The test then drives it as
a TLS-terminating proxy would (X-Forwarded-Proto: https, the public Host, the browser's
cookies, Origin and Referer), signs in as every demo role and opens that role's pages: home
and search, the header menu's work lists and dashboards, the inbox, a record the role may
see and the record's own pages, the point-of-care lookup for the services that have it, and
the first of each kind of page those lead to. Every static file a page names, and every
file its stylesheets and scripts name in turn, must answer 200.

It fails on any 5xx (naming the role, the page and the status, with the server's log), on a
link that answers 404, on a menu page or the role's record not answering 200, on a redirect
back to https or to sign in, and on any missing static file. What it checked is printed at
the end of the run ("production check"); its processes, files and database are removed
whatever happens."""

import json
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from tests.config.production_server import DEMO_CHILDREN, HOST, Server, production_server
from tests.config.proxy_browser import Browser, Page, Response
from thinkfamily.demo.area import DEMO_LOGINS, DEMO_PASSWORD
from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS
from thinkfamily.organisations.models import Practitioner

PAGES_PER_ROLE = 80  # a bound on the crawl, above what each role's pages need
CRAWL_DEPTH = 2  # links followed from the menu pages and the role's record
LOOKUP_CHILD = "Liam Roberts"
# Roles that run the area or read its figures: they open no one's record (Role.NO_PERSON_ACCESS).
ROLES_WITHOUT_RECORDS = {Practitioner.Role(code).label for code in Practitioner.Role.NO_PERSON_ACCESS}
# Whom each role looks for first: the featured people the demo puts in its care (any record
# the role may see will do; these find one fast).
SEARCH_ORDER = ["Liam Roberts", "Mia Walsh", "Jade Taylor", "Keira Molloy", "Chloe Bennett", "Sarah Roberts",
                "Dean Walsh"]
NEVER_FOLLOW = ("/sign-out/", "/session/keep-alive/", "/static/")
ID = re.compile(r"/(?:[0-9]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=/|$|\.)")


@dataclass
class RoleReport:
    username: str
    role: str
    pages: Counter = field(default_factory=Counter)  # status -> count
    record: str = ""
    shapes: set = field(default_factory=set)


@dataclass
class Check:
    server: Server
    failures: list = field(default_factory=list)
    assets: dict = field(default_factory=dict)  # path -> status
    asset_kinds: Counter = field(default_factory=Counter)
    external: set = field(default_factory=set)
    pages_with_5xx: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, message: str) -> None:
        self.failures.append(message)

    # Static files ---------------------------------------------------------------------

    def asset(self, browser: Browser, url: str, found_on: str, kind: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or url.startswith("#"):
            return
        if parts.netloc and parts.netloc != HOST:
            self.external.add(f"{parts.scheme}://{parts.netloc}")
            return
        with self.lock:  # the roles run side by side; each file is fetched once
            if not parts.path.startswith("/static/") or parts.path in self.assets:
                return
            self.assets[parts.path] = None
            self.asset_kinds[kind] += 1
        response = browser.request("GET", parts.path)
        self.assets[parts.path] = response.status
        if response.status != 200:
            self.fail(f"static file {parts.path} (named by {found_on}) answered {response.status}")
            return
        if response.content_type == "text/css" or parts.path.endswith(".css"):
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", response.text):
                self.asset(browser, urljoin(parts.path, ref.strip()), parts.path, "named by a stylesheet")
        elif parts.path.endswith((".mjs", ".js")):
            for ref in re.findall(r"""(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}/[^"']+)["']""", response.text):
                self.asset(browser, urljoin(parts.path, ref), parts.path, "imported by a script")
        elif parts.path.endswith((".json", ".webmanifest")):
            for icon in json.loads(response.text).get("icons", []):
                self.asset(browser, urljoin(parts.path, icon["src"]), parts.path, "named by the web manifest")

    # Pages ----------------------------------------------------------------------------

    def page(self, browser: Browser, report: RoleReport, path: str, *, must_be_ok: bool = False,
             form: dict | None = None, referer: str = "/") -> tuple[Response, Page | None]:
        method = "POST" if form is not None else "GET"
        response = browser.request(method, path, form=form, referer=referer)
        response = browser.follow(response)
        who = f"{report.username} ({report.role})"
        report.pages[response.status] += 1
        report.shapes.add(shape(path))
        if response.status >= 500:
            self.pages_with_5xx += 1
            self.fail(f"{who}: {method} {path} answered {response.status}")
        elif response.status in (301, 302, 303, 307, 308):
            location = response.headers["Location"]
            target = urlsplit(location)
            if target.scheme == "https" and target.path == urlsplit(response.path).path:
                reason = "sent to https again: the proxy's X-Forwarded-Proto was not trusted (SECURE_PROXY_SSL_HEADER)"
            elif target.path == "/sign-in/":
                reason = "sent to sign in: the session was lost"
            else:
                reason = "sent back to plain http, or off the site"
            self.fail(f"{who}: {method} {path} answered {response.status} to {location} ({reason})")
        elif response.status == 404:
            self.fail(f"{who}: {method} {path} answered 404: a link the application rendered leads nowhere")
        elif must_be_ok and response.status != 200:
            self.fail(f"{who}: {method} {path} answered {response.status}, expected 200")
        if response.status == 200 and response.content_type == "text/html":
            parsed = Page(response.text)
            for url in parsed.assets:
                self.asset(browser, url, f"{method} {path}", "named by a page")
            return response, parsed
        return response, None

    def sign_in(self, browser: Browser, report: RoleReport) -> Page | None:
        who = f"{report.username} ({report.role})"
        _, sign_in_page = self.page(browser, report, "/sign-in/", must_be_ok=True)
        if sign_in_page is None:
            return None
        form = sign_in_page.post_form()["fields"] | {"username": report.username, "password": DEMO_PASSWORD}
        response = browser.request("POST", "/sign-in/", form=form, referer="/sign-in/")
        report.pages[response.status] += 1
        if response.status != 302:
            self.fail(f"{who}: POST /sign-in/ answered {response.status}, expected a redirect once signed in "
                      f"(page heading: {Page(response.text).h1.strip()!r})")
            return None
        session = browser.set_cookie_flags.get("thinkfamily_session", "")
        if "Secure" not in session or "HttpOnly" not in session:
            self.fail(f"{who}: the session cookie is not Secure and HttpOnly: {session!r}")
        _, home = self.page(browser, report, "/", must_be_ok=True)
        if home is not None and "/sign-out/" not in home.menu:
            self.fail(f"{who}: signed in, but the home page offers no sign-out (not signed in?)")
        return home

    def role(self, server: Server, username: str, role: str) -> RoleReport:
        report = RoleReport(username, role)
        browser = Browser(server)
        home = self.sign_in(browser, report)
        if home is None:
            return report
        # The header menu: every work list and dashboard the role is offered, and the inbox.
        menu = [link for link in dict.fromkeys(home.menu) if internal(link)]
        pages = {}
        for link in menu:
            _, pages[link] = self.page(browser, report, link, must_be_ok=True)
        # The point-of-care lookup, posted as the form is, for the services that have it.
        if "/lookup/" in menu and pages.get("/lookup/"):
            fields = pages["/lookup/"].post_form()["fields"] | {"nhs_number": FEATURED_NHS_NUMBERS[LOOKUP_CHILD]}
            response, _ = self.page(browser, report, "/lookup/", form=fields, referer="/lookup/")
            if response.status != 200 or f"{LOOKUP_CHILD}" not in response.text:
                self.fail(f"{report.username} ({role}): the lookup of {LOOKUP_CHILD} answered {response.status} "
                          "without the child's name")
        # A record the role may see: from its lists, else by searching for the demo's people.
        candidates = [link for page in pages.values() if page for link in page.links if person_record(link)]
        for name in SEARCH_ORDER if role not in ROLES_WITHOUT_RECORDS else ():
            _, results = self.page(browser, report, "/find/?" + urlencode({"nhs_number": FEATURED_NHS_NUMBERS[name]}),
                                   must_be_ok=True)
            candidates += [link for link in (results.links if results else []) if person_record(link)]
            if candidates:
                break
        record = None
        for link in dict.fromkeys(candidates):
            response, record = self.page(browser, report, link)
            if response.status == 200 and record is not None:
                report.record = " ".join(record.h1.split())
                pages[link] = record
                if not report.record:
                    self.fail(f"{username} ({role}): the record {link} has no heading naming the person")
                break
        if record is None and role not in ROLES_WITHOUT_RECORDS:
            self.fail(f"{username} ({role}): found no record it may open, from its lists or by searching for "
                      f"{', '.join(SEARCH_ORDER)}")
        # The first of each kind of page the menu pages and the record lead to, two steps on.
        queue = [(link, 1) for page in pages.values() if page for link in page.links]
        seen = set(report.shapes)
        tries = Counter()
        while queue and sum(report.pages.values()) < PAGES_PER_ROLE:
            link, depth = queue.pop(0)
            link = urljoin("/", link)
            if not internal(link) or shape(link) in seen or tries[shape(link)] >= 3:
                continue
            tries[shape(link)] += 1
            response, page = self.page(browser, report, link)
            if response.status < 400:
                seen.add(shape(link))
            if page is not None and depth < CRAWL_DEPTH:
                queue += [(next_link, depth + 1) for next_link in page.links]
        return report


def internal(link: str) -> bool:
    parts = urlsplit(link)
    return (not parts.netloc or parts.netloc == HOST) and parts.path.startswith("/") and not any(
        parts.path.startswith(prefix) for prefix in NEVER_FOLLOW
    )


def person_record(link: str) -> bool:
    return bool(re.fullmatch(r"/people/[0-9a-f-]{36}/", urlsplit(link).path))


def shape(link: str) -> str:
    """A kind of page: its path with ids replaced, and the names of its query parameters."""
    parts = urlsplit(link)
    query = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return ID.sub("/<id>", parts.path) + ("?" + "&".join(query) if query else "")


# --- The test ---------------------------------------------------------------------------


def test_production_settings_serve_every_roles_pages_and_static_files(production_check_report):
    with production_server() as server:
        started = time.monotonic()
        plain = Browser(server).request("GET", "/sign-in/", proxied=False)
        assert plain.status == 301 and plain.headers["Location"] == f"https://{HOST}/sign-in/", (
            f"a request the proxy did not mark as HTTPS should be sent to https://{HOST}/sign-in/, "
            f"got {plain.status} {plain.headers.get('Location')}"
        )
        check = Check(server)
        with ThreadPoolExecutor(max_workers=len(DEMO_LOGINS)) as pool:  # the roles side by side
            reports = list(pool.map(lambda login: check.role(server, *login[:2]), DEMO_LOGINS))
        lines = [
            f"gunicorn, production settings, {server.database}, {DEMO_CHILDREN} demo children: set up "
            f"(check --deploy, collectstatic, migrate, seed) in {server.setup_seconds:.0f}s, pages in "
            f"{time.monotonic() - started:.0f}s, as a TLS-terminating proxy passes them on; plain http is sent to https"
        ]
        for report in reports:
            statuses = ", ".join(f"{count} x {status}" for status, count in sorted(report.pages.items()))
            lines.append(f"  {report.username:<13} {report.role:<32} {sum(report.pages.values()):>3} pages, "
                         f"{len(report.shapes):>2} kinds ({statuses}); record: {report.record or 'none'}")
        kinds = ", ".join(f"{n} {kind}" for kind, n in check.asset_kinds.items())
        lines.append(f"  {len(reports)} roles, {sum(sum(r.pages.values()) for r in reports)} pages, "
                     f"{len(set().union(*(r.shapes for r in reports)))} kinds of page; "
                     f"{len(check.assets)} static files, all fetched ({kinds})")
        if check.external:
            lines.append(f"  not fetched (outside the application): {', '.join(sorted(check.external))}")
        production_check_report.extend(lines)
        if check.failures:
            message = "\n".join([f"{len(check.failures)} problem(s) under the production settings:",
                                 *(f"- {failure}" for failure in sorted(check.failures))])
            if check.pages_with_5xx:
                message += "\n\nThe server's log, from its last error:\n" + server.log_tail()
            pytest.fail(message, pytrace=False)
