"""One person's chronology (R3.1): the page, filtered and paginated, and its exports.
Every view reaches the person through AccessScope and the events through
chronology.queries, which decide what this viewer may read."""

from urllib.parse import urlencode

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope
from thinkfamily.chronology import exports, queries
from thinkfamily.chronology.forms import CursorQuery, FilterForm
from thinkfamily.core.exports import Export, iso_date
from thinkfamily.core.forms import query
from thinkfamily.core.presenters import format_date
from thinkfamily.core.views import render_page
from thinkfamily.people.presenters import person_header

CURSORS = ("before", "after")


def _filter_form(request, access):
    services = queries.services_in_chronology(access)
    data = request.GET if any(key not in CURSORS for key in request.GET) else None
    return FilterForm(data, services=services)


def _query_string(request, **cursor) -> str:
    """The current filters (not the page), plus a cursor if given."""
    params = [(key, value) for key, values in request.GET.lists() if key not in CURSORS for value in values]
    params += [(key, value) for key, value in cursor.items() if value]
    return ("?" + urlencode(params)) if params else ""


def _render(request, access, form, page=None):
    person = access.person
    path = reverse("chronology:person", args=[person.pk])
    pagination = None
    if page is not None and (page.newer_cursor or page.older_cursor):
        pagination = {
            "previousUrl": path + _query_string(request, after=page.newer_cursor) if page.newer_cursor else None,
            "previousPage": "Newer entries" if page.newer_cursor else None,
            "nextUrl": path + _query_string(request, before=page.older_cursor) if page.older_cursor else None,
            "nextPage": "Older entries" if page.older_cursor else None,
        }
    filters = form.filters() if form.is_bound and not form.errors else queries.Filters()
    return render_page(
        request,
        "chronology/person.jinja",
        title=f"Chronology – {person.full_name}",
        breadcrumbs=[
            {"href": reverse("home"), "text": "Home"},
            {"href": reverse("people:record", args=[person.pk]), "text": person.full_name},
        ],
        form=form,
        person=person,
        access=access,
        person_header=person_header(person, request.user),
        page=page,
        pagination=pagination,
        filters_applied=filters.describe(),
        export_query=_query_string(request),
    )


@require_http_methods(["GET"])
def person_chronology(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    form = _filter_form(request, access)
    if form.is_bound and not form.is_valid():
        return _render(request, access, form)
    filters = form.filters() if form.is_bound else queries.Filters()
    cursors = query(request, CursorQuery)
    page = queries.chronology_page(access, request.user, filters, before=cursors["before"], after=cursors["after"])
    return _render(request, access, form, page)


def _export(request, person_id, fmt):
    scope = AccessScope(request)
    access = scope.person(person_id)
    form = _filter_form(request, access)
    if form.is_bound and not form.is_valid():
        return _render(request, access, form)
    filters = form.filters() if form.is_bound else queries.Filters()
    entries = queries.all_entries(access, request.user, filters)
    person = access.person
    scope.auditor.export(
        person,
        detail={
            "format": fmt,
            "filters": filters.as_audit_detail(),
            "entries": len(entries),
            "restricted_withheld": sum(1 for entry in entries if not entry.readable),
        },
    )
    export = Export.of("chronology", person, request.user)
    if fmt == "csv":
        described = "; ".join(filters.describe(iso_date)) or "none (every entry)"
        return export.csv_response(exports.COLUMNS, exports.rows(entries), extra=[("Filters", described)])
    return export.pdf_response(exports.chronology_pdf(export, entries, filters=filters.describe(format_date)))


@require_http_methods(["GET"])
def export_csv(request, person_id):
    return _export(request, person_id, "csv")


@require_http_methods(["GET"])
def export_pdf(request, person_id):
    return _export(request, person_id, "pdf")
