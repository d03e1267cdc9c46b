"""Nothing a practitioner reads is developer text (issue 15): every demo role's main pages
(the home page and every link on it, the header's navigation) and the pages of the featured
families' records (the record, its chronology and access history, referrals, MASH requests,
children-in-care assessments, SDQ and passport, concerns, attendances, follow-ups) are read as
the browser shows them, and none has a timescale key, a sign-in name, a model's class name, a
Python value, "1 working days", a month in lower case or a comma after an empty name
(the patterns are tests/pages_text.py's, shared with the browser walk)."""

import re
from collections import deque

from django.core.management import call_command

from tests.pages_text import problems, visible_text
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.organisations.models import Practitioner

LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"([^>]*)>')
# Not pages to read: signing out, downloads, and the forms that change a record (they share
# the record's header, read already).
NOT_FOLLOWED = re.compile(
    r"sign-out|/static/|format=csv|\.csv|\.pdf|/export|/download|break-glass"
    r"|/(new|add|correct|move|end|transfer|book|plan|discharge|birth|gp|school|concern|edit|outcome|reschedule"
    r"|relationships/new|parental-responsibility/new|caseload/add|episodes/new|notes/new)/(\?.*)?$"
)
# The local administrator's list of accounts is where sign-in names are managed: the one
# page that shows them, on purpose.
SIGN_IN_NAMES_SHOWN = re.compile(r"^/administration/staff/")
PER_ROLE = 90


def _links(markup: str) -> list[str]:
    return [href.replace("&amp;", "&") for href, rest in LINK.findall(markup)
            if "download" not in rest and not NOT_FOLLOWED.search(href.replace("&amp;", "&"))]


# The kinds of page the walk must reach (by some role), so that it cannot pass by missing them.
MUST_READ = {
    "a record": r"^/people/[0-9a-f-]{36}/$",
    "a chronology": r"/chronology/$",
    "an access history": r"/access-history/$",
    "a referral": r"^/referrals/\d+/$",
    "a MASH request": r"^/mash/requests/\d+/$",
    "a children-in-care assessment": r"^/children-in-care/assessments/\d+/$",
    "an SDQ page": r"/sdq/$",
    "the children-in-care dashboard": r"^/children-in-care/dashboard/$",
}


def _walk(client, starts: list[str], usernames: list[str]) -> tuple[set, list[str]]:
    """Open the start pages, then every page they link to; the pages read and the developer
    text found."""
    seen, read, found = set(), set(), []
    queue = deque((url, 0) for url in starts)
    while queue and len(seen) < PER_ROLE:
        url, depth = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        markup = response.content.decode()
        read.add(url)
        names = () if SIGN_IN_NAMES_SHOWN.search(url) else usernames
        text = visible_text(markup)
        found += [f"{url}: {problem}" for problem in problems(text, names)
                  if not (names == () and problem.startswith("sign-in name"))]
        if depth == 0:
            queue.extend((link, 1) for link in _links(markup) if link not in seen)
    return read, found


def test_no_page_of_any_role_shows_developer_text(db, client):
    call_command("seed_demo", children=20, seed=1, verbosity=0)
    practitioners = list(Practitioner.objects.filter(username__endswith=".demo").order_by("username"))
    usernames = list(Practitioner.objects.values_list("username", flat=True))
    records = [f"/people/{pk}/" for pk in FEATURED_IDS.values()]
    assert len(practitioners) >= 15
    report, opened = [], {}
    for practitioner in practitioners:
        client.force_login(practitioner)
        opened[practitioner.username], found = _walk(client, ["/", *records], usernames)
        report += [f"{practitioner.username} {line}" for line in found]
    # Each role read its home page's links, and the walk reached every kind of page.
    assert min(len(pages) for pages in opened.values()) >= 5, {name: len(pages) for name, pages in opened.items()}
    everything = set().union(*opened.values())
    assert [kind for kind, path in MUST_READ.items() if not any(re.search(path, url) for url in everything)] == []
    assert report == [], "\n".join(sorted(set(report))[:80])
