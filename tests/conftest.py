"""The cast, as the job speaks of them (the health visitor, the child's GP, the ED nurse, the
MASH worker, the safeguarding lead, the children-in-care nurse, CAMHS, the child's social
worker, someone from another area), and a family to work with. Everyone is built by
tests.cast.practitioner; anyone else a test needs, it builds there too."""

import datetime
import importlib

import pytest

from tests.cast import organisation, practitioner, put_on_caseload
from tests.factories import HouseholdFactory, PersonFactory, live_together, relate
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.models import Person

Role = Practitioner.Role


@pytest.fixture
def council(db):
    """Sefton Council, the local authority of the area, with its numbers to ring."""
    return organisation("SEFTON", phone="0151 496 0000", out_of_hours_phone="0151 496 0999")


@pytest.fixture
def health_visitor(db):
    """Helen, of the Bootle health visiting team of North West Boroughs (the trust)."""
    return practitioner("hv", Role.HEALTH_VISITOR, "RTV", Service.Kind.HEALTH_VISITING,
                        team="Bootle health visiting team", service_name="Health visiting", service_phone="",
                        first_name="Helen", last_name="Visitor")


@pytest.fixture
def ed_nurse(db):
    """Emma, a nurse of Southport ED (Southport and Ormskirk Hospitals)."""
    return practitioner("ed", Role.ED_NURSE, "RVY", Service.Kind.EMERGENCY_DEPARTMENT, team="Southport ED",
                        service_name="Ed", service_phone="", first_name="Emma", last_name="Nurse")


@pytest.fixture
def gp(db):
    """A GP of Crosby Village Surgery: the child's GP once the child is registered there
    (``tests.cast.register_with(gp.organisation, child)``)."""
    return practitioner("gp", Role.GP, "N82001", Service.Kind.GENERAL_PRACTICE, team="Crosby Village Surgery")


@pytest.fixture
def mash_worker(council):
    """A social worker of Sefton Council's MASH."""
    return practitioner("mash", Role.MASH_SOCIAL_WORKER, council, Service.Kind.MASH, team="Sefton MASH")


@pytest.fixture
def other_area_mash_worker(db):
    """Someone from another area: a social worker of Liverpool City Council's MASH."""
    return practitioner("mash2", Role.MASH_SOCIAL_WORKER, "LPOOL", Service.Kind.MASH, team="Liverpool MASH")


@pytest.fixture
def safeguarding_lead(db):
    """The safeguarding lead of North West Boroughs, the health visitor's trust."""
    return practitioner("lead", Role.SAFEGUARDING_LEAD, "RTV", Service.Kind.SAFEGUARDING, team="Safeguarding team")


@pytest.fixture
def cic_nurse(council):
    """A nurse of the children-in-care health team of North West Boroughs, which Sefton
    Council commissions (so she serves Sefton's children in care)."""
    nurse = practitioner("cic", Role.CIC_NURSE, "RTV", Service.Kind.CHILDREN_IN_CARE,
                         team="Children in care health team")
    nurse.organisation.commissioned_by.add(council)
    return nurse


@pytest.fixture
def camhs(db):
    """A practitioner of Sefton CAMHS, at Alder Hey."""
    return practitioner("camhs", Role.CAMHS_PRACTITIONER, "RBS", Service.Kind.CAMHS, team="Sefton CAMHS")


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


@pytest.fixture
def social_worker(council):
    """Sam, a social worker of Sefton Council's children's social care: the child's social
    worker once the child is on their caseload (``tests.cast.works_with``), which is what lets
    them record the child's legal statuses."""
    return practitioner("sefton.sw", Role.SOCIAL_WORKER, council, Service.Kind.CHILDRENS_SOCIAL_CARE,
                        team="Sefton children's social work team", service_phone="", first_name="Sam",
                        last_name="Worker")


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
