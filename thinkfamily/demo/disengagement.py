"""An adult who disengages while children are known (R7.2), for the demo's substance misuse
worker (``sm.demo``, Sean Byrne of Ambition Sefton): Dean Walsh, who lives with his
step-son Liam Roberts (7, on a child protection plan) and his daughter Mia Walsh (4), comes to
Ambition Sefton about his drinking in June 2026, attends in September and then misses his
appointments of 6 and 20 October 2026. Liam's plan means one missed appointment is enough
(the 'was not brought' rule's lower threshold): the first miss raises the disengagement
follow-up for Sean, Liam's and Mia's chronologies say so, and their school nurse, health
visitor and GP are told; the second meets the open follow-up. Nobody has recorded what was
done, so on ``make run`` it is overdue on Sean's home page.

Played through the real services (``caseloads.services``, ``appointments.services.booking``,
which calls ``appointments.services.disengagement``) with the clock moved to fixed moments
before the demo's anchor date (1 November 2026), so the same rows come out on every seed and
size. ``delete_disengagement`` removes them (before the people; the audit trail keeps its
events)."""

import datetime
import zoneinfo

from django.db.models import Q

from thinkfamily.appointments.models import Appointment, AppointmentStatus, FollowUp
from thinkfamily.appointments.services import booking
from thinkfamily.caseloads import services as caseloads
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.demo.area import AMBITION_TEAM
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.people.models import Person

LONDON = zoneinfo.ZoneInfo("Europe/London")
WORKER = "sm.demo"


def _at(month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=LONDON)


def _appointment(worker: Auditor, dean: Person, booked_on, starts_at, outcome) -> Appointment:
    with clock.travel_to(booked_on):
        appointment = booking.book_appointment(worker, dean, kind=Appointment.Kind.TREATMENT, starts_at=starts_at)
    with clock.travel_to(starts_at + datetime.timedelta(hours=3)):
        return booking.record_outcome(worker, appointment, outcome=outcome)


def add_disengagement(area) -> dict:
    """Play Dean's story; returns how many appointments and disengagement follow-ups there are."""
    worker = Auditor(area.practitioners[WORKER])
    dean = Person.objects.get(pk=FEATURED_IDS["Dean Walsh"])
    with clock.travel_to(_at(6, 2)):
        caseloads.add_to_caseload(worker, dean, team=area.teams[AMBITION_TEAM], practitioner=worker.actor,
                                  start_date=datetime.date(2026, 6, 2),
                                  reason="Self-referral: drinking most days since losing his job")
    attended, did_not_attend = Appointment.Status.ATTENDED, Appointment.Status.DID_NOT_ATTEND
    _appointment(worker, dean, _at(6, 2, 11), _at(9, 8), attended)
    _appointment(worker, dean, _at(9, 8, 12), _at(10, 6), did_not_attend)
    _appointment(worker, dean, _at(10, 7), _at(10, 20, 14), did_not_attend)
    return {
        "Appointment (disengagement story)": Appointment.objects.filter(person=dean).count(),
        "FollowUp (disengagement)": FollowUp.objects.filter(kind=FollowUp.Kind.DISENGAGEMENT).count(),
    }


def delete_disengagement() -> None:
    """Remove the story's follow-ups and appointments (tests re-seed in one database)."""
    dean = FEATURED_IDS["Dean Walsh"]
    FollowUp.objects.filter(Q(kind=FollowUp.Kind.DISENGAGEMENT) | Q(person_id=dean)).delete()
    AppointmentStatus.objects.filter(appointment__person_id=dean).delete()
    Appointment.objects.filter(person_id=dean).delete()
