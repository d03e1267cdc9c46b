"""The people of the attendance tests: the ED's ward manager, a paediatric liaison nurse of the
same hospital and one of another, an adult mental health practitioner, young people of 16, 17
and 18, and a pregnancy."""

import datetime

from dateutil.relativedelta import relativedelta

from tests.cast import practitioner, put_on_caseload
from tests.factories import PersonFactory, relate
from thinkfamily.core import clock
from thinkfamily.organisations.models import Practitioner, Service

Role = Practitioner.Role


def adults_only(world) -> Service:
    service = world["ed"].team.service
    service.adults_only = True
    service.save()
    return service


def ward_manager(world):
    return practitioner("edwm", Role.WARD_MANAGER, "RVY", Service.Kind.EMERGENCY_DEPARTMENT,
                        service_name="Southport and Formby ED", team="Southport ED managers")


def liaison_nurse(org="RVY", username="pln"):
    return practitioner(username, Role.PAEDIATRIC_LIAISON, org, Service.Kind.PAEDIATRICS,
                        service_name="Paediatric liaison", team=f"Paediatric liaison {org}", first_name="Pat",
                        last_name="Liaison")


def adult_mental_health(*people):
    worker = practitioner("amh", Role.ADULT_MH_PRACTITIONER, "RW4", Service.Kind.ADULT_MENTAL_HEALTH,
                          service_name="Sefton community mental health team", team="Sefton CMHT")
    put_on_caseload(worker, *people)
    return worker


def young_person(years: int, name="Kyle"):
    born = clock.today() - relativedelta(years=years, days=20)
    kind = "adult" if years >= 18 else "child"
    return PersonFactory(kind=kind, given_name=name, family_name="Young", date_of_birth=born, sex="male")


def pregnancy(mother, weeks_to_go=30):
    unborn = PersonFactory(kind="unborn", given_name="Baby", family_name=mother.family_name, date_of_birth=None,
                           expected_delivery_date=clock.today() + datetime.timedelta(weeks=weeks_to_go),
                           sex="not_known", nhs_number=None)
    relate(unborn, mother, "mother")
    return unborn


def midwife(*women):
    worker = practitioner("mwife", Role.MIDWIFE, "RVY", Service.Kind.MATERNITY,
                          service_name="Southport community midwifery", team="Southport midwives")
    put_on_caseload(worker, *women)
    return worker
