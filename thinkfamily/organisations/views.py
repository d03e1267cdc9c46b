"""The contacts directory (R2.5). Views parse input and call organisations.queries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import apply_validation_error
from thinkfamily.core.models import ConcurrentEditError
from thinkfamily.core.presenters import format_date, page_links
from thinkfamily.core.views import render_page
from thinkfamily.organisations import forms, queries, services

HOME = {"href": "/", "text": "Home"}
CONCURRENT = (
    "Someone else changed this entry after you opened it. Nothing was saved: check the entry as it is now, "
    "then try again."
)


def _crumbs():
    return [HOME, {"href": reverse("contacts:directory"), "text": "Contacts"}]


def _found(contact) -> str:
    return f"{reverse('contacts:directory')}?{urlencode({'q': contact.name})}"


def _verified_text(contact, now) -> dict:
    if contact.last_verified_at is None:
        return {"text": "Never verified", "stale": True}
    who = f" by {contact.last_verified_by.display_name}" if contact.last_verified_by else ""
    return {"text": f"{format_date(contact.last_verified_at)}{who}", "stale": contact.is_stale(now)}


@require_http_methods(["GET"])
def directory_page(request):
    organisations = list(queries.organisations_listed())
    form = forms.DirectorySearchForm(request.GET or None, organisations=organisations, roles=queries.roles_listed())
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "search": data["q"],
            "organisation": form.chosen_organisation(),
            "role": data["role"],
            "stale_only": data["stale"],
        }
    page = Paginator(queries.entries(**filters), queries.PAGE_SIZE).get_page(request.GET.get("page"))
    now = clock.now()
    rows = [
        {"contact": c, "verified": _verified_text(c, now), "may_change": queries.may_change(request.user, c)}
        for c in page.object_list
    ]
    return render_page(
        request,
        "organisations/directory.jinja",
        title="Contacts",
        breadcrumbs=[HOME],
        form=form,
        page=page,
        rows=rows,
        stale_total=queries.stale_count(now),
        stale_after_months=round(queries.stale_after_days() / 30.5),
        pagination=page_links(request, page),
        filtered=any(filters.values()),
        active_nav="contacts",
    )


@require_http_methods(["GET", "POST"])
def new_entry(request):
    form = forms.ContactEntryForm(request.POST or None, initial={"organisation": request.user.organisation})
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.add_entry(Auditor.from_request(request), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{contact.name} has been added to the directory, verified by you today.")
            return redirect(_found(contact))
    return render_page(
        request,
        "organisations/form.jinja",
        title="Add a contact",
        breadcrumbs=_crumbs(),
        form=form,
        heading="Add a contact",
        intro="Add a named professional or a team that others may need to reach. Adding it records you as "
        "having checked these details today.",
        submit_text="Save contact",
        active_nav="contacts",
    )


def _refused(request, contact):
    """Correcting or verifying an entry that is not the user's to keep: nothing is written,
    and the page says who keeps it."""
    return render_page(
        request,
        "organisations/refused.jinja",
        title=f"You cannot correct or verify this contact – {contact.name}",
        breadcrumbs=_crumbs(),
        status=403,
        contact=contact,
        verified=_verified_text(contact, clock.now()),
        problem=queries.keepers_text(contact),
        active_nav="contacts",
    )


@require_http_methods(["GET", "POST"])
def edit_entry(request, entry_id):
    contact = queries.entry(entry_id)
    if not queries.may_change(request.user, contact):
        return _refused(request, contact)
    initial = {name: getattr(contact, name) for name in queries.EDITABLE_FIELDS} | {"version": contact.version}
    initial["organisation"] = contact.organisation_id
    form = forms.EditContactEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_entry(Auditor.from_request(request), contact, expected_version=version, **data)
        except ConcurrentEditError:
            form.add_error(None, CONCURRENT)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                f"{contact.name}'s entry has been corrected. It now needs checking: mark it as verified once the new "
                "details have been checked.",
            )
            return redirect(_found(contact))
    return render_page(
        request,
        "organisations/form.jinja",
        title=f"Correct a contact – {contact.name}",
        breadcrumbs=_crumbs(),
        form=form,
        heading=f"Correct: {contact.name}",
        intro="Saving a correction clears the entry's verification: mark it as verified from the directory once "
        "the new details have been checked.",
        submit_text="Save changes",
        active_nav="contacts",
    )


@require_http_methods(["POST"])
def verify_entry(request, entry_id):
    """Mark as verified (a POST from the directory row). If the entry changed after the
    directory was loaded, nothing is recorded and the entry is shown as it is now, to be
    checked again."""
    contact = queries.entry(entry_id)
    if not queries.may_change(request.user, contact):
        return _refused(request, contact)
    form = forms.VerifyForm(request.POST)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = reverse("contacts:directory")
    if form.is_valid():
        try:
            services.verify_entry(
                Auditor.from_request(request), contact, expected_version=form.cleaned_data["version"]
            )
        except ConcurrentEditError:
            contact = queries.entry(entry_id)
        else:
            messages.success(request, f"{contact.name} is marked as verified by you today.")
            return redirect(back)
    return render_page(
        request,
        "organisations/verify_conflict.jinja",
        title=f"Check this contact again – {contact.name}",
        breadcrumbs=_crumbs(),
        status=409,
        contact=contact,
        verified=_verified_text(contact, clock.now()),
        may_change=queries.may_change(request.user, contact),
        problem=CONCURRENT,
        back=back,
        active_nav="contacts",
    )
