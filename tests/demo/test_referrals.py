"""The demo's referrals and MASH information requests (thinkfamily.demo.referrals): after
``seed_demo`` the demo logins find something on the MASH queue, the MASH dashboard and the
ward view, the same on every seed, and the worker's first sweep sends nothing twice."""

import datetime
import html as html_lib
import re
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import pages
from thinkfamily.core import clock
from thinkfamily.demo.area import DEMO_LOGINS
from thinkfamily.demo.generator.population import delete_people
from thinkfamily.organisations.models import CaseloadMembership, Practitioner
from thinkfamily.referrals import machine, sweeps
from thinkfamily.referrals.models import InformationRequest, Referral

LONDON = zoneinfo.ZoneInfo("Europe/London")
# The Monday after the demo's stories (they end on Friday 30 October 2026).
MONDAY = datetime.datetime(2026, 11, 2, 10, tzinfo=LONDON)


def text_of(page: str, marker: str, end: str = "</table>") -> str:
    """The visible text of the element whose opening tag holds ``marker``, up to ``end``."""
    start = page.index(">", page.index(marker)) + 1
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page[start: page.index(end, start)])).split())


def seed(children, seed_value):
    call_command("seed_demo", children=children, seed=seed_value, verbosity=0)


def login(client, username):
    client.force_login(Practitioner.objects.get(username=username))


def referral_facts():
    return sorted(
        (r.child.full_name, r.referrer.username, machine.current_status(r), r.quality_score, r.delay_working_days,
         r.sent_late, r.outcome, r.chased_at is not None)
        for r in Referral.objects.select_related("child", "referrer")
    )


def request_facts():
    return sorted(
        (q.child.full_name, q.service.name, q.grade, q.answered_at is not None, q.reminded_at is not None,
         q.escalated_at is not None, q.referral.child.full_name)
        for q in InformationRequest.objects.select_related("child", "service", "referral__child")
    )


@pytest.mark.req("R10.5")
def test_a_ward_manager_is_among_the_demo_logins(db):
    seed(20, 1)

    assert ("wm.demo", "Ward manager", "Southport emergency department") in DEMO_LOGINS
    manager = Practitioner.objects.get(username="wm.demo")
    ed_nurse = Practitioner.objects.get(username="ed.demo")
    assert manager.role == Practitioner.Role.WARD_MANAGER and manager.team == ed_nurse.team
    assert manager.check_password("thinkfamily-demo")


@pytest.mark.req("R10.5")
@pytest.mark.req("R4.4")
@pytest.mark.req("R4.5")
def test_the_demo_referrals_are_there_as_described(db):
    seed(40, 3)

    assert referral_facts() == [
        ("Jade Taylor", "ed.demo", "outcome_recorded", 100, 0, False, "section_47", False),
        ("Liam Roberts", "ed.demo", "decided", 100, 0, False, "", True),
        ("Mia Walsh", "ed.demo", "outcome_recorded", 30, 4, True, "already_open", False),
        ("Unborn baby Bennett", "midwife.demo", "sent", 100, 0, False, "", False),
    ]
    assert request_facts() == [
        ("Jade Taylor", "Children in care health", "red", True, False, False, "Jade Taylor"),
        ("Liam Roberts", "0-19 school nursing (Sefton)", "amber", True, False, False, "Liam Roberts"),
        ("Liam Roberts", "General practice", "amber", True, True, False, "Liam Roberts"),
        ("Liam Roberts", "Sefton CAMHS", "green", False, True, True, "Liam Roberts"),
    ]
    mia = Referral.objects.get(child__given_name="Mia", referrer__username="ed.demo")
    assert {issue["code"] for issue in mia.quality_issues} >= {"risk_describes_only_the_adult", "level_of_need_range",
                                                               "other_children_missing"}
    # CAMHS knows Liam: he is on the demo CAMHS practitioner's caseload.
    assert CaseloadMembership.objects.current(MONDAY.date()).filter(
        person__given_name="Liam", person__family_name="Roberts", practitioner__username="camhs.demo"
    ).exists()


@pytest.mark.req("R10.5")
def test_the_demo_referrals_are_the_same_on_every_seed(db):
    seed(20, 1)
    first = referral_facts(), request_facts()
    delete_people()

    seed(60, 2)
    assert (referral_facts(), request_facts()) == first
    assert len(first[0]) == 4 and len(first[1]) == 4


@pytest.mark.req("R4.3")
@pytest.mark.req("R4.4")
@pytest.mark.req("R4.5")
def test_make_run_shows_them_on_the_mash_queue_the_dashboard_and_the_ward_view(client, db):
    seed(40, 3)

    with clock.travel_to(MONDAY):
        login(client, "mash.demo")
        queue = pages.text(client.get(reverse("referrals:mash_queue")))
        assert "2 referrals awaiting an outcome" in queue
        assert "Liam Roberts" in queue and "Unborn baby Bennett" in queue and "Mia Walsh" not in queue

        dashboard = client.get(reverse("referrals:mash_dashboard")).content.decode()
        overdue = text_of(dashboard, 'data-testid="overdue-requests"')
        assert "Liam Roberts" in overdue and "Sefton CAMHS" in overdue and "Overdue" in overdue
        assert "Children in care health" not in overdue
        green = text_of(dashboard, 'data-key="green"', end="</tr>")
        red = text_of(dashboard, 'data-key="red"', end="</tr>")
        assert green.split()[-2:] == ["1", "1"]  # open now, overdue now
        assert red.split()[-2:] == ["0", "0"]

        login(client, "camhs.demo")
        camhs = pages.text(client.get(reverse("referrals:mash_requests")))
        assert "Liam Roberts" in camhs and "Overdue" in camhs

        login(client, "wm.demo")
        ward = client.get(reverse("referrals:ward")).content.decode()
        totals = text_of(ward, 'data-testid="ward-totals"')
        # Referrals sent, median quality, weak, sent late, with an outcome
        assert totals.endswith("All referrals sent 3 100 1 (33%) 1 (33%) 2 (67%)")
        sent = text_of(ward, 'data-testid="ward-referrals"')
        for child in ("Jade Taylor", "Mia Walsh", "Liam Roberts"):
            assert child in sent
        assert "Unborn baby Bennett" not in sent  # the midwife's, not this ward's
        assert "Strategy discussion and section 47 enquiry" in sent and "Late" in sent and "Weak" in sent


@pytest.mark.req("R4.5")
def test_the_workers_first_sweep_after_seeding_sends_nothing_twice(db):
    seed(20, 1)

    with clock.travel_to(MONDAY + datetime.timedelta(days=1)):  # past the unborn baby's decision deadline
        assert sweeps.run_all() == {"reminded": 0, "escalated": 0, "outcomes_chased": 1, "minutes_chased": 0}
        assert sweeps.run_all() == {"reminded": 0, "escalated": 0, "outcomes_chased": 0, "minutes_chased": 0}
