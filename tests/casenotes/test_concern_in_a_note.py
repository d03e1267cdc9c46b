"""A case note that records a concern that social care may need to be involved (issue 14, R4.2):
the note and its concern are written together, or neither is."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.pages import text
from tests.referrals.concern_scene import CONCERN, concern_world
from tests.referrals.scenes import at
from thinkfamily.casenotes.models import CaseNote
from thinkfamily.casenotes.services import write_case_note
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.referrals.models import Concern, ConcernSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(family, health_visitor, safeguarding_lead):
    return concern_world(family, health_visitor, safeguarding_lead)


def write(client, person, **data):
    form = {"title": "Home visit", "body": "Visited.", **data}
    return client.post(reverse("people:write_note", args=[person.pk]), form)


@pytest.mark.req("R4.2")
@pytest.mark.parametrize("shape", ["liam", "unborn", "seventeen"])
def test_the_checkbox_records_a_concern_linked_to_the_note_with_its_decision_date(client, world, shape):
    client.force_login(world["hv"])
    child = world[shape]
    assert "This note records a concern that social care may need to be involved" in text(
        client.get(reverse("people:write_note", args=[child.pk]))
    )
    with clock.travel_to(at(2026, 11, 20, 15)):
        response = write(client, child, concern="on", concern_description=CONCERN)
    assert response.status_code == 302
    note = CaseNote.objects.get(person=child)
    concern = Concern.objects.get(child=child)
    assert (concern.source, concern.source_type, concern.source_id) == (
        ConcernSource.CASE_NOTE, "casenotes.CaseNote", str(note.pk)
    )
    assert concern.description == CONCERN and concern.recorded_by == world["hv"] and concern.decision == ""
    assert concern.decision_due_at.date().isoformat() == "2026-11-23"  # Friday: due by Monday's end
    assert Event.objects.get(person=child, type="concern_recorded").summary.endswith("in a case note")


def test_a_note_without_the_box_ticked_records_no_concern(client, world):
    client.force_login(world["hv"])
    write(client, world["liam"], concern_description="Typed but not ticked.")
    assert CaseNote.objects.filter(person=world["liam"]).count() == 1
    assert not Concern.objects.exists()


@pytest.mark.req("R4.2")
def test_the_box_ticked_without_saying_what_the_concern_is_writes_nothing(client, world):
    client.force_login(world["hv"])
    response = write(client, world["liam"], concern="on", concern_description="  ")
    assert response.status_code == 200 and "Say what the concern is" in text(response)
    assert not CaseNote.objects.exists() and not Concern.objects.exists()
    with pytest.raises(ValidationError, match="Say what the concern is"):
        write_case_note(Auditor(world["hv"]), world["hv"], world["liam"], title="Visit", body="Visited.",
                        concern=True, concern_description="")
    assert not CaseNote.objects.exists() and not Concern.objects.exists()


@pytest.mark.req("R4.2")
def test_a_failing_note_writes_no_concern_and_a_refused_concern_no_note(client, world):
    hv = world["hv"]
    with pytest.raises(ValidationError, match="Enter a title and the note"):
        write_case_note(Auditor(hv), hv, world["liam"], title="Visit", body="  ", concern=True,
                        concern_description=CONCERN)
    assert not CaseNote.objects.exists() and not Concern.objects.exists()
    # A concern is about a child: on the mother's record it is refused, and the note with it.
    with pytest.raises(ValidationError, match="about a child or an unborn baby"):
        write_case_note(Auditor(hv), hv, world["sarah"], title="Visit", body="Seen.", concern=True,
                        concern_description=CONCERN)
    assert not CaseNote.objects.exists() and not Concern.objects.exists()
    assert not Event.objects.filter(type="concern_recorded").exists()
    client.force_login(hv)
    assert "social care may need to be involved" not in text(client.get(reverse("people:write_note",
                                                                                args=[world["sarah"].pk])))
