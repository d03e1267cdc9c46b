"""Break glass, its review queue, and "who has looked at this record"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import forms, permissions, services
from thinkfamily.access.history import access_history, can_see_access_history
from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.access.presenters import CSV_COLUMNS, history_csv_rows, history_rows
from thinkfamily.access.refusals import audit_refusal
from thinkfamily.access.scoping import AccessRefused, AccessScope
from thinkfamily.core.exports import Export, iso_datetime
from thinkfamily.core.forms import apply_validation_error, attempt, query
from thinkfamily.core.views import render_page
from thinkfamily.people.presenters import person_header

HOME = {"href": "/", "text": "Home"}
REVIEW_BASIS = "Safeguarding lead review of a break-glass access"


def access_refused(request, exception=None):
    """The 403 page, and the audit of the refusal (access.refusals). For a record behind a
    refused access it offers break glass and shows nothing about the person."""
    audit_refusal(request, exception, 403)
    person_id = exception.person_id if isinstance(exception, AccessRefused) else None
    # A permission refusal (access.permissions) says what the user cannot do and who can: our
    # own words, never a Python value.
    reason = str(exception.args[0]) if isinstance(exception, permissions.NotPermitted) else ""
    return render_page(
        request,
        "access/refused.jinja",
        title="You cannot do this" if reason else "You cannot open this record",
        breadcrumbs=[HOME],
        status=403,
        person_id=person_id,
        reason=reason,
    )


def not_found(request, exception=None):
    """The 404 page. A record asked for by its address and not given (none such, or not the
    person's) is a refusal, audited like a 403 (access.refusals)."""
    audit_refusal(request, exception, 404)
    return render_page(
        request,
        "errors/problem.jinja",
        title="Page not found",
        breadcrumbs=[HOME],
        status=404,
        paragraphs=[
            "If you typed the web address, check it is correct. If you pasted it, check you copied the whole "
            "address. If you followed a link, the record or page it points to may have been removed, or may not "
            "be one you can open.",
        ],
        next_steps=[
            {"href": reverse("find"), "text": "Find the person by their NHS number, or name and date of birth"},
            "Use the menu at the top of the page to reach your work lists.",
        ],
    )


@require_http_methods(["GET", "POST"])
def break_glass(request, person_id):
    scope = AccessScope(request)
    person = scope.person_for_break_glass(person_id)
    form = forms.BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: services.break_glass(scope.auditor, request.user, person, **form.cleaned_data))
        if saved.already:
            messages.info(request, saved.already)
        if saved:
            return redirect("people:record", person.pk)
    return render_page(request, "access/break_glass.jinja", title="Break glass", breadcrumbs=[HOME], form=form)


def _require_lead(user):
    permissions.require(user, "access.review_break_glass")


@require_http_methods(["GET"])
def review_queue(request):
    _require_lead(request.user)
    accesses = (
        BreakGlassAccess.objects.for_organisation(request.user.organisation)
        .select_related("practitioner__team__service", "person", "reviewed_by")
        .order_by("reviewed_at", "-started_at")[:200]
    )
    AccessScope(request).auditor.read(
        None, detail={"page": "break-glass review queue", "people": sorted({str(a.person_id) for a in accesses})}
    )
    return render_page(
        request,
        "access/review_queue.jinja",
        title="Break-glass accesses to review",
        breadcrumbs=[HOME],
        accesses=accesses,
    )


@require_http_methods(["GET", "POST"])
def review(request, access_id):
    _require_lead(request.user)
    try:
        access = (
            BreakGlassAccess.objects.for_organisation(request.user.organisation)
            .select_related("practitioner", "person")
            .get(pk=access_id)
        )
    except BreakGlassAccess.DoesNotExist as exc:
        raise Http404("No such access") from exc
    auditor = AccessScope(request).auditor
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_break_glass(auditor, request.user, access, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The review has been recorded.")
            return redirect("access:review_queue")
    # The page shows who opened whose record, when and why: a read of that person's record.
    auditor.read(access, basis=REVIEW_BASIS, detail={"page": "break-glass review"})
    return render_page(
        request,
        "access/review.jinja",
        title="Review a break-glass access",
        breadcrumbs=[HOME, {"href": reverse("access:review_queue"), "text": "Break-glass reviews"}],
        form=form,
        access=access,
    )


@require_http_methods(["GET"])
def record_access_history(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    if not can_see_access_history(request.user, access):
        raise PermissionDenied(
            "Only the child's social worker, a safeguarding lead or the GP practice lead "
            "can see who has looked at this record."
        )
    form = forms.AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = access_history(access.person, request.user, **filters)
    wants_csv = query(request, forms.HistoryFormatQuery)["format"] == "csv"
    if wants_csv and not form.errors:  # filters with a mistake show the page and its errors
        scope.auditor.export(access.person, detail={"export": "access history", "filters": _jsonable(filters)})
        export = Export.of("access history", access.person, request.user)
        return export.csv_response(CSV_COLUMNS, history_csv_rows(events.select_related("actor__team"), iso_datetime),
                                   extra=_filters_described(form, filters))
    page_events = history_rows(events.select_related("actor__team")[:500])
    return render_page(
        request,
        "access/history.jinja",
        title=f"Who has looked at this record – {access.person.full_name}",
        breadcrumbs=[
            HOME,
            {"href": reverse("people:record", args=[access.person.pk]), "text": access.person.full_name},
        ],
        form=form,
        events=page_events,
        person=access.person,
        access=access,
        person_header=person_header(access.person, request.user),
        csv_query=_csv_query(request),
    )


def _csv_query(request) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()


def _filters_described(form, filters: dict) -> list[tuple[str, str]]:
    """The filters the CSV was exported with, by their labels on the page (dates ISO)."""
    shown = []
    for name, value in filters.items():
        if value:
            field = form.fields[name]
            text = value.isoformat() if hasattr(value, "isoformat") else dict(getattr(field, "choices", ())).get(
                value, value)
            shown.append(f"{field.label}: {text}")
    return [("Filters", "; ".join(shown) or "none (every access)")]


def _jsonable(filters: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items() if v}
