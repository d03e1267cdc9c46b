"""Follow-ups: tasks with a deadline that a missed appointment (R7.1) or an adult's
disengagement (R7.2) raises, open until someone records what was done.

``raise_follow_up`` is the one way a follow-up is opened: one open follow-up per person,
service and kind is a database constraint, so a second miss (or the same form sent twice,
or two colleagues at once) meets the open follow-up and brings it up to date instead of
raising a second. ``record_follow_up`` closes it with what was done."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from thinkfamily.access import permissions
from thinkfamily.appointments.models import FollowUp
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.presenters import format_datetime
from thinkfamily.core.timescales import deadline
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.rules import notify

FOLLOW_UP_RAISED = register("follow_up_raised", "Missed appointments: follow-up required", Significance.HIGH)
FOLLOW_UP_RECORDED = register("follow_up_recorded", "Follow-up of missed appointments recorded", Significance.HIGH)

Action = FollowUp.Action


def follow_up_link(follow_up: FollowUp) -> str:
    return reverse("appointments:follow_up", args=[follow_up.pk])


def _open_one(person, service, kind):
    return (
        FollowUp.objects.select_for_update()
        .open()
        .filter(person=person, service=service, kind=kind)
        .first()
    )


@transaction.atomic
def raise_follow_up(
    *, kind, person, service, team, assigned_to, appointment, reason, rule_in_force, sender
) -> tuple[FollowUp, bool]:
    """Open a follow-up of ``kind`` about ``person`` in ``service``, due under
    ``wnb.follow_up`` from now, assigned to ``assigned_to`` (the named practitioner) and told
    to them; or, if one is already open for the same person, service and kind, bring it up
    to date (its reason, the latest appointment) and return it. Returns (follow_up, created).

    ``rule_in_force`` is the rule as it stood (``InForce.describe()``): kept for the audit,
    never shown to practitioners. ``sender`` is the practitioner whose recording raised it
    (None for the system). Writes the chronology event and the audit in the caller's
    transaction."""
    auditor = Auditor(actor=sender, basis="")
    reason = (reason or "").strip()[:500]
    existing = _open_one(person, service, kind)
    if existing is None:
        now = clock.now()
        due = deadline("wnb.follow_up", now, at=now)
        try:
            with transaction.atomic():
                follow_up = FollowUp.objects.create(
                    kind=kind, person=person, service=service, team=team, assigned_to=assigned_to,
                    appointment=appointment, reason=reason, rule_in_force=rule_in_force[:300],
                    raised_at=now, due_at=due.due_at,
                )
        except IntegrityError:
            # Another transaction opened it first: meet theirs.
            existing = _open_one(person, service, kind)
            if existing is None:
                raise
        else:
            auditor.create(follow_up, ["kind", "reason", "assigned_to", "due_at", "rule_in_force"], subject=person)
            who = assigned_to.display_name if assigned_to is not None else (team.name if team else service.name)
            record_event(
                person,
                FOLLOW_UP_RAISED,
                f"{FollowUp.Kind(kind).label}: {reason} Follow-up by {who}, due {format_datetime(due.due_at)}."[:500],
                occurred_at=now,
                author=sender,
                service=service,
                source=follow_up,
            )
            if assigned_to is not None:
                notify(
                    [assigned_to],
                    cause=Notification.Cause.FOLLOW_UP,
                    person=person,
                    sender=sender,
                    link=follow_up_link(follow_up),
                    message=f"Follow-up needed for {person.full_name}: {reason} Record what was done by "
                    f"{format_datetime(due.due_at)}."[:500],
                )
            return follow_up, True
    existing.reason = reason
    fields = ["reason"]
    if appointment is not None:
        existing.appointment = appointment
        fields.append("appointment")
    existing.save(update_fields=[*fields, "updated_at"])
    auditor.write(existing, fields, subject=person)
    return existing, False


@transaction.atomic
def record_follow_up(auditor: Auditor, follow_up: FollowUp, *, action: str, note: str = "") -> FollowUp:
    """Record what was done and close the follow-up: by the practitioner it is assigned to,
    their team manager or a safeguarding lead. No further action needs its reason."""
    permissions.require_of(auditor, "appointments.record_follow_up", follow_up)
    if action not in Action.values:
        raise ValidationError({"action": "Choose what was done."})
    note = (note or "").strip()
    if action == Action.NO_FURTHER_ACTION and not note:
        raise ValidationError({"note": "Say why no further action is needed."})
    locked = FollowUp.objects.select_for_update(of=("self",)).select_related("person", "service").get(pk=follow_up.pk)
    if not locked.is_open:
        who = locked.completed_by.display_name if locked.completed_by else "someone else"
        raise AlreadyRecorded(locked, f"What was done was already recorded by {who}: nothing was changed.",
                              field="action")
    now = clock.now()
    locked.action, locked.note, locked.completed_at, locked.completed_by = action, note, now, auditor.actor
    locked.save(update_fields=["action", "note", "completed_at", "completed_by", "updated_at"])
    auditor.write(locked, ["action", "note", "completed_at", "completed_by"], subject=locked.person)
    by = auditor.actor.display_name if auditor.actor is not None else "ThinkFamily"
    late = " (after its deadline)" if now > locked.due_at else ""
    record_event(
        locked.person, FOLLOW_UP_RECORDED,
        f"Follow-up of {FollowUp.Kind(locked.kind).label.lower()} recorded by {by}{late}: "
        f"{Action(action).label}" + (f". {note}" if note else ""),
        occurred_at=now, author=auditor.actor, service=locked.service, source=locked,
    )
    return locked
