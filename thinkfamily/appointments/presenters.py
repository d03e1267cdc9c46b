"""What the appointments pages show, in a practitioner's words: the record's Appointments
section with the actions the viewer may take, a follow-up with its deadline, the lists."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.appointments import queries
from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.appointments.services import booking
from thinkfamily.core import clock
from thinkfamily.core.presenters import format_date, format_datetime

Status = Appointment.Status
TAG = {
    Status.PLANNED: "nhsuk-tag--grey",
    Status.BOOKED: "nhsuk-tag--blue",
    Status.ATTENDED: "nhsuk-tag--green",
    Status.WAS_NOT_BROUGHT: "nhsuk-tag--red",
    Status.DID_NOT_ATTEND: "nhsuk-tag--red",
    Status.CANCELLED_BY_SERVICE: "nhsuk-tag--grey",
    Status.CANCELLED_BY_FAMILY: "nhsuk-tag--orange",
    Status.RESCHEDULED: "nhsuk-tag--grey",
}


def describe(appointment: Appointment) -> str:
    return f"{appointment.get_kind_display().lower()} on {format_date(appointment.date)}"


def missed_intro(appointment: Appointment) -> str:
    if appointment.for_unborn_id:
        return (f"For {appointment.for_unborn.full_name}. A missed antenatal appointment counts towards the "
                "'was not brought' alert for the baby.")
    if appointment.person.kind == "adult":
        return "If the adult did not attend and children or an unborn baby are known, a follow-up is raised."
    return "If the child was not brought, it counts towards the 'was not brought' alert."


@dataclass(frozen=True)
class AppointmentRow:
    appointment: Appointment
    when: str
    what: str
    where: str
    status: str
    tag: str
    overdue: bool
    outcome_link: str | None
    reschedule_link: str | None


def _row(appointment: Appointment, user, today, may_act=None) -> AppointmentRow:
    """``may_act``: whether the user may record the appointment's outcome, when the caller has
    asked it already (of another appointment of the same person in the same service)."""
    if may_act is None:
        may_act = permissions.may(user, "appointments.record_outcome", appointment)
    waiting = appointment.status in Appointment.WAITING
    overdue = queries.is_overdue(appointment, today)
    if appointment.starts_at:
        when = format_datetime(appointment.starts_at)
    else:
        when = f"Due by {format_date(appointment.due_by)}"
    what = appointment.get_kind_display()
    if appointment.for_unborn_id:
        what += f" (for {appointment.for_unborn.full_name})"
    status = appointment.get_status_display()
    if overdue:
        status = "Overdue: not held" if appointment.status == Status.PLANNED else "Overdue: outcome not recorded"
    who = appointment.practitioner.display_name if appointment.practitioner_id else ""
    where = ", ".join(x for x in [appointment.service.name, appointment.service.organisation.name, who] if x)
    return AppointmentRow(
        appointment, when, what, where, status, "nhsuk-tag--red" if overdue else TAG.get(appointment.status, ""),
        overdue,
        reverse("appointments:outcome", args=[appointment.pk]) if may_act and booking.outcomes_for(appointment)
        else None,
        reverse("appointments:reschedule", args=[appointment.pk])
        if may_act and waiting and appointment.status == Status.BOOKED else None,
    )


@dataclass(frozen=True)
class _OnRecord:
    """An appointment of the record's own person as "appointments.record_outcome" asks of it:
    its service, and the person as the record's Access (access.permissions.basis_code reads
    the basis from it)."""

    service_id: int
    person: object


@dataclass(frozen=True)
class RecordSection:
    overdue: list
    upcoming: list
    missed: list
    past: list
    book_link: str | None
    plan_link: str | None
    follow_ups: list


def record_section(user, access, has_appointments=True, has_follow_ups=True) -> RecordSection | None:
    """The "Appointments" section of a person's record (not an unborn baby's own: their
    antenatal appointments show there, booked with the mother). ``has_appointments``,
    ``has_follow_ups``: False when the page knows there are none (they are not read)."""
    person = access.person
    today = clock.today()
    found = (queries.for_person(person, user, today=today, now=clock.now()) if has_appointments
             else queries.PersonAppointments([], [], [], []))
    may_book = not person.is_unborn and permissions.may(user, "appointments.book", access)
    # Whether the user may record an outcome depends on the appointment's service and person
    # only: asked once for each (one query for the user's basis of access to the person), not
    # once for each appointment.
    decided = {}

    def may_act(appointment) -> bool:
        key = (appointment.service_id, appointment.person_id)
        if key not in decided:
            # The record's own person: their basis is the record's access, not asked again.
            asked = _OnRecord(appointment.service_id, access) if appointment.person_id == person.pk else appointment
            decided[key] = permissions.may(user, "appointments.record_outcome", asked)
        return decided[key]

    rows = lambda items: [_row(a, user, today, may_act(a)) for a in items]  # noqa: E731
    return RecordSection(
        rows(found.overdue), rows(found.upcoming), rows(found.missed), rows(found.past[:10]),
        reverse("appointments:book", args=[person.pk]) if may_book else None,
        reverse("appointments:plan", args=[person.pk]) if may_book else None,
        [follow_up_row(f, clock.now()) for f in queries.open_follow_ups_about(person, user)] if has_follow_ups else [],
    )


@dataclass(frozen=True)
class FollowUpRow:
    follow_up: FollowUp
    person_name: str
    person_link: str | None
    link: str
    kind: str
    reason: str
    assigned: str
    due: str
    overdue: bool
    raised: str
    done: str
    # The unborn baby an antenatal appointment was for, and a link to its record if the
    # viewer may open it.
    about_name: str = ""
    about_link: str | None = None


def follow_up_row(follow_up: FollowUp, now, visible=None) -> FollowUpRow:
    person = follow_up.person
    may_open = visible is None or person.pk in visible
    assigned = follow_up.assigned_to.display_name if follow_up.assigned_to_id else (
        follow_up.team.name if follow_up.team_id else follow_up.service.name)
    done = ""
    if not follow_up.is_open:
        by = follow_up.completed_by.display_name if follow_up.completed_by_id else "ThinkFamily"
        done = f"{follow_up.get_action_display()}, recorded by {by} on {format_datetime(follow_up.completed_at)}"
    unborn = follow_up.appointment.for_unborn if follow_up.appointment_id else None
    about = {}
    if unborn is not None:
        about = {"about_name": unborn.full_name,
                 "about_link": reverse("people:record", args=[unborn.pk])
                 if visible is None or unborn.pk in visible else None}
    return FollowUpRow(
        follow_up, person.full_name,
        reverse("people:record", args=[person.pk]) if may_open else None,
        reverse("appointments:follow_up", args=[follow_up.pk]),
        follow_up.get_kind_display(), follow_up.reason,
        f"{assigned}, {follow_up.service.name} ({follow_up.service.organisation.name})",
        format_datetime(follow_up.due_at), follow_up.is_open and follow_up.due_at < now,
        format_datetime(follow_up.raised_at), done, **about,
    )


def home_rows(user, now, visible_ids):
    """The user's open follow-ups (overdue first: deadline order) and overdue planned contacts;
    ``visible_ids(people)``: which of them the user may open (access scoping)."""
    today = timezone.localdate(now)
    rows = list(queries.open_follow_ups_for(user))
    people = [f.person for f in rows] + [f.appointment.for_unborn for f in rows if f.appointment_id and
                                         f.appointment.for_unborn_id]
    visible = visible_ids(people)
    return {
        "follow_ups": [follow_up_row(f, now, visible) for f in rows],
        "planned": [_row(a, user, today) for a in queries.planned_overdue_for(user, today)],
    }
