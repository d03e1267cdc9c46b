"""The figures and lists for managers: ED safeguarding triage completeness per department
(R5.5), each figure drilling down to the attendances missing answers, and the next-day
paediatric liaison list (R7.4)."""

import datetime

from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.assessments import forms, presenters, queries
from thinkfamily.core import clock
from thinkfamily.core.forms import query
from thinkfamily.core.views import render_page
from thinkfamily.people.views.page import HOME


def _period(request):
    days = query(request, forms.PeriodQuery)["days"]
    until = clock.now()
    return days, until - datetime.timedelta(days=days), until


@require_http_methods(["GET"])
def ed_completeness(request):
    permissions.require(request.user, "assessments.see_ed_completeness")
    days, since, until = _period(request)
    return render_page(
        request, "assessments/completeness.jinja", title="ED safeguarding triage completeness",
        breadcrumbs=[HOME], rows=queries.ed_completeness(request.user, since, until), days=days,
        periods=forms.PeriodQuery.base_fields["days"].choices,
    )


@require_http_methods(["GET"])
def ed_missing(request, service_id):
    permissions.require(request.user, "assessments.see_ed_completeness")
    service = queries.ed_service_for(request.user, service_id)
    days, since, until = _period(request)
    rows = [(a, a.missing()) for a in queries.missing_answers(service, since, until)[:500]]
    return render_page(
        request, "assessments/missing.jinja", title=f"Attendances missing answers – {service.name}",
        breadcrumbs=[HOME, {"href": f"{request.path.rsplit('/', 2)[0]}/?days={days}",
                            "text": "ED safeguarding triage completeness"}],
        service=service, rows=rows, days=days,
    )


@require_http_methods(["GET"])
def liaison_list(request):
    permissions.require(request.user, "assessments.see_liaison_list")
    rows = [(a, presenters.liaison_state(a)) for a in queries.liaison_list(request.user)[:500]]
    return render_page(
        request, "assessments/liaison.jinja", title="Paediatric liaison: next-day reviews", breadcrumbs=[HOME],
        rows=rows, active_nav="liaison",
    )
