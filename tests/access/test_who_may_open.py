"""Who may see a child's record (R10.1): every role against every page that shows personal data,
the allowed cases succeed and the refused ones get 403/404 with nothing personal in the body;
refused writes change nothing; an ED attendance opens the record for 72 hours; each family
member follows their own rule; a search shows only the people the searcher may see."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import pages
from tests.access.matrix import ALLOWED, EVERYONE, PAGES
from tests.people.scenes import move_form
from thinkfamily.organisations.models import EpisodeOfCare

pytestmark = pytest.mark.django_db


def _nothing_personal(response, family):
    body = pages.text(response) + response.content.decode()
    for person in [family["liam"], family["sarah"], family["mia"]]:
        assert person.family_name + "," not in body
        assert person.full_name not in body
        assert person.nhs_number not in body and person.formatted_nhs_number not in body
    assert "Marine Crescent" not in body


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("who", EVERYONE)
def test_access_matrix_for_the_childs_pages(client, world, who):
    liam = world["liam"]
    client.force_login(world["users"][who])
    for name, allowed in PAGES.items():
        url = reverse(f"people:{name}", args=[liam.pk])
        response = client.get(url)
        if who in allowed:
            assert response.status_code == 200, (who, url)
            assert "Liam James Roberts" in pages.text(response)
        elif who in ALLOWED:  # may read the record, not do this to it: told why, in words
            assert response.status_code == 403, (who, url)
            assert re.search(r"council|health practitioners|read this record", pages.text(response)), (who, url)
        else:
            assert response.status_code in (403, 404), (who, url)
            _nothing_personal(response, world)


@pytest.mark.req("R10.1")
def test_refused_writes_change_nothing(client, world):
    liam = world["liam"]
    client.force_login(world["users"]["ed_nurse (no relationship)"])
    response = client.post(
        reverse("people:move", args=[liam.pk]),
        move_form(("1", "2", "2025"), "1 Evil Street", "Anywhere", "L1 1AA"),
    )
    assert response.status_code == 403
    assert not liam.household_memberships.filter(household__address_line_1="1 Evil Street").exists()


@pytest.mark.req("R10.1")
def test_an_ed_attendance_opens_the_record_for_72_hours_only(client, world):
    liam = world["liam"]
    nurse = world["users"]["ed_nurse (attendance 10 hours ago)"]
    EpisodeOfCare.objects.filter(person=liam, service=nurse.team.service).update(
        start_at=timezone.now() - datetime.timedelta(hours=73), end_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(nurse)
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 403


@pytest.mark.req("R10.1")
def test_family_members_follow_their_own_rule(client, world):
    """A GP who may see Liam (registered there) may not open his father's record, and the
    child's page does not link to it or show his NHS number."""
    jason = world["jason"]
    client.force_login(world["users"]["gp (child's practice)"])
    page = client.get(reverse("people:record", args=[world["liam"].pk]))
    assert "Jason Roberts" in pages.text(page)
    assert reverse("people:record", args=[jason.pk]) not in page.content.decode()
    assert jason.formatted_nhs_number not in pages.text(page)
    assert client.get(reverse("people:record", args=[jason.pk])).status_code == 403


@pytest.mark.req("R10.1")
def test_search_by_name_shows_only_people_the_searcher_may_see(client, world):
    query = {"family_name": "Roberts", "date_of_birth_0": "14", "date_of_birth_1": "3", "date_of_birth_2": "2019"}
    client.force_login(world["users"]["gp (child's practice)"])
    assert "Liam James Roberts" in pages.text(client.get(reverse("find"), query))
    client.force_login(world["users"]["ed_nurse (no relationship)"])
    response = client.get(reverse("find"), query)
    assert "0 people found" in pages.text(response)
    _nothing_personal(response, world)


@pytest.mark.req("R10.1")
def test_rows_of_people_reached_through_the_scope_are_those_of_the_people_the_user_may_see(rf, world):
    """``AccessScope.among`` (the rows of a list or a dashboard, each belonging to a person)
    checks the rules for each row's person; it gives exactly the rows of ``scope.people()``."""
    from thinkfamily.access.scoping import AccessScope
    from thinkfamily.people.models import HouseholdMembership

    rows = HouseholdMembership.objects.all()
    liams = {m.pk for m in rows.filter(person=world["liam"])}
    assert liams
    for who, user in world["users"].items():
        request = rf.get("/")
        request.user = user
        scope = AccessScope(request)
        among = set(scope.among(rows, "person").values_list("pk", flat=True))
        assert among == set(rows.filter(person__in=scope.people()).values_list("pk", flat=True)), who
        assert (liams <= among) == (who in ALLOWED), who


@pytest.mark.req("R10.1")
def test_a_scope_builds_its_rules_once_and_still_sees_a_place_given_during_the_request(rf, world):
    """The scope keeps the rules it built, not their answer: a child put on the school
    nurse's caseload during a request is someone she may see at the next question."""
    from tests.cast import put_on_caseload
    from thinkfamily.access.scoping import AccessScope

    nurse = world["users"]["school_nurse (other team)"]
    request = rf.get("/")
    request.user = nurse
    scope = AccessScope(request)
    assert not scope.people().filter(pk=world["liam"].pk).exists()
    put_on_caseload(nurse, world["liam"])
    assert scope.people().filter(pk=world["liam"].pk).exists()
    assert scope.visible_ids([world["liam"]]) == {world["liam"].pk}
