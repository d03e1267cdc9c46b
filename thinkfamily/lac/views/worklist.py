"""The children-in-care team's work list of health assessments (R6.1)."""

from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core.replica import reads_from_replica
from thinkfamily.core.views import render_page
from thinkfamily.lac.queries.worklist import AT_RISK_WORKING_DAYS, WorkList
from thinkfamily.people.views.page import HOME


@require_http_methods(["GET"])
@reads_from_replica
def worklist(request):
    """Open assessments that are overdue or at risk, most late first (R6.1)."""
    permissions.require(request.user, "lac.see_worklist")
    scope = AccessScope(request)
    work = WorkList(scope)
    page, rows = work.page(request.GET.get("page"))
    return render_page(
        request,
        "lac/worklist.jinja",
        title="Health assessments: work list",
        breadcrumbs=[HOME],
        page=page,
        rows=rows,
        at_risk_days=AT_RISK_WORKING_DAYS,
        active_nav="lac_worklist",
    )
