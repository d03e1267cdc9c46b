"""Who may see a child's record (R10.1), restricted entries (R2.4) and the audit of every
access (R10.2). Every role against every page that shows personal data: the allowed
cases succeed and the refused ones get 403/404 with nothing personal in the body."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import pages
from tests.access.matrix import ALLOWED, EVERYONE, PAGES
from tests.cast import practitioner, put_on_caseload
from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.casenotes.models import CaseNote
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service

pytestmark = pytest.mark.django_db
Role = Practitioner.Role


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
        {
            "move_date_0": "1",
            "move_date_1": "2",
            "move_date_2": "2025",
            "destination": "new",
            "address_line_1": "1 Evil Street",
            "town": "Anywhere",
            "postcode": "L1 1AA",
        },
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
def test_an_exact_nhs_number_behind_refused_access_offers_break_glass_and_nothing_else(client, world):
    liam = world["liam"]
    client.force_login(world["users"]["ed_nurse (no relationship)"])
    response = client.get(reverse("find"), {"nhs_number": liam.formatted_nhs_number})
    text = pages.text(response)
    assert "A record exists for this NHS number, but you do not have a care relationship" in text
    assert reverse("access:break_glass", args=[liam.pk]) in response.content.decode()
    assert "Liam" not in text and "Marine Crescent" not in text and "protection" not in text


@pytest.mark.req("R10.1")
def test_break_glass_opens_the_record_for_a_limited_time_and_tells_the_lead(client, world):
    liam = world["liam"]
    nurse = world["users"]["ed_nurse (no relationship)"]
    lead = world["users"]["safeguarding_lead (other trust)"]  # Alder Hey, the nurse's trust
    client.force_login(nurse)
    url = reverse("access:break_glass", args=[liam.pk])
    refused = client.post(url, {"reason": "unscheduled_care", "justification": "too short"})
    assert "at least 20 characters" in pages.text(refused)
    assert not BreakGlassAccess.objects.exists()
    response = client.post(
        url,
        {"reason": "unscheduled_care", "justification": "Child in resus at 02:10 with unexplained bruising"},
        follow=True,
    )
    text = pages.text(response)
    assert "You opened this record by breaking glass" in text and "Liam James Roberts" in text
    access = BreakGlassAccess.objects.get()
    assert access.expires_at - access.started_at == datetime.timedelta(hours=24)
    note = Notification.objects.get(recipient=lead)
    assert "broke glass" in note.message and note.subject_person == liam
    event = AuditEvent.objects.filter(action="read", subject_id=str(liam.pk), actor=nurse).latest("sequence")
    assert event.basis == "Break glass: The person is in front of me for urgent or unscheduled care"
    BreakGlassAccess.objects.update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
        started_at=timezone.now() - datetime.timedelta(hours=24, minutes=1),
    )
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 403


@pytest.mark.req("R10.1")
def test_access_is_judged_by_the_same_clock_as_deadlines(client, world):
    """Moving the clock (as the tests and browser journeys do to reach a deadline) moves
    access with it: a break-glass access runs out, and a caseload that ends ends, on that clock."""
    liam = world["liam"]
    record = reverse("people:record", args=[liam.pk])
    nurse = world["users"]["ed_nurse (no relationship)"]
    client.force_login(nurse)
    client.post(
        reverse("access:break_glass", args=[liam.pk]),
        {"reason": "unscheduled_care", "justification": "Child in resus at 02:10 with unexplained bruising"},
    )
    started = BreakGlassAccess.objects.get().started_at
    with clock.travel_to(started + datetime.timedelta(hours=23)):
        assert "tf-person-header__name\">Liam James Roberts</h1>" in client.get(record).content.decode()
        assert BreakGlassAccess.objects.get().is_active
    with clock.travel_to(started + datetime.timedelta(hours=25)):
        assert client.get(record).status_code == 403
        assert not BreakGlassAccess.objects.get().is_active

    health_visitor = world["users"]["health_visitor (caseload)"]
    leaves_caseload = clock.today() + datetime.timedelta(days=7)
    CaseloadMembership.objects.filter(person=liam, practitioner=health_visitor).update(end_date=leaves_caseload)
    client.force_login(health_visitor)
    assert "tf-person-header__name\">Liam James Roberts</h1>" in client.get(record).content.decode()
    with clock.travel_to(timezone.now() + datetime.timedelta(days=8)):
        assert client.get(record).status_code == 403


@pytest.mark.req("R10.1")
def test_the_lead_reviews_break_glass_in_a_queue(client, world):
    liam = world["liam"]
    nurse = world["users"]["ed_nurse (no relationship)"]
    lead = world["users"]["safeguarding_lead (other trust)"]  # Alder Hey, the nurse's trust
    client.force_login(nurse)
    client.post(
        reverse("access:break_glass", args=[liam.pk]),
        {"reason": "safeguarding_concern", "justification": "Disclosure by the child in cubicle 4"},
    )
    assert client.get(reverse("access:review_queue")).status_code == 403  # not a lead
    client.force_login(world["users"]["safeguarding_lead (same trust)"])  # North West Boroughs: not the nurse's
    assert "No break-glass accesses" in pages.text(client.get(reverse("access:review_queue")))
    client.force_login(lead)
    queue = pages.text(client.get(reverse("access:review_queue")))
    assert "Disclosure by the child in cubicle 4" in queue and "Ed Practitioner" in queue
    access = BreakGlassAccess.objects.get()
    review_url = reverse("access:break_glass_review", args=[access.pk])
    assert "Say what will happen next" in pages.text(client.post(review_url, {"outcome": "inappropriate"}))
    client.post(review_url, {"outcome": "appropriate", "note": ""})
    access.refresh_from_db()
    assert access.review_outcome == "appropriate" and access.reviewed_by == lead


@pytest.mark.req("R2.4")
def test_a_gp_cannot_read_a_sexual_health_note_but_sees_that_one_exists_and_whom_to_contact(client, world):
    liam = world["liam"]
    sexual_health = practitioner("shn", Role.SEXUAL_HEALTH_NURSE, "RVY", Service.Kind.SEXUAL_HEALTH,
                                 team="Sexual health")
    put_on_caseload(sexual_health, liam)
    client.force_login(sexual_health)
    client.post(
        reverse("people:write_note", args=[liam.pk]),
        {"title": "Clinic visit", "body": "Attended with an older male, not family", "restricted": "on"},
    )
    note = CaseNote.objects.get()
    assert note.restricted
    gp = world["users"]["gp (child's practice)"]
    client.force_login(gp)
    text = pages.text(client.get(reverse("people:record", args=[liam.pk])))
    assert "older male" not in text and "Clinic visit" not in text
    assert "Restricted information is held by Sexual health" in text and "0151 496 0123" in text
    # The owning service shares it with the GP practice, for a recorded reason.
    client.force_login(sexual_health)
    response = client.post(
        reverse("people:share_note", args=[liam.pk, note.pk]),
        {"shared_with": gp.team.service_id, "reason": "CSE concern: GP to see at next visit"},
    )
    assert response.status_code == 302
    client.force_login(gp)
    text = pages.text(client.get(reverse("people:record", args=[liam.pk])))
    assert "Attended with an older male, not family" in text and "CSE concern: GP to see at next visit" in text


@pytest.mark.req("R2.4")
def test_only_the_owning_service_can_share_a_restricted_entry(client, world):
    liam = world["liam"]
    sexual_health = practitioner("shn", Role.SEXUAL_HEALTH_NURSE, "RVY", Service.Kind.SEXUAL_HEALTH,
                                 team="Sexual health")
    put_on_caseload(sexual_health, liam)
    client.force_login(sexual_health)
    client.post(reverse("people:write_note", args=[liam.pk]), {"title": "Visit", "body": "Private", "restricted": "on"})
    note = CaseNote.objects.get()
    client.force_login(world["users"]["health_visitor (caseload)"])
    response = client.post(
        reverse("people:share_note", args=[liam.pk, note.pk]),
        {"shared_with": world["users"]["health_visitor (caseload)"].team.service_id, "reason": "I want to read it"},
    )
    assert response.status_code == 404
    assert not note.shares.exists()


@pytest.mark.req("R10.2")
def test_each_kind_of_access_produces_exactly_one_event_with_its_basis(client, world):
    liam = world["liam"]
    hv = world["users"]["health_visitor (caseload)"]
    client.force_login(hv)

    def new_events(action):
        return list(AuditEvent.objects.filter(action=action, sequence__gt=mark).order_by("sequence"))

    mark = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    client.get(reverse("people:record", args=[liam.pk]))
    [read] = new_events("read")
    assert read.basis == "On the caseload of Bootle health visiting team" and read.subject_id == str(liam.pk)
    assert (read.actor, read.actor_role, read.actor_organisation) == (
        hv,
        "health_visitor",
        "North West Boroughs Healthcare NHS Foundation Trust",
    )

    mark = read.sequence
    client.get(reverse("find"), {"nhs_number": liam.nhs_number})
    [search] = new_events("search")
    assert search.detail["terms"] == {"nhs_number": liam.nhs_number}

    mark = search.sequence
    client.post(
        reverse("people:move", args=[liam.pk]),
        {
            "move_date_0": "1",
            "move_date_1": "2",
            "move_date_2": "2025",
            "destination": "new",
            "address_line_1": "9 Lord Street",
            "town": "Southport",
            "postcode": "PR8 1AA",
        },
    )
    writes = new_events("write") + new_events("create")
    assert {(e.object_type, tuple(e.fields)) for e in writes} == {
        ("people.HouseholdMembership", ("end_date",)),
        ("people.Household", ("address_line_1", "address_line_2", "postcode", "town")),
        ("people.HouseholdMembership", ("household", "person", "reason", "start_date")),
    }
    assert {e.basis for e in writes} == {"On the caseload of Bootle health visiting team"}
    assert {e.subject_id for e in writes} == {str(liam.pk)}

    client.force_login(world["users"]["ed_nurse (no relationship)"])
    mark = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    client.get(reverse("people:record", args=[liam.pk]))
    [refused] = new_events("refused")
    assert refused.subject_id == str(liam.pk) and not new_events("read")


@pytest.mark.req("R10.2")
def test_who_has_looked_at_this_record_lists_every_access_and_exports_csv(client, world):
    liam = world["liam"]
    client.force_login(world["users"]["gp (child's practice)"])
    client.get(reverse("people:record", args=[liam.pk]))
    client.force_login(world["users"]["health_visitor (caseload)"])
    assert client.get(reverse("access:history", args=[liam.pk])).status_code == 403  # not a lead or SW
    client.force_login(world["users"]["mash_social_worker (council responsible)"])
    text = pages.text(client.get(reverse("access:history", args=[liam.pk])))
    assert "gp" in text and "Registered at Crosby Village Surgery" in text
    filtered = pages.text(client.get(reverse("access:history", args=[liam.pk]), {"who": "gp", "action": "read"}))
    assert "Registered at Crosby Village Surgery" in filtered and "Children's social care involvement" not in filtered
    response = client.get(reverse("access:history", args=[liam.pk]), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode().splitlines()
    assert rows[0].startswith("When,Who,Role")
    assert any(",gp,gp," in row and "Registered at Crosby Village Surgery" in row for row in rows)
    assert AuditEvent.objects.filter(action="export", subject_id=str(liam.pk)).count() == 1
