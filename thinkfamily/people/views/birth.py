"""An unborn baby recorded against the pregnant woman, and the birth: the same record becomes
the baby's (people.services.births), and the statuses recorded before birth carry on
(legal_status.services.record_birth)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.people.forms.birth import BirthForm, UnbornForm
from thinkfamily.people.services import births
from thinkfamily.people.views.page import form_page


@require_http_methods(["GET", "POST"])
def record_unborn(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    mother = access.person

    def save(data):
        father = None
        if data["father_nhs_number"]:
            father = scope.people().filter(nhs_number=data["father_nhs_number"]).first()
            if father is None:
                raise ValidationError({"father_nhs_number": "No record has this NHS number. Leave it blank and add "
                                                            "the father later."})
        return births.record_unborn(
            scope.auditor_for(access), mother, on_caseload_of=scope.user,
            expected_delivery_date=data["expected_delivery_date"], family_name=data["family_name"], father=father,
        )

    return form_page(
        request, access, UnbornForm(request.POST or None), save,
        done="The unborn baby has been recorded.",
        then=lambda unborn: unborn,
        title="Record an unborn baby",
        heading=f"Record an unborn baby of {mother.full_name}",
        submit_text="Save unborn baby",
    )


@require_http_methods(["GET", "POST"])
def record_birth(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    unborn = access.person
    if not unborn.is_unborn:
        raise Http404("This person is not an unborn child")

    def save(data):
        version = data.pop("version")
        return legal_status_services.record_birth(scope.auditor_for(access), unborn, expected_version=version,
                                                  **data)

    return form_page(
        request, access,
        BirthForm(request.POST or None, initial={"version": unborn.version, "family_name": unborn.family_name}), save,
        done=lambda child: f"The birth has been recorded. {child.full_name}'s record keeps everything recorded "
        "before birth.",
        then=lambda child: child,
        title="Record the birth",
        heading="Record the birth",
        submit_text="Save birth",
    )
