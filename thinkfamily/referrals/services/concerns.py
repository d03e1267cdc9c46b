"""A concern and the decision it is due (issue 14: concerns that never become referrals).

A concern written in a case note, an assessment or the referral form ("social care may need
to be involved") is due a decision within ``health.referral_delay`` working days of being
recorded (the local timescale from a concern to the referral sent; the deadline is kept on the
row): a referral made (recorded when its referral is sent), discussed with the safeguarding
lead (with whom and when), or no referral (with the reason). A decision is recorded once: the
undecided row is updated on condition it is still undecided, so a second submission, or
someone else deciding first, writes nothing and is told so.

Each function is atomic, asks permission, writes its audit and chronology event in the
caller's transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.presenters import format_date
from thinkfamily.core.timescales import deadline
from thinkfamily.people.models import Person
from thinkfamily.referrals import machine
from thinkfamily.referrals.models import Concern, ConcernDecision, ConcernSource
from thinkfamily.referrals.services.family_record import REFERABLE_KINDS

Decision = ConcernDecision
WHERE = {
    ConcernSource.CASE_NOTE: " in a case note",
    ConcernSource.ASSESSMENT: " in an assessment",
    ConcernSource.REFERRAL_FORM: "",
}


def create_concern(auditor: Auditor, practitioner, child: Person, *, description: str, source: str,
                   source_note=None) -> Concern:
    """Write the concern (the caller has checked permission and holds a transaction), with its
    decision deadline, audit and chronology event."""
    if practitioner is None or not practitioner.team_id:
        raise ValidationError("Only a practitioner in a team can record a concern.")
    if child.kind not in REFERABLE_KINDS:
        raise ValidationError("A safeguarding concern is about a child or an unborn baby: record it on the child's "
                              "record.")
    if source not in ConcernSource.values:
        raise ValueError(f"not a source of concerns: {source!r}")
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": "Describe the concern: what you saw or heard, when, and who was there."})
    now = clock.now()
    due = deadline("health.referral_delay", now, at=now)
    team = practitioner.team
    concern = Concern.objects.create(
        child=child,
        recorded_by=practitioner,
        service=team.service,
        team=team,
        recorded_at=now,
        description=description,
        source=source,
        source_type=source_note._meta.label if source_note is not None else "",
        source_id=str(source_note.pk) if source_note is not None else "",
        decision_due_at=due.due_at,
        decision_rule=due.describe(),
    )
    auditor.create(concern, ["description", "recorded_at", "service", "team", "source", "decision_due_at"])
    record_event(
        child,
        machine.CONCERN_RECORDED,
        f"Safeguarding concern recorded by {practitioner.display_name}, {team.name} ({team.service.name})"
        f"{WHERE[source]}",
        occurred_at=now,
        author=practitioner,
        source=concern,
    )
    return concern


@transaction.atomic
def record_concern(auditor: Auditor, practitioner, child: Person, *, description: str, source: str,
                   source_note=None) -> Concern:
    """Record a concern that social care may need to be involved, written in a case note or
    an assessment (``source``; ``source_note`` the note or assessment it was written in), with
    a decision due. For the assessments and the case notes; the referral form records its
    concern through ``lifecycle.record_concern``, which opens the draft referral too."""
    permissions.require_of(auditor, "referrals.make_referral", child)
    return create_concern(auditor, practitioner, child, description=description, source=source,
                          source_note=source_note)


def _claim(auditor: Auditor, concern: Concern, values: dict) -> bool:
    """Write the decision if the concern is still undecided (a conditional update: of two
    submissions only one changes the row). True if this one did."""
    claimed = Concern.objects.filter(pk=concern.pk, decision="").update(**values)
    if claimed:
        for name, value in values.items():
            setattr(concern, name, value)
        auditor.write(concern, list(values))
    return bool(claimed)


def _already_decided(concern: Concern) -> AlreadyRecorded:
    stored = Concern.objects.select_related("decided_by").get(pk=concern.pk)
    who = stored.decided_by.display_name if stored.decided_by else "someone"
    when = format_date(timezone.localdate(stored.decided_at))
    return AlreadyRecorded(
        stored, f"A decision on this concern was already recorded by {who} on {when}: "
        f"{ConcernDecision(stored.decision).label.lower()}. Nothing new was written.",
    )


@transaction.atomic
def record_decision(auditor: Auditor, concern: Concern, *, decision: str, discussed_with=None,
                    discussed_on: datetime.date | None = None, reason: str = "") -> Concern:
    """Record what was decided about a concern by hand: discussed with the safeguarding lead
    (who and when) or no referral (why). A referral made is recorded when the referral is sent.
    By the recorder, their team or ward manager, or a safeguarding lead of their organisation."""
    permissions.require_of(auditor, "referrals.decide_concern", concern)
    actor = auditor.actor
    reason = (reason or "").strip()
    values: dict = {"decision": decision, "decided_at": clock.now(), "decided_by": actor}
    if decision == Decision.NO_REFERRAL:
        if not reason:
            raise ValidationError({"reason": "Say why no referral is being made."})
        values["no_referral_reason"] = reason
        summary = f"No referral to be made: {reason}"
    elif decision == Decision.DISCUSSED_WITH_LEAD:
        values.update(_discussion(concern, discussed_with, discussed_on))
        summary = (f"Concern discussed with {values['discussed_with'].display_name}, safeguarding lead, on "
                   f"{format_date(values['discussed_on'])}")
    elif decision == Decision.REFERRAL_MADE:
        raise ValidationError({"decision": "Make the referral from the concern: the decision is recorded when the "
                                           "referral is sent to the MASH."})
    else:
        raise ValidationError({"decision": "Choose what was decided."})
    if not _claim(auditor, concern, values):
        raise _already_decided(concern)
    _decision_event(concern, summary, actor)
    return concern


def _discussion(concern: Concern, lead, day) -> dict:
    errors = {}
    if lead is None or not permissions.is_safeguarding_lead(lead):
        errors["discussed_with"] = "Choose the safeguarding lead you discussed the concern with."
    recorded_on = timezone.localdate(concern.recorded_at)
    if day is None:
        errors["discussed_on"] = "Enter the date you discussed the concern."
    elif day > clock.today():
        errors["discussed_on"] = "The date of the discussion must be today or in the past."
    elif day < recorded_on:
        errors["discussed_on"] = (f"The discussion cannot be before the concern was recorded "
                                  f"({format_date(recorded_on)}).")
    if errors:
        raise ValidationError(errors)
    return {"discussed_with": lead, "discussed_on": day}


def _decision_event(concern: Concern, summary: str, actor) -> None:
    record_event(
        concern.child,
        machine.CONCERN_DECIDED,
        f"Decision on the safeguarding concern recorded {format_date(timezone.localdate(concern.recorded_at))}: "
        f"{summary}",
        occurred_at=concern.decided_at,
        author=actor,
        source=concern,
    )


def decided_by_referral(auditor: Auditor, concern: Concern, referral) -> None:
    """A referral sent from the concern decides it (referral made), unless already decided.
    Called inside send_referral's transaction; the referral's own event is the chronology's."""
    _claim(auditor, concern, {"decision": Decision.REFERRAL_MADE, "decided_at": referral.sent_at,
                              "decided_by": referral.referrer})


def decided_by_withdrawal(auditor: Auditor, concern: Concern, reason: str) -> None:
    """A draft referral withdrawn with a reason decides its concern: no referral, for that reason."""
    values = {"decision": Decision.NO_REFERRAL, "decided_at": clock.now(), "decided_by": auditor.actor,
              "no_referral_reason": reason}
    if _claim(auditor, concern, values):
        _decision_event(concern, f"No referral to be made: {reason}", auditor.actor)
