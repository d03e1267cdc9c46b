"""The referral's status machine: draft → sent → acknowledged → decided → outcome recorded,
and a draft may be withdrawn. Nothing else.

Each move is an append-only ``ReferralStatus`` row with who and when, a chronology event
on the child's record and an audit event, all in the caller's transaction. The referral
row is locked while the current status is read, so two MASH workers pressing
"Acknowledge" at once make one move and one clear refusal, never two rows.

Modelled on manage-breast-screening's ``AppointmentStatus`` and ``AppointmentMachine``."""

from django.core.exceptions import ValidationError

from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.referrals.models import Referral, ReferralStatus

Status = ReferralStatus.Status

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SENT, Status.WITHDRAWN},
    Status.SENT: {Status.ACKNOWLEDGED},
    Status.ACKNOWLEDGED: {Status.DECIDED},
    Status.DECIDED: {Status.OUTCOME_RECORDED},
    Status.OUTCOME_RECORDED: set(),
    Status.WITHDRAWN: set(),
}

# Chronology event types (the registry is code, not a table: no migration).
CONCERN_RECORDED = register("concern_recorded", "Safeguarding concern recorded", Significance.HIGH)
CONCERN_DECIDED = register("concern_decided", "Decision on a safeguarding concern", Significance.MEDIUM)
REFERRAL_SENT = register("referral_sent", "Referred to the MASH", Significance.HIGH)
REFERRAL_ACKNOWLEDGED = register("referral_acknowledged", "Referral acknowledged by the MASH", Significance.LOW)
REFERRAL_DECIDED = register("referral_decided", "MASH decision on a referral", Significance.MEDIUM)
REFERRAL_OUTCOME = register("referral_outcome", "Outcome of a referral to the MASH", Significance.HIGH)
REFERRAL_WITHDRAWN = register("referral_withdrawn", "Draft referral withdrawn", Significance.LOW)
REFERRAL_CHASED = register("referral_chased", "Outcome of a referral to the MASH chased", Significance.LOW)
DISCHARGED = register("caseload_discharge", "Discharged from a caseload", Significance.MEDIUM)

EVENT_FOR = {
    Status.SENT: REFERRAL_SENT,
    Status.ACKNOWLEDGED: REFERRAL_ACKNOWLEDGED,
    Status.DECIDED: REFERRAL_DECIDED,
    Status.OUTCOME_RECORDED: REFERRAL_OUTCOME,
    Status.WITHDRAWN: REFERRAL_WITHDRAWN,
}


class IllegalTransition(ValidationError):
    """The referral cannot move to that status from where it is."""

    def __init__(self, current: str, target: str):
        self.current, self.target = current, target
        allowed = sorted(Status(s).label.lower() for s in TRANSITIONS.get(current, set()))
        then = f" From here it can only be {' or '.join(allowed)}." if allowed else " It cannot change any more."
        super().__init__(
            f"This referral is {Status(current).label.lower()}: it cannot be {Status(target).label.lower()}.{then}"
        )


def current_status(referral: Referral) -> str:
    """The latest row: rows are appended under the referral's lock, so the highest id."""
    row = referral.statuses.order_by("-id").values_list("status", flat=True).first()
    return row or Status.DRAFT


def lock(referral: Referral) -> Referral:
    """The referral's row, locked until the end of the transaction (PostgreSQL; SQLite
    transactions already write one at a time)."""
    return Referral.objects.select_for_update().get(pk=referral.pk)


def start(auditor: Auditor, referral: Referral) -> ReferralStatus:
    """The first row of a new referral: a draft."""
    return ReferralStatus.objects.create(
        referral=referral, status=Status.DRAFT, created_at=clock.now(), created_by=auditor.actor
    )


def transition(auditor: Auditor, referral: Referral, target: str, *, summary: str, note: str = "") -> ReferralStatus:
    """Move ``referral`` to ``target`` or raise ``IllegalTransition`` (nothing written).

    Call inside a transaction, after ``lock(referral)``; ``summary`` is the chronology line."""
    current = current_status(referral)
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)
    now = clock.now()
    row = ReferralStatus.objects.create(
        referral=referral, status=target, created_at=now, created_by=auditor.actor, note=note[:500]
    )
    actor = auditor.actor
    service = actor.team.service if actor is not None and actor.team_id else referral.referrer_service
    record_event(
        referral.child,
        EVENT_FOR[target],
        summary,
        occurred_at=now,
        author=actor,
        service=service,
        source=referral,
    )
    auditor.write(referral, ["status"], detail={"from": current, "to": target, "status_row": row.pk})
    return row
