"""Placed for adoption always names the local authority that placed the child (R2.1): it
raises the flag and is the social care contact shown with it. Without it, the nurse gets a
clear error on the field and nothing is written (no entry, flag, chronology event,
notification or audited write), whether she records the status or corrects an entry."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import pages
from tests.cast import works_with
from thinkfamily.chronology.models import Event
from thinkfamily.core.models import AuditEvent
from thinkfamily.flags.models import Flag
from thinkfamily.legal_status.services import correct_legal_status, record_legal_status
from thinkfamily.notifications.models import Notification
from thinkfamily.people.models import LegalStatus, LegalStatusEntry

pytestmark = pytest.mark.django_db

MESSAGE = "Choose the responsible local authority: the council that placed the child for adoption."


def _written() -> dict:
    return {
        "entries": LegalStatusEntry.objects.count(),
        "flags": Flag.objects.count(),
        "events": Event.objects.count(),
        "notifications": Notification.objects.count(),
        "audited writes": AuditEvent.objects.filter(action__in=["create", "write"]).count(),
    }


@pytest.fixture
def liam_looked_after(family, council, social_worker):
    liam = family["liam"]
    record_legal_status(
        works_with(social_worker, liam), liam, status=LegalStatus.LOOKED_AFTER, change="start",
        effective_date=datetime.date(2025, 6, 2), responsible_authority=council, placement_type="Foster care",
    )
    return liam


@pytest.mark.req("R2.1")
def test_placed_for_adoption_without_the_authority_is_refused_and_nothing_is_written(
    liam_looked_after, council, social_worker
):
    auditor = works_with(social_worker, liam_looked_after)
    before = _written()
    with pytest.raises(ValidationError) as error:
        record_legal_status(
            auditor, liam_looked_after, status=LegalStatus.PLACED_FOR_ADOPTION, change="start",
            effective_date=datetime.date(2025, 11, 3),
        )
    assert error.value.message_dict["responsible_authority"][0].startswith(MESSAGE)
    assert _written() == before

    # With the authority, the status is recorded and its flag names the council to ring.
    record_legal_status(
        auditor, liam_looked_after, status=LegalStatus.PLACED_FOR_ADOPTION, change="start",
        effective_date=datetime.date(2025, 11, 3), responsible_authority=council,
    )
    flag = Flag.objects.get(person=liam_looked_after, type__code="placed_for_adoption")
    assert flag.raised_by_organisation == council
    assert (flag.contact_phone, flag.contact_out_of_hours_phone) == ("0151 496 0000", "0151 496 0999")


@pytest.mark.req("R2.1")
def test_the_form_shows_the_error_on_the_authority_field_and_saves_nothing(client, liam_looked_after, social_worker):
    client.force_login(social_worker)
    before = _written()
    response = client.post(
        reverse("people:legal_status", args=[liam_looked_after.pk]),
        {
            "status": LegalStatus.PLACED_FOR_ADOPTION,
            "change": "start",
            "effective_date_0": "3",
            "effective_date_1": "11",
            "effective_date_2": "2025",
        },
    )
    assert response.status_code == 200
    page = pages.text(response)
    assert "There is a problem" in page and MESSAGE in page
    assert 'href="#id_responsible_authority"' in response.content.decode()
    assert _written() == before


@pytest.mark.req("R2.1")
def test_a_correction_to_placed_for_adoption_without_the_authority_is_refused(liam_looked_after, social_worker):
    wrong = LegalStatusEntry.objects.get(person=liam_looked_after)
    before = _written()
    with pytest.raises(ValidationError) as error:
        correct_legal_status(
            works_with(social_worker, liam_looked_after), wrong,
            reason="He was placed for adoption, not in foster care",
            status=LegalStatus.PLACED_FOR_ADOPTION, responsible_authority=None,
        )
    assert error.value.message_dict["responsible_authority"][0].startswith(MESSAGE)
    assert _written() == before
