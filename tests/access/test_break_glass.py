"""Breaking glass (R10.1): behind an exact NHS number the record offers break glass and nothing
else; breaking glass opens it for a limited time and tells the safeguarding lead, on the same
clock as every deadline; the lead reviews each access from a queue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import pages
from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import CaseloadMembership

pytestmark = pytest.mark.django_db


@pytest.mark.req("R10.1")
def test_an_exact_nhs_number_behind_refused_access_offers_break_glass_and_nothing_else(client, world):
    liam = world["liam"]
    client.force_login(world["users"]["ed_nurse (no relationship)"])
    response = client.get(reverse("find"), {"nhs_number": liam.formatted_nhs_number})
    text = pages.text(response)
    assert "A record exists for this NHS number, but you do not have a care relationship" in text
    assert "found" not in text  # one message: no "0 people found" above a record that exists
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
