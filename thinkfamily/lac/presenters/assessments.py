"""Formatting for the health assessment pages: the steps of an assessment with their delay
against their own target, so that the slow step is visible (R6.1), its state and its typed
report's due date, and the assessments of the record page's "Health assessments" section."""

from dataclasses import dataclass

from thinkfamily.core import clock, timescales
from thinkfamily.core.presenters import format_date, format_datetime, working_days
from thinkfamily.lac.models import AssessmentStep, HealthAssessment
from thinkfamily.people.models import LegalStatus, Person

Step = AssessmentStep.Step


@dataclass(frozen=True)
class StepRow:
    label: str
    occurred: str
    detail: str
    took: str
    target: str
    late_by: int
    recorded_by: str
    recorded_at: str


def _days(n) -> str:
    if n is None:
        return "–"
    return working_days(n)


def step_rows(assessment: HealthAssessment) -> list[StepRow]:
    rows = []
    for step in assessment.steps.all():
        detail = step.reason
        if step.step == AssessmentStep.Step.APPOINTMENT_BOOKED and step.appointment_on:
            detail = f"Appointment on {format_date(step.appointment_on)}"
        rows.append(
            StepRow(
                label=step.get_step_display(),
                occurred=format_date(step.occurred_on),
                detail=detail,
                took=_days(step.working_days),
                target=f"by {format_date(step.target_due_on)}" if step.target_due_on else "–",
                late_by=step.late_by_working_days,
                recorded_by=step.recorded_by.get_full_name() or step.recorded_by.get_username(),
                recorded_at=format_datetime(step.recorded_at),
            )
        )
    return rows


@dataclass(frozen=True)
class ReportDue:
    due_on: str
    text: str
    late: bool


def report_due(a: HealthAssessment, today) -> ReportDue | None:
    """The typed report's due date (3 working days after the clinic) and whether it was, or
    is now, late: measured on the first typing, before any quality return."""
    if a.report_due_on is None:
        return None
    typed = next((s for s in a.steps.all() if s.step == Step.REPORT_TYPED), None)
    if typed is not None:
        late_by = timescales.working_days_between(a.report_due_on, typed.occurred_on)
        if late_by > 0:
            return ReportDue(format_date(a.report_due_on), f"Typed {format_date(typed.occurred_on)}: "
                             f"{working_days(late_by)} late", True)
        return ReportDue(format_date(a.report_due_on), f"Typed {format_date(typed.occurred_on)}, in time", False)
    late_by = timescales.working_days_between(a.report_due_on, today)
    if late_by > 0:
        return ReportDue(format_date(a.report_due_on),
                         f"Not typed yet: {working_days(late_by)} late", True)
    return ReportDue(format_date(a.report_due_on), "Not typed yet", False)


def status_text(assessment: HealthAssessment, today) -> tuple[str, str]:
    """(text, tag class) for the assessment's state today."""
    if assessment.completed_on:
        if assessment.completed_on <= assessment.due_on:
            return "Completed in time", "nhsuk-tag--green"
        return f"Completed {(assessment.completed_on - assessment.due_on).days} days late", "nhsuk-tag--orange"
    if assessment.closed_on:
        return "Closed", "nhsuk-tag--grey"
    if assessment.due_on < today:
        return f"Overdue by {(today - assessment.due_on).days} days", "nhsuk-tag--red"
    return f"Due by {format_date(assessment.due_on)}", "nhsuk-tag--blue"


@dataclass(frozen=True)
class RecordAssessment:
    assessment: HealthAssessment
    state: str
    state_class: str


# A child who has ever had one of these statuses has the "Health assessments" section, even
# before any assessment is recorded.
IN_CARE_STATUSES = {LegalStatus.LOOKED_AFTER, LegalStatus.PLACED_FOR_ADOPTION, LegalStatus.CARE_LEAVER}


def record_assessments(access, legal_status_history, limit: int = 10, has_rows=True) -> list[RecordAssessment] | None:
    """The "Health assessments" section of a child's record: the child's health assessments,
    latest first, each with its state today (one query). None when the record has no such
    section: not a child, or a child with no assessment who has never been looked after,
    placed for adoption or a care leaver (``legal_status_history``: the child's entries).
    ``has_rows``: False when the page knows the child has no assessment."""
    if access.person.kind != Person.Kind.CHILD:
        return None
    today = clock.today()
    rows = HealthAssessment.objects.filter(child=access.person).order_by("-due_on", "-id")[:limit] if has_rows else []
    assessments = [RecordAssessment(a, *status_text(a, today)) for a in rows]
    if assessments or any(entry.status in IN_CARE_STATUSES for entry in legal_status_history):
        return assessments
    return None
