"""Factories for the people and organisations that tests talk about. Synthetic NHS
numbers only (the 9xx range)."""

import datetime
import itertools

import factory
import nhs_number

from thinkfamily.organisations.models import Organisation, Practitioner, Service, Team
from thinkfamily.people.models import Household, HouseholdMembership, Person, Relationship, name_key

_numbers = itertools.count(999_000_001)
PASSWORD = "correct-horse-battery"  # every practitioner's, unless a test gives another


def synthetic_nhs_number() -> str:
    """The next valid NHS number in the synthetic range (never issued to real people)."""
    while True:
        base = str(next(_numbers))[:9]
        check = nhs_number.calculate_checksum(base)
        if check != 10:
            digits = f"{base}{check}"
            assert nhs_number.REGION_SYNTHETIC.contains_number(digits)
            return digits


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"TST{n:04d}")
    name = factory.Sequence(lambda n: f"Test organisation {n}")
    kind = Organisation.Kind.NHS_TRUST


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Service.Kind.HEALTH_VISITING
    name = factory.LazyAttribute(lambda o: o.kind.replace("_", " ").capitalize())


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"practitioner{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    team = factory.SubFactory(TeamFactory)
    role = Practitioner.Role.HEALTH_VISITOR
    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.CHILD
    given_name = "Liam"
    family_name = "Roberts"
    date_of_birth = datetime.date(2019, 3, 14)
    sex = "male"
    nhs_number = factory.LazyFunction(synthetic_nhs_number)
    family_name_key = factory.LazyAttribute(lambda o: name_key(o.family_name))
    given_name_key = factory.LazyAttribute(lambda o: name_key(o.given_name))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    address_line_1 = factory.Sequence(lambda n: f"{n + 1} Marine Crescent")
    town = "Waterloo"
    postcode = "L22 1AA"


def live_together(household, *people, since=datetime.date(2020, 1, 1)):
    for person in people:
        HouseholdMembership.objects.create(household=household, person=person, start_date=since)


def relate(person, relative, type_, **kwargs):
    return Relationship.objects.create(person=person, relative=relative, type=type_, **kwargs)
