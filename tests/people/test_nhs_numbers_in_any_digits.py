"""An NHS number typed in another script's digits (fullwidth ９, Arabic-Indic ٩, Devanagari ९,
...) is the same NHS number: the point-of-care lookup finds the child, a second registration
is refused as a duplicate, and only 10 ASCII digits are ever stored (issue 11, defect 3)."""

import datetime
import unicodedata

import nhs_number
import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import pages
from tests.factories import PersonFactory, synthetic_nhs_number
from tests.flags import scenes
from tests.flags.scenes import API, LOOKUP, make_token
from thinkfamily.core import nhs_numbers
from thinkfamily.core.audit import Auditor
from thinkfamily.flags.models import PointOfCareLookup
from thinkfamily.people.models import Person, PersonRevision
from thinkfamily.people.services.persons import register_person


@pytest.fixture
def world(family, council, health_visitor):
    """Liam on a child protection plan, an ED nurse, his social worker, the MASH, a midwife and
    his GP practice (tests.flags.scenes.lookup_world)."""
    return scenes.lookup_world(family, council, health_visitor)


# Every decimal digit Unicode knows, by value: 0-9 in each of its scripts.
DIGITS_BY_VALUE = {value: [] for value in range(10)}
for code in range(0x110000):
    if unicodedata.category(chr(code)) == "Nd":
        DIGITS_BY_VALUE[unicodedata.decimal(chr(code))].append(chr(code))
SCRIPTS = len(DIGITS_BY_VALUE[0])
SEPARATORS = [" ", "  ", "-", "\u00a0", "\u2009", "\u3000", "\t", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212",
              "\ufe63", "\uff0d"]


def in_script(digits: str, script: int) -> str:
    return "".join(DIGITS_BY_VALUE[int(d)][script] for d in digits)


valid_numbers = st.integers(min_value=100_000_000, max_value=999_999_999).map(str).filter(
    lambda base: nhs_number.calculate_checksum(base) != 10
).map(lambda base: base + str(nhs_number.calculate_checksum(base))).filter(nhs_number.is_valid)


@st.composite
def typed_in_any_digits(draw):
    """A valid NHS number, each digit from any script, with spaces and hyphens of any kind
    between some of them, before and after."""
    digits = draw(valid_numbers)
    typed = draw(st.sampled_from(SEPARATORS + [""]))
    for digit in digits:
        typed += draw(st.sampled_from(DIGITS_BY_VALUE[int(digit)]))
        typed += draw(st.one_of(st.just(""), st.sampled_from(SEPARATORS)))
    return digits, typed


def test_the_unicode_table_has_many_scripts_of_digits():
    assert SCRIPTS > 50 and DIGITS_BY_VALUE[9][:2] == ["9", "٩"] and "９" in DIGITS_BY_VALUE[9]


@given(typed_in_any_digits())
@settings(max_examples=300)
def test_an_nhs_number_in_any_decimal_digits_with_any_spacing_is_the_same_ascii_number(case):
    digits, typed = case
    assert nhs_numbers.validate(typed) == digits
    assert nhs_numbers.normalise(typed) == digits


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=24))
@settings(max_examples=500)
def test_whatever_is_typed_is_refused_or_becomes_ten_ascii_digits_with_a_valid_check_digit(typed):
    try:
        digits = nhs_numbers.validate(typed)
    except ValidationError as error:
        assert error.messages and all("NHS number" in message for message in error.messages)
    else:
        assert nhs_numbers.is_stored_form(digits) and nhs_number.is_valid(digits)


@pytest.mark.parametrize("typed", ["²434765919", "⁹434765919", "①434765919", "9434765919x", "943\u202e4765919",
                                   "٩٤٣٤٧٦٥٩١٨", "94347659"])
def test_characters_that_are_not_decimal_digits_or_a_wrong_check_digit_are_refused(typed):
    with pytest.raises(ValidationError):
        nhs_numbers.validate(typed)


# Where a number enters: the lookup page and API, search, registration --------------------


@pytest.mark.django_db
@pytest.mark.req("R2.2")
@pytest.mark.parametrize("script", [DIGITS_BY_VALUE[0].index("０"), 1, DIGITS_BY_VALUE[0].index("०")])
def test_the_lookup_page_finds_a_child_on_a_plan_from_an_nhs_number_in_other_digits(client, world, script):
    liam = world["liam"]
    typed = in_script(liam.nhs_number, script)
    client.force_login(world["ed"])
    text = pages.text(client.post(LOOKUP, {"nhs_number": typed}), tidy=True)
    assert "Liam James Roberts" in text and "Child protection plan: Neglect" in text
    assert "No record" not in text
    assert PointOfCareLookup.objects.get().looked_up_nhs_number == liam.nhs_number


@pytest.mark.django_db
@pytest.mark.req("R2.2")
def test_the_lookup_api_finds_a_child_from_fullwidth_digits(client, world):
    liam = world["liam"]
    token = make_token(world["ed"])
    typed = in_script(liam.nhs_number, DIGITS_BY_VALUE[0].index("０"))
    response = client.get(API, {"nhs_number": f"{typed[:3]}\u3000{typed[3:]}"},
                          headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["person"]["nhs_number"] == liam.nhs_number
    assert [flag["label"] for flag in body["current_flags"]] == ["Child protection plan: Neglect"]


@pytest.mark.django_db
def test_search_finds_a_person_from_arabic_indic_digits(signed_in, family):
    liam = family["liam"]
    response = signed_in.get("/find/", {"nhs_number": in_script(liam.nhs_number, 1)})
    assert "Liam James Roberts" in pages.text(response, tidy=True)


@pytest.mark.django_db
@pytest.mark.parametrize("script", [1, DIGITS_BY_VALUE[0].index("０"), SCRIPTS - 1])
def test_a_second_record_with_an_existing_nhs_number_in_other_digits_is_refused(signed_in, family, script):
    liam = family["liam"]
    before = Person.objects.count()
    response = signed_in.post("/people/new/", {
        "given_name": "Liam", "family_name": "Roberts", "nhs_number": in_script(liam.nhs_number, script),
        "date_of_birth_0": "14", "date_of_birth_1": "3", "date_of_birth_2": "2019", "sex": "male", "kind": "child",
    })
    assert "A record with this NHS number already exists" in pages.text(response, tidy=True)
    assert Person.objects.count() == before


@pytest.mark.django_db
def test_a_number_in_other_digits_is_stored_in_ascii_digits_whoever_calls_the_service(health_visitor):
    digits = synthetic_nhs_number()
    person = register_person(
        Auditor(actor=health_visitor), kind="child", family_name="Khan", date_of_birth=datetime.date(2020, 1, 1),
        nhs_number=" " + in_script(digits, DIGITS_BY_VALUE[0].index("০")),
    )
    person.refresh_from_db()
    assert person.nhs_number == digits
    assert Person.objects.filter(nhs_number=in_script(digits, 1)).get() == person  # a query is normalised too
    with pytest.raises(ValidationError) as refused:
        register_person(Auditor(actor=health_visitor), kind="child", family_name="Khan",
                                 date_of_birth=datetime.date(2020, 1, 1),
                                 nhs_number=in_script(digits[:9] + str((int(digits[9]) + 1) % 10), 1))
    assert "nhs_number" in refused.value.error_dict


# The database refuses anything else -----------------------------------------------------


def _raw_update(table, column, value, pk):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])
        return cursor.rowcount


BAD = ["９４３４７６５９１９", "٩٤٣٤٧٦٥٩١٩", "943476591", "943476591x", "9434765919\n", "94347659190"]


@pytest.mark.django_db
@pytest.mark.parametrize("stored", BAD)
def test_the_database_refuses_a_person_nhs_number_that_is_not_ten_ascii_digits(stored):
    person = PersonFactory()
    pk = person.pk.hex if connection.vendor == "sqlite" else person.pk
    assert _raw_update(Person._meta.db_table, "nhs_number", synthetic_nhs_number(), pk) == 1
    with pytest.raises((IntegrityError, DataError)):  # DataError: longer than the column (PostgreSQL)
        _raw_update(Person._meta.db_table, "nhs_number", stored, pk)


@pytest.mark.django_db
@pytest.mark.parametrize("stored", BAD)
def test_the_database_refuses_a_looked_up_nhs_number_that_is_not_ten_ascii_digits(client, world, stored):
    client.force_login(world["ed"])
    client.post(LOOKUP, {"nhs_number": world["liam"].nhs_number})
    lookup = PointOfCareLookup.objects.get()
    with pytest.raises((IntegrityError, DataError)):  # DataError: longer than the column (PostgreSQL)
        _raw_update(PointOfCareLookup._meta.db_table, "looked_up_nhs_number", stored, lookup.pk)


# The migration that checks the numbers already stored ---------------------------------------

BEFORE = [("people", "0001_initial")]
AFTER = [("people", "0003_nhs_number_10_ascii_digits")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _insert_person(given, family, number, dob="2012-05-01"):
    person = PersonFactory.build(given_name=given, family_name=family, nhs_number=None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Person._meta.db_table} (id, kind, nhs_number, given_name, middle_names, family_name, "
            "date_of_birth, sex, ethnicity, language, interpreter_needed, family_name_key, given_name_key, version, "
            "created_at, updated_at) VALUES (%s, 'child', %s, %s, '', %s, %s, 'female', '', 'English', %s, '', '', 1, "
            "%s, %s)",
            [person.pk.hex if connection.vendor == "sqlite" else person.pk, number, given, family, dob, False,
             "2026-01-01 00:00:00+00:00", "2026-01-01 00:00:00+00:00"],
        )
    return person.pk


def test_the_migration_rewrites_numbers_in_other_digits_and_stops_at_a_duplicate_naming_both_records(transactional_db):
    jade = synthetic_nhs_number()
    other = synthetic_nhs_number()
    _migrate(BEFORE)
    try:
        jade_pk = _insert_person("Jade", "Taylor", jade)
        copy_pk = _insert_person("Jade", "Taylor", in_script(jade, DIGITS_BY_VALUE[0].index("０")))
        other_pk = _insert_person("Amira", "Haddad", in_script(other, 1))
        with pytest.raises(RuntimeError) as stopped:
            _migrate(AFTER)
        message = str(stopped.value)
        assert str(copy_pk) in message and str(jade_pk) in message and "Jade Taylor, born 01/05/2012" in message
        assert f"{jade[:3]} {jade[3:6]} {jade[6:]}" in message and "Nothing has been changed" in message
        assert Person.objects.filter(pk=other_pk).values_list("nhs_number", flat=True).get() == in_script(other, 1)

        # Someone decides the copy is Jade, brings what it holds into her record, clears its number.
        Person.objects.filter(pk=copy_pk).update(nhs_number=None)
        _migrate(AFTER)
        assert Person.objects.get(pk=other_pk).nhs_number == other
        revision = PersonRevision.objects.get(person_id=other_pk)
        assert revision.changes == {"nhs_number": [in_script(other, 1), other]} and revision.changed_by is None
        assert Person.objects.get(pk=jade_pk).nhs_number == jade
    finally:
        Person.objects.filter(nhs_number__isnull=False).exclude(nhs_number__regex=r"^[0-9]{10}$").delete()
        # Every app back to its latest migration: going back to people 0001 also unapplied the
        # later migrations of the apps that depend on it, which the tests after this one need.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
