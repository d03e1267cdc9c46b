"""The follow-up a 'was not brought' alert raises (R7.1): it stays on the named
practitioner's home page and the manager's list, overdue once its deadline passes, until the
practitioner, their team manager or a safeguarding lead records what was done; the lists
link to the people behind them; the chronology shows the alert and its follow-up."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.appointments.scenes import at, child, midwife, miss, pregnancy
from tests.cast import on_a_child_protection_plan, practitioner_as, put_on_caseload
from tests.factories import PractitionerFactory
from tests.pages import text
from thinkfamily.access.permissions import NotPermitted
from thinkfamily.appointments.models import FollowUp
from thinkfamily.appointments.services.follow_ups import record_follow_up
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.organisations.models import Practitioner

pytestmark = [pytest.mark.django_db, pytest.mark.req("R7.1")]
Role = Practitioner.Role


@pytest.fixture
def alert(health_visitor):
    liam = child()
    put_on_caseload(health_visitor, liam)
    miss(health_visitor, liam, at(2026, 3, 2))
    miss(health_visitor, liam, at(2026, 3, 9))
    return FollowUp.objects.open().get(person=liam)


def follow_ups_on(home) -> str:
    """The text of the home page's follow-ups section."""
    markup = home.content.decode()
    start = markup.index('data-testid="follow-ups-home"')
    return text(markup[start:markup.index("</section>", start)])


def team_manager_of(practitioner_):
    return PractitionerFactory(username="tm", role=Role.TEAM_MANAGER, team=practitioner_.team, first_name="Tia",
                               last_name="Manager")


def test_the_follow_up_stays_on_the_home_page_and_the_managers_list_until_recorded(client, alert, health_visitor,
                                                                                   safeguarding_lead):
    manager = team_manager_of(health_visitor)
    liam = alert.person
    record_link = reverse("people:record", args=[liam.pk])
    follow_up_link = reverse("appointments:follow_up", args=[alert.pk])
    with clock.travel_to(at(2026, 3, 10)):
        client.force_login(health_visitor)
        home = client.get("/")
        assert "Missed appointments to follow up" in text(home) and "Overdue" not in follow_ups_on(home)
        assert follow_up_link in home.content.decode() and record_link in home.content.decode()
    with clock.travel_to(at(2026, 3, 20)):  # past its deadline (2 working days)
        assert "Overdue" in follow_ups_on(client.get("/"))
        for who in (manager, safeguarding_lead):
            client.force_login(who)
            listing = client.get(reverse("appointments:follow_ups"))
            assert listing.status_code == 200 and "Overdue" in text(listing) and liam.full_name in text(listing)
            assert follow_up_link in listing.content.decode() and record_link in listing.content.decode()
        client.force_login(health_visitor)
        done = client.post(follow_up_link, {"action": "contacted_family", "note": "Mum says the car broke down."})
        assert done.status_code == 302
        assert follow_up_link not in client.get("/").content.decode()
        client.force_login(manager)
        assert liam.full_name not in text(client.get(reverse("appointments:follow_ups")))
    types = list(Event.objects.filter(person=liam).values_list("type", flat=True))
    assert "follow_up_raised" in types and "follow_up_recorded" in types
    recorded = Event.objects.get(person=liam, type="follow_up_recorded")
    assert "after its deadline" in recorded.summary and "Contacted the family" in recorded.summary


def test_no_further_action_needs_its_reason_and_writes_nothing_without(alert, health_visitor):
    with pytest.raises(ValidationError, match="Say why no further action"):
        record_follow_up(Auditor(actor=health_visitor), alert, action="no_further_action", note=" ")
    alert.refresh_from_db()
    assert alert.is_open


def test_the_team_manager_and_the_lead_may_record_others_may_not(alert, health_visitor, safeguarding_lead, camhs):
    for other in (camhs, practitioner_as(Role.SOCIAL_WORKER)):
        with pytest.raises(NotPermitted):
            record_follow_up(Auditor(actor=other), alert, action="rebooked")
    record_follow_up(Auditor(actor=team_manager_of(health_visitor)), alert, action="rebooked")
    with pytest.raises(AlreadyRecorded):
        record_follow_up(Auditor(actor=safeguarding_lead), alert, action="rebooked")
    alert.refresh_from_db()
    assert alert.completed_by.username == "tm"


def test_the_managers_list_is_refused_to_a_practitioner(client, health_visitor):
    client.force_login(health_visitor)
    assert client.get(reverse("appointments:follow_ups")).status_code == 403


def test_an_unborn_babys_alert_reaches_the_social_workers_home_page(client, social_worker, council):
    nurse = midwife()
    mother, unborn = pregnancy()
    put_on_caseload(nurse, mother)
    put_on_caseload(social_worker, unborn)
    on_a_child_protection_plan(unborn, council, since=datetime.date(2026, 2, 1))
    miss(nurse, mother, at(2026, 3, 2), kind="antenatal", for_unborn=unborn)
    follow_up = FollowUp.objects.open().get()
    with clock.travel_to(at(2026, 3, 3)):
        client.force_login(social_worker)
        home = client.get("/")
    assert reverse("appointments:follow_up", args=[follow_up.pk]) in home.content.decode()
    assert "antenatal" in text(home)
