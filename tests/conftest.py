"""Named users, as the job speaks of them, and a family to work with."""

import datetime
import importlib

import pytest

from tests.factories import (
    HouseholdFactory,
    OrganisationFactory,
    PersonFactory,
    PractitionerFactory,
    ServiceFactory,
    TeamFactory,
    live_together,
    relate,
)
from thinkfamily.organisations.models import CaseloadMembership, Organisation, Practitioner, Service
from thinkfamily.people.models import Person


@pytest.fixture
def council(db):
    return OrganisationFactory(code="SEFTON", name="Sefton Council", kind=Organisation.Kind.LOCAL_AUTHORITY,
                               phone="0151 496 0000", out_of_hours_phone="0151 496 0999")


@pytest.fixture
def health_visitor(db):
    trust = OrganisationFactory(code="RTV", name="North West Boroughs Healthcare NHS Foundation Trust")
    team = TeamFactory(service=ServiceFactory(organisation=trust, kind=Service.Kind.HEALTH_VISITING),
                       name="Bootle health visiting team")
    return PractitionerFactory(username="hv", first_name="Helen", last_name="Visitor", team=team,
                               role=Practitioner.Role.HEALTH_VISITOR)


@pytest.fixture
def ed_nurse(db):
    trust = OrganisationFactory(code="RVY", name="Southport and Ormskirk Hospitals NHS Trust")
    team = TeamFactory(service=ServiceFactory(organisation=trust, kind=Service.Kind.EMERGENCY_DEPARTMENT),
                       name="Southport ED")
    return PractitionerFactory(username="ed", first_name="Emma", last_name="Nurse", team=team,
                               role=Practitioner.Role.ED_NURSE)


@pytest.fixture
def family(db):
    """Liam (7), his mother Sarah and step-father Dean at home, half-sister Mia, his father
    Jason living elsewhere, and maternal grandmother Margaret."""
    home = HouseholdFactory(address_line_1="12 Marine Crescent", town="Waterloo", postcode="L22 5PR")
    elsewhere = HouseholdFactory(address_line_1="4 Church Road", town="Litherland", postcode="L21 8HB")
    margaret = PersonFactory(kind="adult", given_name="Margaret", family_name="Hughes",
                             date_of_birth=datetime.date(1962, 5, 2), sex="female")
    sarah = PersonFactory(kind="adult", given_name="Sarah", family_name="Roberts",
                          date_of_birth=datetime.date(1992, 7, 9), sex="female")
    jason = PersonFactory(kind="adult", given_name="Jason", family_name="Roberts",
                          date_of_birth=datetime.date(1990, 1, 21), sex="male")
    dean = PersonFactory(kind="adult", given_name="Dean", family_name="Walsh",
                         date_of_birth=datetime.date(1988, 11, 30), sex="male")
    liam = PersonFactory(given_name="Liam", family_name="Roberts", middle_names="James",
                         date_of_birth=datetime.date(2019, 3, 14), sex="male")
    mia = PersonFactory(given_name="Mia", family_name="Walsh", date_of_birth=datetime.date(2022, 6, 1), sex="female")
    live_together(home, sarah, dean, liam, mia, since=datetime.date(2023, 4, 1))
    live_together(elsewhere, jason, since=datetime.date(2023, 4, 1))
    relate(liam, sarah, "mother")
    relate(liam, jason, "father")
    relate(liam, dean, "step_parent", start_date=datetime.date(2023, 4, 1))
    relate(mia, sarah, "mother")
    relate(mia, dean, "father")
    relate(sarah, margaret, "mother")
    return {"home": home, "elsewhere": elsewhere, "margaret": margaret, "sarah": sarah, "jason": jason,
            "dean": dean, "liam": liam, "mia": mia}


def put_on_caseload(practitioner, *people, since=datetime.date(2023, 4, 1)):
    for person in people:
        CaseloadMembership.objects.create(person=person, practitioner=practitioner, team=practitioner.team,
                                          start_date=since)


def works_with(practitioner, *people, since=datetime.date(2023, 4, 1)):
    """The practitioner works with these people (their caseload) if not already: the basis on
    which, for instance, a child's social worker records the child's legal statuses. Returns
    an Auditor acting as the practitioner."""
    from thinkfamily.core.audit import Auditor

    for person in people:
        CaseloadMembership.objects.get_or_create(
            person=person, practitioner=practitioner, team=practitioner.team, end_date=None,
            defaults={"start_date": since},
        )
    return Auditor(actor=practitioner, request_id="test")


@pytest.fixture
def social_worker(council):
    """A social worker of Sefton Council's children's social care: records legal statuses
    (with ``works_with``, for the children they work with)."""
    service = Service.objects.filter(organisation=council, kind=Service.Kind.CHILDRENS_SOCIAL_CARE).first() or (
        ServiceFactory(organisation=council, kind=Service.Kind.CHILDRENS_SOCIAL_CARE, name="Children's social care")
    )
    team = TeamFactory(service=service, name="Sefton children's social work team")
    return PractitionerFactory(username="sefton.sw", role=Practitioner.Role.SOCIAL_WORKER, team=team,
                               first_name="Sam", last_name="Worker")


@pytest.fixture
def signed_in(client, health_visitor, family):
    """The health visitor, signed in, with the whole family on her caseload."""
    put_on_caseload(health_visitor, *[p for p in family.values() if isinstance(p, Person)])
    client.force_login(health_visitor)
    return client


@pytest.fixture
def national_flag_types(transactional_db):
    """Tests on a transactional database (browser journeys, concurrent requests, seeding) run on
    tables emptied after each test, rows written by data migrations included: put the national
    flag types back (recording a legal status raises its flag, so they are always needed)."""
    from django.apps import apps

    migration = importlib.import_module("thinkfamily.flags.migrations.0002_national_flag_types")
    migration.add_types(apps, None)


@pytest.fixture(autouse=True)
def _let_transactional_tests_empty_the_audit_table(request):
    """Transactional tests (browser journeys with live_server) end by emptying every table,
    which the audit table's append-only triggers refuse. Around such tests only, put the
    triggers back before the test and take them off just before the tables are emptied."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        yield
        return
    from django.db import connection

    from thinkfamily.core import audit_chain

    request.getfixturevalue("transactional_db")  # set up first, so torn down after this fixture
    audit_chain.install_triggers(connection)
    yield
    audit_chain.drop_triggers(connection)


_PRODUCTION_CHECK = pytest.StashKey[list]()


@pytest.fixture
def production_check_report(request):
    """Lines the production check (tests/config/test_production.py) prints at the end of the run."""
    return request.config.stash.setdefault(_PRODUCTION_CHECK, [])


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(_PRODUCTION_CHECK, [])
    if lines:
        terminalreporter.write_sep("-", "production check")
        for line in lines:
            terminalreporter.write_line(line)
