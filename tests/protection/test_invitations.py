"""The agencies invited to a conference are found from the family record (R5.1; review §3.8:
GPs, sexual health and CAMHS were not invited): every service that knows one of the children
concerned, their brothers and sisters (an unborn one too), or their parents, through a caseload,
an episode of care or a GP registration. Never the council's own social care, which convenes
it, nor a service that knows only someone outside the family. Each invited agency is told in
its inbox, with a link to its invitation. Over the shapes of family the family record takes:
no other children, several, an unborn sibling, no recorded parents."""

import datetime

import pytest

from tests.cast import practitioner, put_on_caseload, register_with, works_with
from tests.factories import OrganisationFactory, PersonFactory
from tests.family_shapes import NAMED_SHAPES, build
from tests.protection.scenes import at, discussion, initial_conference, open_episode
from thinkfamily.core import clock
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.protection import queries
from thinkfamily.protection.models import Invitation

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
DAY = datetime.date(2026, 3, 2)
SHAPES = {
    "no other children": NAMED_SHAPES[0],
    "several other children": NAMED_SHAPES[2],
    "an unborn sibling": NAMED_SHAPES[4],
    "no recorded parents": NAMED_SHAPES[5],
}


def _agency(name: str, role: str, kind: str) -> Practitioner:
    """A practitioner of a service of its own (each agency a different organisation)."""
    organisation = OrganisationFactory(name=f"{name} organisation", kind=(
        Organisation.Kind.GP_PRACTICE if kind == Service.Kind.GENERAL_PRACTICE else Organisation.Kind.NHS_TRUST))
    return practitioner(name, role, organisation, kind, service_name=f"{name} service")


@pytest.mark.req("R5.1")
@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_every_agency_that_knows_the_children_or_their_parents_is_invited_and_told(shape, social_worker):
    with clock.travel_to(at(DAY - datetime.timedelta(days=30))):
        family = build(shape)
    subject = family.subject
    expected = {}
    gp = _agency("gp", Role.GP, Service.Kind.GENERAL_PRACTICE)
    register_with(gp.organisation, subject)
    expected[gp.team.service_id] = gp
    for i, other in enumerate(family.other_children):
        if other.is_unborn:
            health_visitor = _agency(f"hv{i}", Role.HEALTH_VISITOR, Service.Kind.HEALTH_VISITING)
            put_on_caseload(health_visitor, other)  # the antenatal contact
            expected[health_visitor.team.service_id] = health_visitor
        else:
            nurse = _agency(f"sn{i}", Role.SCHOOL_NURSE, Service.Kind.SCHOOL_NURSING)
            put_on_caseload(nurse, other)
            expected[nurse.team.service_id] = nurse
    for i, parent in enumerate(p for p in (family.mother, family.father) if p is not None):
        worker = _agency(f"amh{i}", Role.ADULT_MH_PRACTITIONER, Service.Kind.ADULT_MENTAL_HEALTH)
        open_episode(parent, worker, DAY - datetime.timedelta(days=60))
        expected[worker.team.service_id] = worker
    # A service that knows only a stranger, and the council's own social care: not invited.
    stranger_service = _agency("other", Role.ADULT_MH_PRACTITIONER, Service.Kind.ADULT_MENTAL_HEALTH)
    open_episode(PersonFactory(kind="adult", given_name="Zed", family_name="Stranger",
                               date_of_birth=datetime.date(1980, 1, 1)), stranger_service, DAY)
    works_with(social_worker, subject)

    strategy = discussion(social_worker, subject, DAY)
    conference = initial_conference(social_worker, strategy, DAY + datetime.timedelta(days=14))

    invited = {invitation.service_id: invitation for invitation in Invitation.objects.filter(conference=conference)}
    assert set(invited) == set(expected), shape.describe()
    assert invited[gp.team.service_id].known_through_id is None  # the GP knows the child
    for service_id, staff in expected.items():
        told = Notification.objects.get(recipient=staff, cause=Notification.Cause.CONFERENCE_INVITATION)
        assert told.link == f"/child-protection/invitations/{invited[service_id].pk}/"
        assert subject.full_name in told.message


@pytest.mark.req("R5.1")
def test_each_agency_is_listed_once_with_every_reason_and_the_childrens_first(family, social_worker, gp,
                                                                             health_visitor, camhs):
    liam, mia, sarah = family["liam"], family["mia"], family["sarah"]
    register_with(gp.organisation, liam, mia, sarah)
    put_on_caseload(health_visitor, liam, mia)
    open_episode(sarah, camhs, DAY)  # not how CAMHS works, but a service that knows only the mother

    with clock.travel_to(at(DAY)):
        agencies = queries.agencies_that_know([liam])

    by_service = {candidate.service.pk: candidate for candidate in agencies}
    assert set(by_service) == {gp.team.service_id, health_visitor.team.service_id, camhs.team.service_id}
    practice = by_service[gp.team.service_id]
    assert practice.known_through is None
    assert any(reason.startswith("Liam:") for reason in practice.reasons)
    assert any("Mia" in reason for reason in practice.reasons) and any("Sarah" in r for r in practice.reasons)
    assert by_service[camhs.team.service_id].known_through == sarah
    assert agencies[-1].service.pk == camhs.team.service_id  # known only through the family: last
