"""The children-in-care health dashboard and the children behind each of its figures. The
figures come from lac.queries.dashboard (one aggregate query each, over the children the user may
see); children are reached only through AccessScope."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import query
from thinkfamily.core.presenters import page_links
from thinkfamily.core.replica import reads_from_replica
from thinkfamily.core.views import render_page
from thinkfamily.lac.forms.dashboard import DashboardDrillQuery
from thinkfamily.lac.presenters.dashboard import drill_row, iha_charts, overdue_now
from thinkfamily.lac.queries import dashboard
from thinkfamily.people.views.page import HOME

DASHBOARD = {"href": "/children-in-care/dashboard/", "text": "Children in care: health assessments"}


@require_http_methods(["GET"])
@reads_from_replica
def dashboard_page(request):
    dashboard.require_dashboard_role(request.user)
    scope = AccessScope(request)
    today = clock.today()
    iha, rha = dashboard.iha_by_month(scope, today), dashboard.rha_by_age_band(scope, today)
    return render_page(
        request,
        "lac/dashboard.jinja",
        title="Children in care: health assessments",
        breadcrumbs=[HOME, {"href": reverse("lac:population"), "text": "Children in care"}],
        iha=iha,
        iha_charts=iha_charts(iha),
        overdue=overdue_now(iha, rha),
        steps=dashboard.step_medians(scope, today),
        rha=rha,
        qa_by_practitioner=dashboard.qa_return_rate(scope, today, "practitioner"),
        qa_by_service=dashboard.qa_return_rate(scope, today, "service"),
        sdq=dashboard.sdq_bands(scope, today),
        since=dashboard.period_start(today),
        today=today,
        in_force=dashboard.timescales_in_force(),
        active_nav="children_in_care",
    )


@require_http_methods(["GET"])
@reads_from_replica
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
