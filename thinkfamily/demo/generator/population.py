"""Making the demo population and removing it: ``generate`` builds the people in memory
(``builder``), writes them with the flags and chronology their statuses and moves imply, then
adds the looked-after children's health, the referrals and the featured children's stories."""

from django.db import transaction
from django.db.models import Max
from tqdm import tqdm

from thinkfamily.chronology.models import Event
from thinkfamily.demo.appointments import add_demo_appointments, delete_demo_appointments
from thinkfamily.demo.attendances import add_demo_attendances, delete_demo_attendances
from thinkfamily.demo.concerns import add_demo_concerns, delete_demo_concerns
from thinkfamily.demo.disengagement import add_disengagement, delete_disengagement
from thinkfamily.demo.generator import writing
from thinkfamily.demo.generator.builder import Builder
from thinkfamily.demo.generator.chronology import flags_and_chronology
from thinkfamily.demo.generator.households import memberships
from thinkfamily.demo.lac_health import add_lac_health, delete_lac_health
from thinkfamily.demo.lac_stories import add_lac_stories, delete_lac_stories
from thinkfamily.demo.pathways import add_pathways, delete_pathways
from thinkfamily.demo.referrals import add_demo_referrals
from thinkfamily.flags.models import Flag
from thinkfamily.organisations.models import CaseloadMembership
from thinkfamily.people.models import (
    GPRegistration,
    Household,
    HouseholdMembership,
    LegalStatusEntry,
    ParentalResponsibility,
    Person,
    Relationship,
    SchoolEnrolment,
)
from thinkfamily.referrals.models import (
    Concern,
    DischargeOverride,
    InformationRequest,
    InformationResponse,
    Referral,
    ReferralStatus,
)


def generate(area, *, children: int, seed: int, progress: bool = False) -> dict:
    """Build and write the population; returns the number of rows written per model."""
    builder = Builder(area, children, seed)
    builder.build(progress=progress)
    written = save(builder, progress=progress)
    written |= add_lac_health(builder)  # looked-after children's health (demo/lac_health.py)
    written |= add_demo_referrals(area)
    written |= add_pathways(area)  # CAMHS transitions and waiting times (demo/pathways.py)
    written |= add_demo_concerns(area)  # concerns in case notes awaiting a decision (demo/concerns.py)
    written |= add_demo_appointments(area)  # appointments and a 'was not brought' alert (demo/appointments.py)
    written |= add_disengagement(area)  # an adult with children who stopped attending (demo/disengagement.py)
    written |= add_demo_attendances(area)  # adult ED attendances, routine enquiry (demo/attendances.py)
    return written | add_lac_stories(area)  # health plan, passport and more for the featured (demo/lac_stories.py)


def save(b, progress=False) -> dict:
    """Write everything in one transaction. Household and legal status ids are assigned here, so
    memberships and flags can name them."""
    with transaction.atomic():
        first = (Household.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        for number, household in enumerate(b.households, start=first):
            household.id = number
        first_status = (LegalStatusEntry.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        statuses = [(number, *row) for number, row in enumerate(b.statuses, start=first_status)]
        flags, events = flags_and_chronology(b, statuses)
        tables = [
            (Household, writing.HOUSEHOLD_COLUMNS, [tuple(getattr(h, c) for c in writing.HOUSEHOLD_COLUMNS)
                                                    for h in b.households]),
            (Person, writing.PERSON_COLUMNS, [tuple(getattr(p, c) for c in writing.PERSON_COLUMNS)
                                              for p in b.people]),
            (HouseholdMembership, writing.MEMBERSHIP_COLUMNS, memberships(b)),
            (Relationship, writing.RELATIONSHIP_COLUMNS, b.relationships),
            (ParentalResponsibility, writing.RESPONSIBILITY_COLUMNS, b.responsibility),
            (LegalStatusEntry, writing.STATUS_COLUMNS, statuses),
            (SchoolEnrolment, writing.ENROLMENT_COLUMNS, b.enrolments),
            (GPRegistration, writing.REGISTRATION_COLUMNS, b.registrations),
            (CaseloadMembership, writing.CASELOAD_COLUMNS, b.caseload),
            (Flag, writing.FLAG_COLUMNS, flags),
            (Event, writing.EVENT_COLUMNS, events),
        ]
        total = sum(len(rows) for _, _, rows in tables)
        with tqdm(total=total, desc="Saving", unit="rows", disable=not progress) as bar:
            for model, columns, rows in tables:
                bar.set_postfix_str(model.__name__)
                writing.write_rows(model, columns, rows, bar)
        writing.reset_sequences([Household, LegalStatusEntry])
    return {model.__name__: len(rows) for model, _, rows in tables}


def delete_people() -> None:
    """Remove every person and everything about them (used by tests to re-seed in one database)."""
    delete_disengagement()
    delete_pathways()
    delete_lac_stories()
    delete_lac_health()
    delete_demo_attendances()
    delete_demo_appointments()
    delete_demo_concerns()
    for model in (InformationResponse, InformationRequest, DischargeOverride, ReferralStatus, Referral, Concern):
        model.objects.all().delete()
    for model in (Event, Flag, CaseloadMembership, GPRegistration, SchoolEnrolment, LegalStatusEntry,
                  ParentalResponsibility, HouseholdMembership, Relationship):
        model.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()
