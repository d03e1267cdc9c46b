"""The 'was not brought' rule (R7.1): two missed appointments in 12 months raise a follow-up
for the named practitioner; one is enough for a child on a child protection plan, a
looked-after child, or an unborn baby with concerns; and a plan starting after one miss
raises it then."""

import datetime

import pytest

from tests.appointments.scenes import at, child, midwife, miss, pregnancy
from tests.cast import on_a_child_protection_plan, put_on_caseload, works_with
from thinkfamily.appointments.models import FollowUp
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.req("R7.1")]


def open_follow_ups(person=None):
    rows = FollowUp.objects.open()
    return rows.filter(person=person) if person is not None else rows


def test_one_missed_appointment_raises_nothing(health_visitor):
    liam = child()
    miss(health_visitor, liam, at(2026, 3, 2))
    assert not open_follow_ups().exists()


def test_two_missed_in_twelve_months_raise_a_follow_up_for_the_named_practitioner(health_visitor):
    liam = child()
    miss(health_visitor, liam, at(2026, 3, 2))
    miss(health_visitor, liam, at(2026, 9, 7))
    follow_up = open_follow_ups(liam).get()
    assert follow_up.assigned_to == health_visitor
    assert follow_up.kind == FollowUp.Kind.WAS_NOT_BROUGHT
    assert "2 appointments" in follow_up.reason and "wnb.threshold" not in follow_up.reason
    assert follow_up.rule_in_force.startswith("wnb.threshold")
    assert follow_up.due_at > follow_up.raised_at
    assert Notification.objects.filter(recipient=health_visitor, cause="follow_up").count() == 0  # she raised it
    assert Event.objects.filter(person=liam, type="follow_up_raised").count() == 1


def test_two_missed_thirteen_months_apart_raise_nothing(health_visitor):
    liam = child()
    miss(health_visitor, liam, at(2025, 2, 3))
    miss(health_visitor, liam, at(2026, 3, 2))
    assert not open_follow_ups().exists()


def test_a_third_miss_meets_the_open_follow_up(health_visitor):
    liam = child()
    for when in (at(2026, 1, 5), at(2026, 2, 2), at(2026, 3, 2)):
        miss(health_visitor, liam, when)
    follow_up = open_follow_ups(liam).get()
    assert "3 appointments" in follow_up.reason


def test_one_miss_of_a_looked_after_child_raises_the_alert_and_tells_the_social_worker(
    health_visitor, social_worker, council
):
    liam = child()
    put_on_caseload(social_worker, liam)
    with clock.travel_to(at(2026, 1, 5)):
        record_legal_status(works_with(social_worker, liam), liam, status="looked_after", change="start",
                            effective_date=datetime.date(2026, 1, 5), responsible_authority=council)
    miss(health_visitor, liam, at(2026, 3, 2))
    follow_up = open_follow_ups(liam).get()
    assert "is looked after" in follow_up.reason
    told = Notification.objects.get(recipient=social_worker, cause="was_not_brought")
    assert str(follow_up.pk) in told.link


def test_one_miss_then_a_child_protection_plan_starts_raises_the_alert(health_visitor, social_worker, council):
    liam = child()
    miss(health_visitor, liam, at(2026, 3, 2))
    assert not open_follow_ups().exists()
    with clock.travel_to(at(2026, 4, 1)):
        record_legal_status(works_with(social_worker, liam), liam, status="child_protection_plan", change="start",
                            effective_date=datetime.date(2026, 4, 1), responsible_authority=council,
                            cp_category="neglect")
    follow_up = open_follow_ups(liam).get()
    assert follow_up.assigned_to == health_visitor
    assert "child protection plan" in follow_up.reason
    # The social worker who recorded the plan set it off; the health visitor is told.
    assert Notification.objects.filter(recipient=health_visitor, cause="follow_up").exists()


def test_a_plan_starting_after_a_miss_more_than_twelve_months_ago_raises_nothing(
    health_visitor, social_worker, council
):
    liam = child()
    miss(health_visitor, liam, at(2025, 1, 6))
    with clock.travel_to(at(2026, 4, 1)):
        record_legal_status(works_with(social_worker, liam), liam, status="child_protection_plan", change="start",
                            effective_date=datetime.date(2026, 4, 1), responsible_authority=council,
                            cp_category="neglect")
    assert not open_follow_ups().exists()


def test_one_missed_antenatal_appointment_for_an_unborn_baby_with_concerns_raises_the_alert(
    social_worker, council
):
    nurse = midwife()
    mother, unborn = pregnancy()
    put_on_caseload(social_worker, unborn)
    on_a_child_protection_plan(unborn, council, since=datetime.date(2026, 2, 1))
    miss(nurse, mother, at(2026, 3, 2), kind="antenatal", for_unborn=unborn)
    follow_up = open_follow_ups(mother).get()
    assert follow_up.assigned_to == nurse
    assert "antenatal" in follow_up.reason
    assert Event.objects.filter(person=unborn, type="was_not_brought_alert").exists()
    assert Event.objects.filter(person=unborn, type="appointment_missed").exists()
    assert Notification.objects.filter(recipient=social_worker, cause="was_not_brought").exists()


def test_one_missed_antenatal_appointment_without_concerns_raises_nothing():
    nurse = midwife()
    mother, unborn = pregnancy()
    miss(nurse, mother, at(2026, 3, 2), kind="antenatal", for_unborn=unborn)
    assert not open_follow_ups().exists()


def test_a_sixteen_year_old_who_did_not_attend_twice_raises_the_alert(camhs):
    jade = child(given_name="Jade", date_of_birth=datetime.date(2009, 6, 1))
    miss(camhs, jade, at(2026, 3, 2), outcome="did_not_attend")
    miss(camhs, jade, at(2026, 4, 6), outcome="did_not_attend")
    assert open_follow_ups(jade).get().assigned_to == camhs


def test_an_adult_who_did_not_attend_raises_no_was_not_brought_alert(family, gp):
    sarah = family["sarah"]
    miss(gp, sarah, at(2026, 3, 2))
    miss(gp, sarah, at(2026, 4, 6))
    assert not open_follow_ups().filter(kind=FollowUp.Kind.WAS_NOT_BROUGHT).exists()


def test_once_the_follow_up_is_recorded_the_count_starts_again(health_visitor):
    from thinkfamily.appointments.services.follow_ups import record_follow_up
    from thinkfamily.core.audit import Auditor

    liam = child()
    miss(health_visitor, liam, at(2026, 3, 2))
    miss(health_visitor, liam, at(2026, 3, 9))
    with clock.travel_to(at(2026, 3, 10)):
        record_follow_up(Auditor(actor=health_visitor), open_follow_ups(liam).get(), action="rebooked")
    miss(health_visitor, liam, at(2026, 3, 16))
    assert not open_follow_ups(liam).exists()
    miss(health_visitor, liam, at(2026, 3, 23))
    assert "2 appointments" in open_follow_ups(liam).get().reason
