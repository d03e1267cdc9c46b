"""The scene of the concern tests: Helen, a health visitor of North West Boroughs with Liam, an
unborn baby and a 17-year-old on her caseload; her team manager; the trust's safeguarding lead;
a practitioner of another trust; and a concern written in one of Helen's case notes."""

import datetime

from tests.cast import practitioner, put_on_caseload
from tests.factories import PersonFactory, PractitionerFactory
from thinkfamily.casenotes import services as casenotes
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.referrals.models import Concern

Role = Practitioner.Role
CONCERN = "Liam said Dean hit his mum last night; Liam hid under the bed. Social care may need to be involved."


def concern_world(family, health_visitor, safeguarding_lead) -> dict:
    today = clock.today()
    unborn = PersonFactory(kind="unborn", given_name="", family_name="Roberts", date_of_birth=None, sex="",
                           expected_delivery_date=today + datetime.timedelta(days=90))
    seventeen = PersonFactory(given_name="Kayla", family_name="Walsh", sex="female",
                              date_of_birth=today.replace(year=today.year - 17) - datetime.timedelta(days=30))
    put_on_caseload(health_visitor, family["liam"], family["sarah"], unborn, seventeen)
    manager = PractitionerFactory(username="hvtm", role=Role.TEAM_MANAGER, team=health_visitor.team,
                                  first_name="Tina", last_name="Manager")
    colleague = practitioner("hv2", Role.HEALTH_VISITOR, "RTV", Service.Kind.HEALTH_VISITING,
                             team="Crosby health visiting team", service_name="Health visiting", service_phone="",
                             first_name="Cora", last_name="Colleague")
    stranger = practitioner("sn2", Role.SCHOOL_NURSE, "RBS", Service.Kind.SCHOOL_NURSING, team="Other school nursing",
                            first_name="Olive", last_name="Other")
    return {**family, "hv": health_visitor, "lead": safeguarding_lead, "manager": manager, "colleague": colleague,
            "stranger": stranger,
            "unborn": unborn, "seventeen": seventeen}


def note_with_concern(world, child, when, description=CONCERN):
    """Helen writes a case note about ``child`` at ``when`` that records a concern; returns the concern."""
    with clock.travel_to(when):
        note = casenotes.write_case_note(Auditor(world["hv"]), world["hv"], child, title="Home visit",
                                         body="Visited at home.", concern=True, concern_description=description)
    return Concern.objects.get(source_type="casenotes.CaseNote", source_id=str(note.pk))
