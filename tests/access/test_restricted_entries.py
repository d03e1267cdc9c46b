"""Restricted entries (R2.4): another service sees that a restricted entry exists and whom to
contact, not what it says, until the owning service shares it for a recorded reason; only the
owning service may share it."""

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import practitioner, put_on_caseload
from thinkfamily.casenotes.models import CaseNote
from thinkfamily.organisations.models import Practitioner, Service

pytestmark = pytest.mark.django_db
Role = Practitioner.Role


def restricted_note(client, liam, title, body):
    """The sexual health nurse, with Liam on her caseload, writes a restricted case note."""
    sexual_health = practitioner("shn", Role.SEXUAL_HEALTH_NURSE, "RVY", Service.Kind.SEXUAL_HEALTH,
                                 team="Sexual health")
    put_on_caseload(sexual_health, liam)
    client.force_login(sexual_health)
    client.post(reverse("people:write_note", args=[liam.pk]), {"title": title, "body": body, "restricted": "on"})
    return sexual_health, CaseNote.objects.get()


@pytest.mark.req("R2.4")
def test_a_gp_cannot_read_a_sexual_health_note_but_sees_that_one_exists_and_whom_to_contact(client, world):
    liam = world["liam"]
    sexual_health, note = restricted_note(client, liam, "Clinic visit", "Attended with an older male, not family")
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
    _, note = restricted_note(client, liam, "Visit", "Private")
    client.force_login(world["users"]["health_visitor (caseload)"])
    response = client.post(
        reverse("people:share_note", args=[liam.pk, note.pk]),
        {"shared_with": world["users"]["health_visitor (caseload)"].team.service_id, "reason": "I want to read it"},
    )
    assert response.status_code == 404
    assert not note.shares.exists()
