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
from thinkfamily.core.models import is_current
from thinkfamily.flags.presenters import flag_section
from thinkfamily.lac.presenters.assessments import record_assessments
from thinkfamily.people.actions import correctable_entry_ids, record_actions
from thinkfamily.people.family import RelationshipRows, family_picture
from thinkfamily.people.genogram import build_genogram
from thinkfamily.people.models import Relationship
from thinkfamily.people.presenters import (
    person_header,
    record_contents,
    record_corrections,
    record_flags,
    record_notes,
    record_referrals,
    record_section_rows,
    what_matters_now,
)
from thinkfamily.people.views.page import person_page
from thinkfamily.referrals import presenters as referral_presenters
from thinkfamily.referrals import queries as referral_queries
from thinkfamily.referrals.information_requests.queries import open_requests_about


@require_http_methods(["GET"])
def record(request, person_id):
    scope = AccessScope(request)
    # Which sections have any row, asked with the access check's own query: those with none
    # are not read (people.presenters.record_section_rows).
    access = scope.person(person_id, facts=record_section_rows())
    person, user, has = access.person, request.user, access.facts
    relationships = RelationshipRows()  # read once for the family picture and the genogram
    picture = family_picture(person, relationships, has_rows=has)
    history = can_see_access_history(user, access)
    visible_ids = scope.visible_ids(picture.everyone())
    # A pregnant woman's record shows her unborn babies' referrals, as far as the viewer may
    # open the baby's own record (issue 15).
    unborn = [r.person for r in picture.children if r.person.is_unborn and r.person.pk in visible_ids]
    # Her babies (and an unborn baby's mother) from the rows read above: the flags of her unborn
    # babies and her pregnancies need no query of their own.
    mother_rows = relationships.of_type(person.pk, Relationship.Type.MOTHER)
    her_unborn = [r.person for r in mother_rows if r.relative_id == person.pk and r.person.is_unborn]
    sections = {
        "flags": record_flags(flag_section(person, user, access, unborn=her_unborn, has_own=has["flags"])),
        "referrals": record_referrals(user, person, unborn, has_own=has["referrals"]),
        "concerns": referral_presenters.concern_rows(
            referral_queries.undecided_on_record(user, person) if has["concerns"] else []
        ),
        "health_assessments": record_assessments(access, picture.legal_status_history,
                                                 has_rows=has["health_assessments"]),
        # Caseloads, episodes of care and GP registration (issue 12).
        "care": caseload_presenters.record_section(user, person, has_places=has["caseload"],
                                                   has_episodes=has["episodes"]),
        # The pregnancy and its routine enquiries about domestic abuse (issue 14, R5.3).
        "pregnancy": pregnancy_section(user, access, mother_rows=mother_rows),
        # Appointments, missed ones and planned contacts overdue (issue 14, R7.1).
        "appointments": appointment_presenters.record_section(
            user, access, has_appointments=has["appointments"], has_follow_ups=has["follow_ups"]
        ),
    }
    revisions = list(person.revisions.select_related("changed_by")[:20]) if has["revisions"] else []
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
        now=what_matters_now(
            person, now=clock.now(), **sections,
            information_requests=open_requests_about(user, person) if has["information_requests"] else [],
        ),
        contents=record_contents(revisions=revisions, **{
            name: sections[name] for name in ["health_assessments", "pregnancy", "appointments", "referrals"]
        }),
        correctable_entry_ids=correctable_entry_ids(user, access, picture.legal_status_history),
        family=picture,
        genogram=build_genogram(
            person, relationships, homes=picture.homes,
            parental_responsibility=[row for row in picture.parental_responsibility if is_current(row, clock.today())],
        ),
        revisions=record_corrections(revisions),
        visible_ids=visible_ids,
        case_notes=record_notes(user, case_notes_for(scope, access) if has["case_notes"] else []),
        **sections,
    )
