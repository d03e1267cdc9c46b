"""Who may do what, said once (issue 12; R10.1).

Every permission is a django-rules predicate registered here under an ``<app>.<action>``
name, as NHS England's manage-breast-screening registers its own in ``auth/rules.py``.
Pages, the menu (home.navigation), the record's list of actions, services and the API ask
``may(user, name, obj)``; a service that writes calls ``require(user, name, obj)``, which
raises ``NotPermitted``: a PermissionDenied with a message a practitioner can act on, that
carries the record asked for, so the 403 handler audits it as it audits every refusal
(access.refusals). Nothing else lists roles: role groups live on ``Practitioner.Role``.

Reading is not writing. The basis on which a user may open a record (access.rules) says
whether they may also change it: a caseload, an open episode of care, registration at their
practice, their council's involvement, the children-in-care team's area, a lead's population
give both; a point-of-care lookup or an ED attendance (for its 72 hours) and break glass give
reading only. Raising a concern is not changing the record: anyone who may read a child's
record may refer the child to the MASH, whatever the basis.

Statuses belong to the authority that owns them: legal statuses are recorded and corrected
only by the responsible council's children's social care; flags that do not follow from a
legal status are raised by a safeguarding lead or the agency that owns them (MARAC by the
MARAC coordinator); health entries are written by health roles."""

import rules as django_rules
from django.core.exceptions import PermissionDenied

from thinkfamily.access import rules as access_rules
from thinkfamily.organisations.models import Organisation, Practitioner, Service

Role = Practitioner.Role

# The bases of access (access.rules.Rule.code) that let the user change the record.
WRITING_BASES = frozenset(
    {"caseload", "episode", "gp_registration", "social_care", "children_in_care", "safeguarding_lead", "designated"}
)
# The others, "lookup" (a point-of-care lookup or ED attendance), "follow_up" (an open
# follow-up assigned to the user) and "break_glass", read only.


class NotPermitted(PermissionDenied):
    """A write or a page this user may not use. ``record`` is what they asked to change (the
    refusal audit names it)."""

    def __init__(self, message: str, record=None):
        self.record = record
        super().__init__(message)


def may(user, name: str, obj=None) -> bool:
    return django_rules.has_perm(name, user, obj)


def require(user, name: str, obj=None, *, record=None) -> None:
    """Refuse, with the permission's message, unless ``user`` may do ``name`` (on ``obj``)."""
    if not may(user, name, obj):
        raise NotPermitted(MESSAGES.get(name, "You may not do this."), record=record if record is not None else obj)


def require_of(auditor, name: str, obj=None, *, record=None) -> None:
    """``require`` for a service: the auditor's actor must be permitted. A system auditor
    (no actor: the demo, an import, a migration) acts for the area and is not asked."""
    if auditor.actor is not None:
        require(auditor.actor, name, obj, record=record)


def basis_code(user, person) -> str | None:
    """The code of the first rule that lets this user open this person's record, or None.
    ``person`` may be the ``Access`` the user's scope returned for the record (a page asking
    several permissions about the record it shows): its basis is used, not asked again."""
    if hasattr(person, "rule") and hasattr(person, "person"):
        return person.rule
    rule = access_rules.basis_for(user, person)
    return rule.code if rule else None


def may_write_on(basis: str | None) -> bool:
    return basis in WRITING_BASES


# Who the user is ---------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _in_team(user) -> bool:
    return _active(user) and user.team_id is not None


def _organisation_kind(user) -> str | None:
    return user.team.service.organisation.kind if _in_team(user) else None


@django_rules.predicate
def is_childrens_social_care(user) -> bool:
    """A MASH worker, social worker or team manager working for a council."""
    return (
        _in_team(user)
        and user.role in Role.CHILDRENS_SOCIAL_CARE
        and _organisation_kind(user) == Organisation.Kind.LOCAL_AUTHORITY
    )


@django_rules.predicate
def is_mash_worker(user) -> bool:
    """A MASH social worker or MASH health practitioner in a council's MASH team
    (Practitioner.works_in_a_mash, the one definition): the MASH queue, the MASH requests and
    the dashboard all ask it."""
    return _in_team(user) and user.works_in_a_mash


@django_rules.predicate
def is_safeguarding_lead(user) -> bool:
    return _in_team(user) and user.role in Role.SAFEGUARDING_LEADS


@django_rules.predicate
def is_designated_professional(user) -> bool:
    return _in_team(user) and user.role in Role.DESIGNATED


@django_rules.predicate
def is_health_practitioner(user) -> bool:
    """A health role, or a team manager of a health service (not a council's)."""
    if not _in_team(user):
        return False
    if user.role == Role.TEAM_MANAGER:
        return _organisation_kind(user) != Organisation.Kind.LOCAL_AUTHORITY
    return user.role in Role.HEALTH


@django_rules.predicate
def is_marac_coordinator(user) -> bool:
    return _in_team(user) and user.role == Role.MARAC_COORDINATOR


@django_rules.predicate
def is_local_administrator(user) -> bool:
    return _active(user) and (user.role == Role.LOCAL_ADMINISTRATOR or user.is_superuser)


@django_rules.predicate
def works_in_emergency_department(user) -> bool:
    return _in_team(user) and user.team.service.kind == Service.Kind.EMERGENCY_DEPARTMENT


@django_rules.predicate
def records_health_assessments(user) -> bool:
    """The services that run looked-after children's health assessments (R6.1): children in
    care, the LAC medical team, health visiting."""
    return _in_team(user) and user.team.service.kind in Service.CHILDREN_IN_CARE_KINDS | {
        Service.Kind.HEALTH_VISITING
    }


@django_rules.predicate
def opens_records(user) -> bool:
    return _in_team(user) and user.role not in Role.NO_PERSON_ACCESS


# About the record --------------------------------------------------------------------------


@django_rules.predicate
def may_read_record(user, person) -> bool:
    return person is not None and basis_code(user, person) is not None


@django_rules.predicate
def may_write_record(user, person) -> bool:
    """The basis of access lets the user change this person's record (not a lookup, not
    break glass)."""
    return person is not None and may_write_on(basis_code(user, person))


def _council_of(user):
    return user.team.service.organisation_id if _in_team(user) else None


@django_rules.predicate
def responsible_council(user, entry) -> bool:
    """The user works for the council responsible for this legal status entry (an entry that
    names none, such as a care leaver's, is any council's to correct)."""
    return entry is not None and entry.responsible_authority_id in (None, _council_of(user))


@django_rules.predicate
def may_write_entry_record(user, entry) -> bool:
    return entry is not None and may_write_on(basis_code(user, entry.person))


# Each role's day: the menu and the home pages (issue 12, R10.1) ----------------------------


@django_rules.predicate
def works_in_children_in_care_health(user) -> bool:
    """A children-in-care nurse or a looked-after children's paediatrician."""
    return _in_team(user) and user.role in Role.CHILDREN_IN_CARE_HEALTH


@django_rules.predicate
def works_with_children_in_care(user) -> bool:
    """The children-in-care health team, designated nurses, named nurses, and anyone in a
    children-in-care health service."""
    return _in_team(user) and (
        user.role in Role.CHILDREN_IN_CARE_POPULATION or user.team.service.kind in Service.CHILDREN_IN_CARE_KINDS
    )


@django_rules.predicate
def manages_referrals(user) -> bool:
    """A ward manager (or matron) for the ward, a named nurse for the organisation."""
    return _in_team(user) and user.role in Role.REFERRAL_MANAGERS


@django_rules.predicate
def in_unscheduled_care(user) -> bool:
    return _in_team(user) and user.team.service.kind in Service.UNSCHEDULED_CARE_KINDS


@django_rules.predicate
def holds_a_caseload(user) -> bool:
    return opens_records(user) and user.role in Role.CASELOAD_HOLDERS


@django_rules.predicate
def of_receiving_council(user, referral) -> bool:
    """The user works for the council whose MASH the referral was sent to."""
    return referral is not None and referral.mash_id is not None and referral.mash_id == _council_of(user)


def referral_party_basis(user, referral) -> str | None:
    """Why this user may open this referral, or None: the referrer; the ward manager of the
    referring team; a safeguarding lead of the referring organisation; once sent, social care
    of the receiving council (R4.1-R4.4). The words go into the audit of the read."""
    if not _active(user):
        return None
    if referral.referrer_id == user.pk:
        return "Referrer"
    if user.team_id is None:
        return None
    if user.role == Role.WARD_MANAGER and user.team_id == referral.referrer_team_id:
        return f"Ward manager of {user.team.name}"
    organisation = user.team.service.organisation
    if user.role == Role.SAFEGUARDING_LEAD and organisation.pk == referral.referrer_service.organisation_id:
        return f"Safeguarding lead for {organisation.name}"
    if referral.sent_at is not None and may(user, "referrals.act_on_referral", referral):
        return f"Children's social care of {referral.mash.name}"
    return None


@django_rules.predicate
def decides_concern(user, concern) -> bool:
    """Who records the decision on a concern (and opens it): the practitioner who recorded
    it, the manager of their team or ward, and a safeguarding lead of their organisation."""
    if concern is None or not _in_team(user):
        return False
    if concern.recorded_by_id == user.pk:
        return True
    if user.role in {Role.TEAM_MANAGER, Role.WARD_MANAGER} and concern.team_id and user.team_id == concern.team_id:
        return True
    return user.role in Role.SAFEGUARDING_LEADS and user.team.service.organisation_id == concern.service.organisation_id


@django_rules.predicate
def manages_discharge_from(user, team) -> bool:
    """The team's ward manager (or matron), or a safeguarding lead of its organisation: who
    may discharge a child from the team's caseload before a referral's outcome is known, with
    a reason (R4.3)."""
    if team is None or not _in_team(user):
        return False
    if user.role == Role.WARD_MANAGER:
        return user.team_id == team.pk
    return user.role == Role.SAFEGUARDING_LEAD and user.team.service.organisation_id == team.service.organisation_id


@django_rules.predicate
def discharges_from(user, team) -> bool:
    """A member of the team, or its manager (``manages_discharge_from``)."""
    return team is not None and _in_team(user) and (user.team_id == team.pk or manages_discharge_from(user, team))


@django_rules.predicate
def chases_outcome(user, referral) -> bool:
    """The referring side of a sent referral with no outcome: the referrer, the staff of the
    service that made it (whose discharges it holds up), and a safeguarding lead of its
    organisation."""
    if referral is None or referral.sent_at is None or referral.outcome or not _in_team(user):
        return False
    if referral.referrer_id == user.pk or user.team.service_id == referral.referrer_service_id:
        return True
    return user.role in Role.SAFEGUARDING_LEADS and (
        user.team.service.organisation_id == referral.referrer_service.organisation_id
    )


# Keeping the relationships true: caseloads and episodes of care (issue 12) ----------------


def _team_manager_of(user, team_id) -> bool:
    return _in_team(user) and user.role == Role.TEAM_MANAGER and user.team_id == team_id


@django_rules.predicate
def holds_caseloads_in(user, team) -> bool:
    """A practitioner of a caseload-holding role in this team, or the team's manager."""
    return team is not None and _in_team(user) and user.team_id == team.pk and user.role in Role.CASELOAD_HOLDERS


@django_rules.predicate
def holds_caseload_place(user, membership) -> bool:
    """The practitioner who holds this place; for a team's place (no named practitioner), a
    caseload holder of that team; and always the team's manager."""
    if membership is None or not _in_team(user):
        return False
    if _team_manager_of(user, membership.team_id):
        return True
    if membership.practitioner_id is not None:
        return membership.practitioner_id == user.pk
    return user.team_id == membership.team_id and user.role in Role.CASELOAD_HOLDERS


@django_rules.predicate
def works_in_service(user, service) -> bool:
    """Staff of this service (any team of it) whose role opens records, in a service that takes
    people on for episodes of care (Service.EPISODE_KINDS: not a caseload-keeping service)."""
    return (
        service is not None and service.kind in service.EPISODE_KINDS and opens_records(user)
        and user.team.service_id == service.pk
    )


@django_rules.predicate
def closes_episode(user, episode) -> bool:
    """Staff of the service that opened this episode of care (not a lookup or attendance)."""
    return (
        episode is not None
        and episode.kind == episode.Kind.CARE
        and opens_records(user)
        and user.team.service_id == episode.service_id
    )


# Seeing: who has looked at a record, safeguarding-only flags; looked-after children's health --


@django_rules.predicate
def sees_access_history(user, access) -> bool:
    """The child's social worker (their council's involvement, or their caseload), a
    safeguarding lead for the person's population, a designated professional, and the
    person's own GP practice lead (R10.2). ``access``: the user's Access to the record."""
    basis = basis_code(user, access) if access is not None else None
    if is_safeguarding_lead(user) or is_designated_professional(user):
        return basis in {"safeguarding_lead", "gp_registration", "designated"}
    if is_childrens_social_care(user):
        return basis in {"social_care", "caseload"}
    return False


@django_rules.predicate
def records_looked_after_health(user) -> bool:
    """Children-in-care nurses, the looked-after children's medical team and health visitors:
    health plans, SDQ scores, passports, immunisations (R6.3-R6.6)."""
    return _in_team(user) and (
        user.role in Role.CHILDREN_IN_CARE_HEALTH | {Role.HEALTH_VISITOR}
        or user.team.service.kind in Service.CHILDREN_IN_CARE_KINDS
    )


# Attendances in adult services, ED triage, 16-17s in adult ED, routine enquiry (issue 14) ----


@django_rules.predicate
def works_in_adult_service(user) -> bool:
    """Staff of an adult service (Service.ADULT_KINDS) whose role opens records."""
    return opens_records(user) and user.team.service.kind in Service.ADULT_KINDS


@django_rules.predicate
def works_in_attendance_service(user, attendance) -> bool:
    """Staff of the service the attendance was at."""
    return attendance is not None and opens_records(user) and user.team.service_id == attendance.service_id


@django_rules.predicate
def is_paediatric_liaison(user) -> bool:
    return _in_team(user) and user.role == Role.PAEDIATRIC_LIAISON


@django_rules.predicate
def manages_an_emergency_department(user) -> bool:
    """The ward manager (or matron) of an emergency department."""
    return works_in_emergency_department(user) and user.role == Role.WARD_MANAGER


@django_rules.predicate
def of_attendance_organisation(user, attendance) -> bool:
    return attendance is not None and _in_team(user) and (
        user.team.service.organisation_id == attendance.service.organisation_id
    )


@django_rules.predicate
def is_midwife(user) -> bool:
    return _in_team(user) and user.role == Role.MIDWIFE


@django_rules.predicate
def is_health_visitor(user) -> bool:
    return _in_team(user) and user.role == Role.HEALTH_VISITOR


# Appointments and the follow-ups of missed ones (issue 14, R7.1) -------------------------


@django_rules.predicate
def works_in_appointment_service(user, appointment) -> bool:
    """Staff of the service that holds this appointment, in a role that opens records."""
    return appointment is not None and opens_records(user) and user.team.service_id == appointment.service_id


@django_rules.predicate
def may_write_appointment_record(user, appointment) -> bool:
    return appointment is not None and may_write_on(basis_code(user, appointment.person))


def _manages_team_of(user, follow_up) -> bool:
    if not _in_team(user) or user.role not in {Role.TEAM_MANAGER, Role.WARD_MANAGER}:
        return False
    teams = {follow_up.team_id}
    if follow_up.assigned_to_id is not None and follow_up.assigned_to.team_id:
        teams.add(follow_up.assigned_to.team_id)
    return user.team_id in teams


@django_rules.predicate
def answers_follow_up(user, follow_up) -> bool:
    """The practitioner it is assigned to, their team's manager (or ward manager), or a
    safeguarding lead of the organisation whose service raised it."""
    if follow_up is None or not _in_team(user):
        return False
    if follow_up.assigned_to_id == user.pk or _manages_team_of(user, follow_up):
        return True
    return user.role == Role.SAFEGUARDING_LEAD and user.team.service.organisation_id == (
        follow_up.service.organisation_id
    )


@django_rules.predicate
def manages_follow_ups(user) -> bool:
    """A team manager or ward manager (their team's), a safeguarding lead (their organisation's)."""
    return _in_team(user) and user.role in {Role.TEAM_MANAGER, Role.WARD_MANAGER, Role.SAFEGUARDING_LEAD} and (
        _organisation_kind(user) != Organisation.Kind.LOCAL_AUTHORITY
    )
# Pathways: transition from CAMHS to adult services (R7.3) and waiting times (R7.5) --------

# The services whose waiting times are measured from referral to first appointment and treatment.
WAITING_TIME_SERVICE_KINDS = frozenset({Service.Kind.CAMHS, Service.Kind.ADULT_ADHD, Service.Kind.PAEDIATRICS})


@django_rules.predicate
def works_in_camhs(user) -> bool:
    """Staff of a CAMHS service (its practitioners and team managers) whose role opens records."""
    return opens_records(user) and user.team.service.kind == Service.Kind.CAMHS


@django_rules.predicate
def works_in_adult_mental_health(user) -> bool:
    return opens_records(user) and user.team.service.kind == Service.Kind.ADULT_MENTAL_HEALTH


@django_rules.predicate
def works_in_waiting_time_service(user) -> bool:
    """Staff and managers of CAMHS, adult ADHD or paediatrics: their own service's waits."""
    return opens_records(user) and user.team.service.kind in WAITING_TIME_SERVICE_KINDS


@django_rules.predicate
def is_commissioner(user) -> bool:
    return _in_team(user) and user.role == Role.COMMISSIONER


# Child protection: strategy discussions, conferences and their minutes (issue 17, R5.1) ----


def _invited_services(conference) -> set:
    return {invitation.service_id for invitation in conference.invitations.all()}


@django_rules.predicate
def of_conference_council(user, conference) -> bool:
    """Children's social care of the council that holds the conference (or discussion)."""
    return conference is not None and is_childrens_social_care(user) and conference.council_id == _council_of(user)


@django_rules.predicate
def works_in_invited_service(user, invitation) -> bool:
    """Staff (who open records) of the service an invitation is for."""
    return invitation is not None and opens_records(user) and user.team.service_id == invitation.service_id


@django_rules.predicate
def invited_to_conference(user, conference) -> bool:
    """Staff of a service invited to the conference, or a safeguarding lead of an organisation
    one of whose services was invited."""
    if conference is None or not opens_records(user):
        return False
    services = _invited_services(conference)
    if user.team.service_id in services:
        return True
    return user.role in Role.SAFEGUARDING_LEADS and Service.objects.filter(
        pk__in=services, organisation_id=user.team.service.organisation_id).exists()


@django_rules.predicate
def lead_of_invited_organisation(user, conference) -> bool:
    return conference is not None and is_safeguarding_lead(user) and invited_to_conference(user, conference)


# The permissions --------------------------------------------------------------------------

PERMISSIONS = {
    # Legal statuses: the responsible council's children's social care (issue 12).
    "people.record_legal_status": is_childrens_social_care & may_write_record,
    "people.correct_legal_status": is_childrens_social_care & responsible_council & may_write_entry_record,
    # The person's own details, family and household, school, birth: anyone whose basis writes.
    "people.change_record": opens_records & may_write_record,
    # Health entries (case notes, assessments, plans, SDQ, passport).
    "health.write_entry": is_health_practitioner & may_write_record,
    # Looked-after children's health assessments: the children-in-care, LAC medical and
    # health visiting services; for one child, on a basis that writes.
    "lac.record_assessments": records_health_assessments,
    "lac.record_assessment_for": records_health_assessments & may_write_record,
    # A referral to the MASH: raising a concern is open to every basis of access.
    "referrals.make_referral": opens_records & may_read_record,
    # An attendance or assessment in an adult service, with the Think Family question (R1.6):
    # the ED on the record its lookup opened (to read), other adult services on a record they
    # work with. obj: the person.
    "assessments.record_attendance": (works_in_emergency_department & may_read_record)
    | (works_in_adult_service & may_write_record),
    # Answering the questions left unanswered, linking the children, completing it: the staff of
    # the service it was at (obj: the Attendance); the list of their incomplete ones.
    "assessments.complete_attendance": works_in_attendance_service,
    "assessments.see_incomplete": works_in_adult_service,
    # ED triage completeness per department (R5.5): ED ward managers and safeguarding leads.
    "assessments.see_ed_completeness": manages_an_emergency_department | is_safeguarding_lead,
    # The next-day list of children seen in an adults-only ED (R7.4): paediatric liaison nurses
    # read it; those of the ED's organisation record the review.
    "assessments.see_liaison_list": is_paediatric_liaison,
    "assessments.review_as_liaison": is_paediatric_liaison & of_attendance_organisation,
    # Routine enquiry about domestic abuse (R5.3): midwives, and health visitors after the
    # birth, on the woman's record they work with (obj: the woman).
    "assessments.record_routine_enquiry": (is_midwife | is_health_visitor) & may_write_record,
    "assessments.record_antenatal_enquiry": is_midwife,
    # The MASH's own work.
    "referrals.work_in_mash": is_mash_worker,
    # Flags raised by hand (not from a legal status): safeguarding leads and designated
    # professionals; MARAC flags also by the MARAC coordinator.
    "flags.manage_flags": is_safeguarding_lead | is_designated_professional,
    # ... on a record whose basis of access writes (not under a lookup or break glass).
    "flags.raise_flag": (is_safeguarding_lead | is_designated_professional) & may_write_record,
    # The MARAC coordinator raises and ends the MARAC flag (only that one) for the people
    # MARAC discusses, on a record her team works with (its caseload).
    "flags.raise_marac_flag": is_marac_coordinator & may_write_record,
    # Who has looked at this record (obj: the user's Access to it).
    "access.see_access_history": sees_access_history,
    # Flags whose visibility is "safeguarding": the leads, designated professionals and social care.
    "flags.see_safeguarding_flags": is_safeguarding_lead | is_designated_professional | is_childrens_social_care,
    # Looked-after children's health records (for one child, the basis must also write).
    "lac.record_health": records_looked_after_health,
    # Running the area: organisations, services, teams and staff.
    "organisations.administer_area": is_local_administrator,
    # Each role's day: the pages of the menu and the sections of the home pages (issue 12, R10.1).
    "people.find_person": opens_records,
    "people.record_person": opens_records,
    "flags.look_up": in_unscheduled_care,
    "access.review_break_glass": is_safeguarding_lead,
    "referrals.see_mash_queue": is_childrens_social_care,
    # Acknowledge, decide, record the outcome: children's social care of the council it was sent to.
    "referrals.act_on_referral": is_childrens_social_care & of_receiving_council,
    "referrals.see_ward_view": manages_referrals,
    # A concern's decision (issue 14): its recorder, their team's manager, their organisation's lead.
    "referrals.decide_concern": decides_concern,
    "referrals.see_sent": opens_records,
    # Discharge from a team's caseload (R4.3; obj: the Team): its members and its manager; before
    # a referral's outcome is known, only the manager, with a reason.
    "referrals.discharge_from_caseload": discharges_from,
    "referrals.override_discharge_guard": manages_discharge_from,
    # Chasing the MASH for a missing outcome (obj: the Referral): the referring side.
    "referrals.chase_outcome": chases_outcome,
    # A service's MASH information requests (any service may be asked), answered ones too.
    "referrals.answer_mash_requests": opens_records,
    "referrals.see_mash_dashboard": is_mash_worker | is_safeguarding_lead,
    "lac.see_worklist": works_in_children_in_care_health,
    "lac.see_population": works_with_children_in_care,
    "home.see_caseload": holds_a_caseload,
    # Keeping the relationships true (issue 12). Caseloads: a practitioner adds to
    # their own or their team's caseload (obj: the Team); the place's holder or the team's
    # manager transfers or ends it (obj: the CaseloadMembership).
    "organisations.add_to_caseload": holds_caseloads_in,
    "organisations.change_caseload_place": holds_caseload_place,
    # Episodes of care: the staff of the service open (obj: the Service) and close (obj: the
    # EpisodeOfCare) them.
    "organisations.open_episode": works_in_service,
    "organisations.close_episode": closes_episode,
    # Appointments (R7.1): a health practitioner books or plans one for a person whose record
    # their basis writes (obj: the Person); the staff of the appointment's service record its
    # outcome or reschedule it (obj: the Appointment).
    "appointments.book": is_health_practitioner & may_write_record,
    "appointments.record_outcome": works_in_appointment_service & may_write_appointment_record,
    # A follow-up of missed appointments (obj: the FollowUp).
    "appointments.record_follow_up": answers_follow_up,
    "appointments.see_follow_ups": manages_follow_ups,
    # Transition from CAMHS to adult services (R7.3): CAMHS and adult mental health staff see
    # the young people approaching 18, safeguarding leads and designated nurses all of them;
    # CAMHS staff start a plan and record how it ended, for a young person they work with.
    "pathways.see_transitions": (
        works_in_camhs | works_in_adult_mental_health | is_safeguarding_lead | is_designated_professional
    ),
    "pathways.start_transition_plan": works_in_camhs & may_write_record,
    "pathways.record_transition_outcome": works_in_camhs & may_write_record,
    # Waiting times (R7.5): the services' own staff and managers, safeguarding leads and
    # designated nurses with the people behind each figure; commissioners the figures only.
    "pathways.see_waiting_times": (
        works_in_waiting_time_service | is_safeguarding_lead | is_designated_professional | is_commissioner
    ),
    "pathways.see_who_is_waiting": (
        works_in_waiting_time_service | is_safeguarding_lead | is_designated_professional
    ),
    # Child protection (issue 17, R5.1): the council's children's social care records strategy
    # discussions about a child whose record it works with (obj: the Person), and the
    # conferences of its own council (obj: the Conference or StrategyDiscussion); an invited
    # service's staff send its report (obj: the Invitation); the council, the invited agencies
    # and their leads read the conference and its minutes; the council or an invited
    # organisation's safeguarding lead records the minutes as received.
    "protection.record_strategy_discussion": is_childrens_social_care & may_write_record,
    "protection.record_conference": of_conference_council,
    "protection.send_report": works_in_invited_service,
    "protection.see_conference": of_conference_council | invited_to_conference,
    "protection.record_minutes": of_conference_council | lead_of_invited_organisation,
    "protection.see_overdue_minutes": is_safeguarding_lead | is_designated_professional,
}

# What a refused user reads: what they cannot do, and who can.
MESSAGES = {
    "people.record_legal_status": (
        "Legal statuses are recorded by the responsible council's children's social care (the MASH or the "
        "child's social worker). Contact them if this child's status has changed."
    ),
    "people.correct_legal_status": (
        "Only the council responsible for this legal status can correct it. Contact its children's social care."
    ),
    "people.change_record": (
        "You can read this record but not change it: your access comes from a point-of-care lookup or break "
        "glass. To work with this person, add them to your caseload or open an episode of care."
    ),
    "health.write_entry": (
        "Health entries are written by health practitioners who work with this person (on a caseload or in an "
        "open episode of care)."
    ),
    "lac.record_assessments": (
        "Only the children-in-care, looked-after children's medical and health visiting services record on a "
        "health assessment."
    ),
    "lac.record_assessment_for": (
        "Only the children-in-care, looked-after children's medical and health visiting services record on a "
        "health assessment, for a child they work with (not one whose record was opened by break glass or a "
        "lookup)."
    ),
    "referrals.make_referral": "You do not have a care relationship with this person.",
    "referrals.work_in_mash": "This is for MASH workers.",
    "assessments.record_attendance": (
        "Attendances are recorded by emergency department staff, and by adult services (mental health, substance "
        "misuse, adult ADHD, maternity, general practice) for a person they work with."
    ),
    "assessments.complete_attendance": "Only the staff of the service the person attended can change this attendance.",
    "assessments.see_incomplete": "This list is for the staff of adult services.",
    "assessments.see_ed_completeness": (
        "Safeguarding triage completeness is for emergency department ward managers and safeguarding leads."
    ),
    "assessments.see_liaison_list": "The liaison review list is for paediatric liaison nurses.",
    "assessments.review_as_liaison": (
        "Only a paediatric liaison nurse of the hospital the young person attended records the liaison review."
    ),
    "assessments.record_routine_enquiry": (
        "Routine enquiry about domestic abuse is recorded by midwives, and after the birth by health visitors, "
        "for a woman they work with."
    ),
    "assessments.record_antenatal_enquiry": (
        "Health visitors record the enquiry after the birth; enquiries during pregnancy are recorded by a midwife."
    ),
    "flags.manage_flags": "Only a safeguarding lead raises, ends or adds flags by hand.",
    "flags.raise_marac_flag": (
        "Only a safeguarding lead, or the MARAC coordinator for a MARAC flag, raises or ends a flag by hand, on a "
        "record they work with."
    ),
    "flags.raise_flag": (
        "Only a safeguarding lead raises or ends flags by hand, on a record they work with (not one opened by "
        "break glass)."
    ),
    "access.see_access_history": (
        "Who has looked at a record is shown to the child's social worker, the safeguarding lead for the "
        "person's population and their GP practice's lead."
    ),
    "flags.see_safeguarding_flags": "This flag is shown to safeguarding leads and children's social care.",
    "lac.record_health": (
        "Only children-in-care nurses, the looked-after children's medical team and health visitors can record "
        "looked-after children's health."
    ),
    "organisations.administer_area": "Only a local administrator manages organisations, teams and staff.",
    "people.find_person": "Your role does not open people's records.",
    "people.record_person": "Your role does not open people's records.",
    "flags.look_up": (
        "The point-of-care lookup is for unscheduled care: emergency departments, maternity, out-of-hours and "
        "general practice, and paediatrics."
    ),
    "access.review_break_glass": "Only a safeguarding lead reviews break-glass accesses.",
    "referrals.see_mash_queue": "The MASH queue is for children's social care.",
    "referrals.act_on_referral": "Only the MASH that received this referral can act on it.",
    "referrals.see_ward_view": "The ward view is for ward managers, matrons and safeguarding leads.",
    "referrals.decide_concern": (
        "Only the practitioner who recorded this concern, their team or ward manager, or a safeguarding lead of "
        "their organisation can open it and record the decision."
    ),
    "referrals.see_sent": "Your role does not make referrals.",
    "referrals.discharge_from_caseload": "Only a member of the team or its manager can discharge from its caseload.",
    "referrals.override_discharge_guard": (
        "Only the team's ward manager or a safeguarding lead can discharge before the outcome of a referral to the "
        "MASH is known. Chase the outcome, or ask your manager."
    ),
    "referrals.chase_outcome": (
        "The outcome of a referral is chased by the practitioner who made it, their service or their "
        "safeguarding lead, while it is not known."
    ),
    "referrals.answer_mash_requests": "MASH information requests are answered by the services that know the child.",
    "referrals.see_mash_dashboard": "The MASH dashboard is for MASH workers and safeguarding leads.",
    "lac.see_worklist": (
        "The health assessment work list is for the children-in-care nurses and the looked-after children's "
        "paediatricians."
    ),
    "lac.see_population": (
        "The children in care pages are for the children-in-care health team, the looked-after children's "
        "medical team, designated nurses and safeguarding leads."
    ),
    "home.see_caseload": "Your role does not hold a caseload.",
    # Keeping the relationships true (issue 12).
    "organisations.add_to_caseload": (
        "Only practitioners who hold a caseload in this team (or its team manager) can add someone to its caseload."
    ),
    "organisations.change_caseload_place": (
        "Only the practitioner who holds this caseload place, or their team manager, can transfer or end it."
    ),
    "organisations.open_episode": "Only the staff of this service can take someone on (open an episode of care).",
    "organisations.close_episode": "Only the staff of the service that opened this episode of care can close it.",
    "appointments.book": (
        "Appointments are booked by health practitioners who work with this person (on a caseload or in an open "
        "episode of care), not on a record opened by a lookup or break glass."
    ),
    "appointments.record_outcome": (
        "Only the staff of the service that holds this appointment, working with this person, can record what "
        "happened or rebook it."
    ),
    "appointments.record_follow_up": (
        "Only the practitioner this follow-up is assigned to, their team manager or a safeguarding lead can "
        "record what was done."
    ),
    "appointments.see_follow_ups": (
        "The list of follow-ups is for team managers, ward managers and safeguarding leads."
    ),
    "pathways.see_transitions": (
        "Young people moving from CAMHS to adult services are listed for CAMHS and adult mental health staff, "
        "safeguarding leads and designated nurses."
    ),
    "pathways.start_transition_plan": (
        "Transition plans are started by CAMHS staff for a young person they work with (on their caseload or in "
        "an open episode of care)."
    ),
    "pathways.record_transition_outcome": (
        "How a transition plan ended is recorded by CAMHS staff for a young person they work with."
    ),
    "pathways.see_waiting_times": (
        "Waiting times are shown to the staff of CAMHS, adult ADHD and paediatrics, safeguarding leads, "
        "designated nurses and commissioners."
    ),
    "pathways.see_who_is_waiting": (
        "The people behind the waiting times are shown to the service's own staff, safeguarding leads and "
        "designated nurses. Commissioners see the figures."
    ),
    "protection.record_strategy_discussion": (
        "Strategy discussions and section 47 enquiries are recorded by the council's children's social care (the "
        "MASH or the child's social worker). Tell them what your service knows."
    ),
    "protection.record_conference": (
        "Child protection conferences, their decisions and core groups are recorded by the children's social care "
        "of the council that holds them."
    ),
    "protection.send_report": "Only the staff of the service invited to the conference send its report.",
    "protection.see_conference": (
        "This conference is shown to the council that holds it and to the agencies invited to it."
    ),
    "protection.record_minutes": (
        "The minutes are recorded by the council that held the conference, or by the safeguarding lead of an "
        "invited organisation when they arrive."
    ),
    "protection.see_overdue_minutes": "The list of overdue conference minutes is for safeguarding leads.",
}

for _name, _predicate in PERMISSIONS.items():
    django_rules.add_perm(_name, _predicate)
