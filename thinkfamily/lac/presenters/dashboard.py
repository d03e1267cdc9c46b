"""The lines of a drill-down of the children-in-care dashboard: the child, what the figure
counted, and a link to it."""

from django.urls import reverse

from thinkfamily.core.presenters import format_date, working_days
from thinkfamily.lac.presenters.assessments import status_text
from thinkfamily.lac.queries.dashboard import sdq_band_label


def drill_row(row, kind: str, today) -> dict:
    """One line of a drill-down: the child, what the figure counted, and a link to it."""
    if kind == "sdq":
        return {"child": row.child, "what": f"SDQ ({row.get_informant_display().lower()}) on "
                f"{format_date(row.completed_on)}", "detail": f"Total difficulties {row.total_difficulties}: "
                f"{sdq_band_label(row.band).lower()}", "status": "", "status_class": "", "href": ""}
    if kind == "step":
        late = f"{working_days(row.late_by_working_days)} late" if row.late_by_working_days else "On time"
        return {"child": row.assessment.child, "what": f"{row.get_step_display()} on {format_date(row.occurred_on)}",
                "detail": f"Took {working_days(row.working_days)}",
                "status": late, "status_class": "nhsuk-tag--red" if row.late_by_working_days else "nhsuk-tag--green",
                "href": reverse("lac:assessment", args=[row.assessment_id])}
    status, status_class = status_text(row, today)
    detail = f"Due by {format_date(row.due_on)}"
    if row.entered_care_on:
        detail = f"Entered care {format_date(row.entered_care_on)}; {detail[0].lower()}{detail[1:]}"
    if row.qa_return_count:
        detail += f"; returned by quality assurance {row.qa_return_count} time{'' if row.qa_return_count == 1 else 's'}"
    if row.assessing_clinician_id:
        detail += f"; assessed by {row.assessing_clinician.display_name}"
    return {"child": row.child, "what": row.get_kind_display(), "detail": detail, "status": status,
            "status_class": status_class, "href": reverse("lac:assessment", args=[row.pk])}
