from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope, case_notes_for
from thinkfamily.casenotes import forms, services
from thinkfamily.core.forms import apply_validation_error
from thinkfamily.core.views import render_page
from thinkfamily.people.presenters import person_header


def _crumbs(person):
    return [
        {"href": "/", "text": "Home"},
        {"href": reverse("people:record", args=[person.pk]), "text": person.full_name},
    ]


@require_http_methods(["GET", "POST"])
def write_note(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, permission="health.write_entry")
    service = request.user.team.service if request.user.team_id else None
    restricted_service = service is not None and service.is_restricted
    form = forms.CaseNoteForm(request.POST or None, restricted_service=restricted_service)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_case_note(scope.auditor_for(access), request.user, access.person, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The note has been added to the record.")
            return redirect("people:record", access.person.pk)
    return render_page(
        request,
        "people/form.jinja",
        title="Write a case note",
        breadcrumbs=_crumbs(access.person),
        form=form,
        heading="Write a case note",
        intro=(
            f"Entries by {service.name} are always restricted to your service: others see only that one exists and "
            "whom to contact. To let another service read an entry, share it with them and say why."
        )
        if restricted_service
        else "",
        submit_text="Save note",
        person=access.person,
        access=access,
        person_header=person_header(access.person),
    )


@require_http_methods(["GET", "POST"])
def share_note(request, person_id, note_id):
    scope = AccessScope(request)
    access = scope.person(person_id, permission="health.write_entry")
    note_view = next((v for v in case_notes_for(scope, access) if v.note.pk == note_id), None)
    if note_view is None or not note_view.readable:
        raise Http404("No such entry")
    form = forms.ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.share_case_note(scope.auditor_for(access), request.user, note_view.note, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The entry has been shared, with your reason recorded.")
            return redirect("people:record", access.person.pk)
    return render_page(
        request,
        "people/form.jinja",
        title="Share a restricted entry",
        breadcrumbs=_crumbs(access.person),
        form=form,
        heading=f"Share “{note_view.note.title}”",
        submit_text="Share entry",
        person=access.person,
        access=access,
        person_header=person_header(access.person),
    )
