"""A child's change of school, with its reason; the school nurse is told (people.services.schools)."""

from django.http import Http404
from django.views.decorators.http import require_http_methods

from thinkfamily.notifications import rules as notification_rules
from thinkfamily.people.forms.school import SchoolChangeForm
from thinkfamily.people.models import Person
from thinkfamily.people.services import schools
from thinkfamily.people.views.page import service_form_page


def _only_children(person):
    if person.kind != Person.Kind.CHILD:
        raise Http404("Only a child changes school")


def _school_change_told(person) -> str:
    told = [nurse.display_name for nurse in notification_rules.school_nurses(person)]
    if told:
        return f"The change of school has been recorded and sent, with its reason, to {', '.join(told)}."
    return (f"The change of school has been recorded. No school nurse has {person.full_name} on their caseload, "
            "so no one has been told: contact the school nursing team.")


@require_http_methods(["GET", "POST"])
def change_school(request, person_id):
    """A change of school, with its reason; the school nurse is told (R2.3, §5.2.19)."""
    return service_form_page(
        request, person_id, SchoolChangeForm, schools.change_school,
        done=_school_change_told, only_if=_only_children,
        title="Record a change of school",
        heading="Record a change of school",
        intro="The school nurse with the child on their caseload is told of the move and its reason.",
        submit_text="Save change of school",
    )
