"""What the referral pages show, formatted once: templates only place it."""

from dataclasses import dataclass

from django.utils import timezone

from thinkfamily.core import charts, clock, timescales
from thinkfamily.core.presenters import format_date, format_datetime, working_days
from thinkfamily.referrals import quality
from thinkfamily.referrals.models import (
    Concern,
    ConcernDecision,
    ConcernSource,
    LevelOfNeed,
    Outcome,
    Referral,
    ReferralStatus,
)

Status = ReferralStatus.Status
STATUS_TAG_CLASSES = {
    Status.DRAFT: "nhsuk-tag--grey",
    Status.SENT: "nhsuk-tag--blue",
    Status.ACKNOWLEDGED: "nhsuk-tag--aqua-green",
    Status.DECIDED: "nhsuk-tag--purple",
    Status.OUTCOME_RECORDED: "nhsuk-tag--green",
    Status.WITHDRAWN: "nhsuk-tag--grey",
}


def status_label(status: str) -> str:
    return Status(status).label if status else Status.DRAFT.label


def delay_text(referral: Referral) -> str:
    if referral.delay_working_days is None:
        return ""
    days = referral.delay_working_days
    if days == 0:
        return "Same working day"
    return working_days(days)


def quality_text(score: int | None) -> str:
    return "" if score is None else f"{score} out of 100"


@dataclass(frozen=True)
class ReferralRow:
    """One referral in a list: the MASH queue, the ward view, the child's record."""

    referral: Referral
    status: str
    child_visible: bool = True

    @property
    def child_name(self) -> str:
        return self.referral.child.full_name

    @property
    def sent(self) -> str:
        return format_date(timezone.localdate(self.referral.sent_at)) if self.referral.sent_at else "Not sent"

    @property
    def raised_by(self) -> str:
        referral = self.referral
        where = referral.referrer_team.name if referral.referrer_team else referral.referrer_service.name
        return f"{referral.referrer.display_name}, {where}"

    @property
    def quality(self) -> str:
        return quality_text(self.referral.quality_score)

    @property
    def weak(self) -> bool:
        return quality.is_weak(self.referral.quality_score)

    @property
    def delay(self) -> str:
        return delay_text(self.referral)

    @property
    def late(self) -> bool:
        return bool(self.referral.sent_late)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG_CLASSES.get(self.status, "nhsuk-tag--grey")

    @property
    def outcome(self) -> str:
        return self.referral.get_outcome_display() if self.referral.outcome else "Not known yet"

    @property
    def has_outcome(self) -> bool:
        return bool(self.referral.outcome)

    @property
    def decision_due(self) -> str:
        return format_datetime(self.referral.decision_due_at) if self.referral.decision_due_at else ""

    @property
    def decision_overdue(self) -> bool:
        due = self.referral.decision_due_at
        return bool(due and not self.referral.outcome and due < clock.now())

    @property
    def chased(self) -> str:
        """When the outcome was last chased (by hand or at its deadline), or ""."""
        return format_datetime(self.referral.chased_at) if self.referral.chased_at else ""

    @property
    def chase_token(self) -> str:
        """The last chase, as the chase form sends it back (core: a second submission chases once)."""
        return self.referral.chased_at.isoformat() if self.referral.chased_at else ""


def rows(referrals, visible_ids=frozenset()) -> list[ReferralRow]:
    """Rows for referrals annotated with ``current_status`` (``with_current_status``)."""
    return [ReferralRow(r, r.current_status, r.child_id in visible_ids) for r in referrals]


@dataclass(frozen=True)
class Answer:
    key: str
    value: str


def answers(referral: Referral, linked: list) -> list[Answer]:
    """The referral's answers, in the order of the form, for the check and referral pages."""
    trio = [label for key, label in quality.TOXIC_TRIO.items() if getattr(referral, key)]
    names = [
        f"{child.full_name} (born {format_date(child.date_of_birth or child.expected_delivery_date)})"
        for child in linked
    ]
    if referral.other_children.strip():
        names.append(referral.other_children.strip())
    level = LevelOfNeed(referral.level_of_need).label if referral.level_of_need else "Not chosen"
    return [
        Answer("Sent to", f"{referral.mash.name} MASH"),
        Answer(
            "Concern recorded",
            f"{format_datetime(referral.concern.recorded_at)} by {referral.concern.recorded_by.display_name}",
        ),
        Answer("Presenting concern", referral.presenting_concern or "Not given"),
        Answer(f"Risk to {referral.child.given_name or 'the child'}", referral.risk_to_child or "Not given"),
        Answer(f"Impact on {referral.child.given_name or 'the child'}", referral.impact_on_child or "Not given"),
        Answer("Voice of the child", referral.voice_of_child or "Not given"),
        Answer("Other children", "\n".join(names) or "None named"),
        Answer("Parental responsibility", referral.parental_responsibility or "Not given"),
        Answer("Toxic trio", ", ".join(trio).capitalize() if trio else "None ticked"),
        Answer("Level of need", level),
    ]


def outcome_label(value: str) -> str:
    return Outcome(value).label if value else "Not known yet"


@dataclass(frozen=True)
class StatusRow:
    label: str
    when: str
    who: str
    note: str


def history(statuses) -> list[StatusRow]:
    return [
        StatusRow(
            status_label(row.status),
            format_datetime(row.created_at),
            (
                f"{row.created_by.display_name}" + (f", {row.created_by.team.name}" if row.created_by.team_id else "")
                if row.created_by
                else "ThinkFamily"
            ),
            row.note,
        )
        for row in statuses
    ]


# Concerns and their decisions (issue 14) ---------------------------------------------------


def decision_timescale_words(concern: Concern) -> str:
    """The local timescale the decision date came from, in plain words."""
    days = timescales.in_force("health.referral_delay", concern.recorded_at).value
    return (
        f"A decision is due within {working_days(days)} of a concern being recorded "
        "(the local timescale from a concern to the referral being sent)."
    )


def decision_text(concern: Concern) -> str:
    """What was decided, in a sentence, or '' while undecided."""
    if not concern.decision:
        return ""
    if concern.decision == ConcernDecision.DISCUSSED_WITH_LEAD:
        lead = concern.discussed_with.display_name if concern.discussed_with else "the safeguarding lead"
        what = f"Discussed with {lead}, safeguarding lead, on {format_date(concern.discussed_on)}"
    elif concern.decision == ConcernDecision.NO_REFERRAL:
        what = f"No referral: {concern.no_referral_reason}"
    else:
        what = "Referral made to the MASH"
    return what


def decided_by_text(concern: Concern) -> str:
    """Who recorded the decision, and when."""
    who = concern.decided_by.display_name if concern.decided_by else "ThinkFamily"
    return f"Recorded by {who}, {format_datetime(concern.decided_at)}" if concern.decision else ""


@dataclass(frozen=True)
class ConcernRow:
    """One concern awaiting a decision, in a list."""

    concern: Concern
    child_visible: bool = True

    @property
    def child_name(self) -> str:
        return self.concern.child.full_name

    @property
    def recorded(self) -> str:
        return format_datetime(self.concern.recorded_at)

    @property
    def recorded_by(self) -> str:
        concern = self.concern
        return f"{concern.recorded_by.display_name}, {concern.team.name if concern.team else concern.service.name}"

    @property
    def source(self) -> str:
        return ConcernSource(self.concern.source).label

    @property
    def due(self) -> str:
        return format_datetime(self.concern.decision_due_at) if self.concern.decision_due_at else "No date set"

    @property
    def overdue(self) -> bool:
        due = self.concern.decision_due_at
        return bool(due and not self.concern.decision and due < clock.now())


def concern_rows(concerns, visible_ids=frozenset()) -> list[ConcernRow]:
    return [ConcernRow(c, c.child_id in visible_ids) for c in concerns]


def ward_months(months) -> dict:
    """The ward view's months (R4.4) as charts, with the table kept to the months in which
    referrals were sent and the months with none named in one sentence (not a row of zeros
    each)."""
    dates = tuple(f.month for f in months)
    active = [f for f in months if f.referrals]
    quiet = [f.label for f in months if not f.referrals]
    return {
        "sent": charts.MonthlyChart(
            chart_id="ward-sent-chart", testid="ward-sent-chart",
            title="Referrals sent each month",
            months=dates,
            series=(charts.Series("Sent in time", tuple(f.referrals - f.late for f in months), charts.NHS_BLUE),
                    charts.Series("Sent late", tuple(f.late for f in months), charts.NHS_RED)),
            value_label="Referrals", none_text="No referrals were sent in",
        ),
        "quality": charts.MonthlyChart(
            chart_id="ward-quality-chart", testid="ward-quality-chart",
            title="Median quality of the referrals sent each month",
            months=dates,
            series=(charts.Series("Median quality", tuple(f.median_quality for f in months), charts.NHS_DARK_BLUE),),
            value_label="Quality (out of 100)", kind="line", y_max=100, none_text="No referrals were sent in",
        ),
        "active": active,
        "quiet": quiet,
        "count": len(months),
        "quiet_text": _months_sentence(quiet, len(months)),
    }


def _months_sentence(quiet: list[str], count: int) -> str:
    if not quiet:
        return ""
    if len(quiet) == count:
        return f"No referrals were sent in the last {count} months."
    names = quiet[0] if len(quiet) == 1 else ", ".join(quiet[:-1]) + " and " + quiet[-1]
    return f"No referrals were sent in {names}."


def where_quality_is_seen(readers: dict) -> str:
    """What the check page tells a referrer about a weak referral's score, true for their
    service: a ward's view only where the team has a ward manager (referrals.queries.quality_readers)."""
    kept = "Its quality score and what is missing are kept with it and seen by the MASH"
    if readers["ward_manager"]:
        who = "your ward manager and your organisation's safeguarding lead see" if readers["lead"] else (
            "your ward manager sees")
        return f"{kept}, and counted on your ward's view, which {who}."
    if readers["lead"]:
        return f"{kept} and by your organisation's safeguarding lead, who sees the referrals it raises."
    return f"{kept}."
