"""The cast: the organisations of the area and the practitioners the tests talk about, built
one way. The named ones (the health visitor, the child's GP, the MASH worker...) are fixtures
in tests/conftest.py; a test that needs someone else, or another team, builds them here with
``practitioner``. ``works_with`` and ``put_on_caseload`` give a practitioner the children they
work with; ``register_with`` and ``on_a_child_protection_plan`` record what ties a child to a
GP practice and a council before a story starts."""

import datetime

from tests.factories import OrganisationFactory, PractitionerFactory, ServiceFactory, TeamFactory
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import CaseloadMembership, Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatusEntry

Kind = Organisation.Kind

# The organisations of the area, by code, as the tests name them.
AREA = {
    "SEFTON": ("Sefton Council", Kind.LOCAL_AUTHORITY),
    "LPOOL": ("Liverpool City Council", Kind.LOCAL_AUTHORITY),
    "WIRRAL": ("Wirral Council", Kind.LOCAL_AUTHORITY),
    "RTV": ("North West Boroughs Healthcare NHS Foundation Trust", Kind.NHS_TRUST),
    "RVY": ("Southport and Ormskirk Hospitals NHS Trust", Kind.NHS_TRUST),
    "RBS": ("Alder Hey Children's NHS Foundation Trust", Kind.NHS_TRUST),
    "REP": ("Liverpool Women's NHS Foundation Trust", Kind.NHS_TRUST),
    "RW4": ("Mersey Care NHS Foundation Trust", Kind.NHS_TRUST),
    "RY7": ("Wirral Community Health and Care NHS Foundation Trust", Kind.NHS_TRUST),
    "WIRRAL-CIC": ("Wirral Community NHS Trust", Kind.NHS_TRUST),
    "N82001": ("Crosby Village Surgery", Kind.GP_PRACTICE),
    "N82002": ("Bootle Docks Surgery", Kind.GP_PRACTICE),
    "N84001": ("Bootle Village Surgery", Kind.GP_PRACTICE),
    "01T": ("NHS South Sefton CCG", Kind.CCG),
}
TRUST = AREA["RTV"][0]
ALDER_HEY = AREA["RBS"][0]
SOUTHPORT = AREA["RVY"][0]
SERVICE_PHONE = "0151 496 0123"


def organisation(code: str, name: str | None = None, kind: str | None = None, **fields) -> Organisation:
    """The organisation with this code (made on first use): one of the AREA's, or any other
    with its name and kind."""
    known_name, known_kind = AREA.get(code, (None, Kind.NHS_TRUST))
    if name or known_name:
        fields["name"] = name or known_name
    return OrganisationFactory(code=code, kind=kind or known_kind, **fields)


def service(of: Organisation, kind: str, name: str | None = None, phone: str = SERVICE_PHONE) -> Service:
    """The organisation's service of this kind (and name, when one is given), made on first use
    (named by its kind unless a name is given)."""
    services = Service.objects.filter(organisation=of, kind=kind)
    if name is not None:
        services = services.filter(name=name)
    return services.first() or ServiceFactory(organisation=of, kind=kind, name=name or Service.Kind(kind).label,
                                              phone=phone)


def practitioner(username: str, role: str, of: Organisation | str, service_kind: str, *, team: str | None = None,
                 service_name: str | None = None, service_phone: str = SERVICE_PHONE, team_phone: str = "",
                 first_name: str | None = None, last_name: str = "Practitioner", **fields) -> Practitioner:
    """A practitioner of a new team (named ``team``) in the organisation's service of this kind
    (see ``service``). ``of`` is an organisation or an AREA code. Named after their username
    unless told otherwise; ``fields`` are the practitioner's own (phone, email...)."""
    if isinstance(of, str):
        of = organisation(of)
    team_fields = {"name": team} if team else {}
    new_team = TeamFactory(service=service(of, service_kind, service_name, service_phone), phone=team_phone,
                           **team_fields)
    return PractitionerFactory(username=username, role=role, team=new_team,
                               first_name=first_name or username.title(), last_name=last_name, **fields)


# Where each role works: (the kind of organisation, the kind of service).
ROLE_PLACES = {
    Practitioner.Role.HEALTH_VISITOR: (Kind.NHS_TRUST, Service.Kind.HEALTH_VISITING),
    Practitioner.Role.SCHOOL_NURSE: (Kind.NHS_TRUST, Service.Kind.SCHOOL_NURSING),
    Practitioner.Role.CAMHS_PRACTITIONER: (Kind.NHS_TRUST, Service.Kind.CAMHS),
    Practitioner.Role.MIDWIFE: (Kind.NHS_TRUST, Service.Kind.MATERNITY),
    Practitioner.Role.SOCIAL_WORKER: (Kind.LOCAL_AUTHORITY, Service.Kind.CHILDRENS_SOCIAL_CARE),
    Practitioner.Role.MASH_SOCIAL_WORKER: (Kind.LOCAL_AUTHORITY, Service.Kind.MASH),
    Practitioner.Role.CIC_NURSE: (Kind.NHS_TRUST, Service.Kind.CHILDREN_IN_CARE),
    Practitioner.Role.WARD_MANAGER: (Kind.NHS_TRUST, Service.Kind.EMERGENCY_DEPARTMENT),
    Practitioner.Role.SAFEGUARDING_LEAD: (Kind.NHS_TRUST, Service.Kind.SAFEGUARDING),
    Practitioner.Role.GP: (Kind.GP_PRACTICE, Service.Kind.GENERAL_PRACTICE),
    Practitioner.Role.ED_NURSE: (Kind.NHS_TRUST, Service.Kind.EMERGENCY_DEPARTMENT),
    Practitioner.Role.COMMISSIONER: (Kind.CCG, Service.Kind.SAFEGUARDING),
    Practitioner.Role.LOCAL_ADMINISTRATOR: (Kind.LOCAL_AUTHORITY, Service.Kind.CHILDRENS_SOCIAL_CARE),
}


def practitioner_as(role: str, username: str | None = None) -> Practitioner:
    """Someone in this role, in a service of its kind, of an organisation of their own."""
    organisation_kind, service_kind = ROLE_PLACES[role]
    return practitioner(username or f"u_{role}", role, OrganisationFactory(kind=organisation_kind), service_kind)


def put_on_caseload(practitioner: Practitioner, *people, since=datetime.date(2023, 4, 1)) -> None:
    """A place on the practitioner's caseload for each person, from ``since``."""
    for person in people:
        CaseloadMembership.objects.create(person=person, practitioner=practitioner, team=practitioner.team,
                                          start_date=since)


def works_with(practitioner: Practitioner, *people, since=datetime.date(2023, 4, 1)) -> Auditor:
    """The practitioner works with these people (their caseload) if not already: the basis on
    which, for instance, a child's social worker records the child's legal statuses. Returns
    an Auditor acting as the practitioner."""
    for person in people:
        CaseloadMembership.objects.get_or_create(
            person=person, practitioner=practitioner, team=practitioner.team, end_date=None,
            defaults={"start_date": since},
        )
    return Auditor(actor=practitioner, request_id="test")


def register_with(practice: Organisation, *children, since=datetime.date(2019, 4, 1)) -> None:
    """The children are registered with the GP practice from ``since``."""
    for child in children:
        GPRegistration.objects.create(person=child, practice=practice, start_date=since)


def on_a_child_protection_plan(child, council, *, since=datetime.date(2025, 9, 2), category="neglect"):
    """The council's record that the child is on a child protection plan, as loaded before the
    story starts: the row alone (no flag, notification or chronology event is written)."""
    return LegalStatusEntry.objects.create(person=child, status="child_protection_plan", change="start",
                                           effective_date=since, cp_category=category, responsible_authority=council)
