"""The scene of the referral tests: Liam brought to Southport ED, Emma his nurse and her ward,
the trust's safeguarding lead, Sefton's MASH and Liverpool's; and the steps of a referral
(a concern, its draft, sending it, the MASH's decision)."""

import datetime
import zoneinfo

from django.utils import timezone

from tests.cast import practitioner
from tests.factories import OrganisationFactory, PractitionerFactory
from thinkfamily.access import permissions
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import ParentalResponsibility
from thinkfamily.referrals.models import Outcome, Referral
from thinkfamily.referrals.services import lifecycle as services

Role = Practitioner.Role
LONDON = zoneinfo.ZoneInfo("Europe/London")

ONLY_THE_MOTHERS_DRINKING = (
    "Mother attended ED intoxicated, smelling of alcohol and shouting at staff. She says she has been drinking "
    "heavily since her partner left and drinks every day."
)
GOOD = dict(
    presenting_concern="Liam (7) was brought to ED at 23:40 by his mother Sarah, who was drunk and unsteady.",
    risk_to_child="Liam is at risk of neglect and harm: when Sarah is drunk there is no sober adult to care for Liam "
    "and his sister Mia overnight, and Liam says he makes his own tea. This is likely to continue: Sarah says she "
    "drinks every day.",
    impact_on_child="Liam is tired and hungry at school, has missed 12 days this term, and is frightened at night.",
    voice_of_child="Liam said: 'Mummy sleeps on the sofa and I make toast for me and Mia.' He was quiet and watchful.",
    parental_responsibility="Sarah Roberts (birth mother)",
    other_children="",
    domestic_abuse=False,
    parental_substance_misuse=True,
    parental_mental_ill_health=False,
    level_of_need="3",
)


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def near(moment, expected) -> bool:
    """``clock.travel_to`` moves on with real time: a moment written inside it is a few
    milliseconds after the one travelled to."""
    return moment is not None and datetime.timedelta(0) <= moment - expected < datetime.timedelta(seconds=10)


def mash_worker_of(council, username):
    """Marcus, a social worker of the council's MASH."""
    return practitioner(username, Role.MASH_SOCIAL_WORKER, council, Service.Kind.MASH, service_phone="",
                        team=f"{council.name} MASH team", first_name="Marcus", last_name=username.title())


def referral_world(family, ed_nurse, council) -> dict:
    """Liam's family; Emma, an ED nurse at Southport with Liam in front of her (an open ED
    episode); her ward manager; a nurse and manager of another ward of the same trust; the
    trust's safeguarding lead; Sefton's MASH (commissioning the trust) and Liverpool's."""
    liam, sarah = family["liam"], family["sarah"]
    ParentalResponsibility.objects.create(child=liam, holder=sarah, basis="birth_mother", start_date=liam.date_of_birth)
    trust = ed_nurse.team.service.organisation
    trust.commissioned_by.add(council)
    EpisodeOfCare.objects.create(
        person=liam, service=ed_nurse.team.service, start_at=timezone.now() - datetime.timedelta(hours=2)
    )
    ward_manager = PractitionerFactory(
        username="wm", role=Role.WARD_MANAGER, team=ed_nurse.team, first_name="Wendy", last_name="Manager"
    )
    other_nurse = practitioner("ward2", Role.ED_NURSE, trust, Service.Kind.PAEDIATRICS, service_name="Paediatrics",
                               service_phone="", team="Ormskirk children's ward", first_name="Olga")
    other_manager = PractitionerFactory(username="wm2", role=Role.WARD_MANAGER, team=other_nurse.team,
                                        first_name="Owen")
    lead = practitioner("lead", Role.SAFEGUARDING_LEAD, trust, Service.Kind.SAFEGUARDING, service_name="Safeguarding",
                        service_phone="", team="Trust safeguarding team", first_name="Lesley", last_name="Lead")
    liverpool = OrganisationFactory(
        code="LIVERPOOL", name="Liverpool City Council", kind=Organisation.Kind.LOCAL_AUTHORITY
    )
    return {
        **family,
        "nurse": ed_nurse,
        "ward_manager": ward_manager,
        "other_nurse": other_nurse,
        "other_manager": other_manager,
        "lead": lead,
        "trust": trust,
        "council": council,
        "mash": mash_worker_of(council, "mash"),
        "liverpool": liverpool,
        "liverpool_mash": mash_worker_of(liverpool, "mash_lpool"),
    }


def seen_by(nurse, child, when):
    """The nurse has the child's record open at ``when``: an ED nurse by a point-of-care lookup
    just before (what opens the record to her department, to read and to refer)."""
    with clock.travel_to(when):
        seen = permissions.may(nurse, "referrals.make_referral", child)
    if not seen:
        EpisodeOfCare.objects.create(
            person=child, service=nurse.team.service, kind=EpisodeOfCare.Kind.LOOKUP,
            start_at=when - datetime.timedelta(minutes=30), end_at=when + datetime.timedelta(hours=72),
        )


def raise_referral(nurse, child, *, when, linked=None, **answers) -> Referral:
    """A concern recorded at ``when`` and its draft completed with ``answers``."""
    seen_by(nurse, child, when)
    with clock.travel_to(when):
        referral = services.record_concern(Auditor(nurse), child, description=answers.get("presenting_concern", "x"))
        if answers or linked is not None:
            fields = {**GOOD, **answers}
            services.update_draft(
                Auditor(nurse),
                referral,
                expected_version=referral.version,
                linked_children=linked if linked is not None else list(referral.linked_children.all()),
                **fields,
            )
    return referral


def send(nurse, referral, when) -> Referral:
    with clock.travel_to(when):
        return services.send_referral(Auditor(nurse), referral, expected_version=referral.version)


def sent_referral(world, *, concern_at=None, sent_at=None, nurse=None, **answers) -> Referral:
    concern_at = concern_at or at(2026, 11, 19, 10)
    nurse = nurse or world["nurse"]
    referral = raise_referral(nurse, world["liam"], when=concern_at, **({**GOOD, **answers}))
    return send(nurse, referral, sent_at or concern_at + datetime.timedelta(hours=1))


def decide(world, referral, outcome=Outcome.SECTION_47, when=None):
    mash = Auditor(world["mash"])
    with clock.travel_to(when or referral.sent_at + datetime.timedelta(hours=2)):
        services.acknowledge(mash, referral)
        services.record_decision(mash, referral, decision="Strategy discussion today with police and health.")
        return services.record_outcome(mash, referral, outcome=outcome)
