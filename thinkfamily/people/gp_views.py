"""Recording a GP registration on a page (issue 12). The record keeps every registration;
people.services.register_with_gp ends the current one the day the new one starts."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core.forms import attempt, tell
from thinkfamily.core.views import render_page
from thinkfamily.people import forms, services
from thinkfamily.people.presenters import person_header


@require_http_methods(["GET", "POST"])
def register_with_gp(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    person = access.person
    if person.is_unborn:
        raise Http404("An unborn baby is not registered with a GP")
    permissions.require(request.user, "people.change_record", person)
    form = forms.GPRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: services.register_with_gp(
            scope.auditor_for(access), person, practice=data["practice"], start_date=data["start_date"]
        ))
        if saved:
            tell(request, saved, f"{person.full_name}'s registration with {data['practice'].name} has been recorded.")
            return redirect("people:record", person.pk)
    return render_page(
        request,
        "people/form.jinja",
        title=f"Record a GP registration – {person.full_name}",
        breadcrumbs=[{"href": "/", "text": "Find a person"},
                     {"href": reverse("people:record", args=[person.pk]), "text": person.full_name}],
        form=form,
        person=person,
        access=access,
        person_header=person_header(person),
        heading=f"Record {person.full_name}'s GP registration",
        intro="The current registration, if any, ends the day this one starts; the history is kept on the record. "
        "The practice's staff can open the record from that day.",
        submit_text="Save GP registration",
    )
