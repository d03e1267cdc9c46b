"""Paediatric liaison (R2.3): an adult seen in ED with risky behaviour, children at home: the ED
attendance form tells the children's health visitor and GP."""

import pytest
from django.urls import reverse

from tests import pages
from tests.flags.scenes import look_up
from thinkfamily.chronology.models import Event
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare

pytestmark = pytest.mark.django_db


@pytest.mark.req("R2.3")
def test_an_adult_seen_in_ed_with_risky_behaviour_tells_the_childrens_health_visitor_and_gp(client, world):
    sarah, nurse = world["sarah"], world["ed"]
    look_up(client, nurse, sarah.nhs_number)  # opens her record to the ED
    record = client.get(reverse("people:record", args=[sarah.pk]))
    url = reverse("assessments:record_attendance", args=[sarah.pk])
    assert url in record.content.decode()
    error = client.post(url, {"reason": "", "risky_behaviour": ""})
    assert "Enter why the person came, or what the appointment was for" in pages.text(error, tidy=True)
    assert not Event.objects.filter(type="ed_attendance").exists()

    response = client.post(url, {"reason": "Overdose", "risky_behaviour": "Intoxicated, said she "
                                 "could not cope with the children"}, follow=True)
    assert response.status_code == 200
    notes = Notification.objects.filter(cause=Notification.Cause.PAEDIATRIC_LIAISON)
    told = {(n.recipient.username, n.subject_person.given_name) for n in notes}
    assert told == {("hv", "Liam"), ("hv", "Mia"), ("gplead", "Liam"), ("gplead", "Mia")}
    assert all("Sarah Roberts" in n.message and "Southport and Formby ED" in n.message and "Intoxicated" in n.message
               for n in notes)
    event = Event.objects.get(person=sarah, type="ed_attendance")
    assert "Overdose" in event.summary and event.author == nurse


@pytest.mark.req("R2.3")
def test_an_adult_ed_attendance_without_risky_behaviour_tells_no_one(client, world):
    sarah, nurse = world["sarah"], world["ed"]
    look_up(client, nurse, sarah.nhs_number)
    client.post(reverse("assessments:record_attendance", args=[sarah.pk]), {"reason": "Sprained wrist"})
    assert not Notification.objects.filter(cause=Notification.Cause.PAEDIATRIC_LIAISON).exists()
    assert EpisodeOfCare.objects.filter(person=sarah, reason="Sprained wrist").exists()
    # Only ED staff record an ED attendance.
    client.force_login(world["health_visitor"])
    assert client.get(reverse("assessments:record_attendance", args=[sarah.pk])).status_code == 403
