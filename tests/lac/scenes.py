"""The children-in-care health team and a child entering care, as the LAC tests set them up."""

import datetime

from django.utils import timezone

from tests.cast import practitioner, works_with
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.lac.models import AssessmentStep, HealthAssessment
from thinkfamily.lac.services import pipeline
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.models import LegalStatus

Role = Practitioner.Role
Step = AssessmentStep.Step


def at(day: datetime.date):
    """Stand on ``day`` (at 10:00) on the controllable clock."""
    return clock.travel_to(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))))


def children_in_care_team(council, cic_nurse, camhs) -> dict:
    """The people around a Sefton child in care: the children-in-care nurse and the LAC medical
    team at Alder Hey, both commissioned by Sefton; a GP of Bootle Village Surgery; the child's
    social worker; CAMHS; and Wirral's children-in-care nurse, who serves another area."""
    doctor = practitioner("lacdoc", Role.LAC_PAEDIATRICIAN, "RBS", Service.Kind.LAC_MEDICAL, team="LAC medical team")
    gp = practitioner("gp", Role.GP, "N84001", Service.Kind.GENERAL_PRACTICE, team="Bootle Village Surgery")
    social_worker = practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", Service.Kind.CHILDRENS_SOCIAL_CARE,
                                 team="CiC team")
    elsewhere = practitioner("cic_elsewhere", Role.CIC_NURSE, "WIRRAL-CIC", Service.Kind.CHILDREN_IN_CARE,
                             team="Wirral CIC")
    doctor.organisation.commissioned_by.add(council)
    return {"cic": cic_nurse, "doctor": doctor, "gp": gp, "sw": social_worker, "elsewhere": elsewhere, "camhs": camhs,
            "council": council}


def enter_care(team, child, on: datetime.date, status=LegalStatus.LOOKED_AFTER):
    """The child's social worker records that the child is looked after by the council from ``on``."""
    return legal_status_services.record_legal_status(
        works_with(team["sw"], child), child, status=status, change="start", effective_date=on,
        responsible_authority=team["council"], placement_type="Foster care",
    )


def initial_assessment(child) -> HealthAssessment:
    return HealthAssessment.objects.get(child=child, kind=HealthAssessment.Kind.INITIAL)


def complete_assessment(auditor, assessment, *, seen_on, booked_on=None, notified_on=None) -> HealthAssessment:
    """Take an assessment through every step on time (booked, then seen, typed, accepted and
    shared the day of the clinic; an initial one from the notification and request on
    ``notified_on``), and return the review it schedules."""
    if notified_on is not None:
        pipeline.record_step(auditor, assessment, Step.NOTIFICATION_RECEIVED, occurred_on=notified_on)
        pipeline.record_step(auditor, assessment, Step.REQUESTED, occurred_on=notified_on)
    pipeline.record_step(auditor, assessment, Step.APPOINTMENT_BOOKED, occurred_on=booked_on or seen_on,
                         appointment_on=seen_on)
    for step in (Step.SEEN, Step.REPORT_TYPED, Step.QA_ACCEPTED, Step.SHARED):
        pipeline.record_step(auditor, assessment, step, occurred_on=seen_on)
    return HealthAssessment.objects.get(previous=assessment)


def in_care_and_assessed(team, child) -> tuple[HealthAssessment, HealthAssessment]:
    """The child entered care on 3 March 2025 and the children-in-care nurse took the initial
    assessment through on time (notified the next day, booked the day after, seen on 20 March):
    the initial assessment and the review it scheduled."""
    enter_care(team, child, datetime.date(2025, 3, 3))
    iha = initial_assessment(child)
    review = complete_assessment(Auditor(actor=team["cic"]), iha, notified_on=datetime.date(2025, 3, 4),
                                 booked_on=datetime.date(2025, 3, 5), seen_on=datetime.date(2025, 3, 20))
    return iha, review
