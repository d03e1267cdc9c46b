"""One current row is a database constraint, not a check before an insert (issue 11, defect 4;
thinkfamily/core/concurrency.py): the database itself refuses a second current flag of a type,
relationship, school, GP practice, grant of parental responsibility, household, caseload place,
open assessment of a kind, SDQ score and immunisation, on SQLite and PostgreSQL; a row that has
ended does not stand in the way of the next. Every dated model about a person either has such
a constraint or says here why several may be current, so the next one cannot be forgotten."""

import datetime

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ForeignKey, UniqueConstraint

from tests.factories import HouseholdFactory, OrganisationFactory, PersonFactory, PractitionerFactory
from thinkfamily.flags.models import Flag, FlagType
from thinkfamily.lac.models import HealthAssessment, Immunisation, SDQScore
from thinkfamily.organisations.models import CaseloadMembership, Organisation
from thinkfamily.people.models import (
    GPRegistration,
    HouseholdMembership,
    ParentalResponsibility,
    Person,
    Relationship,
    SchoolEnrolment,
)

DAY = datetime.date(2025, 9, 2)
LATER = datetime.date(2026, 1, 5)


@pytest.fixture
def people(db):
    child = PersonFactory(given_name="Jade", family_name="Taylor", date_of_birth=datetime.date(2012, 5, 1))
    mother = PersonFactory(kind="adult", given_name="Kim", family_name="Tay", date_of_birth=datetime.date(1990, 1, 9))
    other = PersonFactory(kind="adult", given_name="Lou", family_name="Ray", date_of_birth=datetime.date(1991, 1, 9))
    council = OrganisationFactory(code="SEFTON", name="Sefton Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    school = OrganisationFactory(code="SCH1", name="Waterloo Primary School", kind=Organisation.Kind.SCHOOL)
    school2 = OrganisationFactory(code="SCH2", name="Litherland High School", kind=Organisation.Kind.SCHOOL)
    practice = OrganisationFactory(code="N82001", name="Crosby Village Surgery", kind=Organisation.Kind.GP_PRACTICE)
    nurse = PractitionerFactory(username="cic")
    return {"child": child, "mother": mother, "other": other, "council": council, "school": school,
            "school2": school2, "practice": practice, "nurse": nurse}


def _flag(p, **kw):
    return Flag.objects.create(person=p["child"], type=FlagType.objects.get(code="marac"), start_date=DAY,
                               raised_by_organisation=p["council"], **kw)


def _assessment(p, **kw):
    return HealthAssessment.objects.create(child=p["child"], kind="iha", entered_care_on=DAY, due_on=LATER,
                                           due_rule="20 working days", **kw)


def _sdq(p, **kw):
    return SDQScore.objects.create(child=p["child"], completed_on=DAY, informant="carer", total_difficulties=12,
                                   band="Average", scheme={}, scheme_rule="local", recorded_by=p["nurse"], **kw)


# (what, make the first row ended or not, make a second row): the second is refused while the first is current.
CASES = {
    "flag of a type": lambda p, **kw: _flag(p, **kw),
    "relationship of a type": lambda p, **kw: Relationship.objects.create(
        person=p["child"], relative=p["other"], type="carer", start_date=DAY, **kw),
    "school": lambda p, **kw: SchoolEnrolment.objects.create(
        person=p["child"], school=p["school"] if not kw else p["school2"], start_date=DAY, **kw),
    "GP practice": lambda p, **kw: GPRegistration.objects.create(
        person=p["child"], practice=p["practice"], start_date=DAY, **kw),
    "parental responsibility of a person": lambda p, **kw: ParentalResponsibility.objects.create(
        child=p["child"], holder=p["mother"], basis="birth_mother", start_date=DAY, **kw),
    "parental responsibility of a council": lambda p, **kw: ParentalResponsibility.objects.create(
        child=p["child"], holder_organisation=p["council"], basis="care_order", start_date=DAY, **kw),
    "household": lambda p, **kw: HouseholdMembership.objects.create(
        person=p["child"], household=HouseholdFactory(), start_date=DAY, **kw),
    "caseload place of a practitioner": lambda p, **kw: CaseloadMembership.objects.create(
        person=p["child"], practitioner=p["nurse"], team=p["nurse"].team, start_date=DAY, **kw),
    "caseload place of a team": lambda p, **kw: CaseloadMembership.objects.create(
        person=p["child"], team=p["nurse"].team, start_date=DAY, **kw),
}
ENDED = {"end_date": LATER}


@pytest.mark.parametrize("what", CASES)
def test_the_database_refuses_a_second_current_row(people, what):
    make = CASES[what]
    make(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        make(people)


@pytest.mark.parametrize("what", CASES)
def test_a_row_that_has_ended_does_not_stand_in_the_way_of_the_next(people, what):
    make = CASES[what]
    make(people, **ENDED)
    current = make(people)
    assert current.end_date is None


def test_the_database_refuses_a_second_birth_mother_even_after_the_first_ended(people):
    Relationship.objects.create(person=people["child"], relative=people["mother"], type="mother")
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(person=people["child"], relative=people["other"], type="mother", end_date=LATER)


def test_the_database_refuses_a_second_open_assessment_of_a_kind_but_not_after_the_first_closed(people):
    first = _assessment(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        _assessment(people)
    HealthAssessment.objects.filter(pk=first.pk).update(closed_on=LATER, closed_reason="left care")
    assert _assessment(people).is_open


def test_the_database_refuses_the_same_sdq_score_or_immunisation_twice(people):
    _sdq(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        _sdq(people)
    Immunisation.objects.create(child=people["child"], vaccine="MMR second dose", given_on=DAY,
                                recorded_by=people["nurse"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Immunisation.objects.create(child=people["child"], vaccine="mmr SECOND dose", given_on=DAY,
                                    recorded_by=people["nurse"])


# Every dated model about a person says how many may be current ---------------------------

ENDS = {"end_date", "end_at", "ended_on", "closed_on", "expires_at"}
SEVERAL_MAY_BE_CURRENT = {
    "organisations.EpisodeOfCare": "each attendance or lookup is its own episode: a person may be in the care of "
                                   "several services, and seen twice in a day (an episode of care is one open "
                                   "per service: one_open_care_episode_per_service)",
    "lac.HealthCondition": "a child may have several conditions at once",
    "access.BreakGlassAccess": "its end is a time, not an empty end date: access.services.break_glass takes the "
                               "person's lock and answers with the access already open instead of a second one",
}


def _dated_models_about_a_person():
    for model in apps.get_models():
        about_person = any(isinstance(f, ForeignKey) and f.related_model is Person for f in model._meta.fields)
        ends = ENDS & {f.name for f in model._meta.fields}
        if about_person and ends:
            yield model, ends


def _one_current_constraints(model, ends):
    return [
        constraint for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint) and constraint.condition is not None
        and any(f"{end}__isnull" in str(constraint.condition) for end in ends)
    ]


def test_every_dated_model_about_a_person_has_a_one_current_constraint_or_says_why_not():
    found = dict(_dated_models_about_a_person())
    assert {"people.SchoolEnrolment", "flags.Flag", "lac.HealthAssessment"} <= {m._meta.label for m in found}
    missing = [
        model._meta.label for model, ends in found.items()
        if not _one_current_constraints(model, ends) and model._meta.label not in SEVERAL_MAY_BE_CURRENT
    ]
    assert not missing, f"{missing}: add a UniqueConstraint on the open rows, or say in SEVERAL_MAY_BE_CURRENT why not"
    assert set(SEVERAL_MAY_BE_CURRENT) <= {model._meta.label for model in found}  # no stale reasons


# The migration deals with copies made before the constraint ------------------------------


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_the_migration_ends_copies_of_a_current_flag_and_stops_at_a_second_flag_that_differs(
    national_flag_types, people
):
    before = [("flags", "0005_lookup_nhs_number_10_ascii_digits")]
    after = [("flags", "0007_one_current_flag_of_a_type")]
    _migrate(before)
    try:
        first, copy = _flag(people, contact_phone="0151 496 0777"), _flag(people, contact_phone="0151 496 0777")
        other_person = {**people, "child": people["mother"]}
        _flag(other_person, contact_phone="0151 496 0777")
        differs = _flag(other_person, contact_phone="0151 496 0999")
        with pytest.raises(RuntimeError) as stopped:
            _migrate(after)
        assert f"flag {differs.pk}, beside" in str(stopped.value) and "Nothing has been changed" in str(stopped.value)
        assert not Flag.objects.filter(end_date__isnull=False).exists()

        differs.delete()  # someone who knows Kim decides the second is wrong
        _migrate(after)
        copy.refresh_from_db()
        first.refresh_from_db()
        assert first.end_date is None and copy.end_date == copy.start_date
        assert f"A copy of {first.pk}" in copy.end_reason
    finally:
        Flag.objects.filter(person__in=[people["child"], people["mother"]]).delete()
        _migrate(after)
