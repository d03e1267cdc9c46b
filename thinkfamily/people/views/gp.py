"""Recording a GP registration on a page (issue 12). The record keeps every registration;
people.services.gp.register_with_gp ends the current one the day the new one starts."""

from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.people.forms.gp import GPRegistrationForm
from thinkfamily.people.services import gp
from thinkfamily.people.views.page import form_page


@require_http_methods(["GET", "POST"])
def register_with_gp(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    person = access.person
    if person.is_unborn:
        raise Http404("An unborn baby is not registered with a GP")
    permissions.require(request.user, "people.change_record", person)
    return form_page(
        request, access, GPRegistrationForm(request.POST or None),
        lambda data: gp.register_with_gp(scope.auditor_for(access), person, practice=data["practice"],
                                         start_date=data["start_date"]),
        done=lambda registration: f"{person.full_name}'s registration with {registration.practice.name} has been "
        "recorded.",
        title="Record a GP registration",
        breadcrumbs=[{"href": "/", "text": "Find a person"},
                     {"href": reverse("people:record", args=[person.pk]), "text": person.full_name}],
        heading=f"Record {person.full_name}'s GP registration",
        intro="The current registration, if any, ends the day this one starts; the history is kept on the record. "
        "The practice's staff can open the record from that day.",
        submit_text="Save GP registration",
    )
