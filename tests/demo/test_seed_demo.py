"""R10.5: synthetic data only, at the scale of the area and beyond, deterministic with a seed.

Each test seeds a small population through the real command (seed_demo), so what is
proved here is what `make run` and the benchmarks get."""

import datetime
from collections import defaultdict

import nhs_number
import pytest
from django.core.management import CommandError, call_command

from thinkfamily.chronology.models import Event
from thinkfamily.core import nhs_numbers
from thinkfamily.demo.featured import FEATURED_IDS, FEATURED_NHS_NUMBERS, FEATURED_UNBORN_EDD
from thinkfamily.demo.generator.checks import current_status_counts, fingerprint
from thinkfamily.demo.generator.dates import ANCHOR
from thinkfamily.demo.generator.population import delete_people
from thinkfamily.organisations.models import CaseloadMembership, Organisation
from thinkfamily.people.family import family_picture
from thinkfamily.people.models import (
    GPRegistration,
    HouseholdMembership,
    LegalStatus,
    LegalStatusEntry,
    ParentalResponsibility,
    Person,
    Relationship,
    SchoolEnrolment,
)


def seed(children, seed_value):
    call_command("seed_demo", children=children, seed=seed_value, verbosity=0)


def age_on(dob, on):
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


@pytest.mark.req("R10.5")
def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(db):
    seed(150, 7)
    first = fingerprint()
    delete_people()

    seed(150, 7)
    assert fingerprint() == first
    delete_people()

    seed(150, 8)
    assert fingerprint() != first


@pytest.mark.req("R10.5")
def test_the_number_of_children_is_exactly_what_was_asked_for(db):
    seed(400, 3)

    children = Person.objects.filter(kind=Person.Kind.CHILD)
    assert children.count() == 400
    assert all(age_on(dob, ANCHOR) < 20 for dob in children.values_list("date_of_birth", flat=True))
    adults = Person.objects.filter(kind=Person.Kind.ADULT).values_list("date_of_birth", flat=True)
    assert all(age_on(dob, ANCHOR) >= 20 for dob in adults)


@pytest.mark.req("R10.5")
def test_every_nhs_number_is_synthetic_valid_and_unique(db):
    seed(1000, 5)

    numbers = list(Person.objects.exclude(nhs_number=None).values_list("nhs_number", flat=True))
    assert len(numbers) > 3000
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert nhs_numbers.validate(number) == number  # ten digits and the check digit matches
        assert nhs_number.REGION_SYNTHETIC.contains_number(number), number
    # The featured numbers belong to the featured people only.
    featured = dict(Person.objects.filter(nhs_number__in=FEATURED_NHS_NUMBERS.values()).values_list("nhs_number", "id"))
    assert featured == {number: FEATURED_IDS[name] for name, number in FEATURED_NHS_NUMBERS.items()}
    # Numbers from 999 000 0000 up are left to the hand-made test factories.
    assert not any(number >= "9990000000" for number in numbers)


@pytest.mark.req("R10.5")
def test_the_featured_family_is_there_as_described(db):
    seed(40, 9)

    liam = Person.objects.get(nhs_number="9434765919")
    assert (liam.full_name, liam.date_of_birth, liam.sex) == ("Liam Roberts", datetime.date(2019, 3, 14), "male")
    picture = family_picture(liam)

    statuses = picture.legal_statuses
    assert [(s.status, s.cp_category, s.effective_date) for s in statuses] == [
        (LegalStatus.CHILD_PROTECTION_PLAN, "neglect", datetime.date(2025, 9, 2))
    ]
    history = [(e.status, e.change) for e in picture.legal_status_history]
    assert (LegalStatus.CHILD_IN_NEED, "start") in history and (LegalStatus.CHILD_IN_NEED, "end") in history

    parents = {r.person.full_name: r for r in picture.parents}
    assert parents["Sarah Roberts"].relationship == "Mother" and parents["Sarah Roberts"].lives_with_child
    assert parents["Jason Roberts"].relationship == "Father" and not parents["Jason Roberts"].lives_with_child
    assert parents["Dean Walsh"].relationship == "Step-parent" and parents["Dean Walsh"].lives_with_child
    assert parents["Sarah Roberts"].has_parental_responsibility
    assert parents["Jason Roberts"].has_parental_responsibility  # moved out; keeps PR as a married father
    assert not parents["Dean Walsh"].has_parental_responsibility
    bases = {row.holder.full_name: row.basis for row in picture.parental_responsibility}
    assert bases == {"Sarah Roberts": "birth_mother", "Jason Roberts": "married_father"}

    jason_left = HouseholdMembership.objects.get(person__nhs_number="9434765935", household=picture.current_household)
    assert jason_left.end_date.year == 2023

    assert [(s.person.full_name, s.relationship) for s in picture.siblings] == [("Mia Walsh", "Half-sibling")]
    mia = Person.objects.get(nhs_number=FEATURED_NHS_NUMBERS["Mia Walsh"])
    assert mia.date_of_birth.year == 2022
    assert set(Relationship.objects.filter(person=mia).values_list("relative__given_name", "type")) == {
        ("Sarah", "mother"), ("Dean", "father")}

    grandparents = {r.person.full_name: r.relationship for r in picture.grandparents}
    assert grandparents == {
        "Margaret Hughes": "Grandparent (mother's mother)",
        "Peter Hughes": "Grandparent (mother's father)",
        "Elaine Roberts": "Grandparent (father's mother)",
    }
    assert len(picture.household_history) == 2  # a previous address
    school = picture.school_history[0].school
    assert school.kind == Organisation.Kind.SCHOOL and "Primary" in school.name
    assert picture.gp_history[0].practice.kind == Organisation.Kind.GP_PRACTICE
    assert CaseloadMembership.objects.current(ANCHOR).filter(person=liam, practitioner__username="sn.demo").exists()
    assert CaseloadMembership.objects.current(ANCHOR).filter(person=mia, practitioner__username="hv.demo").exists()

    chloe = Person.objects.get(nhs_number=FEATURED_NHS_NUMBERS["Chloe Bennett"])
    assert age_on(chloe.date_of_birth, ANCHOR) == 19
    unborn = Person.objects.get(pk=FEATURED_IDS["Unborn baby Bennett"])
    assert (unborn.kind, unborn.date_of_birth, unborn.expected_delivery_date) == ("unborn", None, FEATURED_UNBORN_EDD)
    assert FEATURED_UNBORN_EDD > ANCHOR
    assert Relationship.objects.filter(person=unborn, relative=chloe, type="mother").exists()
    assert [s.label for s in family_picture(unborn).legal_statuses] == [
        "Unborn child protection plan: emotional abuse"]

    jade = Person.objects.get(nhs_number=FEATURED_NHS_NUMBERS["Jade Taylor"])
    [looked_after] = family_picture(jade).legal_statuses
    assert looked_after.status == LegalStatus.LOOKED_AFTER and looked_after.placed_out_of_area
    assert ParentalResponsibility.objects.filter(child=jade, basis="care_order",
                                                 holder_organisation__name="Sefton Council").exists()

    # Each legal status line of the chronology is credited to the council that recorded it
    # (its children's social care), never to ThinkFamily (issue 15).
    lines = Event.objects.filter(person=liam, source_type="people.LegalStatusEntry").select_related(
        "service__organisation")
    assert lines and {(e.service.organisation.name, e.service.kind) for e in lines} == {
        ("Sefton Council", "childrens_social_care")}


@pytest.mark.req("R10.5")
def test_the_featured_families_are_the_same_on_every_seed(db):
    def featured_rows():
        ids = list(FEATURED_IDS.values())
        return (
            sorted(Person.objects.filter(id__in=ids).values_list("id", "nhs_number", "given_name", "family_name",
                                                                 "date_of_birth", "expected_delivery_date")),
            sorted(Relationship.objects.filter(person__in=ids).values_list("person_id", "relative_id", "type",
                                                                           "start_date", "end_date")),
            sorted(LegalStatusEntry.objects.filter(person__in=ids).values_list("person_id", "status", "change",
                                                                               "effective_date")),
        )

    seed(20, 1)
    first = featured_rows()
    delete_people()
    seed(60, 2)
    assert featured_rows() == first


@pytest.mark.req("R10.5")
def test_legal_statuses_come_in_realistic_proportions(db):
    seed(3000, 11)

    counts = current_status_counts()
    per_10000 = {status: counts[status] * 10000 / 3000 for status in LegalStatus.values}
    assert 250 <= per_10000["child_in_need"] <= 420
    assert 25 <= per_10000["child_protection_plan"] <= 80
    assert 45 <= per_10000["looked_after"] <= 110
    assert 15 <= per_10000["care_leaver"] <= 50
    assert 1 <= counts["uasc"] <= 6
    assert 30 <= per_10000["ehe"] <= 75
    assert counts["looked_after:placed out of area"] >= 1
    assert counts["looked_after:placed here by another authority"] >= 1
    assert counts["child_protection_plan:neglect"] >= counts["child_protection_plan:sexual"]
    # Some statuses have ended: there is history, not only current state.
    assert LegalStatusEntry.objects.filter(change="end").count() > 100
    # A few unborn children, some with a plan before birth.
    unborn = Person.objects.filter(kind=Person.Kind.UNBORN)
    assert 5 <= unborn.count() <= 40
    assert LegalStatusEntry.objects.filter(person__in=unborn, status=LegalStatus.CHILD_PROTECTION_PLAN).exists()


@pytest.mark.req("R10.5")
def test_nobody_has_anything_before_they_were_born_and_parents_are_old_enough(db):
    seed(1000, 13)

    born = dict(Person.objects.exclude(date_of_birth=None).values_list("id", "date_of_birth"))
    for model, person_field, date_field in [
        (HouseholdMembership, "person_id", "start_date"),
        (ParentalResponsibility, "child_id", "start_date"),
        (LegalStatusEntry, "person_id", "effective_date"),
        (SchoolEnrolment, "person_id", "start_date"),
        (GPRegistration, "person_id", "start_date"),
        (CaseloadMembership, "person_id", "start_date"),
        (Relationship, "person_id", "start_date"),
    ]:
        for person_id, when in model.objects.values_list(person_field, date_field):
            if when is not None and person_id in born:
                assert when >= born[person_id], (model.__name__, person_id, when)

    for child_id, parent_id in Relationship.objects.filter(type__in=["mother", "father"]).values_list(
            "person_id", "relative_id"):
        if child_id in born:
            assert age_on(born[parent_id], born[child_id]) >= 16

    # Everyone born lives somewhere now, one household at a time, and is registered with a GP.
    stays = defaultdict(list)
    for person_id, start, end in HouseholdMembership.objects.values_list("person_id", "start_date", "end_date"):
        stays[person_id].append((start, end))
    registered = set(GPRegistration.objects.filter(end_date=None).values_list("person_id", flat=True))
    for person_id in born:
        periods = sorted(stays[person_id], key=lambda p: p[0])
        assert periods and periods[-1][1] is None, person_id
        for (_, end), (next_start, _) in zip(periods, periods[1:], strict=False):
            assert end is not None and end <= next_start, person_id
        assert person_id in registered, person_id


@pytest.mark.req("R10.5")
def test_seed_demo_if_empty_leaves_existing_people_alone(db):
    seed(20, 1)
    people = Person.objects.count()

    call_command("seed_demo", children=20, seed=2, if_empty=True, verbosity=0)
    assert Person.objects.count() == people

    with pytest.raises(CommandError, match="People already exist"):
        seed(20, 2)


def test_seed_demo_leaves_planner_statistics_for_the_tables_it_filled(db):
    """What `make run` gets: a database the planner knows the size of (a list of children in
    care took minutes on SQLite at the area's size without them)."""
    from django.db import connection

    seed(20, 1)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'people_person'")
        else:
            cursor.execute("SELECT count(*) FROM pg_class WHERE relname = 'people_person' AND reltuples > 0")
        assert cursor.fetchone()[0] > 0
