"""The local administrator's pages (issue 12, R10.1): the area's organisations, services and
teams, its staff (join, change team or role, leave), and the import of an area from CSV
files. Every page is refused to anyone but a local administrator
(``organisations.administer_area``; the 403 handler audits the refusal); views parse input
and call administration.staff and administration.imports, which write and audit."""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access import services as access_services
from thinkfamily.administration import forms, imports, staff
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import RecordIdField, attempt, query, submitted
from thinkfamily.core.presenters import page_links
from thinkfamily.core.views import render_page
from thinkfamily.organisations.models import Organisation, Practitioner, Service, Team

PAGE_SIZE = 50
_ID = RecordIdField()


def administrator_only(view):
    """Refuse the page to anyone but a local administrator (NotPermitted: a 403, audited)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        permissions.require(request.user, "organisations.administer_area")
        return view(request, *args, **kwargs)

    return wrapped


def _get(model, pk, related=()):
    try:
        query = model.objects.select_related(*related) if related else model.objects
        return query.get(pk=_ID.clean(pk))
    except (model.DoesNotExist, ValidationError) as exc:
        raise Http404("Not found") from exc


def _area_crumbs(*more):
    return [{"href": reverse("administration:area"), "text": "Administer the area"}, *more]


def _organisation_crumb(organisation):
    return {"href": reverse("administration:organisation", args=[organisation.pk]), "text": organisation.name}


def _staff_crumbs(*more):
    return _area_crumbs({"href": reverse("administration:staff"), "text": "Staff"}, *more)


def _form_page(request, form, *, title, crumbs, intro="", submit_text="Save", back=None, multipart=False):
    return render_page(
        request, "administration/form.jinja", title=title, breadcrumbs=crumbs, form=form, heading=title, intro=intro,
        submit_text=submit_text, back=back or crumbs[-1], multipart=multipart, active_nav="administration",
    )


# The area ---------------------------------------------------------------------------------


@require_http_methods(["GET"])
@administrator_only
def area(request):
    return render_page(
        request, "administration/area.jinja", title="Administer the area", breadcrumbs=[],
        organisations=list(staff.organisations()),
        staff_count=Practitioner.objects.filter(is_active=True).count(),
        active_nav="administration",
    )


# Organisations ------------------------------------------------------------------------------


@require_http_methods(["GET"])
@administrator_only
def organisation(request, organisation_id):
    found = _get(Organisation, organisation_id)
    return render_page(
        request, "administration/organisation.jinja", title=found.name, breadcrumbs=_area_crumbs(),
        organisation=found, services=list(staff.services_of(found)), commissioners=list(found.commissioned_by.all()),
        active_nav="administration",
    )


@require_http_methods(["GET", "POST"])
@administrator_only
def new_organisation(request):
    form = forms.OrganisationForm(request.POST or None)
    saved = submitted(request, form, lambda data: staff.add_organisation(Auditor.from_request(request), **data))
    if saved:
        messages.success(request, f"{saved.value.name} has been added. Add its services and teams.")
        return redirect("administration:organisation", saved.value.pk)
    return _form_page(request, form, title="Add an organisation", crumbs=_area_crumbs(),
                      submit_text="Add organisation")


@require_http_methods(["GET", "POST"])
@administrator_only
def edit_organisation(request, organisation_id):
    found = _get(Organisation, organisation_id)
    initial = {name: getattr(found, name) for name in staff.ORGANISATION_FIELDS}
    initial["commissioned_by"] = list(found.commissioned_by.all())
    form = forms.OrganisationForm(request.POST or None, initial=initial, exclude=found)
    saved = submitted(request, form,
                      lambda data: staff.update_organisation(Auditor.from_request(request), found, **data))
    if saved:
        messages.success(request, f"{found.name}'s details have been saved."
                         if saved.value else "Nothing was changed.")
        return redirect("administration:organisation", found.pk)
    return _form_page(request, form, title=f"Change {found.name}", crumbs=_area_crumbs(_organisation_crumb(found)),
                      submit_text="Save changes")


@require_http_methods(["GET", "POST"])
@administrator_only
def new_service(request, organisation_id):
    found = _get(Organisation, organisation_id)
    form = forms.ServiceForm(request.POST or None)
    saved = submitted(request, form, lambda data: staff.add_service(Auditor.from_request(request), found, **data))
    if saved:
        messages.success(request, f"{saved.value.name} has been added to {found.name}. Add its teams.")
        return redirect("administration:organisation", found.pk)
    return _form_page(request, form, title=f"Add a service to {found.name}",
                      crumbs=_area_crumbs(_organisation_crumb(found)), submit_text="Add service")


@require_http_methods(["GET", "POST"])
@administrator_only
def edit_service(request, service_id):
    service = _get(Service, service_id, ["organisation"])
    form = forms.ServiceForm(request.POST or None, initial={n: getattr(service, n) for n in staff.SERVICE_FIELDS})
    saved = submitted(request, form, lambda data: staff.update_service(Auditor.from_request(request), service, **data))
    if saved:
        messages.success(request, f"{service.name} has been saved." if saved.value else "Nothing was changed.")
        return redirect("administration:organisation", service.organisation_id)
    return _form_page(request, form, title=f"Change the service {service.name}",
                      crumbs=_area_crumbs(_organisation_crumb(service.organisation)), submit_text="Save changes")


@require_http_methods(["GET", "POST"])
@administrator_only
def new_team(request, service_id):
    service = _get(Service, service_id, ["organisation"])
    form = forms.TeamForm(request.POST or None)
    saved = submitted(request, form, lambda data: staff.add_team(Auditor.from_request(request), service, **data))
    if saved:
        messages.success(request, f"{saved.value.name} has been added to {service.name}.")
        return redirect("administration:organisation", service.organisation_id)
    return _form_page(request, form, title=f"Add a team to {service.name}",
                      crumbs=_area_crumbs(_organisation_crumb(service.organisation)), submit_text="Add team")


@require_http_methods(["GET", "POST"])
@administrator_only
def edit_team(request, team_id):
    team = _get(Team, team_id, ["service__organisation"])
    form = forms.TeamForm(request.POST or None, initial={n: getattr(team, n) for n in staff.TEAM_FIELDS})
    saved = submitted(request, form, lambda data: staff.update_team(Auditor.from_request(request), team, **data))
    if saved:
        messages.success(request, f"{team.name} has been saved." if saved.value else "Nothing was changed.")
        return redirect("administration:team", team.pk)
    return _form_page(request, form, title=f"Change the team {team.name}",
                      crumbs=_area_crumbs(_organisation_crumb(team.service.organisation)), submit_text="Save changes")


@require_http_methods(["GET"])
@administrator_only
def team(request, team_id):
    found = _get(Team, team_id, ["service__organisation"])
    return render_page(
        request, "administration/team.jinja", title=found.name,
        breadcrumbs=_area_crumbs(_organisation_crumb(found.service.organisation)),
        team=found, members=list(staff.team_members(found)), active_nav="administration",
    )


# Staff ----------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@administrator_only
def staff_list(request):
    params = query(request, forms.StaffSearchForm)
    page = Paginator(staff.staff(params["q"] or ""), PAGE_SIZE).get_page(params["page"] or 1)
    return render_page(
        request, "administration/staff.jinja", title="Staff", breadcrumbs=_area_crumbs(),
        search=forms.StaffSearchForm(request.GET or None), q=params["q"] or "", page=page,
        pagination=page_links(request, page), active_nav="administration",
    )


def _practitioner(practitioner_id) -> Practitioner:
    return _get(Practitioner, practitioner_id, ["team__service__organisation"])


def _places_read(request, practitioner):
    """The open caseload places of a practitioner, each read audited (the page names the person)."""
    places = list(staff.open_caseload_places(practitioner))
    auditor = Auditor.from_request(request, basis="Local administrator: caseload places to reassign")
    for place in places:
        auditor.read(place)
    return places


def _one_time_page(request, practitioner, password, *, heading):
    return render_page(
        request, "administration/one_time_password.jinja", title=heading,
        breadcrumbs=_staff_crumbs({"href": reverse("administration:practitioner", args=[practitioner.pk]),
                                   "text": practitioner.display_name}),
        practitioner=practitioner, password=password, heading=heading, active_nav="administration",
    )


@require_http_methods(["GET", "POST"])
@administrator_only
def new_practitioner(request):
    form = forms.PractitionerForm(request.POST or None, initial={"password_choice": "one_time"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        choice = data.pop("password_choice")
        password = data.pop("password")
        password = password if choice == "set" else None
        saved = attempt(form, lambda: staff.add_practitioner(
            Auditor.from_request(request), password=password, one_time=choice == "one_time", **data
        ))
        if saved:
            practitioner, one_time = saved.value
            if one_time:
                return _one_time_page(request, practitioner, one_time,
                                      heading=f"{practitioner.display_name} has been added")
            messages.success(request, f"{practitioner.display_name} has been added. Give them their password yourself.")
            return redirect("administration:practitioner", practitioner.pk)
    return _form_page(request, form, title="Add a member of staff", crumbs=_staff_crumbs(), submit_text="Add them")


@require_http_methods(["GET"])
@administrator_only
def practitioner(request, practitioner_id):
    found = _practitioner(practitioner_id)
    places = _places_read(request, found) if not found.is_active else []
    return render_page(
        request, "administration/practitioner.jinja", title=found.display_name, breadcrumbs=_staff_crumbs(),
        practitioner=found, places=places, open_places=staff.open_caseload_places(found).count(),
        is_self=found.pk == request.user.pk, active_nav="administration",
    )


@require_http_methods(["GET", "POST"])
@administrator_only
def change_placement(request, practitioner_id):
    found = _practitioner(practitioner_id)
    if not found.is_active:
        return redirect("administration:practitioner", found.pk)
    initial = {name: getattr(found, name) for name in staff.PLACEMENT_FIELDS}
    form = forms.PlacementForm(request.POST or None, initial=initial)
    saved = submitted(request, form, lambda data: staff.change_placement(Auditor.from_request(request), found, **data))
    if saved:
        messages.success(request, f"{found.display_name}'s team and role have been saved."
                         if saved.value else "Nothing was changed.")
        return redirect("administration:practitioner", found.pk)
    return _form_page(
        request, form, title=f"Change {found.display_name}'s team or role",
        crumbs=_staff_crumbs({"href": reverse("administration:practitioner", args=[found.pk]),
                              "text": found.display_name}),
        intro="What they may do follows from their role and team from their next page. Their caseload stays with "
        "them: their team moves it if it should not.",
        submit_text="Save changes",
    )


@require_http_methods(["GET", "POST"])
@administrator_only
def one_time_password(request, practitioner_id):
    found = _practitioner(practitioner_id)
    if not found.is_active:
        return redirect("administration:practitioner", found.pk)
    form = forms.OneTimePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]

        def reset():
            staff.require_administrator(Auditor.from_request(request))
            return access_services.reset_password(Auditor.from_request(request), found, reason=reason)

        saved = attempt(form, reset)
        if saved:
            return _one_time_page(request, found, saved.value, heading=f"A one-time password for {found.display_name}")
    return _form_page(
        request, form, title=f"Give {found.display_name} a one-time password",
        crumbs=_staff_crumbs({"href": reverse("administration:practitioner", args=[found.pk]),
                              "text": found.display_name}),
        intro="Check who is asking first: in person, or by calling them back on a number you already hold. They "
        "must choose their own password when they next sign in, and their other sessions end.",
        submit_text="Make a one-time password",
    )


@require_http_methods(["GET", "POST"])
@administrator_only
def leaver(request, practitioner_id):
    found = _practitioner(practitioner_id)
    if not found.is_active:
        return redirect("administration:practitioner", found.pk)
    form = forms.LeaverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        saved = attempt(form, lambda: staff.mark_leaver(Auditor.from_request(request), found, reason=reason))
        if saved:
            messages.success(request, f"{found.display_name}'s access has ended: they are signed out and cannot "
                             "sign in.")
            return redirect("administration:practitioner", found.pk)
    return render_page(
        request, "administration/leaver.jinja", title=f"{found.display_name} has left",
        breadcrumbs=_staff_crumbs({"href": reverse("administration:practitioner", args=[found.pk]),
                                   "text": found.display_name}),
        form=form, practitioner=found, places=_places_read(request, found), is_self=found.pk == request.user.pk,
        active_nav="administration",
    )


# Import -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@administrator_only
def import_files(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        check_only = form.cleaned_data["action"] != "import"
        result = imports.import_area(Auditor.from_request(request), form.sources(), check_only=check_only)
        if result.written:
            summary = " ".join(f"{line}." for line in result.summary())
            messages.success(request, f"The files have been imported. {summary}")
            return redirect("administration:area")
    return render_page(
        request, "administration/import.jinja", title="Import the area from CSV files", breadcrumbs=_area_crumbs(),
        form=form, result=result, formats=imports.FORMATS, active_nav="administration",
    )
