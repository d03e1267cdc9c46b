"""Pages that record a legal status change, a looked-after child's change of placement, and a
correction of a legal status entry (legal_status.services). They sit under the person's URL
(people.urls), as pages about the person."""

from django.http import Http404
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.legal_status import services
from thinkfamily.legal_status.forms import CorrectLegalStatusForm, LegalStatusForm, PlacementChangeForm
from thinkfamily.people.views.page import form_page, service_form_page

CORRECTABLE_FIELDS = ["status", "change", "effective_date", "cp_category", "placement_type", "placed_out_of_area",
                      "notes"]


@require_http_methods(["GET", "POST"])
def record_legal_status(request, person_id):
    return service_form_page(
        request, person_id, LegalStatusForm, services.record_legal_status,
        permission="people.record_legal_status",
        done=lambda person: "The legal status change has been recorded.",
        title="Record a legal status change",
        heading="Record a legal status change",
        submit_text="Save legal status",
    )


@require_http_methods(["GET", "POST"])
def record_placement_change(request, person_id):
    """A looked-after child's move to a new placement: the period of care goes on."""
    return service_form_page(
        request, person_id, PlacementChangeForm, services.record_placement_change,
        permission="people.record_legal_status",
        done=lambda person: f"The new placement has been recorded. {person.full_name} is still looked after.",
        title="Record a change of placement",
        heading=lambda person: f"Record a change of placement for {person.full_name}",
        intro="The child stays looked after: the flag, the health assessments and the time in care carry on. The "
        "child's practitioners and the children in care nurses are told of the new placement.",
        submit_text="Save new placement",
    )


@require_http_methods(["GET", "POST"])
def correct_legal_status(request, person_id, entry_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    entry = scope.legal_status_entry(access, entry_id)
    permissions.require(request.user, "people.correct_legal_status", entry, record=access.person)
    if scope.is_superseded(entry):
        raise Http404("This entry has already been corrected")
    initial = {name: getattr(entry, name) for name in CORRECTABLE_FIELDS} | {
        "responsible_authority": entry.responsible_authority_id, "placing_authority": entry.placing_authority_id
    }

    def save(data):
        reason = data.pop("correction_reason")
        return services.correct_legal_status(scope.auditor_for(access), entry, reason=reason, **data)

    return form_page(
        request, access, CorrectLegalStatusForm(request.POST or None, initial=initial), save,
        done="The entry has been corrected. The original stays visible in the history.",
        title="Correct a legal status entry",
        heading=f"Correct: {entry.label}, {entry.get_change_display().lower()}",
        submit_text="Save correction",
    )
