"""The population of children in care (R6.4): every child looked after now and every care
leaver the user may see, filterable by placed here by another authority, placed out of area,
UASC, under 5 with their named health visitor, placed for adoption and care leavers; with the
number of health assessments and episodes of care of each, in a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cast import organisation, practitioner
from tests.factories import OrganisationFactory, PersonFactory
from thinkfamily.core import clock
from thinkfamily.lac.models import HealthAssessment
from thinkfamily.lac.queries import population
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import LegalStatus, LegalStatusEntry

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
TODAY = datetime.date(2026, 11, 20)
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"


@pytest.fixture(autouse=True)
def today(settings):
    settings.AREA_LOCAL_AUTHORITY_CODE = "SEFTON"
    with clock.travel_to(timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(10)))):
        yield TODAY


def years_ago(years, days=0):
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days)


def status(child, status_, change, on, authority, *, out_of_area=False, recorded=None):
    return LegalStatusEntry.objects.create(
        person=child, status=status_, change=change, effective_date=on, responsible_authority=authority,
        placed_out_of_area=out_of_area, placement_type="Foster care" if status_ == LegalStatus.LOOKED_AFTER else "",
        recorded_at=recorded or timezone.make_aware(datetime.datetime.combine(on, datetime.time(10))),
    )


@pytest.fixture
def world(council):
    # A children-in-care nurse whose team no council commissions: she sees the children on its caseload.
    cic = practitioner("cic", Role.CIC_NURSE, "RTV", Service.Kind.CHILDREN_IN_CARE, team="Children in care health team")
    hv = practitioner("hv2", Role.HEALTH_VISITOR, "RTV", Service.Kind.HEALTH_VISITING,
                      team="Crosby health visiting team")
    hv.first_name, hv.last_name = "Hannah", "Webb"
    hv.save()
    wirral = OrganisationFactory(code="WIRRAL", name="Wirral Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    la, end, start = LegalStatus.LOOKED_AFTER, LegalStatusEntry.Change.END, LegalStatusEntry.Change.START
    since = datetime.date(2025, 1, 6)

    def child(name, age, *, on_caseload=True):
        given, family = name.split()
        person = PersonFactory(given_name=given, family_name=family, date_of_birth=years_ago(age, 30))
        if on_caseload:
            CaseloadMembership.objects.create(person=person, team=cic.team, start_date=since)
        return person

    kids = {}
    kids["ava"] = ava = child("Ava Sefton", 8)
    # A change of placement: the first spell ends and a new one starts the same day.
    status(ava, la, start, since, council)
    status(ava, la, end, datetime.date(2026, 3, 2), council)
    status(ava, la, start, datetime.date(2026, 3, 2), council, recorded=timezone.make_aware(
        datetime.datetime(2026, 3, 2, 11)))
    kids["ben"] = ben = child("Ben Wirral", 9)
    status(ben, la, start, since, wirral)
    kids["cara"] = cara = child("Cara Away", 12)
    status(cara, la, start, since, council, out_of_area=True)
    kids["dan"] = dan = child("Dan Arrived", 16)
    status(dan, LegalStatus.UASC, start, since, council)
    status(dan, la, start, since, council)
    kids["eve"] = eve = child("Eve Small", 2)
    status(eve, la, start, since, council)
    CaseloadMembership.objects.create(person=eve, team=hv.team, practitioner=hv, start_date=since)
    kids["finn"] = finn = child("Finn Small", 3)
    status(finn, la, start, since, council)
    CaseloadMembership.objects.create(person=finn, team=hv.team, start_date=since)  # the team, nobody named
    kids["gus"] = gus = child("Gus Adopted", 1)
    status(gus, la, start, since, council)
    status(gus, LegalStatus.PLACED_FOR_ADOPTION, start, datetime.date(2026, 6, 1), council)
    kids["hana"] = hana = child("Hana Leaver", 18)
    status(hana, la, start, datetime.date(2022, 5, 1), council)
    status(hana, la, end, TODAY - datetime.timedelta(days=30), council)
    status(hana, LegalStatus.CARE_LEAVER, start, TODAY - datetime.timedelta(days=30), council)
    # Not in the population: left care; not yet in care; an entry corrected away; a UASC
    # status that ended; and a looked-after child the nurse has no relationship with.
    kids["ivy"] = ivy = child("Ivy Home", 10)
    status(ivy, la, start, since, council)
    status(ivy, la, end, datetime.date(2026, 2, 1), council)
    kids["jon"] = jon = child("Jon Later", 10)
    status(jon, la, start, datetime.date(2026, 12, 1), council)
    kids["kit"] = kit = child("Kit Corrected", 10)
    wrong = status(kit, la, start, since, council)
    LegalStatusEntry.objects.create(person=kit, status=LegalStatus.CHILD_IN_NEED, change=start, effective_date=since,
                                    supersedes=wrong, correction_reason="Recorded as looked after in error")
    kids["lou"] = lou = child("Lou Elsewhere", 7, on_caseload=False)
    status(lou, la, start, since, council)
    return {"cic": cic, "hv": hv, "council": council, "kids": kids}


def names(rows) -> set:
    return {p.given_name for p in rows}


def shown(response) -> list:
    return re.findall(r'data-testid="child-row" data-person-id="([^"]+)"', response.content.decode())


@pytest.mark.req("R6.4")
def test_everyone_is_every_child_looked_after_now_and_every_care_leaver_the_nurse_may_see(world, rf):
    scope = _scope(rf, world["cic"])
    assert names(population.children(scope, TODAY)) == {"Ava", "Ben", "Cara", "Dan", "Eve", "Finn", "Gus", "Hana"}


@pytest.mark.req("R6.4")
@pytest.mark.parametrize(("show", "expected"), [
    ("other_authority", {"Ben"}),  # looked after by Wirral, placed here; not Ava, looked after by the area's council
    ("out_of_area", {"Cara"}),  # placed out of area; not Ava, placed in the area
    ("uasc", {"Dan"}),  # current UASC status; not Cara, who has none
    ("under_5", {"Eve", "Finn", "Gus"}),  # under 5 today; not Ava (8)
    ("adoption", {"Gus"}),  # placed for adoption; not Eve, in foster care
    ("care_leavers", {"Hana"}),  # care leaver now; not Ava, still looked after
])
def test_each_filter_shows_the_children_who_match_and_not_those_who_do_not(world, rf, show, expected):
    scope = _scope(rf, world["cic"])
    assert names(population.children(scope, TODAY, show)) == expected
    assert population.counts(scope, TODAY)[show] == len(expected)


@pytest.mark.req("R6.4")
def test_under_5s_show_their_named_health_visitor_or_that_none_is_named(world, client):
    client.force_login(world["cic"])
    page = client.get(reverse("lac:population"), {"show": "under_5"}).content.decode()
    eve = page.split(f'data-person-id="{world["kids"]["eve"].pk}"')[1].split("</tr>")[0]
    finn = page.split(f'data-person-id="{world["kids"]["finn"].pk}"')[1].split("</tr>")[0]
    assert "Hannah Webb" in eve and "Crosby health visiting team" in eve
    assert "No named health visitor" in finn


@pytest.mark.req("R6.4")
def test_a_change_of_placement_does_not_restart_the_time_in_care(world, client):
    """Ava's placement changed on 2 March 2026 (recorded as the status ended and started again
    that day): she has been looked after since January 2025, in this placement since March."""
    client.force_login(world["cic"])
    page = client.get(reverse("lac:population")).content.decode()
    ava = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split(f'data-person-id="{world["kids"]["ava"].pk}"')[1]
                                      .split("</tr>")[0]))
    ben = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split(f'data-person-id="{world["kids"]["ben"].pk}"')[1]
                                      .split("</tr>")[0]))
    assert "Looked after since 6 January 2025" in ava and "This placement since 2 March 2026" in ava
    assert "Looked after since 6 January 2025" in ben and "This placement since" not in ben


@pytest.mark.req("R6.4")
def test_each_child_shows_their_completed_assessments_and_episodes_of_care_without_a_query_per_child(
        world, client, django_assert_max_num_queries):
    kids = world["kids"]
    for child in kids.values():
        for n in range(2):
            HealthAssessment.objects.create(child=child, kind="rha", due_on=datetime.date(2026, 1, 5 + n),
                                            completed_on=datetime.date(2026, 1, 1 + n))
        HealthAssessment.objects.create(child=child, kind="rha", due_on=datetime.date(2027, 1, 5))  # not done yet
    camhs = practitioner("camhs", Role.CAMHS_PRACTITIONER, organisation("RBS", "Alder Hey"), Service.Kind.CAMHS,
                         team="CAMHS team").team.service
    for n in range(3):  # one open episode per service at a time (one_open_care_episode_per_service)
        start = timezone.make_aware(datetime.datetime(2025, 6, 1 + n))
        EpisodeOfCare.objects.create(person=kids["ava"], service=camhs, reason="CAMHS referral", start_at=start,
                                     end_at=start + datetime.timedelta(hours=12) if n < 2 else None)
    client.force_login(world["cic"])
    # Session, user and team, the count, the page, the page's periods of care, its audit (with the chain's lock
    # on PostgreSQL), the filter counts and the layout: 19 at most whatever the number of children (a query per
    # child would add 16 here).
    with django_assert_max_num_queries(19):
        response = client.get(reverse("lac:population"))
    assert response.status_code == 200
    assert len(shown(response)) == 8
    page = response.content.decode()
    ava = page.split(f'data-person-id="{kids["ava"].pk}"')[1].split("</tr>")[0]
    ben = page.split(f'data-person-id="{kids["ben"].pk}"')[1].split("</tr>")[0]
    assert re.search(r'data-testid="assessments">2<', ava) and re.search(r'data-testid="episodes">3<', ava)
    assert re.search(r'data-testid="assessments">2<', ben) and re.search(r'data-testid="episodes">0<', ben)


@pytest.mark.req("R6.4")
def test_the_list_is_paginated(world, client, settings):
    client.force_login(world["cic"])
    population_page_size = population.PAGE_SIZE
    try:
        population.PAGE_SIZE = 3
        first = client.get(reverse("lac:population"))
        third = client.get(reverse("lac:population"), {"page": 3})
    finally:
        population.PAGE_SIZE = population_page_size
    assert len(shown(first)) == 3 and len(shown(third)) == 2
    assert set(shown(first)).isdisjoint(shown(third))


@pytest.mark.req("R6.4")
@pytest.mark.req("R10.1")
def test_someone_without_a_children_in_care_role_is_refused_and_a_team_with_no_relationship_sees_no_one(
        world, client, ed_nurse):
    client.force_login(ed_nurse)
    assert client.get(reverse("lac:population")).status_code == 403
    elsewhere = practitioner("cic_elsewhere", Role.CIC_NURSE, "WIRRAL-CIC", Service.Kind.CHILDREN_IN_CARE,
                             team="Wirral CIC")
    client.force_login(elsewhere)
    response = client.get(reverse("lac:population"))
    assert response.status_code == 200 and shown(response) == []
    assert 'data-testid="population-empty"' in response.content.decode()


def _scope(rf, user):
    from thinkfamily.access.scoping import AccessScope

    request = rf.get("/children-in-care/")
    request.user = user
    return AccessScope(request)
