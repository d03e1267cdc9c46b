"""Pages for case notes in a person's record: writing one, and sharing a restricted one with
another service for a reason. The person is reached through AccessScope; every change
through casenotes.services."""

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


def _note_form(request, scope, access, form, save, *, done, title, **context):
    """The record's form page for a note: a valid form is saved by ``save(auditor)``, a refusal
    goes onto the form, and once saved the record says ``done``."""
    if request.method == "POST" and form.is_valid():
        try:
            save(scope.auditor_for(access))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("people:record", access.person.pk)
    person = access.person
    return render_page(
        request,
        "people/form.jinja",
        title=title,
        breadcrumbs=[
            {"href": "/", "text": "Home"},
            {"href": reverse("people:record", args=[person.pk]), "text": person.full_name},
        ],
        form=form,
        person=person,
        access=access,
        person_header=person_header(person, request.user),
        **context,
    )


@require_http_methods(["GET", "POST"])
def write_note(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, permission="health.write_entry")
    service = request.user.team.service if request.user.team_id else None
    restricted_service = service is not None and service.is_restricted
    about_a_child = access.person.kind != "adult"
    form = forms.CaseNoteForm(request.POST or None, restricted_service=restricted_service, about_a_child=about_a_child)
    return _note_form(
        request,
        scope,
        access,
        form,
        lambda auditor: services.write_case_note(auditor, request.user, access.person, **form.cleaned_data),
        done="The note has been added to the record.",
        title="Write a case note",
        heading="Write a case note",
        intro=(
            f"Entries by {service.name} are always restricted to your service: others see only that one exists and "
            "whom to contact. To let another service read an entry, share it with them and say why."
        )
        if restricted_service
        else "",
        submit_text="Save note",
    )


@require_http_methods(["GET", "POST"])
def share_note(request, person_id, note_id):
    scope = AccessScope(request)
    access = scope.person(person_id, permission="health.write_entry")
    note_view = next((v for v in case_notes_for(scope, access) if v.note.pk == note_id), None)
    if note_view is None or not note_view.readable:
        raise Http404("No such entry")
    form = forms.ShareForm(request.POST or None)
    return _note_form(
        request,
        scope,
        access,
        form,
        lambda auditor: services.share_case_note(auditor, request.user, note_view.note, **form.cleaned_data),
        done="The entry has been shared, with your reason recorded.",
        title="Share a restricted entry",
        heading=f"Share “{note_view.note.title}”",
        submit_text="Share entry",
    )
