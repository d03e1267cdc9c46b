"""Pages for MASH information requests (R4.5, R4.6): the MASH sends them from a child's
record; the receiving service sees its list and answers on a structured form; the MASH and
safeguarding leads see the response times. Requests are reached only through
referrals.information_requests.queries (scoped to the user), children only through AccessScope."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import apply_validation_error, attempt, query
from thinkfamily.core.presenters import format_datetime, page_links, plural
from thinkfamily.core.replica import reads_from_replica
from thinkfamily.core.views import render_page
from thinkfamily.organisations.models import Service
from thinkfamily.people.models import Person
from thinkfamily.people.presenters import person_header
from thinkfamily.referrals.information_requests import queries, services
from thinkfamily.referrals.information_requests.forms import (
    AnswerForm,
    DashboardQuery,
    DashboardRequestsQuery,
    GPAnswerForm,
    SendRequestsForm,
)
from thinkfamily.referrals.models import Grade

HOME = {"href": "/", "text": "Home"}
SERVICE_LIST = {"href": "/mash/requests/", "text": "MASH requests"}
SENT_LIST = {"href": "/mash/sent/", "text": "Information requests your MASH has sent"}


def _audit_list(request, page_name: str, rows, detail=None) -> None:
    """A list that names children is a read of personal data."""
    people = sorted({str(r.child_id) for r in rows})
    Auditor.from_request(request).read(None, detail={"page": page_name, "people": people} | (detail or {}))


def _grade_deadlines(now) -> dict:
    deadlines = {}
    for grade in Grade.values:
        due = timescales.deadline(f"mash.{grade}", now).due_at
        deadlines[grade] = f" (if sent now: by {format_datetime(due)})" if due else ""
    return deadlines


@require_http_methods(["GET", "POST"])
def send_requests(request, person_id):
    """A MASH worker asks the services that know the child what they know."""
    permissions.require(request.user, "referrals.work_in_mash")
    scope = AccessScope(request)
    access = scope.person(person_id)
    child = access.person
    if child.kind == Person.Kind.ADULT:
        raise PermissionDenied("MASH information requests are about a child or an unborn baby.")
    candidates = queries.services_that_know(child)
    now = clock.now()
    form = SendRequestsForm(request.POST or None, candidates=candidates, grade_deadlines=_grade_deadlines(now))
    mash_id = request.user.team.service.organisation_id
    referral = queries.latest_open_referral(child, mash_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: services.send_requests(
            scope.auditor_for(access),
            child=child,
            candidates=data["services"],
            grade=data["grade"],
            question=data["question"],
            mash_worker=request.user,
            referral=referral,
        ))
        if saved.already:
            messages.info(request, saved.already)
            return redirect("referrals:mash_send", child.pk)
        if saved:
            created = saved.value
            unreached = [r.service.name for r in created if not r.recipient_count]
            text = f"{len(created)} information request{'s' if len(created) != 1 else ''} sent."
            if unreached:
                text += f" Nobody at {', '.join(unreached)} uses ThinkFamily yet: the request waits on its list."
            messages.success(request, text)
            return redirect("referrals:mash_send", child.pk)
    sent = list(queries.requests_for_child(child, mash_id)[:50])
    return render_page(
        request,
        "referrals/request_send.jinja",
        title=f"Send MASH information requests – {child.full_name}",
        breadcrumbs=[HOME, {"href": reverse("people:record", args=[child.pk]), "text": child.full_name}],
        form=form,
        person=child,
        access=access,
        person_header=person_header(child, request.user),
        candidates=candidates,
        sent=sent,
        referral=referral,
        now=now,
    )


@require_http_methods(["GET"])
def sent_requests(request):
    """The MASH's own list: the requests its council sent, the overdue first, then those
    waiting, then those answered (each opens its answer)."""
    permissions.require(request.user, "referrals.work_in_mash")
    now = clock.now()
    open_rows = list(queries.sent_by_mash(request.user, answered=False)[: queries.PAGE_SIZE])
    answered_page = Paginator(queries.sent_by_mash(request.user, answered=True), 20).get_page(request.GET.get("page"))
    answered_rows = list(answered_page.object_list)
    _audit_list(request, "mash sent requests", open_rows + answered_rows)
    return render_page(
        request,
        "referrals/request_sent_list.jinja",
        title="Information requests your MASH has sent",
        breadcrumbs=[HOME],
        council=request.user.team.service.organisation,
        overdue_rows=[r for r in open_rows if r.due_at and r.due_at < now],
        waiting_rows=[r for r in open_rows if not (r.due_at and r.due_at < now)],
        answered_rows=answered_rows,
        pagination=page_links(request, answered_page),
        now=now,
        active_nav="mash",
    )


@require_http_methods(["GET"])
def service_requests(request):
    """The requests to the user's service: open ones by deadline (green ones too), then
    those answered. The MASH's own requests are on its list of those it sent."""
    permissions.require(request.user, "referrals.answer_mash_requests")
    if permissions.is_mash_worker(request.user):
        return redirect("referrals:mash_sent_requests")
    now = clock.now()
    open_rows = list(queries.service_list(request.user, answered=False)[: queries.PAGE_SIZE])
    answered_page = Paginator(queries.service_list(request.user, answered=True), 20).get_page(
        request.GET.get("page")
    )
    answered_rows = list(answered_page.object_list)
    _audit_list(request, "mash service requests", open_rows + answered_rows)
    return render_page(
        request,
        "referrals/request_list.jinja",
        title="MASH information requests",
        breadcrumbs=[HOME],
        service=request.user.team.service if request.user.team_id else None,
        open_rows=open_rows,
        answered_rows=answered_rows,
        pagination=page_links(request, answered_page),
        now=now,
        can_see_dashboard=permissions.may(request.user, "referrals.see_mash_dashboard"),
        active_nav="mash",
    )


@require_http_methods(["GET"])
def request_detail(request, request_id):
    """A request and, once answered, the response: for the MASH, the receiving service and
    the receiving organisation's safeguarding lead."""
    request_obj = queries.get_visible(request.user, request_id)
    response = queries.response_to(request_obj)
    Auditor.from_request(request, basis="MASH information request").read(request_obj)
    scope = AccessScope(request)
    child_visible = request_obj.child_id in scope.visible_ids([request_obj.child])
    is_receiving = request.user.team_id and request.user.team.service_id == request_obj.service_id
    is_mash = permissions.is_mash_worker(request.user)
    return render_page(
        request,
        "referrals/request_detail.jinja",
        title=f"MASH information request – {request_obj.service.name}",
        breadcrumbs=[HOME, SERVICE_LIST] if is_receiving else [HOME, SENT_LIST] if is_mash else [HOME],
        req=request_obj,
        response=response,
        child_visible=child_visible,
        can_answer=bool(is_receiving and request_obj.answered_at is None and request_obj.cancelled_at is None),
        is_mash=is_mash,
        now=clock.now(),
    )


@require_http_methods(["GET", "POST"])
def answer_request(request, request_id):
    """The receiving service's structured answer; the GP practice's version for general
    practice (R4.6). Another service's request is a 404."""
    request_obj = queries.get_to_answer(request.user, request_id)
    if request_obj.answered_at is not None:
        messages.success(request, "This request has already been answered.")
        return redirect("referrals:mash_request", request_obj.pk)
    for_gp = request_obj.service.kind == Service.Kind.GENERAL_PRACTICE
    form_class = GPAnswerForm if for_gp else AnswerForm
    form = form_class(request.POST or None)
    auditor = Auditor.from_request(request, basis=f"MASH information request to {request_obj.service.name}")
    if request.method == "GET":
        auditor.read(request_obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_request(auditor, request_obj, responder=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your answer has been sent to the MASH.")
            return redirect("referrals:mash_request", request_obj.pk)
    return render_page(
        request,
        "referrals/request_answer.jinja",
        title=f"Answer the MASH – {request_obj.child.full_name}",
        breadcrumbs=[HOME, SERVICE_LIST, {"href": reverse("referrals:mash_request", args=[request_obj.pk]),
                                          "text": "The request"}],
        form=form,
        req=request_obj,
        for_gp=for_gp,
        now=clock.now(),
    )


def duration_text(hours, day_hours: float) -> str:
    """Working time as people say it: hours under a working day, days from one day on."""
    if hours is None:
        return ""
    if hours < day_hours:
        return plural(round(hours, 1), "working hour")
    return plural(round(hours / day_hours, 1), "working day")


def _with_durations(rows, day_hours):
    for row in rows:
        row["median_text"] = duration_text(row["median_hours"], day_hours)
        row["p90_text"] = duration_text(row["p90_hours"], day_hours)
    return rows


@require_http_methods(["GET"])
@reads_from_replica
def dashboard(request):
    """Response times by grade and by service, from the rows (R4.5, Rec 4.3)."""
    permissions.require(request.user, "referrals.see_mash_dashboard")
    scope_rows = queries.dashboard_scope(request.user)
    now = clock.now()
    period = query(request, DashboardQuery)["period"]
    day_hours = services.working_day_hours(now)
    by_grade = _with_durations(queries.figures(scope_rows, now=now, period=period, by="grade"), day_hours)
    by_service = _with_durations(queries.figures(scope_rows, now=now, period=period, by="service"), day_hours)
    overdue_rows = list(queries.overdue(scope_rows, now)[: queries.PAGE_SIZE])
    _audit_list(request, "mash dashboard", overdue_rows)
    return render_page(
        request,
        "referrals/mash_dashboard.jinja",
        title="MASH information requests: response times",
        breadcrumbs=[HOME],
        by_grade=by_grade,
        by_service=by_service,
        overdue_rows=overdue_rows,
        period=period,
        periods=[("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last 12 months"), ("all", "All time")],
        grade_labels=dict(Grade.choices),
        working_day_hours=day_hours,
        is_mash=permissions.is_mash_worker(request.user),
        now=now,
        active_nav="mash",
    )


@require_http_methods(["GET"])
@reads_from_replica
def dashboard_requests(request):
    """The requests behind one figure of the dashboard."""
    permissions.require(request.user, "referrals.see_mash_dashboard")
    now = clock.now()
    wanted = query(request, DashboardRequestsQuery)
    period, figure, grade, service_id = wanted["period"], wanted["figure"], wanted["grade"], wanted["service"]
    rows = queries.drill_down(
        queries.dashboard_scope(request.user), now=now, period=period, figure=figure, grade=grade,
        service_id=service_id,
    )
    page = Paginator(rows, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    page_rows = list(page.object_list)
    _audit_list(request, "mash dashboard requests", page_rows, {"figure": figure, "grade": grade,
                                                               "service": service_id})
    what = [queries.DRILL_FIGURES[figure]]
    if grade:
        what.append(f"graded {Grade(grade).label.lower()}")
    if service_id and page_rows:
        what.append(f"to {page_rows[0].service.name}")
    return render_page(
        request,
        "referrals/mash_dashboard_requests.jinja",
        title="MASH information requests: " + queries.DRILL_FIGURES[figure].lower(),
        breadcrumbs=[HOME, {"href": reverse("referrals:mash_dashboard") + f"?period={period}",
                            "text": "MASH response times"}],
        rows=page_rows,
        page=page,
        pagination=page_links(request, page),
        heading=", ".join(what),
        total=page.paginator.count,
        now=now,
        active_nav="mash",
    )
