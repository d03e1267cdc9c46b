"""Appointments for the featured families, so that the record's Appointments section, the
home pages' follow-ups and the managers' lists have something to show (issue 14, R7.1).

Played through the real services (``appointments.services.booking``) as the demo
practitioners, with the clock moved to fixed moments in October and November 2026, so the
status rows, chronology, audit events, follow-ups and notifications are what the application
writes.

- Chloe Bennett (19, pregnant; her unborn baby has a child protection plan): the specialist
  midwife books her antenatal appointments for the baby; the first is attended, the next two
  are missed. One missed is enough for an unborn baby with a plan: the 'was not brought'
  alert is raised for the midwife and the baby's social care told; the second miss meets the
  open follow-up. Her next appointment is booked for January.
- Mia Walsh (4): her health visitor's review is missed once (no alert on its own) and a home
  visit planned for the end of November was never made: overdue.
- Liam Roberts (7): seen by his school nurse; not brought to two CAMHS sessions in November,
  which raises the alert for his CAMHS practitioner."""

import datetime
import zoneinfo

from django.db import transaction

from thinkfamily.appointments.models import Appointment, AppointmentStatus, FollowUp
from thinkfamily.appointments.services import booking
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.people.models import Person

LONDON = zoneinfo.ZoneInfo("Europe/London")
Status = Appointment.Status


def _at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


class _Diary:
    def __init__(self, area):
        self.people = {p.pk: p for p in Person.objects.filter(pk__in=FEATURED_IDS.values())}
        self.who = area.practitioners

    def person(self, name) -> Person:
        return self.people[FEATURED_IDS[name]]

    def book(self, username, person, kind, starts_at, *, booked_at, **fields) -> Appointment:
        with clock.travel_to(booked_at):
            return booking.book_appointment(Auditor(self.who[username]), person, kind=kind, starts_at=starts_at,
                                            **fields)

    def record(self, username, appointment, outcome, *, reason="") -> Appointment:
        with clock.travel_to(appointment.starts_at + datetime.timedelta(hours=3)):
            return booking.record_outcome(Auditor(self.who[username]), appointment, outcome=outcome, reason=reason)


def _chloe(diary: _Diary) -> None:
    chloe, unborn = diary.person("Chloe Bennett"), diary.person("Unborn baby Bennett")
    antenatal = {"for_unborn": unborn}
    first = diary.book("midwife.demo", chloe, "antenatal", _at(2026, 10, 7), booked_at=_at(2026, 9, 23), **antenatal)
    diary.record("midwife.demo", first, Status.ATTENDED)
    second = diary.book("midwife.demo", chloe, "antenatal", _at(2026, 11, 4, 14), booked_at=_at(2026, 10, 7, 11),
                        **antenatal)
    third = diary.book("midwife.demo", chloe, "antenatal", _at(2026, 11, 18, 14), booked_at=_at(2026, 10, 7, 11, 5),
                       **antenatal)
    diary.record("midwife.demo", second, Status.WAS_NOT_BROUGHT, reason="No answer at home; phone switched off.")
    diary.record("midwife.demo", third, Status.WAS_NOT_BROUGHT, reason="Chloe texted that she could not get a lift.")
    diary.book("midwife.demo", chloe, "antenatal", _at(2027, 1, 13, 14), booked_at=_at(2026, 11, 19), **antenatal)


def _mia(diary: _Diary) -> None:
    mia = diary.person("Mia Walsh")
    review = diary.book("hv.demo", mia, "development_review", _at(2026, 11, 10), booked_at=_at(2026, 10, 20))
    diary.record("hv.demo", review, Status.WAS_NOT_BROUGHT)
    with clock.travel_to(_at(2026, 11, 11)):
        booking.plan_contact(Auditor(diary.who["hv.demo"]), mia, kind="home_visit", due_by=datetime.date(2026, 11, 27))


def _liam(diary: _Diary) -> None:
    liam = diary.person("Liam Roberts")
    clinic = diary.book("sn.demo", liam, "clinic", _at(2026, 10, 14, 11), booked_at=_at(2026, 10, 1))
    diary.record("sn.demo", clinic, Status.ATTENDED)
    for day in (5, 19):
        session = diary.book("camhs.demo", liam, "treatment", _at(2026, 11, day, 16), booked_at=_at(2026, 10, 29))
        diary.record("camhs.demo", session, Status.WAS_NOT_BROUGHT)


@transaction.atomic
def add_demo_appointments(area) -> dict:
    """Play the diaries; returns how many rows of each kind they wrote."""
    diary = _Diary(area)
    for play in (_chloe, _mia, _liam):
        play(diary)
    return {
        "Appointment": Appointment.objects.count(),
        "AppointmentStatus": AppointmentStatus.objects.count(),
        "FollowUp": FollowUp.objects.count(),
    }


def delete_demo_appointments() -> None:
    """Remove them (tests re-seed in one database); after the health assessments' steps,
    which name their appointments."""
    for model in (FollowUp, AppointmentStatus, Appointment):
        model.objects.all().delete()
