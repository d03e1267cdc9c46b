"""The lines of a drill-down of the children-in-care dashboard: the child, what the figure
counted, and a link to it."""

from django.urls import reverse

from thinkfamily.core import charts
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


IHA_OUTCOMES = (
    ("in_time", "In time", charts.NHS_GREEN),
    ("late", "Completed late", charts.NHS_DARK_PINK),
    ("overdue", "Overdue", charts.NHS_RED),
    ("not_yet_due", "Not yet due", charts.NHS_MID_GREY),
)


def iha_charts(rows: list[dict]) -> dict:
    """The IHA figures by month of entering care as charts: the children of each month by
    outcome (stacked bars), and the share done in time of those due (a line); the table of the
    same figures stays under them."""
    months = tuple(row["month"] for row in rows)
    return {
        "outcomes": charts.MonthlyChart(
            chart_id="iha-outcomes-chart", testid="iha-chart",
            title="Initial health assessments by month of entering care",
            months=months,
            series=tuple(charts.Series(label, tuple(row[key] for row in rows), colour)
                         for key, label, colour in IHA_OUTCOMES),
            value_label="Children", month_label="Month of entering care",
            none_text="No child entered care in",
        ),
        "percent": charts.MonthlyChart(
            chart_id="iha-percent-chart", testid="iha-percent-chart",
            title="Initial health assessments in time, of those due",
            months=months,
            series=(charts.Series("In time", tuple(row["percent"] for row in rows), charts.NHS_BLUE),),
            value_label="Per cent in time", month_label="Month of entering care",
            kind="line", unit="%", y_max=100,
            none_text="No assessment was due for children who entered care in",
        ),
    }


def overdue_now(iha: list[dict], rha: list[dict]) -> dict:
    """The overdue assessments the dashboard counts, said first."""
    return {"iha": sum(row["overdue"] for row in iha), "rha": sum(row["overdue"] for row in rha)}
