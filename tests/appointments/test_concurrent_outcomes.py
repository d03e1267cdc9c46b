"""A double-clicked 'was not brought' (R7.1): twenty identical outcome submissions at once,
each from its own connection, write one status, raise one follow-up and tell the social
worker once; every answer is a redirect, never a 500."""

import datetime

import pytest
from django.urls import reverse

from tests.appointments.scenes import at, child
from tests.cast import put_on_caseload, works_with
from tests.concurrent import assert_answered, fire
from thinkfamily.appointments.models import Appointment, AppointmentStatus, FollowUp
from thinkfamily.appointments.services import booking
from thinkfamily.core import clock
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.notifications.models import Notification

pytestmark = [pytest.mark.usefixtures("national_flag_types"), pytest.mark.req("R7.1")]


def test_twenty_identical_was_not_brought_submissions_write_once(health_visitor, social_worker, council):
    liam = child()
    put_on_caseload(social_worker, liam)
    with clock.travel_to(at(2026, 3, 2)):
        record_legal_status(works_with(social_worker, liam), liam, status="looked_after", change="start",
                            effective_date=datetime.date(2026, 3, 2), responsible_authority=council)
        appointment = booking.book_appointment(works_with(health_visitor, liam), liam, kind="clinic",
                                               starts_at=at(2026, 3, 2, 9))
    with clock.travel_to(at(2026, 3, 2, 15)):
        answers = fire(health_visitor, reverse("appointments:outcome", args=[appointment.pk]),
                       {"outcome": "was_not_brought", "reason": ""})
    assert_answered(answers)
    assert AppointmentStatus.objects.filter(appointment=appointment, status="was_not_brought").count() == 1
    assert Appointment.objects.get(pk=appointment.pk).status == "was_not_brought"
    assert FollowUp.objects.filter(person=liam).count() == 1
    assert Notification.objects.filter(recipient=social_worker, cause="was_not_brought").count() == 1
