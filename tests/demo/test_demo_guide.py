"""The demo guide (issue 15): `make run` prints it (demo_logins) and the sign-in page shows it
while the demo data is loaded: each demo sign-in, what the role does, the featured people it
can open and the story to try. What each can open is the access rules' answer, so the guide
never promises a record the service refuses; the search hints' example NHS number is one the
user can open. Without demo data (production) there is no guide and the example is synthetic."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.pages_text import visible_text
from thinkfamily.access import rules
from thinkfamily.core import clock
from thinkfamily.demo import guide
from thinkfamily.demo.area import DEMO_PRACTITIONERS
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.organisations.models import Practitioner
from thinkfamily.people.models import Person

SYNTHETIC = "999 000 0018"


def _hint(page: str) -> str:
    return re.search(r'id="id_nhs_number-hint"[^>]*>\s*([^<]*?)\s*<', page)[1]


def _guide_rows(page: str) -> dict[str, str]:
    """Each demo sign-in's row of the sign-in page's guide, as text."""
    rows = re.findall(r'<tr class="nhsuk-table__row" role="row" data-testid="demo-sign-in">(.*?)</tr>', page, re.S)
    return {re.search(r'data-testid="demo-username">([^<]+)<', row)[1]: visible_text(row) for row in rows}


def test_each_sign_in_lists_exactly_the_featured_people_the_access_rules_let_it_open(client, db):
    call_command("seed_demo", children=20, seed=1, verbosity=0)
    entries = {entry.username: entry for entry in guide.entries()}
    assert list(entries) == [spec.username for spec in DEMO_PRACTITIONERS]
    featured = [Person.objects.get(pk=FEATURED_IDS[name]) for name in guide.FEATURED_PEOPLE]
    now = clock.now()
    for username, entry in entries.items():
        user = Practitioner.objects.get(username=username)
        # Asked person by person, as opening each record asks (scope.person: rules.basis_for)
        may_open = [p.full_name for p in featured if rules.basis_for(user, p, now) is not None]
        assert [p.name for p in entry.can_open] == may_open, username
        assert entry.does and entry.try_this, username
    # The stories the guide tells are about records these sign-ins can open
    assert [p.name for p in entries["hv.demo"].can_open] == ["Mia Walsh"]
    assert "Jade Taylor" in [p.name for p in entries["cic.demo"].can_open]
    assert entries["admin.demo"].can_open == []

    # The sign-in page shows it, with the password, to someone not signed in
    page = client.get(reverse("login")).content.decode()
    assert "Trying the demo" in page and guide.PASSWORD in page
    rows = _guide_rows(page)
    assert set(rows) == set(entries)
    assert "Mia Walsh (943 476 5951)" in rows["hv.demo"] and "Liam Roberts" not in rows["hv.demo"]
    assert "Unborn baby Bennett" in rows["midwife.demo"]
    assert "None of them" in rows["admin.demo"]

    # `make run` prints it
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    assert "Can open: Mia Walsh (943 476 5951)" in printed
    assert printed.count(".demo ") == len(DEMO_PRACTITIONERS)

    # Each search hint's example is a record the user can open: typing it finds the child
    for username in ("hv.demo", "sn.demo", "cic.demo", "gp.demo"):
        client.force_login(Practitioner.objects.get(username=username))
        example = _hint(client.get(reverse("find")).content.decode()).rsplit("for example ", 1)[1]
        assert example == entries[username].can_open[0].nhs_number, username
        found = client.get(reverse("find"), {"nhs_number": example}).content.decode()
        assert "A record exists" not in found and 'href="/people/' in found, username
    # the lookup finds anyone: its example is a featured child's
    client.force_login(Practitioner.objects.get(username="ed.demo"))
    assert _hint(client.get(reverse("flags:lookup")).content.decode()).endswith("for example 943 476 5919")


@pytest.mark.django_db
def test_without_demo_data_there_is_no_guide_and_the_hints_example_is_synthetic(client, health_visitor):
    assert guide.entries() == []
    page = client.get(reverse("login")).content.decode()
    assert "Trying the demo" not in page and "demo-sign-in" not in page and guide.PASSWORD not in page
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "Can open" not in out.getvalue()
    client.force_login(health_visitor)
    assert _hint(client.get(reverse("find")).content.decode()) == (
        f"10 digits, with or without spaces, for example {SYNTHETIC}"
    )
