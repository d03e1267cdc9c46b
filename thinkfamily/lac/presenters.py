"""Formatting for looked-after children's health pages: the steps of an assessment with
their delay against their own target, so that the slow step is visible (R6.1)."""

from dataclasses import dataclass

from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.lac.models import AssessmentStep, HealthAssessment


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
    return f"{n} working day{'' if n == 1 else 's'}"


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
