"""A read compiled once (core.compiled, issue 16) gives, for each new value, the rows its
queryset gives, with the same related rows read in the same statement."""

import datetime

import pytest

from tests.cast import put_on_caseload
from thinkfamily.core.compiled import CompiledRead, Slot, slots
from thinkfamily.organisations.models import CaseloadMembership
from thinkfamily.people.models import Person

pytestmark = pytest.mark.django_db

PEOPLE = CompiledRead(lambda count: Person.objects.filter(pk__in=slots("ids", count, Person._meta.pk)).order_by("pk"))
PLACES = CompiledRead(lambda count: (
    CaseloadMembership.objects.current(on=Slot("on", CaseloadMembership._meta.get_field("start_date")))
    .filter(person__pk__in=slots("people", count, CaseloadMembership._meta.get_field("person")))
    .select_related("practitioner", "team").order_by("pk")
))


def test_each_run_reads_its_own_values_with_the_sql_compiled_the_first_time(family):
    liam, mia = family["liam"], family["mia"]
    assert PEOPLE.run(shape=(1,), ids=[liam.pk]) == [liam]
    assert PEOPLE.run(shape=(1,), ids=[mia.pk]) == [mia]
    assert PEOPLE.run(shape=(2,), ids=[liam.pk, mia.pk]) == sorted([liam, mia], key=lambda person: person.pk)
    assert PEOPLE.run(shape=(1,), ids=[liam.pk]) == [liam]


def test_related_rows_come_in_the_same_statement_and_dates_are_judged_on_the_given_day(
    family, health_visitor, django_assert_num_queries
):
    liam = family["liam"]
    put_on_caseload(health_visitor, liam, since=datetime.date(2024, 1, 1))
    with django_assert_num_queries(1):
        [place] = PLACES.run(shape=(1,), people=[liam.pk], on=datetime.date(2025, 1, 1))
        assert (place.practitioner, place.team) == (health_visitor, health_visitor.team)
    assert PLACES.run(shape=(1,), people=[liam.pk], on=datetime.date(2023, 1, 1)) == []
    assert PLACES.run(shape=(1,), people=[family["mia"].pk], on=datetime.date(2025, 1, 1)) == []
