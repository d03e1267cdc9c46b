"""The UASC part of a health assessment, recorded by the assessing clinician, and a
clinician's training in assessing unaccompanied asylum-seeking children (Rec 10.1). Each is one
atomic function that writes its audit event and, when it is about a child, a chronology event
in the same transaction. Bad input raises ValidationError naming the field, and nothing is
written."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import ConcurrentEditError
from thinkfamily.core.presenters import format_date
from thinkfamily.lac.models import HealthAssessment, UASCAssessment, UASCTraining

UASC_PART_RECORDED = register(
    "uasc_assessment_part", "UASC part of the health assessment recorded", Significance.MEDIUM
)


UASC_FIELDS = ["journey", "trauma", "age_assessment", "immigration_status", "interpreter_used"]


@transaction.atomic
def record_uasc_part(
    auditor: Auditor,
    assessment: HealthAssessment,
    *,
    journey: str,
    trauma: str,
    age_assessment: str,
    immigration_status: str,
    interpreter_used: bool,
    expected_updated_at: str = "",
) -> UASCAssessment:
    """Record, or bring up to date, the UASC part of an assessment (Rec 10.1). An update is
    refused with ConcurrentEditError when someone else saved it after this form was opened
    (``expected_updated_at`` is the ISO time the editor saw; blank for a first record)."""
    permissions.require_of(auditor, "lac.record_assessment_for", assessment.child)
    journey, trauma = journey.strip(), trauma.strip()
    errors = {}
    if not journey:
        errors["journey"] = "Describe the journey to the UK, in the young person's words where possible."
    if not trauma:
        errors["trauma"] = "Record trauma, its effects and the support offered, or say that none was disclosed."
    if age_assessment not in UASCAssessment.AgeAssessment.values:
        errors["age_assessment"] = "Choose where the age assessment stands."
    if immigration_status not in UASCAssessment.ImmigrationStatus.values:
        errors["immigration_status"] = "Choose the immigration status, or 'Not known'."
    if errors:
        raise ValidationError(errors)
    locked = HealthAssessment.objects.select_for_update().get(pk=assessment.pk)
    values = {
        "journey": journey,
        "trauma": trauma,
        "age_assessment": age_assessment,
        "immigration_status": immigration_status,
        "interpreter_used": interpreter_used,
    }
    existing = UASCAssessment.objects.filter(assessment=locked).first()
    if existing is None:
        if expected_updated_at:
            raise ConcurrentEditError(locked, {"UASC part": "deleted"})
        part = UASCAssessment.objects.create(assessment=locked, recorded_by=auditor.actor, **values)
        auditor.create(part, UASC_FIELDS, subject=locked.child)
        summary = "UASC part of the health assessment recorded"
    else:
        if existing.updated_at.isoformat() != expected_updated_at:
            changed = {name: getattr(existing, name) for name in ["age_assessment", "immigration_status"]}
            raise ConcurrentEditError(existing, changed)
        changed = [name for name, value in values.items() if getattr(existing, name) != value]
        for name, value in values.items():
            setattr(existing, name, value)
        existing.recorded_by = auditor.actor
        existing.save(update_fields=[*values, "recorded_by", "updated_at"])
        auditor.write(existing, changed, subject=locked.child)
        part = existing
        summary = "UASC part of the health assessment updated"
    record_event(
        locked.child,
        UASC_PART_RECORDED,
        f"{summary}: {part.get_age_assessment_display().lower()}, {part.get_immigration_status_display().lower()}",
        occurred_at=clock.now(),
        author=auditor.actor,
        source=part,
    )
    return part


@transaction.atomic
def record_uasc_training(
    auditor: Auditor, practitioner, *, course: str, completed_on: datetime.date | None
) -> UASCTraining:
    """A clinician's training in assessing unaccompanied asylum-seeking children (Rec 10.1).
    About a practitioner, not a child: audited, with no chronology entry."""
    course = course.strip()
    errors = {}
    if not course:
        errors["course"] = "Enter the name of the course, for example 'Health assessment of UASC (CoramBAAF)'."
    if completed_on is None:
        errors["completed_on"] = "Enter the date the course was completed."
    elif completed_on > clock.today():
        errors["completed_on"] = f"The date cannot be in the future: today is {format_date(clock.today())}."
    if errors:
        raise ValidationError(errors)
    training = UASCTraining.objects.create(
        practitioner=practitioner, course=course, completed_on=completed_on, recorded_by=auditor.actor,
        recorded_at=clock.now(),
    )
    auditor.create(training, ["practitioner", "course", "completed_on"])
    return training
