"""A child's move to a new school, with its reason, which the school nurse must know (§5.2.19)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.notifications import rules as notification_rules
from thinkfamily.people.models import Person, SchoolEnrolment
from thinkfamily.people.services.checks import not_before_birth, not_in_future


def school_move_summary(school_name: str, reason: str, previous_school_name: str = "") -> str:
    """The chronology's line for a move of school, with its reason (and the school left, when the
    child was on another's roll until the move)."""
    previous = f" from {previous_school_name}" if previous_school_name else ""
    return f"Moved{previous} to {school_name}. Reason: {reason.strip()}"


@transaction.atomic
def change_school(auditor: Auditor, child: Person, *, school, start_date, reason: str):
    """A move to a new school, with its reason, which the school nurse must know (§5.2.19)."""
    permissions.require_of(auditor, "people.change_record", child)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter the reason for the move: the school nurse needs it to assess risk."})
    if start_date is None:
        raise ValidationError({"start_date": "Enter the date the child started at the new school."})
    not_in_future("start_date", start_date, "The start date")
    not_before_birth(child, "start_date", start_date, "The start date")
    lock(child)  # one change of school at a time: the second sees the first's school as current
    current = SchoolEnrolment.objects.open().filter(person=child).select_related("school").first()
    if current is not None:
        if current.school_id == school.pk:
            raise AlreadyRecorded(
                current, f"{child.full_name} is already at {school.name}, since {format_date(current.start_date)}.",
                field="school",
            )
        if start_date < current.start_date:
            raise ValidationError(
                {
                    "start_date": f"The move must be on or after {format_date(current.start_date)}, "
                    "when the child started at the current school."
                }
            )
        current.end_date = start_date
        current.save(update_fields=["end_date", "updated_at"])
        auditor.write(current, ["end_date"])
    with one_current(lambda: ValidationError({"school": "Someone else recorded a change of school for this child at "
                                                        "the same time. Nothing was saved: check the record."})):
        enrolment = SchoolEnrolment.objects.create(
            person=child, school=school, start_date=start_date, reason_for_move=reason.strip()
        )
    auditor.create(enrolment, ["person", "school", "start_date", "reason_for_move"])
    record_event(
        child,
        event_types.SCHOOL_MOVE,
        school_move_summary(school.name, reason, current.school.name if current else ""),
        occurred_at=start_date,
        author=auditor.actor,
        source=enrolment,
    )
    notification_rules.on_school_change(enrolment, sender=auditor.actor)
    return enrolment
