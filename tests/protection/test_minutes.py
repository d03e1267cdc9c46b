"""Minutes and the plan are received and kept on the record of every child concerned and reach
each invited agency (R5.1; review §3.10, Rec 12.1). Minutes not received within the local number
of working days (cp.minutes) are chased automatically, once, by the deadline sweep of the task
worker, and listed as overdue for the safeguarding leads of the invited agencies."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import pages
from tests.cast import practitioner
from tests.protection.conftest import CONFERENCE_DAY
from tests.protection.scenes import at, discussion, hold, initial_conference, open_episode, practice_lead
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.protection import sweeps as protection_sweeps
from thinkfamily.protection.models import Conference, Minutes
from thinkfamily.referrals import sweeps

pytestmark = pytest.mark.django_db
OVERDUE = Notification.Cause.CONFERENCE_MINUTES_OVERDUE
MINUTES = {"minutes": "Present: Sefton children's social care, Crosby Village Surgery, health visiting. Liam's "
                      "bruising discussed; plan agreed.",
           "plan": "Health visitor to see Liam weekly; GP to review injuries; core group within 10 working days."}


@pytest.fixture
def held(conference, known, social_worker):
    liam, mia = known["liam"], known["mia"]
    return hold(social_worker, conference, CONFERENCE_DAY, {liam.pk: ("plan", "physical"), mia.pk: ("plan",
                                                                                                     "emotional")})


def _day_after(moment) -> datetime.datetime:
    return at(timezone.localdate(moment) + datetime.timedelta(days=1), 9)


@pytest.mark.req("R5.1")
def test_late_minutes_are_chased_once_by_the_worker_and_listed_as_overdue_for_the_leads(
    client, held, social_worker, safeguarding_lead
):
    gp_lead = practice_lead()
    elsewhere = practitioner("lead2", Practitioner.Role.SAFEGUARDING_LEAD, "REP", Service.Kind.SAFEGUARDING)
    overdue_list = reverse("protection:overdue_minutes")

    on_the_day = at(timezone.localdate(held.minutes_due_at), 12)
    with clock.travel_to(on_the_day):
        assert protection_sweeps.chase_late_minutes() == 0
        client.force_login(safeguarding_lead)
        assert "No conference minutes are overdue" in pages.text(client.get(overdue_list))

    with clock.travel_to(_day_after(held.minutes_due_at)):
        results = sweeps.run_all()  # what the worker's task runs
        again = sweeps.run_all()
    assert results["minutes_chased"] == 1 and again["minutes_chased"] == 0
    chased = Notification.objects.filter(cause=OVERDUE)
    assert {n.recipient for n in chased} == {social_worker, safeguarding_lead, gp_lead}
    assert all("have not been received" in n.message for n in chased)
    assert Conference.objects.get().minutes_chased_at is not None
    assert AuditEvent.objects.filter(object_type="protection.Conference", detail__sweep="minutes chase").count() == 1

    with clock.travel_to(_day_after(held.minutes_due_at)):
        for lead in (safeguarding_lead, gp_lead):
            client.force_login(lead)
            page = client.get(overdue_list)
            text = pages.text(page)
            assert "Initial child protection conference" in text and "Overdue" in text, lead
            assert "Liam James Roberts" in text and "Council chased" in text
        client.force_login(elsewhere)
        assert "No conference minutes are overdue" in pages.text(client.get(overdue_list))


@pytest.mark.req("R5.1")
def test_minutes_received_are_kept_on_each_childs_record_and_reach_every_invited_agency(
    client, held, known, social_worker, gp, camhs, amh
):
    liam, mia = known["liam"], known["mia"]
    url = reverse("protection:record_minutes", args=[held.pk])
    client.force_login(social_worker)
    received = CONFERENCE_DAY + datetime.timedelta(days=7)
    form = {**pages.date_fields("received_on", received), **MINUTES}
    with clock.travel_to(at(received, 15)):
        first = client.post(url, form)
        second = client.post(url, form)  # sent twice
    assert first.status_code == second.status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.plan.startswith("Health visitor to see Liam weekly")
    for child in (liam, mia):
        assert Event.objects.filter(person=child, type="conference_minutes").count() == 1
    told = {n.recipient for n in Notification.objects.filter(cause=Notification.Cause.CONFERENCE_MINUTES)}
    assert {gp, camhs, amh} <= told

    with clock.travel_to(at(received + datetime.timedelta(days=30))):
        assert protection_sweeps.chase_late_minutes() == 0  # received in time: never chased
        client.force_login(gp)
        conference_page = pages.text(client.get(reverse("protection:conference", args=[held.pk])))
        record_page = pages.text(client.get(reverse("protection:child", args=[liam.pk])))
    for text in (conference_page, record_page):
        assert "Health visitor to see Liam weekly" in text and "Liam's bruising discussed" in text


@pytest.mark.req("R5.1")
def test_an_agency_that_was_not_invited_does_not_see_the_conference(client, held):
    outsider = practitioner("sh", Practitioner.Role.SEXUAL_HEALTH_NURSE, "REP", Service.Kind.SEXUAL_HEALTH)
    client.force_login(outsider)
    assert client.get(reverse("protection:conference", args=[held.pk])).status_code == 403


@pytest.mark.req("R5.1")
def test_that_sexual_health_was_invited_is_shown_only_to_the_council_and_to_sexual_health(
    client, known, social_worker, health_visitor
):
    nurse = practitioner("shn", Practitioner.Role.SEXUAL_HEALTH_NURSE, "REP", Service.Kind.SEXUAL_HEALTH,
                         service_name="Sexual health")
    open_episode(known["liam"], nurse, CONFERENCE_DAY - datetime.timedelta(days=90))
    strategy = discussion(social_worker, known["liam"], CONFERENCE_DAY - datetime.timedelta(days=14),
                          agencies=[nurse.team.service, health_visitor.team.service])
    conference = initial_conference(social_worker, strategy, CONFERENCE_DAY)
    assert conference.invitations.filter(service=nurse.team.service).exists()
    line = Event.objects.get(person=known["liam"], type="strategy_discussion").summary
    assert "Sexual health" not in line and "Health visiting" in line

    url = reverse("protection:conference", args=[conference.pk])
    with clock.travel_to(at(CONFERENCE_DAY - datetime.timedelta(days=3))):
        seen = {}
        for user in (social_worker, nurse, health_visitor):
            client.force_login(user)
            seen[user] = pages.text(client.get(url))
    assert "Sexual health, " in seen[social_worker] and "Sexual health, " in seen[nurse]
    assert "Sexual health" not in seen[health_visitor] and "Health visiting" in seen[health_visitor]
