"""A person's record: everything about them that the user may see, in sections, with the
actions the user may take (people.actions). Each section comes ready from Python (the family
picture, presenters), so that the template only presents it."""

from django.views.decorators.http import require_http_methods

from thinkfamily.access.history import can_see_access_history
from thinkfamily.access.scoping import AccessScope, case_notes_for
from thinkfamily.appointments import presenters as appointment_presenters
from thinkfamily.assessments.presenters import pregnancy_section
from thinkfamily.caseloads import presenters as caseload_presenters
from thinkfamily.flags.presenters import flag_section
from thinkfamily.lac.presenters.assessments import record_assessments
from thinkfamily.people.actions import correctable_entry_ids, record_actions
from thinkfamily.people.family import family_picture
from thinkfamily.people.genogram import build_genogram
from thinkfamily.people.presenters import record_flags, record_notes, record_referrals
from thinkfamily.people.views.page import person_page
from thinkfamily.referrals import presenters as referral_presenters
from thinkfamily.referrals import queries as referral_queries


@require_http_methods(["GET"])
def record(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    person, user = access.person, request.user
    picture = family_picture(person)
    history = can_see_access_history(user, access)
    return person_page(
        request,
        "people/record.jinja",
        access,
        title=person.full_name,
        actions=record_actions(
            user, access, legal_statuses=picture.legal_statuses, access_history=history,
            extra=caseload_presenters.record_actions(user, person, access),
        ),
        correctable_entry_ids=correctable_entry_ids(user, access, picture.legal_status_history),
        flags=record_flags(flag_section(person, user, access)),
        family=picture,
        genogram=build_genogram(person),
        revisions=list(person.revisions.select_related("changed_by")[:20]),
        visible_ids=scope.visible_ids(picture.everyone()),
        case_notes=record_notes(user, case_notes_for(scope, access)),
        referrals=record_referrals(user, person),
        concerns=referral_presenters.concern_rows(referral_queries.undecided_on_record(user, person)),
        health_assessments=record_assessments(access, picture.legal_status_history),
        # Caseloads, episodes of care and GP registration (issue 12).
        care=caseload_presenters.record_section(user, person),
        # The pregnancy and its routine enquiries about domestic abuse (issue 14, R5.3).
        pregnancy=pregnancy_section(user, access),
        # Appointments, missed ones and planned contacts overdue (issue 14, R7.1).
        appointments=appointment_presenters.record_section(user, access),
    )
