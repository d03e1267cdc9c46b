"""Waiting times from referral to first appointment and to treatment, per service (R7.5):
the figures for each service the user may see, and the people behind each figure (longest
waits first) for those who may see names; commissioners see the figures only."""

from django.core.paginator import Paginator
from django.http import Http404
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import query
from thinkfamily.core.presenters import page_links
from thinkfamily.core.views import render_page
from thinkfamily.pathways.forms import WaitingQuery
from thinkfamily.pathways.presenters import wait_row, weeks
from thinkfamily.pathways.queries import audience, waits
from thinkfamily.people.views.page import HOME

PAGE_SIZE = 50
WAITING_TIMES = {"href": "/waiting-times/", "text": "Waiting times"}


@require_http_methods(["GET"])
def waiting_times(request):
    permissions.require(request.user, "pathways.see_waiting_times")
    now = clock.now()
    services = list(audience.waiting_time_services(request.user))
    period = waits.period(now)
    return render_page(
        request, "pathways/waiting_times.jinja", title="Waiting times", breadcrumbs=[HOME],
        rows=waits.figures(services, now), weeks=weeks, standard_weeks=period.weeks,
        since=period.since, today=clock.today(),
        names=permissions.may(request.user, "pathways.see_who_is_waiting"), active_nav="waiting_times",
    )


@require_http_methods(["GET"])
def service_waits(request, service_id):
    permissions.require(request.user, "pathways.see_who_is_waiting")
    service = audience.waiting_time_services(request.user).filter(pk=service_id).first()
    if service is None:
        raise Http404("No such service")
    figure = query(request, WaitingQuery)["figure"]
    now = clock.now()
    period = waits.period(now)
    # The people whose records the user may open (access.scoping); the figure counts them all.
    everyone = waits.people_behind(service, figure, now).count()
    shown = waits.people_behind(service, figure, now, among=AccessScope(request).people())
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    episodes = list(page.object_list)
    Auditor.from_request(request).read(None, detail={
        "page": "waiting times", "service": service.pk, "figure": figure,
        "people": sorted({str(e.person_id) for e in episodes}),
    })
    return render_page(
        request, "pathways/service_waits.jinja", title=f"{service.name}: {waits.FIGURES[figure].lower()}",
        breadcrumbs=[HOME, WAITING_TIMES], service=service, figure=figure, heading=waits.FIGURES[figure],
        rows=[wait_row(e, figure=figure, breach_days=period.breach_days) for e in episodes],
        figures=[(key, label) for key, label in waits.FIGURES.items()],
        page=page, pagination=page_links(request, page), total=page.paginator.count, everyone=everyone,
        standard_weeks=period.weeks, waiting=figure.startswith("waiting"), active_nav="waiting_times",
    )
