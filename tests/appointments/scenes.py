"""The shapes the appointments tests work over: a child with their health visitor, a
pregnant woman with her midwife and the unborn baby, a 16-17-year-old, an adult; and the
clock helpers that put appointments in the past."""

import datetime
import zoneinfo

from tests.cast import practitioner, put_on_caseload, works_with
from tests.factories import PersonFactory, relate
from thinkfamily.appointments.services import booking
from thinkfamily.core import clock
from thinkfamily.organisations.models import Practitioner, Service

Role = Practitioner.Role
LONDON = zoneinfo.ZoneInfo("Europe/London")
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def midwife():
    return practitioner("midwife", Role.MIDWIFE, "RVY", Service.Kind.MATERNITY, team="Southport community midwives",
                        service_name="Maternity", first_name="Mary", last_name="Midwife")


def pregnancy():
    """Kerry (24), pregnant, and her unborn baby."""
    mother = PersonFactory(kind="adult", given_name="Kerry", family_name="Lowe", sex="female",
                           date_of_birth=datetime.date(2002, 2, 11))
    unborn = PersonFactory(kind="unborn", given_name="", family_name="Lowe", date_of_birth=None,
                           expected_delivery_date=datetime.date(2026, 9, 1))
    relate(unborn, mother, "mother")
    return mother, unborn


def miss(practitioner_, person, when, *, kind="clinic", for_unborn=None, outcome=None):
    """Book an appointment for ``when`` and, on the day, record it missed."""
    auditor = works_with(practitioner_, person)
    with clock.travel_to(when - datetime.timedelta(days=7)):
        appointment = booking.book_appointment(auditor, person, kind=kind, starts_at=when, for_unborn=for_unborn)
    if outcome is None:
        outcome = "did_not_attend" if person.kind == "adult" and for_unborn is None else "was_not_brought"
    with clock.travel_to(when + datetime.timedelta(hours=2)):
        return booking.record_outcome(auditor, appointment, outcome=outcome)


def child(**fields):
    return PersonFactory(**{"given_name": "Liam", "family_name": "Roberts",
                            "date_of_birth": datetime.date(2021, 3, 14)} | fields)


def on_caseload(practitioner_, *people):
    put_on_caseload(practitioner_, *people)
