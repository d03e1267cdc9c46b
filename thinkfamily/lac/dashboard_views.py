"""The children-in-care health dashboard and the children behind each of its figures. The
figures come from lac.dashboard (one aggregate query each, over the children the user may
see); children are reached only through AccessScope."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import query
from thinkfamily.core.presenters import format_date, page_links
from thinkfamily.core.views import render_page
from thinkfamily.lac import dashboard, presenters
from thinkfamily.lac.forms import DashboardDrillQuery

HOME = {"href": "/", "text": "Home"}
DASHBOARD = {"href": "/children-in-care/dashboard/", "text": "Children in care: health assessments"}


@require_http_methods(["GET"])
def dashboard_page(request):
    dashboard.require_dashboard_role(request.user)
    scope = AccessScope(request)
    today = clock.today()
    return render_page(
        request,
        "lac/dashboard.jinja",
        title="Children in care: health assessments",
        breadcrumbs=[HOME, {"href": reverse("lac:population"), "text": "Children in care"}],
        iha=dashboard.iha_by_month(scope, today),
        steps=dashboard.step_medians(scope, today),
        rha=dashboard.rha_by_age_band(scope, today),
        qa_by_practitioner=dashboard.qa_return_rate(scope, today, "practitioner"),
        qa_by_service=dashboard.qa_return_rate(scope, today, "service"),
        sdq=dashboard.sdq_bands(scope, today),
        since=dashboard.period_start(today),
        today=today,
        in_force=dashboard.timescales_in_force(),
        active_nav="children_in_care",
    )


@require_http_methods(["GET"])
def dashboard_children(request):
    """The children behind one figure of the dashboard (the figure in the query string)."""
    dashboard.require_dashboard_role(request.user)
    scope = AccessScope(request)
    today = clock.today()
    drill = dashboard.drill_down(scope, today, query(request, DashboardDrillQuery))
    page = Paginator(drill.rows, dashboard.PAGE_SIZE).get_page(request.GET.get("page"))
    page_rows = list(page.object_list)
    children = [dashboard.child_of(row, drill.kind) for row in page_rows]
    Auditor.from_request(request).read(
        None, detail={"page": "children in care dashboard", "figure": request.GET.urlencode(),
                      "people": sorted({str(c.pk) for c in children})},
    )
    return render_page(
        request,
        "lac/dashboard_children.jinja",
        title=drill.heading,
        breadcrumbs=[HOME, DASHBOARD],
        drill=drill,
        rows=[drill_row(row, drill.kind, today) for row in page_rows],
        page=page,
        pagination=page_links(request, page),
        total=page.paginator.count,
        active_nav="children_in_care",
    )


def drill_row(row, kind: str, today) -> dict:
    """One line of a drill-down: the child, what the figure counted, and a link to it."""
    if kind == "sdq":
        return {"child": row.child, "what": f"SDQ ({row.get_informant_display().lower()}) on "
                f"{format_date(row.completed_on)}", "detail": f"Total difficulties {row.total_difficulties}: "
                f"{dashboard.sdq_band_label(row.band).lower()}", "status": "", "status_class": "", "href": ""}
    if kind == "step":
        late = f"{row.late_by_working_days} working days late" if row.late_by_working_days else "On time"
        return {"child": row.assessment.child, "what": f"{row.get_step_display()} on {format_date(row.occurred_on)}",
                "detail": f"Took {row.working_days} working day{'' if row.working_days == 1 else 's'}",
                "status": late, "status_class": "nhsuk-tag--red" if row.late_by_working_days else "nhsuk-tag--green",
                "href": reverse("lac:assessment", args=[row.assessment_id])}
    status, status_class = presenters.status_text(row, today)
    detail = f"Due by {format_date(row.due_on)}"
    if row.entered_care_on:
        detail = f"Entered care {format_date(row.entered_care_on)}; {detail[0].lower()}{detail[1:]}"
    if row.qa_return_count:
        detail += f"; returned by quality assurance {row.qa_return_count} time{'' if row.qa_return_count == 1 else 's'}"
    if row.assessing_clinician_id:
        detail += f"; assessed by {row.assessing_clinician.display_name}"
    return {"child": row.child, "what": row.get_kind_display(), "detail": detail, "status": status,
            "status_class": status_class, "href": reverse("lac:assessment", args=[row.pk])}
