"""Booking and recording appointments (R7.1): any person, any service; each change one
status row under a lock; a second submission writes nothing; refused roles and bad input
are told why and nothing is written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.appointments.scenes import at, child, midwife, pregnancy
from tests.cast import practitioner_as, put_on_caseload, works_with
from tests.pages import date_fields, text
from thinkfamily.access.permissions import NotPermitted
from thinkfamily.appointments.models import Appointment, AppointmentStatus
from thinkfamily.appointments.services import booking
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.organisations.models import Practitioner

pytestmark = [pytest.mark.django_db, pytest.mark.req("R7.1")]
Status = Appointment.Status


NEXT_MONDAY = at(2026, 3, 9)


def book(who, person, when=NEXT_MONDAY, **kwargs):
    with clock.travel_to(at(2026, 3, 2)):
        return booking.book_appointment(works_with(who, person), person, kind="clinic", starts_at=when, **kwargs)


def test_the_same_outcome_sent_twice_writes_once(health_visitor):
    liam = child()
    appointment = book(health_visitor, liam)
    auditor = Auditor(actor=health_visitor)
    with clock.travel_to(at(2026, 3, 9, 12)):
        booking.record_outcome(auditor, appointment, outcome=Status.ATTENDED)
        with pytest.raises(AlreadyRecorded):
            booking.record_outcome(auditor, appointment, outcome=Status.ATTENDED)
    assert AppointmentStatus.objects.filter(appointment=appointment).count() == 2  # booked, attended
    assert Event.objects.filter(person=liam, type="appointment_attended").count() == 1


def test_the_same_booking_sent_twice_writes_once(health_visitor):
    liam = child()
    first = book(health_visitor, liam)
    with pytest.raises(AlreadyRecorded) as already:
        book(health_visitor, liam)
    assert already.value.existing == first
    assert Appointment.objects.filter(person=liam).count() == 1


def test_an_outcome_on_a_closed_appointment_is_refused_and_writes_nothing(health_visitor):
    liam = child()
    appointment = book(health_visitor, liam)
    auditor = Auditor(actor=health_visitor)
    with clock.travel_to(at(2026, 3, 9, 12)):
        booking.record_outcome(auditor, appointment, outcome=Status.ATTENDED)
        with pytest.raises(ValidationError, match="already attended: it cannot now be was not brought"):
            booking.record_outcome(auditor, appointment, outcome=Status.WAS_NOT_BROUGHT)
    appointment.refresh_from_db()
    assert appointment.status == Status.ATTENDED and appointment.statuses.count() == 2


@pytest.mark.parametrize("when, words", [
    (at(2019, 3, 9), "cannot be more than 12 months ago"),
    (at(2029, 3, 9), "cannot be more than 18 months ahead"),
])
def test_a_date_in_the_impossible_past_or_future_is_refused(health_visitor, when, words):
    liam = child()
    with pytest.raises(ValidationError, match=words):
        book(health_visitor, liam, when=when)
    assert not Appointment.objects.exists()


def test_missed_cannot_be_recorded_before_the_day_and_an_adult_is_not_not_brought(gp, family):
    sarah = family["sarah"]
    appointment = book(gp, sarah)
    auditor = Auditor(actor=gp)
    with clock.travel_to(at(2026, 3, 5)), pytest.raises(ValidationError, match="can be recorded from that day"):
        booking.record_outcome(auditor, appointment, outcome=Status.DID_NOT_ATTEND)
    with clock.travel_to(at(2026, 3, 9, 12)), pytest.raises(ValidationError, match="record that they did not"):
        booking.record_outcome(auditor, appointment, outcome=Status.WAS_NOT_BROUGHT)
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


def test_an_adults_missed_appointment_goes_to_the_disengagement_hook(gp, family, monkeypatch):
    from thinkfamily.appointments.services import disengagement

    seen = []
    monkeypatch.setattr(disengagement, "after_missed", lambda appointment, recorded_by: seen.append(appointment))
    appointment = book(gp, family["sarah"])
    with clock.travel_to(at(2026, 3, 9, 12)):
        booking.record_outcome(Auditor(actor=gp), appointment, outcome=Status.DID_NOT_ATTEND)
    assert seen == [appointment]


def test_rescheduling_points_the_old_appointment_to_the_new_one(health_visitor):
    liam = child()
    old = book(health_visitor, liam)
    with clock.travel_to(at(2026, 3, 3)):
        new = booking.reschedule(Auditor(actor=health_visitor), old, starts_at=at(2026, 3, 16), reason="Clinic closed")
        with pytest.raises(AlreadyRecorded):
            booking.reschedule(Auditor(actor=health_visitor), old, starts_at=at(2026, 3, 16))
    old.refresh_from_db()
    assert old.status == Status.RESCHEDULED and old.rescheduled_to == new and new.status == Status.BOOKED
    assert Appointment.objects.filter(person=liam).count() == 2


def test_a_planned_contact_never_held_is_overdue_on_the_record_and_the_home_page(client, health_visitor):
    liam = child(date_of_birth=datetime.date(2026, 2, 20))
    with clock.travel_to(at(2026, 2, 25)):
        booking.plan_contact(works_with(health_visitor, liam), liam, kind="new_birth_visit",
                             due_by=datetime.date(2026, 3, 6))
    client.force_login(health_visitor)
    with clock.travel_to(at(2026, 3, 5)):
        record = text(client.get(reverse("people:record", args=[liam.pk])))
        assert "Overdue" not in record and "Due by 6 March 2026" in record
    with clock.travel_to(at(2026, 3, 9)):
        record = text(client.get(reverse("people:record", args=[liam.pk])))
        home = client.get("/")
    assert "Overdue: not held" in record
    assert "New birth visit" in text(home) and reverse("people:record", args=[liam.pk]) in home.content.decode()


@pytest.mark.parametrize("role", [Practitioner.Role.SOCIAL_WORKER, Practitioner.Role.COMMISSIONER])
def test_roles_that_do_not_book_health_appointments_are_refused(role):
    liam = child()
    other = practitioner_as(role)
    with pytest.raises(NotPermitted):
        booking.book_appointment(Auditor(actor=other), liam, kind="clinic", starts_at=at(2026, 3, 9))
    assert not Appointment.objects.exists()


def test_a_health_practitioner_without_a_writing_basis_is_refused(health_visitor, camhs):
    liam = child()
    put_on_caseload(health_visitor, liam)
    with clock.travel_to(at(2026, 3, 2)), pytest.raises(NotPermitted):
        booking.book_appointment(Auditor(actor=camhs), liam, kind="clinic", starts_at=at(2026, 3, 9))


def test_only_the_appointments_service_records_its_outcome(health_visitor, camhs):
    liam = child()
    appointment = book(health_visitor, liam)
    works_with(camhs, liam)
    with clock.travel_to(at(2026, 3, 9, 12)), pytest.raises(NotPermitted, match="Only the staff of the service"):
        booking.record_outcome(Auditor(actor=camhs), appointment, outcome=Status.ATTENDED)
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


def test_a_midwife_books_an_antenatal_appointment_for_the_unborn_baby_on_the_page(client):
    nurse = midwife()
    mother, unborn = pregnancy()
    put_on_caseload(nurse, mother)
    client.force_login(nurse)
    with clock.travel_to(at(2026, 3, 2)):
        url = reverse("appointments:book", args=[mother.pk])
        refused = client.post(url, {"kind": "antenatal", **date_fields("day", datetime.date(2031, 3, 9)),
                                    "time": "25:00", "for_unborn": str(unborn.pk)})
        assert "Enter the time as hours and minutes" in text(refused)
        assert not Appointment.objects.exists()
        client.post(url, {"kind": "antenatal", **date_fields("day", datetime.date(2026, 3, 9)), "time": "10:30",
                          "for_unborn": str(unborn.pk)})
        record = text(client.get(reverse("people:record", args=[mother.pk])))
    appointment = Appointment.objects.get()
    assert appointment.for_unborn == unborn and appointment.practitioner == nurse
    assert "Antenatal appointment (for Unborn baby Lowe)" in record


def test_an_antenatal_appointment_is_for_the_womans_own_pregnancy():
    _, unborn = pregnancy()
    other_woman, _ = pregnancy()
    midwife_ = midwife()
    with clock.travel_to(at(2026, 3, 2)), pytest.raises(ValidationError, match="not recorded as"):
        booking.book_appointment(works_with(midwife_, other_woman), other_woman, kind="antenatal",
                                 starts_at=at(2026, 3, 9), for_unborn=unborn)
    assert not Appointment.objects.exists()
