"""The 'was not brought' rule (R7.1; review §2.21-2.22, Rec 2.5, 6.1): missed appointments
of a child, or of a pregnant woman for her unborn baby, are acted on, not filed.

The rule is the timescale ``wnb.threshold`` in force: by default two missed in 12 months;
one where the child has a current child protection plan or is looked after, or is an unborn
baby with concerns (a current child protection plan or flag on the baby, or a referral made
about it). When it is met, a follow-up with a deadline (``wnb.follow_up``) is raised for the
named practitioner (the appointment's, else the child's caseload holder in that service, else
their health visitor or school nurse), and children's social care are told when the child is
known to them (the social worker, else the MASH). A second miss meets the open follow-up.
Once what was done is recorded, the misses before it are answered: the count starts again.

``review_was_not_brought`` weighs the rule again when the threshold changes under a child: a
child protection plan or looked-after status starting (legal_status.services), so that one
miss in the last 12 months now raises the alert."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.appointments.services.follow_ups import follow_up_link, raise_follow_up
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.presenters import format_date
from thinkfamily.core.timescales import in_force
from thinkfamily.flags.models import Flag
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.rules import (
    caseload_practitioners,
    health_visitor_or_school_nurse,
    notify,
    social_worker_or_mash,
)
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import LegalStatus, LegalStatusEntry, Person
from thinkfamily.referrals.models import Referral

WAS_NOT_BROUGHT_ALERT = register(
    "was_not_brought_alert", "'Was not brought' alert: missed appointments", Significance.HIGH
)

# The statuses under which one missed appointment is enough.
ONE_MISS_STATUSES = frozenset({LegalStatus.CHILD_PROTECTION_PLAN, LegalStatus.LOOKED_AFTER})


def subject_of(appointment: Appointment) -> Person | None:
    """The child the rule is about: the unborn baby of an antenatal appointment, the child
    (or 16-17-year-old) whose appointment it was; none for an adult's own appointment."""
    if appointment.for_unborn_id:
        return appointment.for_unborn
    if appointment.person.kind == Person.Kind.CHILD:
        return appointment.person
    return None


def _current_statuses(person: Person) -> set[str]:
    entries = LegalStatusEntry.objects.in_force().filter(person=person)
    return {entry.status for entry in current_legal_statuses(entries)}


def _open_referral(person: Person):
    return Referral.objects.awaiting_outcome().filter(child=person).order_by("-sent_at").first()


def unborn_with_concerns(person: Person) -> bool:
    return person.is_unborn and (
        bool(_current_statuses(person) & ONE_MISS_STATUSES)
        or Flag.objects.current().filter(person=person).exists()
        or Referral.objects.sent().filter(child=person).exists()
    )


def one_miss_reason(person: Person) -> str | None:
    """Why one missed appointment is enough for this child, in a practitioner's words, or None."""
    statuses = _current_statuses(person)
    if LegalStatus.CHILD_PROTECTION_PLAN in statuses:
        return "has a child protection plan"
    if LegalStatus.LOOKED_AFTER in statuses:
        return "is looked after"
    if unborn_with_concerns(person):
        return "is an unborn baby with safeguarding concerns"
    return None


def missed_since(person: Person, since: datetime.datetime, *, restricted_service=None):
    """The missed appointments that count for this child since ``since``: their own, and
    for an unborn baby the pregnant woman's antenatal appointments for it.

    A restricted service's misses (sexual health, R2.4) count only within that service
    (``restricted_service``): its involvement is confidential, so they never appear in another
    service's alert."""
    missed = Appointment.objects.missed().filter(Q(person=person) | Q(for_unborn=person), starts_at__gte=since)
    if restricted_service is not None:
        return missed.filter(service=restricted_service)
    return missed.exclude(service__kind__in=Service.RESTRICTED_KINDS)


def counted_from(person: Person, window_start: datetime.datetime) -> datetime.datetime:
    """The misses that count start after the rule's window opens and after the last
    follow-up someone recorded for this child: what was done answered the misses before it."""
    last = (
        FollowUp.objects.filter(Q(person=person) | Q(appointment__for_unborn=person),
                                kind=FollowUp.Kind.WAS_NOT_BROUGHT, completed_at__isnull=False)
        .order_by("-completed_at").values_list("completed_at", flat=True).first()
    )
    return max(window_start, last) if last is not None else window_start


def known_to_social_care(person: Person) -> bool:
    return bool(_current_statuses(person)) or _open_referral(person) is not None


def social_care_to_tell(person: Person):
    """The child's social worker, else the MASH of the council responsible for the child's
    legal status, else the MASH the open referral went to."""
    recipients = list(social_worker_or_mash(person))
    if recipients:
        return recipients
    referral = _open_referral(person)
    if referral is not None:
        return list(Practitioner.mash_workers(team__service__organisation_id=referral.mash_id))
    return []


def named_practitioner(appointment: Appointment, person: Person):
    """Who the alert is for: the appointment's practitioner; else the caseload holder in the
    appointment's service; else the child's health visitor or school nurse."""
    if appointment.practitioner_id and appointment.practitioner.is_active:
        return appointment.practitioner
    in_service = caseload_practitioners(appointment.person).filter(team__service=appointment.service).first()
    return in_service or health_visitor_or_school_nurse(person).first()


def _plain_rule(missed: int, months: int, because: str | None) -> str:
    if because:
        return "One missed appointment raises an alert for a child who " + because + "."
    return f"{missed} missed appointments in {months} months raise an alert."


def evaluate(appointment: Appointment, sender) -> tuple[FollowUp, bool] | None:
    """Weigh the rule for the child ``appointment`` was for, as things stand now; raise or
    bring up to date the follow-up when it is met. Returns (follow_up, created) or None."""
    person = subject_of(appointment)
    if person is None:
        return None
    now = clock.now()
    rule = in_force("wnb.threshold", now)
    value = rule.value
    months = int(value.get("months", 12))
    because = one_miss_reason(person)
    threshold = int(value.get("missed_if_cp_or_looked_after", 1)) if because else int(value.get("missed", 2))
    since = counted_from(person, now - relativedelta(months=months))
    restricted = appointment.service if appointment.service.is_restricted else None
    missed = list(missed_since(person, since, restricted_service=restricted).order_by("starts_at"))
    if len(missed) < threshold or not missed:
        return None
    days = ", ".join(format_date(a.date) for a in missed)
    whose = (
        f"{appointment.person.full_name} missed {len(missed)} antenatal appointment"
        f"{'s' if len(missed) != 1 else ''} for the unborn baby"
        if appointment.for_unborn_id
        else f"{person.full_name} was not brought to {len(missed)} appointment{'s' if len(missed) != 1 else ''}"
    )
    reason = f"{whose} in the last {months} months ({days}). {_plain_rule(threshold, months, because)}"
    assigned = named_practitioner(appointment, person)
    follow_up, created = raise_follow_up(
        kind=FollowUp.Kind.WAS_NOT_BROUGHT, person=appointment.person, service=appointment.service,
        team=appointment.team or (assigned.team if assigned is not None else None), assigned_to=assigned,
        appointment=appointment, reason=reason, rule_in_force=rule.describe(), sender=sender,
    )
    # The follow-up's opening is in the record of the person who attends; the alert goes in
    # the unborn baby's too, and a second miss's in both.
    for about in {person, appointment.person} if not created else {person} - {appointment.person}:
        record_event(
            about, WAS_NOT_BROUGHT_ALERT, f"'Was not brought' alert: {reason}"[:500], occurred_at=now,
            author=sender, service=appointment.service, source=follow_up,
        )
    # A restricted service follows up its own misses: telling social care would disclose its
    # involvement (R2.4); it refers through its own safeguarding route when it must.
    if restricted is None and known_to_social_care(person):
        notify(
            [p for p in social_care_to_tell(person) if assigned is None or p.pk != assigned.pk],
            cause=Notification.Cause.WAS_NOT_BROUGHT, person=person, sender=sender,
            link=follow_up_link(follow_up),
            message=f"'Was not brought' alert for {person.full_name}: {reason} {appointment.service.name} is "
            f"following it up.",
        )
    return follow_up, created


def after_missed(appointment: Appointment, sender) -> tuple[FollowUp, bool] | None:
    """Called by the outcome service after a missed appointment is recorded."""
    return evaluate(appointment, sender)


def review_was_not_brought(person: Person, sender=None) -> tuple[FollowUp, bool] | None:
    """Weigh the rule again for ``person`` now (a child protection plan or looked-after status
    has started): the latest missed appointment within the rule's months raises the alert
    if the lower threshold now applies."""
    rule = in_force("wnb.threshold")
    since = counted_from(person, clock.now() - relativedelta(months=int(rule.value.get("months", 12))))
    latest = missed_since(person, since).select_related("person", "service").order_by("-starts_at").first()
    if latest is None:
        return None
    return evaluate(latest, sender)
