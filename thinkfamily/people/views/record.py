"""A person's record: everything about them that the user may see, in sections, with the
actions the user may take (people.actions)."""

from django.views.decorators.http import require_http_methods

from thinkfamily.access.history import can_see_access_history
from thinkfamily.access.scoping import AccessScope, case_notes_for
from thinkfamily.caseloads import presenters as caseload_presenters
from thinkfamily.flags.presenters import flag_section
from thinkfamily.lac.presenters.assessments import record_assessments
from thinkfamily.people.actions import correctable_entry_ids, record_actions
from thinkfamily.people.family import family_picture
from thinkfamily.people.genogram import build_genogram
from thinkfamily.people.models import Person
from thinkfamily.people.views.page import person_page


@require_http_methods(["GET"])
def record(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    picture = family_picture(access.person)
    history = can_see_access_history(request.user, access)
    return person_page(
        request,
        "people/record.jinja",
        access,
        title=access.person.full_name,
        actions=record_actions(
            request.user, access, legal_statuses=picture.legal_statuses, access_history=history,
            extra=caseload_presenters.record_actions(request.user, access.person, access),
        ),
        correctable_entry_ids=correctable_entry_ids(request.user, access, picture.legal_status_history),
        flags=flag_section(access.person, request.user, access),
        family=picture,
        genogram=build_genogram(access.person),
        revisions=access.person.revisions.select_related("changed_by")[:20],
        visible_ids=scope.visible_ids(picture.everyone()),
        case_notes=case_notes_for(scope, access),
        health_assessments=record_assessments(access) if access.person.kind == Person.Kind.CHILD else [],
        # Caseloads, episodes of care and GP registration (issue 12).
        care=caseload_presenters.record_section(request.user, access.person),
    )
