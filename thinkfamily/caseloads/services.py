"""Keeping the relationships true (issue 12): who is working with a person, from when.

A practitioner or team manager adds a child or adult to a personal or team caseload, with a
start date and a reason; the holder of a place (or the team's manager) transfers it to a
colleague or another team, or ends it, with a reason. A service opens an episode of care when
it takes a person on (CAMHS accepts a referral, a ward admits a child) and closes it when it
discharges them. Each write is one atomic function: it asks access.permissions first, locks
the person so that a second submission sees the first, writes its audit event and its
chronology line, and from that moment the access rules (access.rules: "caseload", "episode")
and the notification rules (notifications.rules.caseload_practitioners) read the new rows.
Dates are end-exclusive: a place ended or transferred on a day no longer counts that day."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.appointments.services.disengagement import after_discharge_for_non_engagement
from thinkfamily.caseloads.queries import find_for_caseload
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service, Team
from thinkfamily.people.models import Person
from thinkfamily.referrals.services.discharge import referrals_without_outcome

NO_MATCH = (
    "No record matches this NHS number and date of birth. Check both (for example against the referral or the "
    "child's red book). If the person has no record yet, record them first."
)


# Checks -----------------------------------------------------------------------------------


def _reason(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: what})
    return value


def _date_given(value, field: str, label: str) -> datetime.date:
    if value is None:
        raise ValidationError({field: f"Enter {label[0].lower()}{label[1:]}."})
    if value > clock.today():
        raise ValidationError({field: f"{label} must be today or in the past."})
    return value


def _not_before_birth(person: Person, value: datetime.date, field: str, label: str) -> None:
    if person.date_of_birth and value < person.date_of_birth:
        born = format_date(person.date_of_birth)
        raise ValidationError({field: f"{label} must be on or after {person.full_name}'s date of birth, {born}."})


def _member_of(team: Team, practitioner: Practitioner | None, field: str) -> None:
    if practitioner is None:
        return
    if not practitioner.is_active or practitioner.team_id != team.pk:
        raise ValidationError({field: f"{practitioner.display_name} does not work in {team.name}."})


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Caseloads --------------------------------------------------------------------------------


def _open_place(person: Person, team: Team, practitioner: Practitioner | None):
    return (
        CaseloadMembership.objects.open()
        .filter(person=person, team=team)
        .filter(Q(practitioner=practitioner) if practitioner is not None else Q(practitioner__isnull=True))
        .select_related("practitioner", "team")
        .first()
    )


def _already(place: CaseloadMembership) -> AlreadyRecorded:
    return AlreadyRecorded(
        place,
        f"{place.person.full_name} is already on the caseload of {place.holder_name}, since "
        f"{format_date(place.start_date)}.",
        field="reason",
    )


@transaction.atomic
def add_to_caseload(
    auditor: Auditor, person: Person, *, team: Team, practitioner: Practitioner | None = None, start_date, reason: str
) -> CaseloadMembership:
    """Put ``person`` on ``practitioner``'s caseload in ``team`` (or on the team's own caseload
    when no practitioner is named) from ``start_date``, for ``reason``."""
    permissions.require(auditor.actor, "organisations.add_to_caseload", team, record=person)
    reason = _reason(reason, "reason", "Enter why this person is joining the caseload.")
    start_date = _date_given(start_date, "start_date", "The start date")
    if not person.is_unborn:
        _not_before_birth(person, start_date, "start_date", "The start date")
    _member_of(team, practitioner, "practitioner")
    actor = auditor.actor
    if practitioner is not None and practitioner.pk != actor.pk and actor.role != Practitioner.Role.TEAM_MANAGER:
        raise ValidationError({"practitioner": "Add the person to your own caseload or your team's; your team "
                                               "manager can add them to a colleague's."})
    lock(person)  # one writer of this person's caseload at a time: a second submission sees the first
    existing = _open_place(person, team, practitioner)
    if existing is not None:
        raise _already(existing)
    with one_current(lambda: _already(_open_place(person, team, practitioner))):
        place = CaseloadMembership.objects.create(
            person=person, team=team, practitioner=practitioner, start_date=start_date, reason=reason
        )
    auditor.create(place, ["person", "team", "practitioner", "start_date", "reason"], subject=person)
    record_event(
        person,
        event_types.CASELOAD_ADDED,
        f"Added to the caseload of {place.holder_name}. Reason: {reason}",
        occurred_at=start_date,
        author=auditor.actor,
        service=team.service,
        source=place,
    )
    return place


@transaction.atomic
def add_to_caseload_by_identity(
    auditor: Auditor, *, nhs_number: str, date_of_birth, team: Team, practitioner: Practitioner | None = None,
    start_date, reason: str,
) -> CaseloadMembership:
    """"Add a child to your caseload" for a person the user cannot see yet: the NHS number and
    the date of birth must both match one record exactly. This starts a legitimate
    relationship (access.rules "caseload"), so it is audited and in the chronology. A miss
    (an unknown NHS number, or a date of birth that differs) writes nothing and says only
    that no record matches both."""
    permissions.require(auditor.actor, "organisations.add_to_caseload", team)
    if date_of_birth is None:
        raise ValidationError({"date_of_birth": "Enter the date of birth."})
    person = find_for_caseload(nhs_number=nhs_number, date_of_birth=date_of_birth)
    if person is None:
        raise ValidationError({"nhs_number": NO_MATCH})
    auditor.search({"nhs_number": person.nhs_number, "date_of_birth": date_of_birth.isoformat()}, 1,
                   detail={"for": "add to caseload"}, subject=person)
    return add_to_caseload(auditor, person, team=team, practitioner=practitioner, start_date=start_date,
                           reason=reason)


def _discharge_guard(person: Person, place: CaseloadMembership) -> None:
    """R4.3: a child does not leave a team while a referral its service sent has no outcome.
    When this place is the team's last one for the person, refuse and point to the discharge
    page (where a manager may override with a reason)."""
    others = CaseloadMembership.objects.open().filter(person=person, team_id=place.team_id).exclude(pk=place.pk)
    if others.exists() or place.person.kind == Person.Kind.ADULT:
        return
    waiting = list(referrals_without_outcome(person, place.team))
    if waiting:
        raise ValidationError(
            {
                "__all__": f"{person.full_name} has a referral to the MASH from {place.team.service.name} whose "
                "outcome is not known. Chase it, or use 'Discharge from my team's caseload', where a manager can "
                "override with a reason."
            }
        )


def _locked_place(place: CaseloadMembership) -> CaseloadMembership:
    lock(place.person)
    return CaseloadMembership.objects.select_related("person", "team__service", "practitioner").get(pk=place.pk)


def _check_end(place: CaseloadMembership, on, field: str, label: str) -> datetime.date:
    on = _date_given(on, field, label)
    if on < place.start_date:
        raise ValidationError(
            {field: f"{label} must be on or after the date the place began, {format_date(place.start_date)}."}
        )
    return on


@transaction.atomic
def end_caseload_place(auditor: Auditor, place: CaseloadMembership, *, on, reason: str) -> CaseloadMembership:
    """End a caseload place on ``on`` (exclusive: from that day the holder is no longer told
    nor given access by it), for ``reason`` (moved out of area, no longer needed)."""
    permissions.require(auditor.actor, "organisations.change_caseload_place", place, record=place.person)
    reason = _reason(reason, "reason", "Enter why this caseload place is ending, for example 'Moved out of area'.")
    place = _locked_place(place)
    if place.end_date is not None:
        raise AlreadyRecorded(place, f"This caseload place already ended on {format_date(place.end_date)}.",
                              field="reason")
    on = _check_end(place, on, "end_date", "The end date")
    _discharge_guard(place.person, place)
    place.end_date, place.end_reason = on, reason
    place.save(update_fields=["end_date", "end_reason"])
    auditor.write(place, ["end_date", "end_reason"], subject=place.person)
    record_event(
        place.person,
        event_types.CASELOAD_ENDED,
        f"No longer on the caseload of {place.holder_name}. Reason: {reason}",
        occurred_at=on,
        author=auditor.actor,
        service=place.team.service,
        source=place,
    )
    return place


@transaction.atomic
def transfer_caseload_place(
    auditor: Auditor, place: CaseloadMembership, *, to_team: Team, to_practitioner: Practitioner | None = None, on,
    reason: str,
) -> CaseloadMembership:
    """Hand a place to a colleague or another team on ``on`` (a health visitor to the school
    nurse at school entry): this place ends that day and the new one starts, so exactly one of
    them counts on any day. Returns the new place."""
    permissions.require(auditor.actor, "organisations.change_caseload_place", place, record=place.person)
    reason = _reason(reason, "reason", "Enter why the place is being transferred, for example 'Started school'.")
    if to_team is None:
        raise ValidationError({"to_team": "Choose the team taking the place on."})
    _member_of(to_team, to_practitioner, "to_practitioner")
    place = _locked_place(place)
    if place.end_date is not None:
        taken = _open_place(place.person, to_team, to_practitioner)
        if taken is not None and taken.start_date == place.end_date:
            raise AlreadyRecorded(taken, f"This place has already been transferred to {taken.holder_name}.",
                                  field="reason")
        raise ValidationError({"__all__": f"This caseload place already ended on {format_date(place.end_date)}."})
    if place.team_id == to_team.pk and place.practitioner_id == (to_practitioner.pk if to_practitioner else None):
        raise ValidationError({"to_practitioner": "Choose someone other than the current holder."})
    on = _check_end(place, on, "on", "The date of the transfer")
    if to_team.service_id != place.team.service_id:
        _discharge_guard(place.person, place)
    existing = _open_place(place.person, to_team, to_practitioner)
    if existing is not None:
        raise ValidationError(
            {"to_practitioner": f"{place.person.full_name} is already on the caseload of {existing.holder_name}. "
                                "End this place instead."}
        )
    receiving = CaseloadMembership(team=to_team, practitioner=to_practitioner)
    place.end_date, place.end_reason = on, f"Transferred to {receiving.holder_name}: {reason}"
    place.save(update_fields=["end_date", "end_reason"])
    auditor.write(place, ["end_date", "end_reason"], subject=place.person)
    with one_current(lambda: ValidationError({"__all__": "Someone else changed this caseload at the same time. "
                                                         "Nothing was saved: check the record."})):
        new = CaseloadMembership.objects.create(
            person=place.person, team=to_team, practitioner=to_practitioner, start_date=on,
            reason=f"Transferred from {place.holder_name}: {reason}",
        )
    auditor.create(new, ["person", "team", "practitioner", "start_date", "reason"], subject=place.person)
    record_event(
        place.person,
        event_types.CASELOAD_TRANSFERRED,
        f"Caseload transferred from {place.holder_name} to {new.holder_name}. Reason: {reason}",
        occurred_at=on,
        author=auditor.actor,
        service=place.team.service,
        source=new,
    )
    return new


# Episodes of care -------------------------------------------------------------------------


def _open_episode(person: Person, service: Service):
    return (
        EpisodeOfCare.objects.open().filter(person=person, service=service, kind=EpisodeOfCare.Kind.CARE)
        .select_related("service")
        .first()
    )


def _episode_already(episode: EpisodeOfCare) -> AlreadyRecorded:
    return AlreadyRecorded(
        episode,
        f"{episode.person.full_name} is already in the care of {episode.service.name}, since "
        f"{format_date(timezone.localdate(episode.start_at))}.",
        field="reason",
    )


@transaction.atomic
def open_episode(auditor: Auditor, person: Person, *, service: Service, start_date, reason: str) -> EpisodeOfCare:
    """The service takes the person on from ``start_date`` (CAMHS accepts a referral, a ward
    admits a child). While open, the service's staff read and write the record."""
    permissions.require(auditor.actor, "organisations.open_episode", service, record=person)
    reason = _reason(reason, "reason", "Enter why the service is taking this person on, for example 'Referral "
                                       "accepted: low mood'.")
    start_date = _date_given(start_date, "start_date", "The start date")
    if not person.is_unborn:
        _not_before_birth(person, start_date, "start_date", "The start date")
    lock(person)
    existing = _open_episode(person, service)
    if existing is not None:
        raise _episode_already(existing)
    with one_current(lambda: _episode_already(_open_episode(person, service))):
        episode = EpisodeOfCare.objects.create(
            person=person, service=service, kind=EpisodeOfCare.Kind.CARE, start_at=_start_of(start_date),
            reason=reason[:200],
        )
    auditor.create(episode, ["person", "service", "kind", "start_at", "reason"], subject=person)
    record_event(
        person,
        event_types.EPISODE_OPENED,
        f"Taken on by {service.name} ({service.organisation.name}). Reason: {reason}",
        occurred_at=start_date,
        author=auditor.actor,
        service=service,
        source=episode,
    )
    return episode


NON_ENGAGEMENT = "Discharged for non-engagement"


@transaction.atomic
def close_episode(
    auditor: Auditor, episode: EpisodeOfCare, *, end_date, reason: str, non_engagement: bool = False
) -> EpisodeOfCare:
    """The service discharges the person. Closed today, access through it ends now; closed on
    an earlier day, at the end of that day. An adult discharged for non-engagement
    (``non_engagement``) by an adult service while children or an unborn baby are known gets
    the disengagement follow-up at once (R7.2, appointments.services.disengagement)."""
    permissions.require(auditor.actor, "organisations.close_episode", episode, record=episode.person)
    reason = _reason(reason, "reason", "Enter why the episode of care is closing, for example 'Discharged: goals "
                                       "met'.")
    end_date = _date_given(end_date, "end_date", "The end date")
    lock(episode.person)
    episode = EpisodeOfCare.objects.select_related("person", "service__organisation").get(pk=episode.pk)
    if episode.end_at is not None:
        raise AlreadyRecorded(
            episode, f"This episode of care already closed on {format_date(timezone.localdate(episode.end_at))}.",
            field="reason",
        )
    started = timezone.localdate(episode.start_at)
    if end_date < started:
        raise ValidationError({"end_date": f"The end date must be on or after the start, {format_date(started)}."})
    episode.end_at = clock.now() if end_date == clock.today() else _start_of(end_date + datetime.timedelta(days=1))
    if non_engagement:
        reason = f"{NON_ENGAGEMENT}: {reason}"
    episode.end_reason = reason[:200]
    episode.save(update_fields=["end_at", "end_reason"])
    auditor.write(episode, ["end_at", "end_reason"], subject=episode.person)
    record_event(
        episode.person,
        event_types.EPISODE_CLOSED,
        f"Discharged by {episode.service.name} ({episode.service.organisation.name}). Reason: {reason}",
        occurred_at=end_date,
        author=auditor.actor,
        service=episode.service,
        source=episode,
    )
    if non_engagement:
        after_discharge_for_non_engagement(episode, auditor.actor)
    return episode
