"""The conference's decision drives the legal status through the services that record a status
today (R5.1, R2.1; ADR 0013): a plan with its category starts each child's child protection plan,
so the flag is raised, the GP, health visitor and others are told, the chronology shows the
conference and its decision, and an ED nurse's lookup shows the plan. Only the council's
children's social care records a strategy discussion or a conference: a health practitioner is
refused (403) and nothing is written."""

import datetime

import pytest
from django.urls import reverse

from tests import pages
from tests.appointments.scenes import pregnancy
from tests.flags.scenes import LOOKUP
from tests.protection.conftest import CONFERENCE_DAY, DISCUSSED
from tests.protection.scenes import at, discussion, hold, initial_conference, review
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.flags.models import Flag
from thinkfamily.notifications.models import Notification
from thinkfamily.people.models import LegalStatus, LegalStatusEntry
from thinkfamily.protection.models import Conference, Decision, Invitation, StrategyDiscussion

pytestmark = pytest.mark.django_db


@pytest.mark.req("R5.1")
def test_a_plan_decided_at_the_conference_starts_each_childs_legal_status_with_its_flag_and_notifications(
    client, conference, known, social_worker, gp, health_visitor, ed_nurse
):
    liam, mia = known["liam"], known["mia"]
    held = hold(social_worker, conference, CONFERENCE_DAY, {liam.pk: ("plan", "physical"), mia.pk: ("no_plan", "")})

    entry = LegalStatusEntry.objects.get(person=liam)
    assert (entry.status, entry.change, entry.cp_category) == (LegalStatus.CHILD_PROTECTION_PLAN, "start", "physical")
    assert entry.effective_date == CONFERENCE_DAY and entry.responsible_authority == held.council
    assert Decision.objects.get(child=liam).legal_status_entry == entry
    assert not LegalStatusEntry.objects.filter(person=mia).exists()
    flag = Flag.objects.get(person=liam)
    assert flag.type.code == "cp_plan" and flag.legal_status_entry == entry and flag.end_date is None
    assert not Flag.objects.filter(person=mia).exists()
    told = Notification.objects.filter(cause=Notification.Cause.CHILD_PROTECTION_PLAN, subject_person=liam)
    assert {gp, health_visitor} <= {n.recipient for n in told}
    lines = {(e.person_id, e.type): e.summary for e in Event.objects.filter(person__in=[liam, mia])}
    assert "Decision: child protection plan (physical abuse)" in lines[(liam.pk, "conference_held")]
    assert "Decision: no child protection plan" in lines[(mia.pk, "conference_held")]
    assert (liam.pk, "legal_status_started") in lines and (mia.pk, "conference_arranged") in lines
    assert set(Invitation.objects.values_list("attendance", flat=True)) == {"attended"}

    # The flag shows where it matters: at an ED nurse's lookup of Liam.
    client.force_login(ed_nurse)
    with clock.travel_to(at(CONFERENCE_DAY + datetime.timedelta(days=3))):
        page = client.post(LOOKUP, {"nhs_number": liam.nhs_number})
    assert "Child protection plan" in pages.text(page) and "Physical abuse" in pages.text(page)


@pytest.mark.req("R5.1")
def test_the_same_decision_sent_twice_is_recorded_once(client, conference, known, social_worker):
    liam, mia = known["liam"], known["mia"]
    form = {**pages.date_fields("held_on", CONFERENCE_DAY), f"decision_{liam.pk}": "plan",
            f"category_{liam.pk}": "neglect", f"decision_{mia.pk}": "plan", f"category_{mia.pk}": "neglect",
            **{f"attendance_{i.pk}": "apologies" for i in conference.invitations.all()}}
    client.force_login(social_worker)
    url = reverse("protection:record_held", args=[conference.pk])
    with clock.travel_to(at(CONFERENCE_DAY, 17)):
        first = client.post(url, form)
        second = client.post(url, form)
    assert first.status_code == second.status_code == 302
    assert LegalStatusEntry.objects.filter(status=LegalStatus.CHILD_PROTECTION_PLAN).count() == 2
    assert Decision.objects.count() == 2 and Flag.objects.count() == 2
    assert "already recorded as held" in pages.text(client.get(second.url, follow=True))
    assert set(Invitation.objects.values_list("attendance", flat=True)) == {"apologies"}


@pytest.mark.req("R5.1")
def test_a_health_practitioner_is_refused_recording_a_strategy_discussion_or_a_conference(
    client, conference, known, gp, health_visitor
):
    liam = known["liam"]
    before = (StrategyDiscussion.objects.count(), Conference.objects.count(), LegalStatusEntry.objects.count())
    for practitioner in (gp, health_visitor):
        client.force_login(practitioner)
        with clock.travel_to(at(CONFERENCE_DAY, 17)):
            discussion_page = client.post(
                reverse("protection:record_strategy_discussion", args=[liam.pk]),
                {**pages.date_fields("held_on", DISCUSSED), "section_47": "yes", "summary": "Bruising."})
            held_page = client.post(
                reverse("protection:record_held", args=[conference.pk]),
                {**pages.date_fields("held_on", CONFERENCE_DAY), f"decision_{liam.pk}": "plan",
                 f"category_{liam.pk}": "neglect"})
            arrange_page = client.get(reverse("protection:arrange_initial", args=[conference.strategy_discussion_id]))
        assert discussion_page.status_code == held_page.status_code == arrange_page.status_code == 403
        assert "recorded by the council's children's social care" in pages.text(discussion_page)
        assert "recorded by the children's social care of the council that holds them" in pages.text(held_page)
    assert (StrategyDiscussion.objects.count(), Conference.objects.count(),
            LegalStatusEntry.objects.count()) == before
    assert Conference.objects.get().status == Conference.Status.ARRANGED


@pytest.mark.req("R5.1")
def test_a_review_that_ends_the_plan_ends_the_legal_status_and_its_flag(conference, known, social_worker):
    liam, mia = known["liam"], known["mia"]
    initial = hold(social_worker, conference, CONFERENCE_DAY, {liam.pk: ("plan", "neglect"),
                                                              mia.pk: ("plan", "neglect")})
    review(social_worker, initial, datetime.date(2026, 6, 8), outcome="ends")

    for child in (liam, mia):
        ended = LegalStatusEntry.objects.get(person=child, change="end")
        assert ended.status == LegalStatus.CHILD_PROTECTION_PLAN and ended.effective_date == datetime.date(2026, 6, 8)
        assert Flag.objects.get(person=child).end_date == datetime.date(2026, 6, 8)
        assert "Decision: the child protection plan ends" in Event.objects.filter(
            person=child, type="conference_held").latest("occurred_at").summary


@pytest.mark.req("R5.1")
def test_an_unborn_babys_conference_starts_the_unborn_child_protection_plan(social_worker):
    mother, unborn = pregnancy()
    strategy = discussion(social_worker, unborn, DISCUSSED, summary="Mother's partner has convictions for violence.")
    conference = initial_conference(social_worker, strategy, CONFERENCE_DAY)
    hold(social_worker, conference, CONFERENCE_DAY, {unborn.pk: ("plan", "emotional")})

    assert LegalStatusEntry.objects.get(person=unborn).status == LegalStatus.CHILD_PROTECTION_PLAN
    assert Flag.objects.get(person=unborn).type.code == "unborn_cp_plan"
    assert not Flag.objects.filter(person=mother).exists()
