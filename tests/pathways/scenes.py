"""The people of the pathways tests: young people on CAMHS approaching 18, and referrals to
CAMHS, adult ADHD and paediatrics with their appointments, made directly through the ORM."""

import datetime
from zoneinfo import ZoneInfo

from tests.cast import practitioner
from tests.factories import PersonFactory
from thinkfamily.appointments.models import Appointment
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service

LONDON = ZoneInfo("Europe/London")
Role = Practitioner.Role
Status = Appointment.Status


def at(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def young_person(name: str, born: datetime.date, **fields):
    return PersonFactory(given_name=name, family_name="Young", date_of_birth=born, **fields)


def on_caseload(person, who: Practitioner, since=datetime.date(2025, 1, 6)):
    return CaseloadMembership.objects.create(person=person, practitioner=who, team=who.team, start_date=since)


def referred(person, service: Service, on: datetime.date, *, ended: datetime.date | None = None):
    """The service took the person on (an episode of care) from midnight of ``on``."""
    return EpisodeOfCare.objects.create(
        person=person, service=service, kind=EpisodeOfCare.Kind.CARE, start_at=at(on.year, on.month, on.day),
        end_at=at(ended.year, ended.month, ended.day) if ended else None, reason="Referral accepted",
    )


def appointment(person, service: Service, on: datetime.date, status=Status.ATTENDED, *, treatment=False,
                by: Practitioner):
    return Appointment.objects.create(
        person=person, service=service, kind=Appointment.Kind.TREATMENT if treatment else Appointment.Kind.CLINIC,
        status=status, starts_at=at(on.year, on.month, on.day, 10), starts_treatment=treatment, created_by=by,
    )


def adult_mh_worker():
    return practitioner("amh", Role.ADULT_MH_PRACTITIONER, "RW4", Service.Kind.ADULT_MENTAL_HEALTH,
                        team="South Sefton community mental health team", service_name="Adult community mental health")


def adhd_worker():
    return practitioner("adhd", Role.ADULT_MH_PRACTITIONER, "RW4", Service.Kind.ADULT_ADHD, team="Adult ADHD team")


def paediatrician():
    return practitioner("paeds", Role.PAEDIATRIC_LIAISON, "RVY", Service.Kind.PAEDIATRICS, team="Paediatric ward team")


def alder_hey_lead():
    """The safeguarding lead of Alder Hey, the trust of Sefton CAMHS (``camhs``): its
    population is everyone its services work with."""
    return practitioner("ahlead", Role.SAFEGUARDING_LEAD, "RBS", Service.Kind.SAFEGUARDING,
                        team="Alder Hey safeguarding team")
