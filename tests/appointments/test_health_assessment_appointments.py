"""One appointment model (R7.1): the looked-after child's health assessment is booked,
missed, moved and attended as an Appointment, so a missed one counts for the 'was not
brought' rule (one is enough for a looked-after child)."""

import datetime

import pytest

from tests.lac.scenes import at, enter_care
from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.core.audit import Auditor
from thinkfamily.lac.models import AssessmentStep, HealthAssessment
from thinkfamily.lac.services import pipeline

pytestmark = [pytest.mark.django_db, pytest.mark.req("R7.1")]
Step = AssessmentStep.Step
Status = Appointment.Status


@pytest.fixture
def team(council, cic_nurse, camhs):
    from tests.lac import scenes

    return scenes.children_in_care_team(council, cic_nurse, camhs)


def test_the_iha_pipeline_books_misses_moves_and_attends_one_appointment_model(team, family):
    liam = family["liam"]
    cic, doctor = Auditor(actor=team["cic"]), Auditor(actor=team["doctor"])
    with at(datetime.date(2026, 11, 2)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
    iha = HealthAssessment.objects.get(child=liam)
    with at(datetime.date(2026, 11, 30)):
        pipeline.record_step(cic, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(cic, iha, Step.REQUESTED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(cic, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 4),
                             appointment_on=datetime.date(2026, 11, 9))
        pipeline.record_step(doctor, iha, Step.NOT_BROUGHT, occurred_on=datetime.date(2026, 11, 9),
                             reason="Placement moved")
        pipeline.record_step(cic, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 10),
                             appointment_on=datetime.date(2026, 11, 16))
        pipeline.record_step(cic, iha, Step.RESCHEDULED, occurred_on=datetime.date(2026, 11, 12),
                             reason="Clinic cancelled")
        pipeline.record_step(cic, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 12),
                             appointment_on=datetime.date(2026, 11, 19))
        pipeline.record_step(doctor, iha, Step.SEEN, occurred_on=datetime.date(2026, 11, 19))
    first, second, third = Appointment.objects.filter(person=liam).order_by("id")
    assert {a.kind for a in (first, second, third)} == {Appointment.Kind.HEALTH_ASSESSMENT}
    assert first.service.kind == "lac_medical"
    assert (first.status, second.status, third.status) == (Status.WAS_NOT_BROUGHT, Status.RESCHEDULED, Status.ATTENDED)
    assert second.rescheduled_to == third
    assert list(first.statuses.values_list("status", flat=True)) == ["booked", "was_not_brought"]
    # Looked after: one health assessment missed is enough for the alert.
    follow_up = FollowUp.objects.open().get(person=liam)
    assert follow_up.appointment == first and "is looked after" in follow_up.reason
    assert iha.steps.filter(step=Step.NOT_BROUGHT).get().appointment == first
