"""What the appointments pages read (R7.1): a person's appointments, a practitioner's open
follow-ups and overdue planned contacts, and a manager's list of the open follow-ups in
their team or organisation. Each list is of rows the user's role is for; the people in it
are reached on the pages through access scoping."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q

from thinkfamily.access.scoping import involvement_visible
from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import CaseloadMembership, Practitioner
from thinkfamily.people.models import Person, Relationship

Role = Practitioner.Role
RELATED = ("person", "for_unborn", "service__organisation", "practitioner", "team")
FOLLOW_UP_RELATED = ("person", "service__organisation", "assigned_to", "team", "appointment__for_unborn")


@dataclass(frozen=True)
class PersonAppointments:
    upcoming: list
    missed: list
    overdue: list
    past: list


def visible_to(user):
    """R2.4: a restricted service's appointments and follow-ups (sexual health) are seen by its
    own staff and the services it shared an entry about the person with, nobody else."""
    return involvement_visible(user, service="service", person=OuterRef("person"))


def for_person(person, user, *, today, now) -> PersonAppointments:
    """The person's appointments (their own, and for an unborn baby the pregnant woman's
    antenatal appointments for it) that ``user`` may know of: upcoming, missed, planned
    contacts overdue, the rest."""
    rows = list(
        Appointment.objects.filter(Q(person=person) | Q(for_unborn=person)).filter(visible_to(user))
        .select_related(*RELATED)
        .order_by("-starts_at", "-due_by", "-id")
    )
    overdue = [a for a in rows if a.status in Appointment.WAITING and is_overdue(a, today)]
    upcoming = [a for a in rows if a.status in Appointment.WAITING and a not in overdue]
    missed = [a for a in rows if a.is_missed]
    past = [a for a in rows if a not in overdue and a not in upcoming and a not in missed]
    return PersonAppointments(list(reversed(upcoming)), missed, overdue, past)


def is_overdue(appointment: Appointment, today) -> bool:
    """A planned contact past its due date, or a booked one past its day with nothing recorded."""
    day = appointment.due_by if appointment.status == Appointment.Status.PLANNED else appointment.date
    return appointment.status in Appointment.WAITING and day is not None and day < today


def planned_overdue_for(user, today):
    """Contacts the user holds (or planned) that are still waiting after their date."""
    return (
        Appointment.objects.filter(Q(practitioner=user) | Q(practitioner__isnull=True, created_by=user))
        .planned_overdue(today).select_related(*RELATED).order_by("due_by", "id")
    )


def open_follow_ups_for(user):
    """The open follow-ups assigned to the user, and those about the people on the user's
    caseload (a social worker sees the alert about her child, or her unborn baby), deadline
    first: the overdue ones lead."""
    people = CaseloadMembership.objects.current().filter(practitioner=user).values("person_id")
    return (
        FollowUp.objects.open()
        .filter(Q(assigned_to=user) | Q(person_id__in=people) | Q(appointment__for_unborn_id__in=people))
        .select_related(*FOLLOW_UP_RELATED).distinct().order_by("due_at", "id")
    )


@dataclass(frozen=True)
class ManagerArea:
    label: str
    basis: str
    condition: Q


def area_for(user) -> ManagerArea:
    """A team manager or ward manager: their team's follow-ups (raised in it, or assigned to
    its members); a safeguarding lead: their organisation's."""
    if user.role == Role.SAFEGUARDING_LEAD:
        organisation = user.team.service.organisation
        return ManagerArea(organisation.name, f"Safeguarding lead for {organisation.name}",
                           Q(service__organisation=organisation))
    team = user.team
    return ManagerArea(team.name, f"Manager of {team.name}", Q(team=team) | Q(assigned_to__team=team))


def managers_follow_ups(user, auditor: Auditor):
    """The open follow-ups of the manager's area, deadline first; the read is audited."""
    area = area_for(user)
    rows = list(FollowUp.objects.open().filter(area.condition).select_related(*FOLLOW_UP_RELATED)
                .distinct().order_by("due_at", "id"))
    auditor.read(None, basis=area.basis, detail={"page": "follow_ups", "follow_ups": [f.pk for f in rows]})
    return area, rows


def follow_up(pk):
    return FollowUp.objects.select_related(*FOLLOW_UP_RELATED, "completed_by").get(pk=pk)


def unborn_babies_of(person):
    """The unborn babies whose mother this person is (for an antenatal appointment)."""
    ids = Relationship.objects.filter(relative=person, type=Relationship.Type.MOTHER).values("person_id")
    return list(Person.objects.filter(pk__in=ids, kind=Person.Kind.UNBORN))


def appointment(pk):
    return Appointment.objects.select_related(*RELATED).get(pk=pk)


def open_follow_ups_about(person, user):
    """The open follow-ups about this person, or raised by the pregnant woman's missed
    antenatal appointments for this unborn baby, that ``user`` may know of."""
    return (FollowUp.objects.open().filter(Q(person=person) | Q(appointment__for_unborn=person))
            .filter(visible_to(user))
            .select_related(*FOLLOW_UP_RELATED).order_by("due_at", "id"))


def due_among(ids, user, today):
    """For a page of a caseload: the open follow-ups about these people (or the unborn babies
    among them), and their appointments still waiting after their date, that ``user`` may
    know of (two queries)."""
    about = Q(person_id__in=ids) | Q(appointment__for_unborn_id__in=ids)
    follow_ups = list(FollowUp.objects.open().filter(about).filter(visible_to(user))
                      .select_related(*FOLLOW_UP_RELATED).order_by("due_at", "id"))
    waiting = (Appointment.objects.filter(Q(person_id__in=ids) | Q(for_unborn_id__in=ids))
               .filter(status__in=Appointment.WAITING)
               .filter(Q(due_by__lt=today) | Q(starts_at__date__lt=today)).filter(visible_to(user))
               .select_related(*RELATED).order_by("starts_at", "due_by", "id"))
    return follow_ups, [a for a in waiting if is_overdue(a, today)]

