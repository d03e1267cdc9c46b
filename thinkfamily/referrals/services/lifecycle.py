"""The life of a referral to the MASH (R4.1-R4.4): a concern opens a draft, the referrer
completes and sends it (or withdraws it), the MASH acknowledges it, decides and records the
outcome, and a missing outcome is chased once at the decision deadline.

Each function is one verb, atomic, writes its audit and chronology events in the same
transaction and creates its notifications there too (delivered after commit). Domain rules
are checked here, so no caller can bypass them; a broken rule raises a ValidationError and
nothing is written. A concern is recorded with the time it was recorded, and opens a draft
referral at once, pre-filled from the family record (``family_record``); the draft is checked
(``quality``) and sent, or withdrawn. The delay from the concern to sending is measured on the
working-day calendar against ``health.referral_delay``; the MASH's decision is due under
``csc.referral_decision``; a missing outcome is chased once at that deadline
(``chase_missing_outcomes``)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock
from thinkfamily.core.models import ConcurrentEditError
from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.core.timescales import deadline, in_force, working_days_between
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.rules import notify
from thinkfamily.people.family import family_picture
from thinkfamily.people.models import Person
from thinkfamily.referrals import machine
from thinkfamily.referrals.models import Concern, ConcernSource, LevelOfNeed, Outcome, Referral
from thinkfamily.referrals.queries import mash_councils
from thinkfamily.referrals.services import concerns
from thinkfamily.referrals.services.family_record import (
    REFERABLE_KINDS,
    check_quality,
    linked_children_candidates,
    parental_responsibility_text,
)
from thinkfamily.referrals.services.recipients import default_mash, mash_workers, referrer_managers

Status = machine.Status
DRAFT_FIELDS = [
    "mash",
    "presenting_concern",
    "risk_to_child",
    "impact_on_child",
    "voice_of_child",
    "parental_responsibility",
    "other_children",
    "domestic_abuse",
    "parental_substance_misuse",
    "parental_mental_ill_health",
    "level_of_need",
]


def _link(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def _require_mash_of(auditor: Auditor, referral: Referral) -> None:
    actor = auditor.actor
    if permissions.may(actor, "referrals.act_on_referral", referral):
        return
    if not permissions.is_childrens_social_care(actor):
        raise ValidationError("Only children's social care of the receiving council can act on this referral.")
    if actor.organisation.pk != referral.mash_id:
        raise ValidationError(f"This referral was sent to {referral.mash.name}, not to {actor.organisation.name}.")


def _require_referrer(auditor: Auditor, referral: Referral) -> None:
    if auditor.actor is None or auditor.actor.pk != referral.referrer_id:
        raise ValidationError("Only the practitioner who raised this referral can change or send it.")


# A concern and its draft referral ------------------------------------------------------


@transaction.atomic
def record_concern(auditor: Auditor, child: Person, *, description: str) -> Referral:
    """Record a practitioner's concern about a child, time-stamped with their service and
    team, and open a draft referral to the MASH from it, pre-filled from the family record
    (the children who live with the child and the siblings; who holds parental
    responsibility). Returns the draft."""
    permissions.require_of(auditor, "referrals.make_referral", child)
    actor = auditor.actor
    if actor is None or not actor.team_id:
        raise ValidationError("Only a practitioner in a team can record a concern.")
    if child.kind not in REFERABLE_KINDS:
        raise ValidationError("A referral to the MASH is about a child or an unborn baby.")
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": "Describe the concern: what you saw or heard, when, and who was there."})
    mash = default_mash(child, actor)
    if mash is None:
        raise ValidationError("No council's MASH is set up in ThinkFamily, so a referral cannot be made here.")
    lock(child)  # the same concern sent twice at once: the second finds the first's draft
    same = (
        Referral.objects.filter(child=child, referrer=actor, sent_at__isnull=True, concern__description=description)
        .with_current_status()
        .filter(current_status=Status.DRAFT)
        .order_by("-id")
        .first()
    )
    if same is not None:
        raise AlreadyRecorded(
            same, "You have already recorded this concern: here is its draft referral. Complete it and send it to "
            "the MASH.", field="description",
        )
    concern = concerns.create_concern(auditor, actor, child, description=description,
                                      source=ConcernSource.REFERRAL_FORM)
    return _open_draft(auditor, concern)


def _open_draft(auditor: Auditor, concern: Concern) -> Referral:
    actor, child, mash = auditor.actor, concern.child, default_mash(concern.child, auditor.actor)
    if mash is None:
        raise ValidationError("No council's MASH is set up in ThinkFamily, so a referral cannot be made here.")
    picture = family_picture(child)
    referral = Referral.objects.create(
        concern=concern,
        child=child,
        referrer=actor,
        referrer_service=actor.team.service,
        referrer_team=actor.team,
        mash=mash,
        presenting_concern=concern.description,
        parental_responsibility=parental_responsibility_text(picture, clock.today()),
    )
    referral.linked_children.set(linked_children_candidates(picture))
    machine.start(auditor, referral)
    auditor.create(referral, ["presenting_concern", "parental_responsibility", "linked_children", "mash"])
    return referral


@transaction.atomic
def refer_concern(auditor: Auditor, concern: Concern) -> Referral:
    """Open a draft referral to the MASH from a concern recorded in a case note or an
    assessment, pre-filled as from the referral form. Sending it decides the concern (a
    referral made). By whoever may decide the concern and refer the child."""
    permissions.require_of(auditor, "referrals.decide_concern", concern)
    permissions.require_of(auditor, "referrals.make_referral", concern.child)
    actor = auditor.actor
    if actor is None or not actor.team_id:
        raise ValidationError("Only a practitioner in a team can make a referral.")
    locked = lock(concern)
    existing = Referral.objects.filter(concern=locked).first()
    if existing is not None:
        raise AlreadyRecorded(existing, "A referral has already been opened from this concern: here it is.")
    if locked.decision:
        raise ValidationError("A decision on this concern is already recorded: it cannot be referred from here. "
                              "Record a new concern if things have changed.")
    return _open_draft(auditor, locked)


def _draft_locked(auditor: Auditor, referral: Referral) -> Referral:
    _require_referrer(auditor, referral)
    locked = machine.lock(referral)
    current = machine.current_status(locked)
    if current != Status.DRAFT:
        raise ValidationError(f"This referral is {Status(current).label.lower()}: it can no longer be changed.")
    return locked


@transaction.atomic
def update_draft(auditor: Auditor, referral: Referral, *, expected_version: int, linked_children, **fields) -> Referral:
    """Save the referrer's answers on a draft. Refused if someone saved it since it was opened."""
    locked = _draft_locked(auditor, referral)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"not referral fields: {sorted(unknown)}")
    if "presenting_concern" in fields and not (fields["presenting_concern"] or "").strip():
        raise ValidationError({"presenting_concern": "Describe the concern: what you saw or heard, when, and who."})
    if fields.get("level_of_need") and fields["level_of_need"] not in LevelOfNeed.values:
        raise ValidationError({"level_of_need": "Choose one level of need from the local scale."})
    mash = fields.get("mash")
    if mash is not None and not mash_councils().filter(pk=mash.pk).exists():
        raise ValidationError({"mash": f"{mash.name} has no MASH in ThinkFamily: choose another council."})
    children = list(linked_children)
    if any(child.pk == locked.child_id or child.kind not in REFERABLE_KINDS for child in children):
        raise ValidationError({"linked_children": "Linked children must be other children, not adults."})
    for name, value in fields.items():
        setattr(referral, name, value.strip() if isinstance(value, str) else value)
    referral.save_versioned(expected_version, list(fields))
    referral.linked_children.set(children)
    auditor.write(referral, [*fields, "linked_children"])
    return referral


@transaction.atomic
def send_referral(auditor: Auditor, referral: Referral, *, expected_version: int) -> Referral:
    """Send a draft to the MASH. The quality check, the delay from the concern (working
    days, against health.referral_delay) and the decision deadline (csc.referral_decision)
    are computed now and kept on the referral with the rules in force. A weak referral can
    be sent: its weakness is recorded, and counted on the ward's view."""
    locked = _draft_locked(auditor, referral)
    if locked.version != expected_version:
        raise ConcurrentEditError(locked, {})
    now = clock.now()
    report = check_quality(locked)
    delay_rule = in_force("health.referral_delay", now)
    recorded_on = timezone.localdate(locked.concern.recorded_at)
    delay = working_days_between(recorded_on, timezone.localdate(now))
    due = deadline("csc.referral_decision", now, at=now)
    machine.transition(
        auditor,
        locked,
        Status.SENT,
        summary=f"Referred to {locked.mash.name} MASH by {locked.referrer.display_name}, "
        f"{locked.referrer_team.name if locked.referrer_team else locked.referrer_service.name}",
    )
    values = {
        "sent_at": now,
        "quality_score": report.score,
        "quality_issues": report.as_json(),
        "delay_working_days": delay,
        "delay_rule": delay_rule.describe(),
        "sent_late": delay > delay_rule.value,
        "decision_due_at": due.due_at,
        "decision_rule": due.describe(),
    }
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save_versioned(expected_version, list(values))
    auditor.write(locked, list(values), detail={"quality_score": report.score, "delay_working_days": delay})
    concerns.decided_by_referral(auditor, locked.concern, locked)
    child = locked.child
    notify(
        mash_workers(locked.mash),
        cause=Notification.Cause.REFERRAL_RECEIVED,
        person=child,
        sender=auditor.actor,
        link=_link(locked),
        message=f"New referral about {child.full_name} from {locked.referrer_service.name} "
        f"({locked.referrer_service.organisation.name}): decision due by {format_datetime(due.due_at)}.",
    )
    return locked


@transaction.atomic
def withdraw_draft(auditor: Auditor, referral: Referral, *, reason: str) -> Referral:
    """The referrer decides not to send a draft (after talking to their safeguarding lead)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the referral is not being sent."})
    locked = _draft_locked(auditor, referral)
    machine.transition(
        auditor, locked, Status.WITHDRAWN, summary=f"Draft referral withdrawn: {reason}"[:500], note=reason
    )
    concerns.decided_by_withdrawal(auditor, locked.concern, reason)
    return locked


# The MASH's side -----------------------------------------------------------------------


@transaction.atomic
def acknowledge(auditor: Auditor, referral: Referral) -> Referral:
    _require_mash_of(auditor, referral)
    locked = machine.lock(referral)
    machine.transition(
        auditor,
        locked,
        Status.ACKNOWLEDGED,
        summary=f"Referral from {locked.referrer_service.name} acknowledged by {locked.mash.name} MASH",
    )
    return locked


@transaction.atomic
def record_decision(auditor: Auditor, referral: Referral, *, decision: str) -> Referral:
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": "Say what the MASH decided and the next steps."})
    _require_mash_of(auditor, referral)
    locked = machine.lock(referral)
    machine.transition(auditor, locked, Status.DECIDED, summary=f"{locked.mash.name} MASH decision: {decision}"[:500])
    locked.decision = decision
    locked.save_versioned(locked.version, ["decision"])
    auditor.write(locked, ["decision"])
    return locked


@transaction.atomic
def record_outcome(auditor: Auditor, referral: Referral, *, outcome: str, note: str = "") -> Referral:
    """Record the outcome and tell the referrer and the referrer's manager (§3.11, §3.15)."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the referral."})
    _require_mash_of(auditor, referral)
    locked = machine.lock(referral)
    label = Outcome(outcome).label
    machine.transition(
        auditor,
        locked,
        Status.OUTCOME_RECORDED,
        summary=f"Outcome of the referral from {locked.referrer_service.name}: {label}",
        note=(note or "").strip(),
    )
    locked.outcome = outcome
    locked.outcome_recorded_at = clock.now()
    locked.save_versioned(locked.version, ["outcome", "outcome_recorded_at"])
    auditor.write(locked, ["outcome", "outcome_recorded_at"])
    child = locked.child
    what = label[0].lower() + label[1:]
    notify(
        [locked.referrer],
        cause=Notification.Cause.REFERRAL_OUTCOME,
        person=child,
        sender=auditor.actor,
        link=_link(locked),
        message=f"Outcome of your referral about {child.full_name}: {what}.",
    )
    notify(
        [manager for manager in referrer_managers(locked) if manager.pk != locked.referrer_id],
        cause=Notification.Cause.REFERRAL_OUTCOME,
        person=child,
        sender=auditor.actor,
        link=_link(locked),
        message=f"Outcome of {locked.referrer.display_name}'s referral about {child.full_name} "
        f"(sent {format_date(timezone.localdate(locked.sent_at))}): {what}.",
    )
    return locked


# Chasing a missing outcome --------------------------------------------------------------


def _not_chased_since_due() -> Q:
    """Not chased yet, or chased by hand before its decision deadline (``chase_outcome``)."""
    return Q(chased_at__isnull=True) | Q(chased_at__lt=F("decision_due_at"))


def chase_missing_outcomes(now: datetime.datetime | None = None) -> int:
    """Chase, once, every referral past its decision deadline with no outcome: tell the
    receiving MASH and the referrer. Each referral is claimed with a conditional UPDATE
    (``chased_at`` still empty, or earlier than the deadline), so of two workers running at once only the one whose
    update took the row sends anything; a second run sends nothing. Returns how many were
    chased. Run by the background worker."""
    now = now or clock.now()
    overdue = Referral.objects.decision_overdue(now).filter(_not_chased_since_due())
    candidates = list(overdue.values_list("pk", flat=True))
    chased = 0
    auditor = Auditor.system("Outcome of a referral not recorded by its decision deadline")
    for pk in candidates:
        with transaction.atomic():
            claimed = Referral.objects.filter(_not_chased_since_due(), pk=pk, outcome="").update(chased_at=now)
            if not claimed:
                continue
            referral = Referral.objects.select_related(
                "child", "mash", "referrer", "referrer_service__organisation"
            ).get(pk=pk)
            auditor.write(referral, ["chased_at"], detail={"decision_due_at": referral.decision_due_at.isoformat()})
            child, sent = referral.child, format_date(timezone.localdate(referral.sent_at))
            due = format_datetime(referral.decision_due_at)
            notify(
                mash_workers(referral.mash),
                cause=Notification.Cause.REFERRAL_CHASE,
                person=child,
                link=_link(referral),
                message=f"No outcome is recorded for the referral about {child.full_name} from "
                f"{referral.referrer_service.name}, sent {sent}; the decision was due by {due}.",
            )
            notify(
                [referral.referrer],
                cause=Notification.Cause.REFERRAL_CHASE,
                person=child,
                link=_link(referral),
                message=f"The MASH has not recorded an outcome for your referral about {child.full_name}, sent "
                f"{sent} (due by {due}). They have been chased; follow it up before discharging.",
            )
            chased += 1
    return chased


@transaction.atomic
def chase_outcome(auditor: Auditor, referral: Referral, *, seen_chased_at: datetime.datetime | None) -> Referral:
    """A practitioner of the referring side asks the MASH for a missing outcome (the discharge
    guard's and the referral page's "Chase the outcome"): ``chased_at`` becomes now, the MASH's
    workers are told who asks, and the chase goes into the child's chronology. ``seen_chased_at``
    is the last chase the page showed: when the referral has been chased since (the same form
    sent twice, or someone else was first), nothing is written and ``AlreadyRecorded`` says
    when it was chased."""
    actor = auditor.actor
    permissions.require_of(auditor, "referrals.chase_outcome", referral)
    locked = machine.lock(referral)
    if locked.outcome:
        raise ValidationError("The MASH has recorded the outcome of this referral: there is nothing to chase.")
    if locked.chased_at is not None and locked.chased_at != seen_chased_at:
        raise AlreadyRecorded(locked, f"The outcome was already chased on {format_datetime(locked.chased_at)}.")
    now = clock.now()
    locked.chased_at = now
    locked.save(update_fields=["chased_at"])
    auditor.write(locked, ["chased_at"], detail={"chased_by_hand": True})
    child, sent = locked.child, format_date(timezone.localdate(locked.sent_at))
    who = actor.display_name if actor is not None else "The referring service"
    where = f" ({actor.team.name})" if actor is not None and actor.team_id else ""
    due = f"; the decision was due by {format_datetime(locked.decision_due_at)}" if locked.decision_due_at else ""
    record_event(
        child,
        machine.REFERRAL_CHASED,
        f"Outcome of the referral to {locked.mash.name} MASH, sent {sent}, chased by {who}{where}"[:500],
        occurred_at=now,
        author=actor,
        source=locked,
    )
    notify(
        mash_workers(locked.mash),
        cause=Notification.Cause.REFERRAL_CHASE,
        person=child,
        sender=actor,
        link=_link(locked),
        message=f"{who}{where} asks for the outcome of the referral about {child.full_name} from "
        f"{locked.referrer_service.name}, sent {sent}{due}.",
    )
    return locked
