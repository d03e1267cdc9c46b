"""Planning, booking and recording appointments (R7.1), for any person in any service: a
child, an adult, or a pregnant woman with the unborn baby an antenatal appointment is for.

Each function is one atomic verb that asks permission (access.permissions), checks what it
was given (a bad date or a closed appointment is refused with words a nurse can act on, and
nothing is written), moves the appointment through ``appointments.machine`` under a lock on
its row, and writes its audit and chronology events. A missed appointment is weighed by the
'was not brought' rule (``was_not_brought``) in the same transaction; an adult who did not
attend is passed to ``disengagement`` (R7.2)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.appointments import machine
from thinkfamily.appointments.models import Appointment
from thinkfamily.appointments.services import disengagement, was_not_brought
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock
from thinkfamily.core.presenters import format_date
from thinkfamily.people.models import Person, Relationship

Status = Appointment.Status
Kind = Appointment.Kind

# How far from today an appointment may be booked or recorded: older than this is a typing
# mistake (or belongs in the notes), further ahead no service books.
MONTHS_BACK = 12
MONTHS_AHEAD = 18


def _check_day(person: Person, field: str, day: datetime.date, label: str) -> None:
    today = clock.today()
    earliest, latest = today - relativedelta(months=MONTHS_BACK), today + relativedelta(months=MONTHS_AHEAD)
    if day < earliest:
        raise ValidationError({field: f"{label} cannot be more than {MONTHS_BACK} months ago ({format_date(earliest)})"
                                      ": check the year."})
    if day > latest:
        raise ValidationError({field: f"{label} cannot be more than {MONTHS_AHEAD} months ahead "
                                      f"({format_date(latest)}): check the year."})
    if person.date_of_birth and day < person.date_of_birth:
        raise ValidationError({field: f"{label} cannot be before {person.full_name} was born "
                                      f"({format_date(person.date_of_birth)})."})


def _check_unborn(person: Person, for_unborn: Person | None) -> None:
    if person.is_unborn:
        raise ValidationError({"person": "Book an unborn baby's appointments with the pregnant woman, for the baby."})
    if for_unborn is not None and not for_unborn.is_unborn:
        raise ValidationError({"for_unborn": "Choose the unborn baby this antenatal appointment is for."})
    if for_unborn is not None and not Relationship.objects.filter(
        person=for_unborn, relative=person, type=Relationship.Type.MOTHER
    ).exists():
        raise ValidationError({"for_unborn": f"This unborn baby is not recorded as {person.full_name}'s: choose her "
                                             "own pregnancy."})


def _where(auditor: Auditor, service, team):
    actor = auditor.actor
    if service is None:
        if actor is None or not actor.team_id:
            raise ValidationError("Only a practitioner in a team can book an appointment.")
        return actor.team.service, team or actor.team
    return service, team


def _create(auditor, person, *, kind, status, due_by, starts_at, for_unborn, service, team, practitioner,
            starts_treatment) -> Appointment:
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what kind of appointment this is."})
    appointment = Appointment.objects.create(
        person=person, for_unborn=for_unborn, service=service, team=team, practitioner=practitioner,
        kind=kind, status=status, due_by=due_by, starts_at=starts_at, starts_treatment=starts_treatment,
        created_by=auditor.actor or practitioner,
    )
    auditor.create(appointment, ["kind", "status", "due_by", "starts_at", "service", "practitioner", "for_unborn"])
    return appointment


@transaction.atomic
def plan_contact(
    auditor: Auditor, person: Person, *, kind: str, due_by: datetime.date, for_unborn: Person | None = None,
    practitioner=None, service=None, team=None,
) -> Appointment:
    """A contact the service has identified and must make by ``due_by`` (a new birth visit, a
    home visit), not yet booked. It shows as overdue once ``due_by`` has passed."""
    permissions.require_of(auditor, "appointments.book", person)
    _check_unborn(person, for_unborn)
    if not due_by:
        raise ValidationError({"due_by": "Enter the date the contact is due by."})
    _check_day(person, "due_by", due_by, "The date it is due by")
    service, team = _where(auditor, service, team)
    lock(person)
    same = Appointment.objects.filter(
        person=person, service=service, kind=kind, status=Status.PLANNED, due_by=due_by
    ).first()
    if same is not None:
        raise AlreadyRecorded(same, "This contact is already planned: nothing was added.", field="due_by")
    appointment = _create(
        auditor, person, kind=kind, status=Status.PLANNED, due_by=due_by, starts_at=None, for_unborn=for_unborn,
        service=service, team=team, practitioner=practitioner or auditor.actor, starts_treatment=False,
    )
    machine.start(auditor, appointment, summary=f"{appointment.get_kind_display()} planned, due by "
                                                f"{format_date(due_by)} ({service.name})")
    return appointment


@transaction.atomic
def book_appointment(
    auditor: Auditor, person: Person, *, kind: str, starts_at: datetime.datetime, for_unborn: Person | None = None,
    practitioner=None, service=None, team=None, starts_treatment: bool = False, planned: Appointment | None = None,
    rescheduled_from: Appointment | None = None, permission: str = "appointments.book", within_limits: bool = True,
) -> Appointment:
    """Book an appointment at ``starts_at``: a new one, or the ``planned`` contact; the one
    ``rescheduled_from`` (moved without a new date at the time) then points to it. The IHA
    pipeline books under its own permission (``lac.record_assessment_for``), with the dates
    its own steps have checked (``within_limits=False``)."""
    permissions.require_of(auditor, permission, person)
    _check_unborn(person, for_unborn)
    if not starts_at:
        raise ValidationError({"starts_at": "Enter the date and time of the appointment."})
    if within_limits:
        _check_day(person, "starts_at", timezone.localdate(starts_at), "The appointment")
    lock(person)
    if planned is not None:
        locked = machine.lock(planned)
        if locked.person_id != person.pk:
            raise ValidationError("This planned contact is for someone else.")
        locked.starts_at = starts_at
        locked.practitioner = practitioner or locked.practitioner
        locked.save(update_fields=["starts_at", "practitioner", "updated_at"])
        machine.transition(auditor, locked, Status.BOOKED, summary=f"Booked: {machine.describe(locked)}")
        return locked
    service, team = _where(auditor, service, team)
    same = Appointment.objects.filter(
        person=person, service=service, kind=kind, status=Status.BOOKED, starts_at=starts_at
    ).first()
    if same is not None:
        raise AlreadyRecorded(same, "This appointment is already booked: nothing was added.", field="starts_at")
    appointment = _create(
        auditor, person, kind=kind, status=Status.BOOKED, due_by=None, starts_at=starts_at, for_unborn=for_unborn,
        service=service, team=team, practitioner=practitioner or auditor.actor, starts_treatment=starts_treatment,
    )
    machine.start(auditor, appointment, summary=f"Booked: {machine.describe(appointment)}")
    if rescheduled_from is not None:
        moved = machine.lock(rescheduled_from)
        if moved.status == Status.RESCHEDULED and moved.rescheduled_to_id is None:
            moved.rescheduled_to = appointment
            moved.save(update_fields=["rescheduled_to", "updated_at"])
            auditor.write(moved, ["rescheduled_to"], subject=person)
    return appointment


def outcomes_for(appointment: Appointment) -> list[str]:
    """The outcomes that may be recorded for this appointment: a child (or an unborn baby) is
    not brought; an adult does not attend; a 16- or 17-year-old may be either."""
    if appointment.status not in (Status.BOOKED, Status.PLANNED):
        return []
    if appointment.status == Status.PLANNED:
        return [Status.CANCELLED_BY_SERVICE, Status.CANCELLED_BY_FAMILY]
    person = appointment.person
    missed = []
    age = person.age_in_years()
    if person.kind == Person.Kind.CHILD or appointment.for_unborn_id:
        missed.append(Status.WAS_NOT_BROUGHT)
    if person.kind == Person.Kind.ADULT or (age is not None and age >= 16):
        missed.append(Status.DID_NOT_ATTEND)
    return [Status.ATTENDED, *missed, Status.CANCELLED_BY_SERVICE, Status.CANCELLED_BY_FAMILY]


@transaction.atomic
def record_outcome(
    auditor: Auditor, appointment: Appointment, *, outcome: str, reason: str = "",
    permission: str = "appointments.record_outcome", permission_obj=None,
) -> Appointment:
    """Record what happened: attended, was not brought (a child, or the unborn baby through
    the pregnant woman), did not attend (an adult), cancelled by the service or the family.
    A missed appointment is weighed by the 'was not brought' rule, and an adult's passed to
    the disengagement follow-up, in the same transaction."""
    permissions.require_of(auditor, permission, permission_obj if permission_obj is not None else appointment)
    locked = machine.lock(appointment)
    if outcome not in machine.OUTCOMES:
        raise ValidationError({"outcome": "Choose what happened at the appointment."})
    if locked.status == outcome:
        raise AlreadyRecorded(
            locked, f"This appointment is already recorded as {Status(outcome).label.lower()}: nothing was changed.",
            field="outcome",
        )
    if outcome not in machine.TRANSITIONS[locked.status]:
        raise machine.IllegalTransition(locked.status, outcome)
    if outcome == Status.WAS_NOT_BROUGHT and outcome not in outcomes_for(locked):
        raise ValidationError({"outcome": f"{locked.person.full_name} is an adult: record that they did not attend."})
    if outcome == Status.DID_NOT_ATTEND and outcome not in outcomes_for(locked):
        raise ValidationError({"outcome": f"{locked.person.full_name} is a child: record that they were not brought."})
    if outcome in (Status.ATTENDED, Status.WAS_NOT_BROUGHT, Status.DID_NOT_ATTEND):
        if locked.status == Status.PLANNED or locked.starts_at is None:
            raise ValidationError({"outcome": "This contact has not been booked yet: book it first, then record "
                                              "what happened."})
        if timezone.localdate(locked.starts_at) > clock.today():
            raise ValidationError({"outcome": f"This appointment is on {format_date(locked.date)}: what happened "
                                              "can be recorded from that day."})
    reason = (reason or "").strip()
    label = Status(outcome).label
    summary = f"{label}: {machine.describe(locked)}" + (f". {reason}" if reason else "")
    machine.transition(auditor, locked, outcome, summary=summary, reason=reason)
    if outcome in Appointment.MISSED:
        was_not_brought.after_missed(locked, auditor.actor)
        if outcome == Status.DID_NOT_ATTEND and locked.person.kind == Person.Kind.ADULT:
            disengagement.after_missed(locked, auditor.actor)
    return locked


@transaction.atomic
def reschedule(
    auditor: Auditor, appointment: Appointment, *, starts_at: datetime.datetime, reason: str = "",
    permission: str = "appointments.record_outcome", permission_obj=None,
) -> Appointment:
    """Move a booked appointment to ``starts_at``: the old one is rescheduled and points to
    the new one, which is booked. Returns the new one."""
    permissions.require_of(auditor, permission, permission_obj if permission_obj is not None else appointment)
    locked = machine.lock(appointment)
    if locked.status == Status.RESCHEDULED:
        raise AlreadyRecorded(
            locked.rescheduled_to or locked, "This appointment has already been rescheduled: nothing was changed.",
            field="starts_at",
        )
    if locked.status != Status.BOOKED:
        raise machine.IllegalTransition(locked.status, Status.RESCHEDULED)
    if not starts_at:
        raise ValidationError({"starts_at": "Enter the new date and time."})
    _check_day(locked.person, "starts_at", timezone.localdate(starts_at), "The new appointment")
    new = _create(
        auditor, locked.person, kind=locked.kind, status=Status.BOOKED, due_by=None, starts_at=starts_at,
        for_unborn=locked.for_unborn, service=locked.service, team=locked.team, practitioner=locked.practitioner,
        starts_treatment=locked.starts_treatment,
    )
    reason = (reason or "").strip()
    machine.transition(
        auditor, locked, Status.RESCHEDULED, reason=reason,
        summary=f"Rescheduled: {machine.describe(locked)}, now {format_date(new.date)}" + (
            f". {reason}" if reason else ""),
    )
    locked.rescheduled_to = new
    locked.save(update_fields=["rescheduled_to", "updated_at"])
    machine.start(auditor, new, summary=f"Booked: {machine.describe(new)}")
    return new


@transaction.atomic
def mark_rescheduled(auditor: Auditor, appointment: Appointment, *, reason: str, permission: str, permission_obj):
    """The appointment is off and will be rebooked, the new date not yet known (the IHA
    pipeline's "rescheduled" step): the next booking points back to it."""
    permissions.require_of(auditor, permission, permission_obj)
    locked = machine.lock(appointment)
    reason = (reason or "").strip()
    machine.transition(auditor, locked, Status.RESCHEDULED, reason=reason,
                       summary=f"Rescheduled: {machine.describe(locked)}" + (f". {reason}" if reason else ""))
    return locked
