"""Times come from the application's clock (thinkfamily.core.clock), which tests and the browser
journeys move: a time written from the wall clock disagrees with every other date as soon as
the clock is moved (issue 11 #16). The lint scripts/lint_clock.py (run by make lint) keeps new
ones out; these tests check that it catches what it claims to, and what the pages say."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse

from tests import inventory
from tests.cast import put_on_caseload, works_with
from tests.pages import text
from thinkfamily.casenotes import services as casenotes
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.legal_status.services import record_legal_status

ROOT = Path(__file__).resolve().parents[2]
lint = inventory.script("lint_clock")

MOVED = datetime.datetime(2025, 2, 4, 10, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.mark.django_db
def test_a_legal_status_and_a_case_note_say_they_were_recorded_on_the_clocks_day(client, health_visitor, family,
                                                                              council, social_worker):
    liam = family["liam"]
    put_on_caseload(health_visitor, liam)
    auditor = Auditor(health_visitor)
    with clock.travel_to(MOVED):
        record_legal_status(works_with(social_worker, liam), liam, status="child_in_need", change="start",
                                   effective_date=datetime.date(2025, 2, 3), responsible_authority=council)
        casenotes.write_case_note(auditor, health_visitor, liam, title="Home visit", body="Seen at home with mum.")
        client.force_login(health_visitor)
        page = text(client.get(reverse("people:record", args=[liam.pk])))
    assert "Recorded 4 February 2025 at 10:30 by Sam Worker" in page  # the legal status's time
    assert "4 February 2025 at 10:30, Health visiting Home visit" in page  # the case note's time


@pytest.mark.parametrize(
    "snippet",
    [
        "from django.utils import timezone\nx = timezone.now()\n",
        "import datetime\nx = datetime.date.today()\n",
        "import datetime\nx = datetime.datetime.now()\n",
        "from django.utils import timezone\nx = timezone.localdate()\n",
        "import time\nx = time.time()\n",
        "from django.utils.timezone import now\n",
        "class Note(models.Model):\n    at = models.DateTimeField(default=timezone.now)\n",
    ],
)
def test_the_lint_catches_the_wall_clock(snippet):
    assert lint.problems_in(snippet, "thinkfamily/x/services.py")


def test_the_lint_allows_the_clock_a_date_given_and_a_reasoned_exception():
    assert not lint.problems_in("x = clock.now()\ny = timezone.localdate(x)\n", "thinkfamily/x/services.py")
    assert not lint.problems_in("x = time.time()  # wall clock: TOTP codes follow real time\n", "thinkfamily/x/a.py")
    assert lint.problems_in("x = time.time()  # wall clock:\n", "thinkfamily/x/a.py")  # a reason is needed


def test_the_lint_catches_a_row_left_to_a_wall_clock_default():
    models = "class Entry(models.Model):\n    at = models.DateTimeField(default=timezone.now)  # wall clock: x\n"
    defaults = lint.wall_clock_defaults(lint.ast.parse(models))
    assert defaults == {"Entry": {"at"}}
    assert lint.problems_in("Entry.objects.create(person=p, **details)\n", "thinkfamily/x/s.py", defaults)
    assert lint.problems_in("Entry(person=p)\n", "thinkfamily/x/s.py", defaults)
    assert not lint.problems_in("Entry.objects.create(person=p, at=clock.now())\n", "x.py", defaults)


def test_no_application_code_reads_the_wall_clock():
    assert lint.all_problems(ROOT) == []
