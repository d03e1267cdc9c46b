"""A person's record: everything about them that the user may see, in sections, with the
actions the user may take (people.actions). It opens on what matters now (flags, what is due
or overdue from every module, who is working with the person and how to reach them), then a
contents list to every section. Each section comes ready from Python (the family picture,
presenters), so that the template only presents it."""

from django.views.decorators.http import require_http_methods

from thinkfamily.access.history import can_see_access_history
from thinkfamily.access.scoping import AccessScope, case_notes_for
from thinkfamily.appointments import presenters as appointment_presenters
from thinkfamily.assessments.presenters import pregnancy_section
from thinkfamily.caseloads import presenters as caseload_presenters
from thinkfamily.core import clock
from thinkfamily.flags.presenters import flag_section
from thinkfamily.lac.presenters.assessments import record_assessments
from thinkfamily.people.actions import correctable_entry_ids, record_actions
from thinkfamily.people.family import RelationshipRows, family_picture
from thinkfamily.people.genogram import build_genogram
from thinkfamily.people.presenters import (
    person_header,
    record_contents,
    record_corrections,
    record_flags,
    record_notes,
    record_referrals,
    what_matters_now,
)
from thinkfamily.people.views.page import person_page
from thinkfamily.referrals import presenters as referral_presenters
from thinkfamily.referrals import queries as referral_queries
from thinkfamily.referrals.information_requests.queries import open_requests_about


@require_http_methods(["GET"])
def record(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    person, user = access.person, request.user
    relationships = RelationshipRows()  # read once for the family picture and the genogram
    picture = family_picture(person, relationships)
    history = can_see_access_history(user, access)
    visible_ids = scope.visible_ids(picture.everyone())
    # A pregnant woman's record shows her unborn babies' referrals, as far as the viewer may
    # open the baby's own record (issue 15).
    unborn = [r.person for r in picture.children if r.person.is_unborn and r.person.pk in visible_ids]
    sections = {
        "flags": record_flags(flag_section(person, user, access)),
        "referrals": record_referrals(user, person, unborn),
        "concerns": referral_presenters.concern_rows(referral_queries.undecided_on_record(user, person)),
        "health_assessments": record_assessments(access, picture.legal_status_history),
        # Caseloads, episodes of care and GP registration (issue 12).
        "care": caseload_presenters.record_section(user, person),
        # The pregnancy and its routine enquiries about domestic abuse (issue 14, R5.3).
        "pregnancy": pregnancy_section(user, access),
        # Appointments, missed ones and planned contacts overdue (issue 14, R7.1).
        "appointments": appointment_presenters.record_section(user, access),
    }
    revisions = list(person.revisions.select_related("changed_by")[:20])
    return person_page(
        request,
        "people/record.jinja",
        access,
        title=person.full_name,
        actions=record_actions(
            user, access, legal_statuses=picture.legal_statuses, access_history=history,
            extra=caseload_presenters.record_actions(user, person, access),
            caseload_places=[row["place"] for row in sections["care"]["current_places"]],
        ),
        # The header from the rows read above: legal statuses and the banner's flags (current,
        # oldest first), as people.presenters.person_header would read them again.
        header=person_header(person, user, statuses=picture.legal_statuses,
                             flags=[row.flag for row in reversed(sections["flags"].current)]),
        now=what_matters_now(person, now=clock.now(), information_requests=open_requests_about(user, person),
                             **sections),
        contents=record_contents(revisions=revisions, **{
            name: sections[name] for name in ["health_assessments", "pregnancy", "appointments", "referrals"]
        }),
        correctable_entry_ids=correctable_entry_ids(user, access, picture.legal_status_history),
        family=picture,
        genogram=build_genogram(person, relationships),
        revisions=record_corrections(revisions),
        visible_ids=visible_ids,
        case_notes=record_notes(user, case_notes_for(scope, access)),
        **sections,
    )
