"""The record page as a practitioner reads it (issue 15): it opens on what matters now (flags,
what is due or overdue from every module, who is working with the person and how to reach
them), then a contents list to every section, with the actions this user may take in groups;
an adult's header says nothing of a legal status; an unborn baby is due, not born; a pregnant
woman's record shows her unborn baby's referrals; corrections name fields in words."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.cast import practitioner, put_on_caseload, register_with, works_with
from tests.family_shapes import NAMED_SHAPES, FamilyShape, build, rolled_back
from tests.home.due import due_for
from tests.lac.scenes import children_in_care_team, enter_care
from tests.pages import text
from tests.referrals.scenes import raise_referral, send
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.organisations.models import EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import Person
from thinkfamily.people.services.persons import correct_person

pytestmark = pytest.mark.django_db
Role = Practitioner.Role


def record(client, person):
    response = client.get(reverse("people:record", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def part(markup: str, testid: str) -> str:
    """The element marked ``data-testid=testid`` (to its closing tag of the same name)."""
    start = re.search(rf'<(\w+)[^>]*data-testid="{testid}"', markup)
    assert start, f"no {testid}"
    tag = start.group(1)
    end = markup.index(f"</{tag}>", start.start())
    return markup[start.start():end]


def contents(markup: str) -> list[str]:
    return re.findall(r'class="nhsuk-contents-list__link" href="#([\w-]+)"', part(markup, "record-contents"))


def action_groups(markup: str) -> dict[str, list[str]]:
    """The record's actions, {group heading: [link texts]}."""
    nav = part(markup, "record-actions")
    groups = re.findall(r"<h3[^>]*>(.*?)</h3>\s*<ul[^>]*>(.*?)</ul>", nav, re.S)
    return {heading: [text(link) for link in re.findall(r"<a [^>]*>(.*?)</a>", links, re.S)]
            for heading, links in groups}


def position(markup: str, anchor: str) -> int:
    found = markup.find(f'id="{anchor}"')
    assert found >= 0, f"no section {anchor}"
    return found


@pytest.fixture
def team(council, cic_nurse, camhs):
    team = children_in_care_team(council, cic_nurse, camhs)
    team["sw"].phone = "0151 934 4000"
    team["sw"].save()
    return team


@pytest.fixture
def looked_after(team, family):
    """Liam came into care 60 days ago: his initial health assessment is overdue; his social
    worker has him on her caseload."""
    liam = family["liam"]
    enter_care(team, liam, clock.today() - datetime.timedelta(days=60))
    return liam


def test_a_looked_after_childs_record_opens_on_his_overdue_health_assessment(client, team, looked_after):
    client.force_login(team["cic"])
    page = record(client, looked_after)

    now = part(page, "what-matters-now")
    assert "What matters now" in text(now)
    due = text(part(page, "now-due"))
    assert "Initial health assessment" in due and "Overdue" in due
    assessment = looked_after.health_assessments.get()
    assert reverse("lac:assessment", args=[assessment.pk]) in part(page, "now-due")
    people = part(page, "now-people")
    assert "Sw Practitioner, Social worker" in text(people, tidy=True) and 'href="tel:01519344000"' in people

    listed = contents(page)
    assert listed[:3] == ["now", "working-with", "flags"]
    assert "health-assessments" in listed and listed.index("health-assessments") < listed.index("family")
    for anchor in listed:
        position(page, anchor)  # every entry of the contents leads to a section
    assert position(page, "health-assessments") < position(page, "family")
    assert position(page, "flags") < position(page, "family")
    assert position(page, "now") < position(page, "working-with")


def test_nothing_due_is_said_in_one_sentence(client):
    with rolled_back():
        family = build(FamilyShape(parents="none", full_siblings=1, lives_with_parents=False))
        child = family.subject
        put_on_caseload(practitioner("hv2", Role.HEALTH_VISITOR, "RTV", Service.Kind.HEALTH_VISITING), child)
        client.force_login(_viewer_with_caseload(child))
        page = record(client, child)
        assert text(part(page, "now-due")) == (
            f"Nothing is due or overdue for {child.given_name} in the services you can see.")
        assert text(part(page, "now-flags")).startswith("No current flags")


def _viewer_with_caseload(person):
    nurse = practitioner("sn9", Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING)
    put_on_caseload(nurse, person)
    return nurse


def test_a_child_on_a_protection_plan_shows_the_flag_in_what_matters_now(client, family, council, social_worker):
    liam = family["liam"]
    record_legal_status(works_with(social_worker, liam), liam, status="child_protection_plan", change="start",
                        effective_date=clock.today() - datetime.timedelta(days=3), cp_category="neglect",
                        responsible_authority=council)
    client.force_login(social_worker)
    page = record(client, liam)
    assert text(part(page, "now-flags")).startswith("1 current flag")
    assert 'href="#flags"' in part(page, "now-flags")
    assert "Child protection plan" in text(part(page, "header-legal-status"))


@pytest.mark.parametrize("shape", NAMED_SHAPES, ids=lambda shape: shape.describe())
def test_every_shape_of_record_has_its_contents_and_a_true_header(client, ed_nurse, shape):
    with rolled_back():
        family = build(shape)
        subject = family.subject
        EpisodeOfCare.objects.create(
            person=subject, service=ed_nurse.team.service, kind=EpisodeOfCare.Kind.LOOKUP,
            start_at=clock.now() - datetime.timedelta(hours=1), end_at=clock.now() + datetime.timedelta(hours=71),
        )
        client.force_login(ed_nurse)
        page = record(client, subject)
        for anchor in contents(page):
            position(page, anchor)
        header = part(page, "person-header")
        if subject.kind == Person.Kind.ADULT:
            assert "Legal status" not in text(header) and "No current legal status" not in text(header)
        else:
            assert text(part(page, "header-legal-status")) == "Legal status: None recorded"
        # Every table that may scroll can be reached with the keyboard, and says what it is.
        for container in re.findall(r'<div class="nhsuk-table-container"[^>]*>', page):
            assert 'tabindex="0"' in container and ("aria-labelledby=" in container or "aria-label=" in container)
        # Nothing of the page asks for a role list: the actions are only those this basis allows.
        offered = sum(action_groups(page).values(), [])
        for refused in ["Correct details", "Add a relationship", "Write a case note", "Record a legal status change"]:
            assert refused not in offered


def test_a_pregnant_womans_record_shows_her_unborn_baby_as_due_and_its_referrals(client, ed_nurse, council,
                                                                                   mash_worker):
    with rolled_back():
        family = build(FamilyShape(subject="unborn", parents="both"))
        unborn, mother = family.subject, family.mother
        ed_nurse.team.service.organisation.commissioned_by.add(council)
        referral = send(ed_nurse, raise_referral(ed_nurse, unborn, when=clock.now() - datetime.timedelta(hours=3),
                                                 mash=council), clock.now() - datetime.timedelta(hours=2))
        midwife = practitioner("mw", Role.MIDWIFE, "REP", Service.Kind.MATERNITY)
        put_on_caseload(midwife, mother, unborn)
        client.force_login(midwife)
        page = record(client, mother)

        children = text(part(page, "children"))
        assert f"Due {unborn.expected_delivery_date.day}" in children and "Unborn" in children
        assert "Born" not in children.replace("Born or due", "")
        referrals = text(part(page, "record-referrals"))
        assert unborn.full_name in referrals and "No referrals" not in referrals
        assert "Referral to the MASH about" in text(part(page, "now-due"))
        assert "header-legal-status" not in part(page, "person-header")

        # Someone who may open her record but not her baby's is not shown the baby's referral.
        outsider = practitioner("amh", Role.ADULT_MH_PRACTITIONER, "RW4", Service.Kind.ADULT_MENTAL_HEALTH)
        put_on_caseload(outsider, mother)
        client.force_login(outsider)
        page = record(client, mother)
        assert client.get(reverse("people:record", args=[unborn.pk])).status_code in (403, 404)
        assert 'id="referrals"' not in page and reverse("referrals:detail", args=[referral.pk]) not in page


def test_corrections_name_the_fields_in_words(client, signed_in, family, health_visitor):
    liam = family["liam"]
    correct_person(Auditor(actor=health_visitor), liam, expected_version=liam.version, reason="Birth certificate seen",
                   date_of_birth=datetime.date(2019, 3, 15), nhs_number="9434765919")
    revisions = text(part(record(signed_in, liam), "revisions"))
    assert "date of birth" in revisions and "NHS number" in revisions
    assert "_" not in revisions and "nhs number" not in revisions


ROLES_AND_BASES = ["health_visitor", "gp", "ed_nurse", "cic_nurse", "social_worker", "mash_worker"]


@pytest.mark.parametrize("who", ROLES_AND_BASES)
def test_every_action_offered_opens_for_the_role_offered_it(client, request, family, looked_after, team, who):
    """Actions are grouped, and each one offered is one the role may complete: its page opens
    (an ED nurse or a GP is not offered what would refuse them)."""
    user = request.getfixturevalue(who)
    liam = looked_after
    if who == "health_visitor":
        put_on_caseload(user, liam)
    elif who == "gp":
        register_with(user.organisation, liam)
    elif who == "ed_nurse":
        EpisodeOfCare.objects.create(
            person=liam, service=user.team.service, kind=EpisodeOfCare.Kind.LOOKUP,
            start_at=clock.now() - datetime.timedelta(hours=1), end_at=clock.now() + datetime.timedelta(hours=71),
        )
    elif who == "social_worker":
        works_with(user, liam)
    client.force_login(user)
    page = record(client, liam)
    groups = action_groups(page)
    assert groups and set(groups) <= {"Record", "Safeguarding", "Family and address", "Caseload and care", "See also"}
    assert groups["See also"][0] == "Chronology of significant events"
    # Discharge is offered only to a team that has Liam on its caseload.
    assert ("Discharge from my team's caseload" in groups.get("Caseload and care", [])) == (
        who in {"health_visitor", "social_worker"})
    nav = part(page, "record-actions")
    for href in re.findall(r'<a href="([^"]+)"', nav):
        response = client.get(href)
        assert response.status_code == 200, f"{who}: {href} answered {response.status_code}"


def test_what_matters_now_gathers_a_mash_request_and_an_assessment_overdue_first(signed_in, family, health_visitor,
                                                                                   mash_worker):
    liam = family["liam"]
    request_obj, _draft, _assessment = due_for(health_visitor, mash_worker, liam, now=clock.now())
    page = record(signed_in, liam)
    items = re.findall(r'data-testid="now-due-item">(.*?)</li>', part(page, "now-due"), re.S)
    said = [text(item) for item in items]
    assert any(s.startswith(f"MASH information request to {health_visitor.team.service.name}") and "Overdue" in s
               for s in said), said
    assert any(s.startswith("Initial health assessment") and "Overdue" in s for s in said), said
    assert reverse("referrals:mash_request", args=[request_obj.pk]) in part(page, "now-due")
    overdue = ["Overdue" in s for s in said]
    assert overdue == sorted(overdue, reverse=True)  # overdue work first
