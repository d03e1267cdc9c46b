"""The scene of the point-of-care lookup tests: Liam on a child protection plan, an ED nurse at
Southport, his social worker, the MASH, a midwife and his GP practice; looking him up on the
page, and an API token for the ED's system."""

import datetime
import io

from django.core.management import call_command

from tests.cast import practitioner, put_on_caseload
from thinkfamily.core.audit import Auditor
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.models import GPRegistration

Role = Practitioner.Role
LOOKUP = "/lookup/"
API = "/api/v1/lookup"


def lookup_world(family, council, health_visitor) -> dict:
    """Liam on a child protection plan (neglect) with Sefton; an ED nurse at Southport and
    Formby ED; Liam's social worker; the Sefton MASH; a midwife; his GP practice."""
    ed = practitioner("ed", Role.ED_NURSE, "RVY", Service.Kind.EMERGENCY_DEPARTMENT,
                      service_name="Southport and Formby ED", service_phone="", team="Southport and Formby ED team",
                      team_phone="0151 496 0500", first_name="Emma", last_name="Nurse")
    social_worker = practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", Service.Kind.CHILDRENS_SOCIAL_CARE,
                                 service_name="Sefton children's social care", service_phone="",
                                 team="Sefton children's social care team", team_phone="0151 496 0500",
                                 first_name="Sam", last_name="Worker")
    mash = practitioner("mash", Role.MASH_SOCIAL_WORKER, "SEFTON", Service.Kind.MASH, service_name="Sefton MASH",
                        service_phone="", team="Sefton MASH team", team_phone="0151 496 0500", first_name="Mo",
                        last_name="Hub")
    midwife = practitioner("mw", Role.MIDWIFE, "REP", Service.Kind.MATERNITY,
                           service_name="Liverpool Women's delivery suite", service_phone="",
                           team="Liverpool Women's delivery suite team", team_phone="0151 496 0500", first_name="Mary",
                           last_name="Midwife")
    gp_lead = practitioner("gplead", Role.PRACTICE_SAFEGUARDING_LEAD, "N82001", Service.Kind.GENERAL_PRACTICE,
                           service_name="Crosby Village Surgery", service_phone="", team="Crosby Village Surgery team",
                           team_phone="0151 496 0500", first_name="Gina", last_name="Doctor")
    liam, mia = family["liam"], family["mia"]
    for child in (liam, mia):
        GPRegistration.objects.create(person=child, practice=gp_lead.organisation, start_date=datetime.date(2023, 4, 1))
    put_on_caseload(health_visitor, liam, mia)
    legal_status_services.record_legal_status(  # the council's record, loaded before the story starts
        Auditor.system("Sefton Council's case record"), liam, status="child_protection_plan", change="start",
        effective_date=datetime.date(2025, 9, 2), cp_category="neglect", responsible_authority=council,
    )
    Notification.objects.all().delete()  # the plan's own notifications are another rule's
    return {**family, "ed": ed, "social_worker": social_worker, "mash": mash, "midwife": midwife,
            "gp_lead": gp_lead, "health_visitor": health_visitor, "council": council}


def look_up(client, user, nhs_number):
    client.force_login(user)
    return client.post(LOOKUP, {"nhs_number": nhs_number})


def make_token(user) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", user.username, "--name", "Southport ED system", stdout=out, stderr=err)
    return out.getvalue().strip()
