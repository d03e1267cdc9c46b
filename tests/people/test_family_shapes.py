"""The pages and services driven by the family record, over every shape of family
(tests/family_shapes.py): no other children, one, several, half-siblings, an unborn sibling,
no recorded parents, a 16-17-year-old, an unborn subject, an adult's record. Issue 11 #2: the
referral form answered 500 for every family but the one with exactly one other child, the only
shape the tests had used."""

import datetime
import html as html_lib
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings

from tests.cast import practitioner
from tests.family_shapes import NAMED_SHAPES, build, family_shapes, rolled_back
from tests.pages import text
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import LegalStatusEntry, Person
from thinkfamily.referrals.models import Concern, InformationRequest, Referral
from thinkfamily.referrals.services import family_record
from thinkfamily.referrals.services import lifecycle as services

pytestmark = pytest.mark.django_db
Role = Practitioner.Role

ANSWERS = {
    "presenting_concern": "Brought to ED at 23:40 by a parent who was drunk and unsteady.",
    "risk_to_child": "At risk of neglect: no sober adult to care for the children overnight, every night.",
    "impact_on_child": "Tired and hungry at school, frightened at night.",
    "voice_of_child": "Said: 'I make toast for everyone when Mum is asleep.'",
    "other_children": "",
    "parental_responsibility": "As on the record",
    "toxic_trio": ["parental_substance_misuse"],
    "level_of_need": "3",
}


def over_family_shapes(test):
    """Run ``test(..., shape)`` for each named shape and as many more as hypothesis draws."""
    wrapped = given(shape=family_shapes())(test)
    for shape in NAMED_SHAPES:
        wrapped = example(shape=shape)(wrapped)
    return settings(
        max_examples=5,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )(wrapped)


def open_episode(person, practitioner):
    """The ED nurse looked the child up an hour ago: the record is open to her to read, and to refer."""
    EpisodeOfCare.objects.create(
        person=person, service=practitioner.team.service, kind=EpisodeOfCare.Kind.LOOKUP,
        start_at=clock.now() - datetime.timedelta(hours=1), end_at=clock.now() + datetime.timedelta(hours=71),
    )


@pytest.mark.req("R4.1")
@over_family_shapes
def test_the_referral_form_saves_what_was_typed_for_every_shape_of_family(client, ed_nurse, mash_worker, shape):
    with rolled_back():
        family = build(shape)
        child = family.subject
        open_episode(child, ed_nurse)
        client.force_login(ed_nurse)
        concern = client.post(reverse("referrals:record_concern", args=[child.pk]), {"description": "Seen in ED."})
        if child.kind == Person.Kind.ADULT:
            assert concern.status_code == 404  # a referral to the MASH is about a child
            assert not Concern.objects.exists() and not Referral.objects.exists()
            return
        referral = Referral.objects.get(child=child)
        edit = reverse("referrals:edit", args=[referral.pk])
        form = text(client.get(edit))
        for other in family.other_children:
            assert other.full_name in form, shape.describe()
        adults = [p for p in family.people if p.kind == Person.Kind.ADULT]
        assert not any(f'value="{adult.pk}"' in client.get(edit).content.decode() for adult in adults)

        keep = family.other_children[::2]  # untick every other one
        response = client.post(edit, {
            **ANSWERS,
            "mash": mash_worker.team.service.organisation_id,
            "version": referral.version,
            "linked_children": [str(c.pk) for c in keep],
        })

        assert response.status_code == 302, f"{shape.describe()}: {response.status_code}"
        assert response.url == reverse("referrals:check", args=[referral.pk])
        referral.refresh_from_db()
        assert {c.pk for c in referral.linked_children.all()} == {c.pk for c in keep}
        assert referral.risk_to_child == ANSWERS["risk_to_child"]
        assert referral.parental_substance_misuse and not referral.domestic_abuse
        check = text(client.get(response.url))
        for linked in keep:
            assert linked.full_name in check
        left_at_home = [c for c in family.children_at_home if c not in keep]
        assert ("Name the other children in the household" in check) == bool(left_at_home), shape.describe()


@pytest.mark.req("R4.1")
@over_family_shapes
def test_a_concern_prefills_the_other_children_and_parental_responsibility(ed_nurse, mash_worker, shape):
    with rolled_back():
        family = build(shape)
        child = family.subject
        if child.kind == Person.Kind.ADULT:
            return  # refused: covered by the page test above
        open_episode(child, ed_nurse)
        referral = services.record_concern(Auditor(ed_nurse), child, description="Seen in ED.")
        assert {c.pk for c in referral.linked_children.all()} == {c.pk for c in family.other_children}
        for holder in family.pr_holders:
            assert holder.full_name in referral.parental_responsibility
        # Saving the pre-filled children as they are, and with none, both work.
        for linked in (list(referral.linked_children.all()), []):
            services.update_draft(Auditor(ed_nurse), referral, expected_version=referral.version,
                                  linked_children=linked, presenting_concern="Seen in ED.")
            assert {c.pk for c in referral.linked_children.all()} == {c.pk for c in linked}
        assert family_record.check_quality(referral).score >= 0


@pytest.mark.req("R1.2")
@over_family_shapes
def test_the_record_page_and_genogram_name_the_whole_family(client, ed_nurse, shape):
    with rolled_back():
        family = build(shape)
        open_episode(family.subject, ed_nurse)
        client.force_login(ed_nurse)
        response = client.get(reverse("people:record", args=[family.subject.pk]))
        assert response.status_code == 200, shape.describe()
        page = text(response)
        genogram = re.search(r'data-testid="genogram-text">(.*?)</ul>', response.content.decode(), re.S)
        genogram_text = html_lib.unescape(genogram.group(1))
        for sibling in family.siblings:
            assert sibling.full_name in page and sibling.full_name in genogram_text, shape.describe()
        for parent in (family.mother, family.father):
            if parent is not None:
                assert parent.full_name in page and parent.full_name in genogram_text
        if not family.siblings:
            assert "No siblings are recorded." in page
        if family.mother is None and family.father is None:
            assert "No parents are recorded." in page


@pytest.mark.req("R4.5")
@over_family_shapes
def test_mash_requests_offer_and_send_to_the_services_that_know_the_family(client, ed_nurse, mash_worker, shape):
    adult_mh = practitioner("amh", Role.ADULT_MH_PRACTITIONER, "RW4", Service.Kind.ADULT_MENTAL_HEALTH,
                            service_phone="", team="Community mental health team")
    with rolled_back():
        family = build(shape)
        child = family.subject
        council = mash_worker.team.service.organisation
        LegalStatusEntry.objects.create(person=child, status="child_in_need", change="start",
                                        effective_date=clock.today() - datetime.timedelta(days=30),
                                        responsible_authority=council)
        open_episode(child, ed_nurse)
        if family.mother:
            CaseloadMembership.objects.create(person=family.mother, practitioner=adult_mh, team=adult_mh.team,
                                              start_date=clock.today() - datetime.timedelta(days=90))
        client.force_login(mash_worker)
        url = reverse("referrals:mash_send", args=[child.pk])
        page = client.get(url)
        if child.kind == Person.Kind.ADULT:
            assert page.status_code == 403
            return
        keys = re.findall(r'name="services"[^>]*value="([^"]+)"', page.content.decode())
        expected = {f"{ed_nurse.team.service_id}:"}
        if family.mother:
            expected.add(f"{adult_mh.team.service_id}:{family.mother.pk}")
        assert set(keys) == expected, shape.describe()
        response = client.post(url, {"services": keys, "grade": "green", "question": "What do you know of home?"})
        assert response.status_code == 302
        assert InformationRequest.objects.filter(child=child).count() == len(expected)


@pytest.mark.req("R4.3")
@over_family_shapes
def test_the_discharge_guard_holds_only_the_referred_child(client, health_visitor, mash_worker, shape):
    with rolled_back():
        family = build(shape)
        child = family.subject
        if child.kind == Person.Kind.ADULT:
            return  # no referral to the MASH about an adult: nothing to guard
        team = health_visitor.team
        for person in [child, *family.other_children]:
            CaseloadMembership.objects.create(person=person, practitioner=health_visitor, team=team,
                                              start_date=clock.today() - datetime.timedelta(days=100))
        referral = services.record_concern(Auditor(health_visitor), child, description="Bruise seen at home.")
        services.update_draft(Auditor(health_visitor), referral, expected_version=referral.version,
                              linked_children=list(referral.linked_children.all()), **{
                                  k: v for k, v in ANSWERS.items() if k not in {"toxic_trio"}})
        referral.refresh_from_db()
        services.send_referral(Auditor(health_visitor), referral, expected_version=referral.version)
        client.force_login(health_visitor)
        today = clock.today()
        form = {"team": team.pk, "on_0": today.day, "on_1": today.month, "on_2": today.year}

        refused = client.post(reverse("referrals:discharge", args=[child.pk]), form)
        assert refused.status_code == 403
        assert "discharge before the outcome" in text(refused)
        assert CaseloadMembership.objects.get(person=child).end_date is None
        for other in family.other_children:
            response = client.post(reverse("referrals:discharge", args=[other.pk]), form)
            assert response.status_code == 302, shape.describe()
            assert CaseloadMembership.objects.get(person=other).end_date == today
