"""The appointment's status machine: planned → booked → attended | was not brought | did not
attend | cancelled | rescheduled; a planned contact may also be cancelled. Nothing else.

Each move is an append-only ``AppointmentStatus`` row with who, when and why, the
appointment's ``status`` column set to it, a chronology event and an audit event, all in the
caller's transaction, under a lock on the appointment's row: two submissions of the same
outcome make one move and one clear answer, never two rows. Modelled on
``referrals.machine``."""

from django.core.exceptions import ValidationError

from thinkfamily.appointments.models import Appointment, AppointmentStatus
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.presenters import format_date

Status = Appointment.Status

OUTCOMES = frozenset(
    {
        Status.ATTENDED,
        Status.WAS_NOT_BROUGHT,
        Status.DID_NOT_ATTEND,
        Status.CANCELLED_BY_SERVICE,
        Status.CANCELLED_BY_FAMILY,
    }
)
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.BOOKED, Status.CANCELLED_BY_SERVICE, Status.CANCELLED_BY_FAMILY}),
    Status.BOOKED: OUTCOMES | {Status.RESCHEDULED},
    **{status: frozenset() for status in OUTCOMES | {Status.RESCHEDULED}},
}

APPOINTMENT_PLANNED = register("appointment_planned", "Contact planned", Significance.LOW)
APPOINTMENT_BOOKED = register("appointment_booked", "Appointment booked", Significance.LOW)
APPOINTMENT_ATTENDED = register("appointment_attended", "Attended an appointment", Significance.LOW)
APPOINTMENT_MISSED = register("appointment_missed", "Missed appointment", Significance.MEDIUM)
APPOINTMENT_CANCELLED = register("appointment_cancelled", "Appointment cancelled", Significance.LOW)
APPOINTMENT_RESCHEDULED = register("appointment_rescheduled", "Appointment rescheduled", Significance.LOW)

EVENT_FOR = {
    Status.PLANNED: APPOINTMENT_PLANNED,
    Status.BOOKED: APPOINTMENT_BOOKED,
    Status.ATTENDED: APPOINTMENT_ATTENDED,
    Status.WAS_NOT_BROUGHT: APPOINTMENT_MISSED,
    Status.DID_NOT_ATTEND: APPOINTMENT_MISSED,
    Status.CANCELLED_BY_SERVICE: APPOINTMENT_CANCELLED,
    Status.CANCELLED_BY_FAMILY: APPOINTMENT_CANCELLED,
    Status.RESCHEDULED: APPOINTMENT_RESCHEDULED,
}


def _said(status: str) -> str:
    return Status(status).label.lower()


class IllegalTransition(ValidationError):
    """The appointment cannot move to that status from where it is."""

    def __init__(self, current: str, target: str):
        self.current, self.target = current, target
        allowed = sorted(_said(s) for s in TRANSITIONS.get(current, ()))
        then = f" From here it can only be {' or '.join(allowed)}." if allowed else " It cannot change any more."
        super().__init__(
            {"outcome": f"This appointment is already {_said(current)}: it cannot now be {_said(target)}.{then}"}
        )


def lock(appointment: Appointment) -> Appointment:
    """The appointment's row as stored, locked until the end of the transaction."""
    return Appointment.objects.select_for_update(of=("self",)).select_related("person", "for_unborn", "service").get(
        pk=appointment.pk
    )


def describe(appointment: Appointment) -> str:
    """"Antenatal appointment on 3 March 2027 with Maternity (City Hospital)"."""
    when = format_date(appointment.date) if appointment.date else "no date"
    service = appointment.service
    return f"{appointment.get_kind_display()} on {when} with {service.name} ({service.organisation.name})"


def start(auditor: Auditor, appointment: Appointment, *, summary: str) -> AppointmentStatus:
    """The first status row of a new appointment (planned or booked), with its event."""
    return _append(auditor, appointment, appointment.status, summary=summary, reason="")


def transition(auditor: Auditor, appointment: Appointment, target: str, *, summary: str, reason: str = ""):
    """Move a locked ``appointment`` to ``target``, or raise (nothing written): the same
    status again is a second submission (``AlreadyRecorded``), anything else not declared is
    ``IllegalTransition``."""
    current = appointment.status
    if current == target:
        raise AlreadyRecorded(
            appointment, f"This appointment is already recorded as {_said(target)}: nothing was changed.",
            field="outcome",
        )
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)
    appointment.status = target
    appointment.save(update_fields=["status", "updated_at"])
    auditor.write(appointment, ["status"], detail={"from": current, "to": target}, subject=appointment.person)
    return _append(auditor, appointment, target, summary=summary, reason=reason)


def _append(auditor: Auditor, appointment: Appointment, status: str, *, summary: str, reason: str):
    now = clock.now()
    row = AppointmentStatus.objects.create(
        appointment=appointment, status=status, recorded_by=auditor.actor or appointment.created_by,
        recorded_at=now, reason=(reason or "")[:500],
    )
    people = [appointment.person]
    if appointment.for_unborn_id:
        people.append(appointment.for_unborn)
    for person in people:
        record_event(
            person, EVENT_FOR[status], summary[:500], occurred_at=now, author=auditor.actor,
            service=appointment.service, source=appointment,
        )
    return row
