"""Ready values for the attendance pages, the home sections and the record's Pregnancy
section: the templates only present them."""

from dataclasses import dataclass

from django.urls import reverse

from thinkfamily.access import permissions
from thinkfamily.assessments.models import RoutineEnquiry
from thinkfamily.assessments.services import enquiries
from thinkfamily.core import clock
from thinkfamily.core.presenters import format_date


@dataclass(frozen=True)
class Answered:
    question: str
    answer: str


def answers(attendance) -> list[Answered]:
    rows = []
    for name, question in attendance.questions():
        value = getattr(attendance, name)
        display = getattr(attendance, f"get_{name}_display")() if value and hasattr(
            attendance, f"get_{name}_display") else value
        rows.append(Answered(question, display or "Not answered"))
    return rows


def state(attendance) -> tuple[str, str]:
    """The attendance's state as a tag: (text, class)."""
    if attendance.is_complete:
        return "Complete", "nhsuk-tag--green"
    return "Incomplete", "nhsuk-tag--orange"


def liaison_state(attendance) -> str:
    if attendance.liaison_reviewed_at:
        return "Reviewed"
    if attendance.liaison_review_due_at and attendance.liaison_review_due_at < clock.now():
        return "Overdue"
    return "Due"


@dataclass
class PregnancyView:
    pregnancy: object
    expected: str
    next_due: str
    next_overdue: bool
    last: str
    last_alone: str
    enquiries: list
    record_href: str | None
    outcomes_shown: bool
    concern_href: str | None = None


def _pregnancy_view(user, woman, pregnancy, may_record: bool) -> PregnancyView:
    status = enquiries.state_of(pregnancy)
    stage = status.next_stage
    if stage is None:
        next_due = "No further enquiry due in this pregnancy"
    elif stage.due_from is None or stage.due_from <= clock.today():
        next_due = f"{stage.label}: due now" + (f" (from {format_date(stage.due_from)})" if stage.due_from else "")
    else:
        next_due = f"{stage.label}: from {format_date(stage.due_from)}"
    last = status.last
    outcomes = may_record or permissions.is_safeguarding_lead(user)
    return PregnancyView(
        pregnancy=pregnancy,
        expected=format_date(pregnancy.expected_delivery_date) if pregnancy.expected_delivery_date else "Not recorded",
        next_due=next_due,
        next_overdue=status.next_overdue,
        last=f"{enquiries.stage_label(last.stage)}, {format_date(last.asked_on)}" if last else "None yet",
        last_alone=("Yes, seen alone" if last.seen_alone else "No: not alone") if last else "",
        enquiries=[
            {"stage": enquiries.stage_label(e.stage), "on": e.asked_on, "alone": "Yes" if e.seen_alone else "No",
             "outcome": e.get_outcome_display() if outcomes else ("Asked" if e.was_asked else "Not asked"),
             "reason": e.not_asked_reason, "by": e.practitioner.display_name,
             "disclosure": e.outcome == RoutineEnquiry.Outcome.DISCLOSURE and outcomes}
            for e in status.enquiries
        ],
        record_href=f'{reverse("assessments:routine_enquiry", args=[woman.pk])}?pregnancy={pregnancy.pk}' if (
            woman is not None and may_record) else None,
        outcomes_shown=outcomes,
        concern_href=reverse("referrals:record_concern", args=[pregnancy.pk]) if (
            outcomes and last is not None and last.outcome == RoutineEnquiry.Outcome.DISCLOSURE) else None,
    )


def pregnancy_section(user, access, *, mother_rows=None) -> list[PregnancyView] | None:
    """The record's Pregnancy section: for an unborn baby, its pregnancy; for a woman, each of
    her pregnancies (and babies born in the last year). None when there is none.
    ``mother_rows``: the person's relationship rows of type mother (to and from them), when the
    record has read them, so that they are not read again."""
    person = access.person
    if person.is_unborn:
        if mother_rows is None:
            woman = enquiries.mother_of(person)
        else:
            own = sorted((r for r in mother_rows if r.person_id == person.pk), key=lambda r: r.pk)
            woman = own[0].relative if own else None
        may_record = woman is not None and permissions.may(user, "assessments.record_routine_enquiry", woman)
        return [_pregnancy_view(user, woman, person, may_record)]
    babies = None if mother_rows is None else [r.person for r in mother_rows if r.relative_id == person.pk]
    pregnancies = enquiries.pregnancies_of(person, babies)
    if not pregnancies:
        return None
    may_record = permissions.may(user, "assessments.record_routine_enquiry", access)
    return [_pregnancy_view(user, person, pregnancy, may_record) for pregnancy in pregnancies]
