"""The same child protection form sent many times at once (a double-clicked button, a retried
request) writes once (ADR 0012): one conference and one invitation per agency, each agency told
once; one decision and one plan per child; one report; one set of minutes. Each request runs
on its own connection and commits (a transactional database)."""

import datetime

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import works_with
from tests.concurrent import assert_answered, fire
from tests.protection.scenes import adult_mental_health, at, discussion, known_to_agencies
from tests.protection.test_reports import ANALYSIS
from thinkfamily.core import clock
from thinkfamily.flags.models import Flag
from thinkfamily.notifications.models import Notification
from thinkfamily.people.models import LegalStatusEntry
from thinkfamily.protection.models import AgencyReport, Conference, Decision, Invitation, Minutes

DISCUSSED = datetime.date(2026, 3, 2)
CONFERENCE_DAY = datetime.date(2026, 3, 16)
TIMES = 6


@pytest.mark.req("R5.1")
def test_each_step_sent_many_times_at_once_is_recorded_once(
    transactional_db, national_flag_types, family, social_worker, gp, health_visitor, camhs
):
    liam, mia = family["liam"], family["mia"]
    known_to_agencies(family, gp=gp, health_visitor=health_visitor, camhs=camhs, amh=adult_mental_health())
    works_with(social_worker, liam, mia)
    strategy = discussion(social_worker, liam, DISCUSSED, other_children=[mia])

    with clock.travel_to(at(DISCUSSED + datetime.timedelta(days=1))):
        keys = [f"{p.team.service_id}:" for p in (gp, health_visitor, camhs)]
        answers = fire(social_worker, reverse("protection:arrange_initial", args=[strategy.pk]),
                       {**pages.date_fields("scheduled_on", CONFERENCE_DAY), "invited": keys}, times=TIMES)
    assert_answered(answers)
    conference = Conference.objects.get()
    assert Invitation.objects.count() == 3
    assert Notification.objects.filter(cause=Notification.Cause.CONFERENCE_INVITATION, recipient=gp).count() == 1

    invitation = Invitation.objects.get(service=gp.team.service)
    with clock.travel_to(at(DISCUSSED + datetime.timedelta(days=7))):
        assert_answered(fire(gp, reverse("protection:invitation", args=[invitation.pk]), ANALYSIS, times=TIMES))
    assert AgencyReport.objects.count() == 1

    held = {**pages.date_fields("held_on", CONFERENCE_DAY), f"decision_{liam.pk}": "plan",
            f"category_{liam.pk}": "neglect", f"decision_{mia.pk}": "plan", f"category_{mia.pk}": "emotional",
            **{f"attendance_{i.pk}": "attended" for i in Invitation.objects.all()}}
    with clock.travel_to(at(CONFERENCE_DAY, 17)):
        assert_answered(fire(social_worker, reverse("protection:record_held", args=[conference.pk]), held,
                             times=TIMES))
    assert Decision.objects.count() == 2 and LegalStatusEntry.objects.count() == 2 and Flag.objects.count() == 2

    minutes = {**pages.date_fields("received_on", CONFERENCE_DAY + datetime.timedelta(days=5)),
               "minutes": "Plan agreed by all agencies.", "plan": "Weekly visits by the health visitor."}
    with clock.travel_to(at(CONFERENCE_DAY + datetime.timedelta(days=5), 12)):
        assert_answered(fire(social_worker, reverse("protection:record_minutes", args=[conference.pk]), minutes,
                             times=TIMES))
    assert Minutes.objects.count() == 1
    assert Notification.objects.filter(cause=Notification.Cause.CONFERENCE_MINUTES, recipient=gp).count() == 1
