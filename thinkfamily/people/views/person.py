"""A person recorded, and their details corrected (people.services.persons)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core.forms import attempt
from thinkfamily.core.views import render_page
from thinkfamily.people.forms.person import CorrectPersonForm, PersonForm
from thinkfamily.people.services import persons
from thinkfamily.people.views.page import HOME, form_page


@require_http_methods(["GET", "POST"])
def new_person(request):
    permissions.require(request.user, "people.record_person")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope = AccessScope(request)
        saved = attempt(form, lambda: persons.register_person(scope.auditor, on_caseload_of=scope.user,
                                                              **form.cleaned_data))
        if saved:
            messages.success(request, f"{saved.value.full_name} has been recorded.")
            return redirect("people:record", saved.value.pk)
    return render_page(
        request,
        "people/form.jinja",
        title="Record a person",
        breadcrumbs=[HOME],
        form=form,
        heading="Record a person",
        submit_text="Save person",
        active_nav="find",  # offered on the find page
    )


@require_http_methods(["GET", "POST"])
def correct_person(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    person = access.person
    initial = {name: getattr(person, name) for name in persons.PERSON_FIELDS} | {"version": person.version}

    def save(data):
        version, reason = data.pop("version"), data.pop("reason")
        return persons.correct_person(scope.auditor_for(access), person, expected_version=version, reason=reason,
                                      **data)

    return form_page(
        request, access, CorrectPersonForm(request.POST or None, initial=initial, person=person), save,
        done=f"{person.full_name}'s details have been corrected.",
        conflict_message="Someone else changed these details while you were editing. Nothing was saved: "
        "check their changes below, then make yours again.",
        show_changes=True,
        title="Correct details",
        heading="Correct details",
        submit_text="Save corrections",
    )
