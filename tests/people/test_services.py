"""The family record's rules, applied by the services whatever the caller."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.cast import works_with
from tests.factories import HouseholdFactory, PersonFactory, synthetic_nhs_number
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent, ConcurrentEditError
from thinkfamily.legal_status.services import correct_legal_status, record_birth, record_legal_status
from thinkfamily.people.family import current_legal_statuses, family_picture
from thinkfamily.people.models import HouseholdMembership, LegalStatusEntry, Person, PersonRevision, Relationship
from thinkfamily.people.services.births import record_unborn
from thinkfamily.people.services.households import move_household
from thinkfamily.people.services.persons import correct_person, register_person
from thinkfamily.people.services.relationships import add_relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(health_visitor, family):
    """The health visitor, working with the family (the basis on which she changes their records)."""
    return works_with(health_visitor, *[p for p in family.values() if isinstance(p, Person)])


def _counts():
    return {
        m.__name__: m.objects.count()
        for m in [Person, Relationship, HouseholdMembership, LegalStatusEntry, AuditEvent, PersonRevision]
    }


def register_liam(auditor, **changes):
    """Register Liam Roberts, a boy born on 14 March 2019 (or whoever ``changes`` make him)."""
    details = dict(kind="child", family_name="Roberts", given_name="Liam", date_of_birth=datetime.date(2019, 3, 14),
                   sex="male")
    return register_person(auditor, **(details | changes))


@pytest.mark.req("R1.1")
def test_a_duplicate_nhs_number_is_refused_and_nothing_is_written(auditor):
    digits = synthetic_nhs_number()
    register_liam(auditor, nhs_number=digits)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        register_liam(auditor, family_name="Robertson", given_name="Lee", date_of_birth=datetime.date(2018, 1, 1),
                      nhs_number=digits)
    assert "already exists" in error.value.message_dict["nhs_number"][0]
    assert _counts() == before


@pytest.mark.req("R1.1")
def test_a_date_of_birth_in_the_future_is_refused(health_visitor):
    auditor = Auditor(actor=health_visitor, request_id="test")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        register_person(auditor, kind="child", family_name="Roberts", date_of_birth=tomorrow, sex="male")
    assert error.value.message_dict["date_of_birth"] == ["Date of birth must be today or in the past."]
    assert Person.objects.count() == 0


@pytest.mark.req("R1.1")
def test_registering_a_person_is_audited_with_the_fields_written(auditor):
    person = register_liam(auditor)
    event = AuditEvent.objects.get(object_id=str(person.pk))
    assert event.action == "create"
    assert {"family_name", "given_name", "date_of_birth"} <= set(event.fields)
    assert event.actor == auditor.actor
    assert person.nhs_number is None  # optional, e.g. newly arrived


@pytest.mark.req("R1.1")
def test_a_correction_keeps_the_old_values_and_the_reason(auditor, family):
    liam = family["liam"]
    correct_person(
        auditor, liam, expected_version=liam.version, reason="Spelling on referral form", family_name="Robberts"
    )
    revision = PersonRevision.objects.get(person=liam)
    assert revision.changes == {"family_name": ["Roberts", "Robberts"]}
    assert revision.reason == "Spelling on referral form"
    liam.refresh_from_db()
    assert liam.family_name_key == "robberts"


@pytest.mark.req("R1.1")
def test_a_correction_that_moves_the_birth_after_an_event_is_refused(auditor, family):
    liam = family["liam"]  # joined his household on 1 April 2023
    with pytest.raises(ValidationError) as error:
        correct_person(
            auditor, liam, expected_version=liam.version, reason="typo", date_of_birth=datetime.date(2023, 6, 1)
        )
    message = error.value.message_dict["date_of_birth"][0]
    assert "before every event" in message
    liam.refresh_from_db()
    assert liam.date_of_birth == datetime.date(2019, 3, 14)


def test_the_second_of_two_concurrent_corrections_is_refused(auditor, family):
    liam = family["liam"]
    first = Person.objects.get(pk=liam.pk)
    second = Person.objects.get(pk=liam.pk)
    correct_person(auditor, first, expected_version=first.version, reason="a", given_name="William")
    with pytest.raises(ConcurrentEditError) as error:
        correct_person(auditor, second, expected_version=second.version, reason="b", language="Polish")
    assert Person.objects.get(pk=liam.pk).given_name == "William"
    assert Person.objects.get(pk=liam.pk).language == "English"
    assert error.value.changed_fields == {"given_name": "William"}


@pytest.mark.req("R1.2")
def test_a_parent_must_be_at_least_ten_years_older(auditor, family):
    teenager = PersonFactory(
        kind="child", given_name="Kyle", family_name="Roberts", date_of_birth=datetime.date(2013, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        add_relationship(auditor, family["mia"], teenager, Relationship.Type.FATHER)
    assert "at least 10 years older" in error.value.message_dict["relative"][0]
    assert not Relationship.objects.filter(relative=teenager).exists()


@pytest.mark.req("R1.2")
def test_a_second_birth_mother_is_refused(auditor, family):
    other = PersonFactory(
        kind="adult", given_name="Kerry", family_name="Jones", date_of_birth=datetime.date(1985, 1, 1), sex="female"
    )
    with pytest.raises(ValidationError) as error:
        add_relationship(auditor, family["liam"], other, Relationship.Type.MOTHER)
    assert "Sarah Roberts is already recorded" in error.value.message_dict["type"][0]


@pytest.mark.req("R1.2")
def test_family_picture_shows_household_parents_half_siblings_and_linked_adults(family):
    picture = family_picture(family["liam"])
    assert {m.person.given_name for m in picture.household_members} == {"Sarah", "Dean", "Mia"}
    parents = {r.person.given_name: r for r in picture.parents}
    assert set(parents) == {"Sarah", "Jason", "Dean"}
    assert parents["Sarah"].lives_with_child and not parents["Jason"].lives_with_child
    assert parents["Dean"].relationship == "Step-parent"
    assert [(r.person.given_name, r.relationship) for r in picture.siblings] == [("Mia", "Half-sibling")]
    assert [r.person.given_name for r in picture.grandparents] == ["Margaret"]


@pytest.mark.req("R1.2")
def test_a_father_who_moves_out_stays_linked_and_the_move_is_kept(auditor, family):
    jason, liam = family["jason"], family["liam"]
    move_household(
        auditor,
        jason,
        move_date=datetime.date(2025, 1, 10),
        reason="New job",
        new_address={
            "address_line_1": "9 Lord Street",
            "address_line_2": "",
            "town": "Southport",
            "postcode": "PR8 1AA",
        },
    )
    history = list(HouseholdMembership.objects.filter(person=jason).order_by("start_date"))
    assert [(m.household.town, m.end_date) for m in history] == [
        ("Litherland", datetime.date(2025, 1, 10)),
        ("Southport", None),
    ]
    assert "Jason" in {r.person.given_name for r in family_picture(liam).parents}


@pytest.mark.req("R1.2")
def test_a_move_dated_before_the_current_household_is_refused_and_nothing_changes(auditor, family):
    liam = family["liam"]
    before = _counts()
    with pytest.raises(ValidationError) as error:
        move_household(auditor, liam, move_date=datetime.date(2022, 1, 1), to_household=family["elsewhere"])
    assert "on or after 1 April 2023" in error.value.message_dict["move_date"][0]
    assert _counts() == before


@pytest.mark.req("R1.2")
def test_a_child_can_join_a_relatives_household(auditor, family):
    liam = family["liam"]
    move_household(
        auditor,
        liam,
        move_date=datetime.date(2025, 2, 1),
        to_household=family["elsewhere"],
        reason="Staying with father under a safety plan",
    )
    picture = family_picture(liam)
    assert picture.current_household == family["elsewhere"]
    assert {m.person.given_name for m in picture.household_members} == {"Jason"}


@pytest.mark.req("R1.4")
def test_legal_status_history_is_append_only_and_the_current_status_is_derived(social_worker, family, council):
    auditor = works_with(social_worker, family["liam"])  # the child's social worker records statuses
    liam = family["liam"]
    record_legal_status(
        auditor,
        liam,
        status="child_in_need",
        change="start",
        effective_date=datetime.date(2024, 2, 1),
        responsible_authority=council,
    )
    record_legal_status(
        auditor, liam, status="child_in_need", change="end", effective_date=datetime.date(2025, 9, 2)
    )
    record_legal_status(
        auditor,
        liam,
        status="child_protection_plan",
        change="start",
        effective_date=datetime.date(2025, 9, 2),
        cp_category="neglect",
        responsible_authority=council,
    )
    entries = list(LegalStatusEntry.objects.filter(person=liam))
    assert len(entries) == 3
    assert [e.label for e in current_legal_statuses(entries)] == ["Child protection plan: neglect"]


@pytest.mark.req("R1.4")
def test_a_cp_plan_needs_its_category_and_cannot_start_twice(social_worker, family, council):
    auditor = works_with(social_worker, family["liam"])  # the child's social worker records statuses
    liam = family["liam"]
    with pytest.raises(ValidationError) as error:
        record_legal_status(
            auditor,
            liam,
            status="child_protection_plan",
            change="start",
            effective_date=datetime.date(2025, 9, 2),
            responsible_authority=council,
        )
    assert "category" in error.value.message_dict["cp_category"][0]
    record_legal_status(
        auditor,
        liam,
        status="child_protection_plan",
        change="start",
        effective_date=datetime.date(2025, 9, 2),
        cp_category="neglect",
        responsible_authority=council,
    )
    with pytest.raises(ValidationError) as error:
        record_legal_status(
            auditor,
            liam,
            status="child_protection_plan",
            change="start",
            effective_date=datetime.date(2025, 10, 1),
            cp_category="emotional",
            responsible_authority=council,
        )
    assert "already has a current child protection plan" in error.value.message_dict["status"][0]


@pytest.mark.req("R1.4")
def test_a_status_cannot_start_before_birth_or_in_the_future(social_worker, family, council):
    auditor = works_with(social_worker, family["liam"])  # the child's social worker records statuses
    liam = family["liam"]
    for day, expected in [
        (datetime.date(2018, 1, 1), "on or after Liam James Roberts's date of birth"),
        (datetime.date.today() + datetime.timedelta(days=3), "today or in the past"),
    ]:
        with pytest.raises(ValidationError) as error:
            record_legal_status(
                auditor, liam, status="looked_after", change="start", effective_date=day, responsible_authority=council
            )
        assert expected in error.value.message_dict["effective_date"][0]
    assert not LegalStatusEntry.objects.exists()


@pytest.mark.req("R1.4")
def test_a_correction_supersedes_the_wrong_entry_which_stays_visible(social_worker, family, council):
    auditor = works_with(social_worker, family["liam"])  # the child's social worker records statuses
    liam = family["liam"]
    wrong = record_legal_status(
        auditor,
        liam,
        status="child_protection_plan",
        change="start",
        effective_date=datetime.date(2025, 9, 2),
        cp_category="physical",
        responsible_authority=council,
    )
    correct_legal_status(
        auditor, wrong, reason="Category is neglect per conference minutes", cp_category="neglect"
    )
    picture = family_picture(liam)
    assert len(picture.legal_status_history) == 2
    assert wrong.pk in picture.superseded_ids
    assert [e.label for e in picture.legal_statuses] == ["Child protection plan: neglect"]
    with pytest.raises(ValidationError):
        correct_legal_status(auditor, wrong, reason="again", cp_category="emotional")


@pytest.mark.req("R1.5")
def test_an_unborn_child_becomes_the_babys_record_keeping_its_history(health_visitor, social_worker, council):
    chloe = PersonFactory(
        kind="adult", given_name="Chloe", family_name="Bennett", date_of_birth=datetime.date(2007, 2, 11), sex="female"
    )
    auditor = works_with(health_visitor, chloe)
    edd = datetime.date.today() + datetime.timedelta(weeks=1)
    unborn = record_unborn(auditor, chloe, expected_delivery_date=edd)
    assert unborn.kind == "unborn" and unborn.full_name == "Unborn baby Bennett"
    plan = record_legal_status(
        works_with(social_worker, unborn),
        unborn,
        status="child_protection_plan",
        change="start",
        effective_date=datetime.date.today() - datetime.timedelta(weeks=8),
        cp_category="neglect",
        responsible_authority=council,
    )
    assert plan.label == "Unborn child protection plan: neglect"
    born_on = datetime.date.today()
    baby = record_birth(
        works_with(health_visitor, unborn),
        unborn,
        expected_version=unborn.version,
        date_of_birth=born_on,
        given_name="Ava",
        sex="female",
        nhs_number=synthetic_nhs_number(),
    )
    assert baby.pk == unborn.pk and baby.kind == "child" and baby.date_of_birth == born_on
    assert baby.expected_delivery_date == edd
    # Everything recorded before birth is still there.
    assert Relationship.objects.get(person=baby, type="mother").relative == chloe
    assert [e.label for e in current_legal_statuses(LegalStatusEntry.objects.filter(person=baby))] == [
        "Child protection plan: neglect"
    ]
    assert PersonRevision.objects.get(person=baby).reason == "Birth recorded"


@pytest.mark.req("R1.5")
def test_an_unborn_child_needs_a_plausible_due_date_and_mother(auditor):
    girl = PersonFactory(
        kind="child", given_name="Amy", family_name="Cole", date_of_birth=datetime.date(2019, 1, 1), sex="female"
    )
    works_with(auditor.actor, girl)
    with pytest.raises(ValidationError) as error:
        record_unborn(
            auditor, girl, expected_delivery_date=datetime.date.today() + datetime.timedelta(weeks=4)
        )
    assert "at least 10 years older" in error.value.message_dict["expected_delivery_date"][0]
    adult = PersonFactory(
        kind="adult", given_name="Kim", family_name="Cole", date_of_birth=datetime.date(1990, 1, 1), sex="female"
    )
    works_with(auditor.actor, adult)
    with pytest.raises(ValidationError) as error:
        record_unborn(
            auditor, adult, expected_delivery_date=datetime.date.today() + datetime.timedelta(weeks=60)
        )
    assert "within 42 weeks" in error.value.message_dict["expected_delivery_date"][0]
    assert not Person.objects.filter(kind="unborn").exists()


def test_a_new_household_needs_a_full_address(auditor, family):
    with pytest.raises(ValidationError) as error:
        move_household(
            auditor,
            family["liam"],
            move_date=datetime.date(2025, 1, 1),
            new_address={"address_line_1": "1 High St", "address_line_2": "", "town": "", "postcode": ""},
        )
    assert "town and postcode" in error.value.message_dict["destination"][0]
    assert HouseholdFactory._meta.model.objects.count() == 2
