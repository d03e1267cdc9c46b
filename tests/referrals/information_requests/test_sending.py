"""The MASH sends information requests (R4.5) to the services that know a child and the mother:
only the MASH sends them; each is graded, with its deadline from the working-day calendar (red
late on a Friday, amber over Christmas, green in three working days, blue without one); each
is in the chronology, audited and told to the service; a request names its grade and needs a
question and a service."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.referrals.information_requests.scenes import at, close_to, send, send_page, service_key
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.referrals.models import InformationRequest


@pytest.mark.req("R4.5")
def test_the_mash_is_offered_the_services_that_know_the_child_and_the_mother(client, world):
    client.force_login(world["mash"])
    page = client.get(send_page(world)).content.decode()
    assert "Child and adolescent mental health, Alder Hey" in page and "open episode of care" in page
    assert "Health visiting, North West Boroughs" in page and "on the caseload of Bootle health visiting team" in page
    assert "General practice, Marine Practice" in page and "registered with Marine Practice" in page
    # Think Family: the mother's adult mental health service, asked about Liam through Sarah.
    assert "Adult mental health, Mersey Care" in page and "(about Sarah Roberts)" in page
    assert service_key(world, "adult_mh", "sarah") in page
    assert "Emergency department" not in page  # no relationship with the child or family


@pytest.mark.req("R4.5")
def test_only_the_mash_sends_requests(client, world):
    client.force_login(world["health_visitor"])
    assert client.get(send_page(world)).status_code == 403
    client.force_login(world["mash"])
    record = client.get(reverse("people:record", args=[world["liam"].pk])).content.decode()
    assert "Send MASH information requests" in record


@pytest.mark.req("R4.5")
@pytest.mark.req("R10.4")
def test_a_red_request_late_on_a_friday_is_due_at_noon_on_monday(client, world):
    with clock.travel_to(at(2026, 11, 27, 16, 0)):  # Friday 16:00: one working hour left that day
        [request] = send(client, world, [service_key(world, "camhs")], grade="red")
    assert close_to(request.due_at, at(2026, 11, 30, 12, 0))
    assert request.due_rule == "mash.red = 4 working hours (local default)"


@pytest.mark.req("R4.5")
@pytest.mark.req("R10.4")
def test_an_amber_request_across_christmas_2026_is_due_on_the_29th(client, world):
    # Thursday 24 December: Christmas Day, the weekend and Boxing Day observed on Monday 28th
    # are not working days, so one working day later is Tuesday 29 December.
    with clock.travel_to(at(2026, 12, 24, 11, 0)):
        [request] = send(client, world, [service_key(world, "gp")], grade="amber")
    assert timezone.localtime(request.due_at).date() == datetime.date(2026, 12, 29)
    assert request.due_rule == "mash.amber = 1 working days (local default)"


@pytest.mark.req("R4.5")
@pytest.mark.req("R10.4")
def test_green_is_three_working_days_and_blue_has_no_deadline(client, world):
    with clock.travel_to(at(2026, 12, 23, 9, 30)):
        [green] = send(client, world, [service_key(world, "camhs")], grade="green")
        [blue] = send(client, world, [service_key(world, "gp")], grade="blue")
    # 24 December, then 29 and 30 December (25, 26-27 weekend, 28 Boxing Day observed).
    assert timezone.localtime(green.due_at).date() == datetime.date(2026, 12, 30)
    assert blue.due_at is None and blue.due_rule == "mash.blue = None (local default)"


@pytest.mark.req("R4.5")
def test_each_request_is_on_the_chronology_audited_and_told_to_the_service(client, world):
    keys = [service_key(world, "camhs"), service_key(world, "gp"), service_key(world, "adult_mh", "sarah")]
    camhs, gp, adult_mh = send(client, world, keys, grade="amber")
    assert adult_mh.known_through == world["sarah"] and camhs.known_through is None
    assert all(r.mash == world["council"] and r.requested_by == world["mash"] for r in (camhs, gp, adult_mh))
    events = Event.objects.filter(person=world["liam"], type="mash_request_sent")
    assert events.count() == 3
    assert AuditEvent.objects.filter(object_type="referrals.InformationRequest", action="create").count() == 3
    told = {(n.recipient.username, n.cause) for n in Notification.objects.filter(cause="mash_request")}
    # CAMHS: nobody has Liam on a caseload (an episode), so the service's team; the practice:
    # its safeguarding lead, not every GP; adult mental health: Sarah's practitioner.
    assert told == {("camhs", "mash_request"), ("gplead", "mash_request"), ("amh", "mash_request")}
    message = Notification.objects.get(recipient=world["adult_mh"]).message
    assert "through Sarah Roberts" in message and "amber" in message


@pytest.mark.req("R4.5")
def test_a_request_names_the_grade_and_needs_a_question_and_a_service(client, world):
    client.force_login(world["mash"])
    response = client.post(send_page(world), {"services": [], "grade": "", "question": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one service to ask." in page and "Choose a grade" in page
    assert "Enter the question the services are asked." in page
    assert not InformationRequest.objects.exists()
