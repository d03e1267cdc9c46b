"""'Who has looked at this record' as a practitioner reads it: who (their name, role and
organisation, never a sign-in name) and what they did, in words (never a model's name)."""

from django.apps import apps

from thinkfamily.core.models import AuditEvent

Action = AuditEvent.Action
RECORD = {"", "people.Person"}

# What was read or written, as a practitioner says it.
THINGS = {
    "appointments.Appointment": "an appointment",
    "appointments.AppointmentStatus": "an appointment's status",
    "appointments.FollowUp": "a follow-up of missed appointments",
    "assessments.Attendance": "an attendance",
    "assessments.RoutineEnquiry": "a routine enquiry about domestic abuse",
    "casenotes.CaseNote": "a case note",
    "casenotes.CaseNoteShare": "who a restricted case note is shared with",
    "chronology.Event": "a chronology entry",
    "flags.Flag": "a safeguarding flag",
    "flags.PointOfCareLookup": "a point-of-care lookup",
    "lac.AssessmentStep": "a step of a health assessment",
    "lac.FamilyHealthHistory": "the family health history",
    "lac.HealthAssessment": "a health assessment",
    "lac.HealthCondition": "a health condition",
    "lac.HealthPassport": "the health passport",
    "lac.HealthPlan": "a health plan",
    "lac.HealthPlanAction": "an action of a health plan",
    "lac.Immunisation": "an immunisation",
    "lac.SDQScore": "a Strengths and Difficulties Questionnaire score",
    "lac.UASCAssessment": "an unaccompanied asylum-seeking child's assessment",
    "lac.UASCTraining": "an unaccompanied asylum-seeking child's training record",
    "notifications.Notification": "a notification",
    "organisations.CaseloadMembership": "a place on a caseload",
    "organisations.EpisodeOfCare": "an episode of care",
    "pathways.TransitionPlan": "a transition plan",
    "people.GPRegistration": "the GP registration",
    "people.Household": "a household",
    "people.HouseholdMembership": "who lives where",
    "people.LegalStatusEntry": "a legal status",
    "people.ParentalResponsibility": "parental responsibility",
    "people.Relationship": "a family relationship",
    "people.SchoolEnrolment": "the school",
    "referrals.Concern": "a safeguarding concern",
    "referrals.DischargeOverride": "a discharge with a referral still open",
    "referrals.InformationRequest": "a MASH information request",
    "referrals.InformationResponse": "an answer to a MASH information request",
    "referrals.Referral": "a referral to the MASH",
    "referrals.ReferralStatus": "a referral's outcome",
    "access.BreakGlassAccess": "a break-glass access",
}

ON_THE_RECORD = {
    Action.READ: "Opened the record",
    Action.WRITE: "Changed the record",
    Action.CREATE: "Registered the person",
    Action.EXPORT: "Exported the record",
    Action.SEARCH: "Found the person in a search",
    Action.REFUSED: "Was refused the record",
    Action.BREAK_GLASS: "Opened the record by break glass",
}
ON_A_THING = {
    Action.READ: "Read",
    Action.WRITE: "Changed",
    Action.CREATE: "Recorded",
    Action.EXPORT: "Exported",
    Action.SEARCH: "Found",
    Action.REFUSED: "Was refused",
    Action.BREAK_GLASS: "Opened by break glass",
}


def thing(object_type: str) -> str:
    """The kind of record an audit event is about, with its article: "a referral to the MASH"."""
    if object_type in THINGS:
        return THINGS[object_type]
    try:
        name = apps.get_model(object_type)._meta.verbose_name
    except (LookupError, ValueError):
        return "a part of the record"
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def what(event: AuditEvent) -> str:
    """What was done, in words: "Read a MASH information request", "Opened the record"."""
    action = Action(event.action) if event.action in Action.values else None
    if event.object_type in RECORD:
        return ON_THE_RECORD.get(action, event.get_action_display())
    verb = ON_A_THING.get(action, event.get_action_display())
    return f"{verb} {thing(event.object_type)}"


def _who_parts(event: AuditEvent, role_labels: dict) -> tuple[str, str, str, str]:
    """Name, role, team and organisation as they were then; ThinkFamily itself for what it
    did on its own (deadline sweeps, the demo)."""
    if event.actor_id is None:
        return "ThinkFamily", "Done automatically", "", event.actor_organisation
    actor = event.actor
    name = actor.get_full_name() or "A practitioner with no name recorded"
    team = actor.team.name if actor.team_id else ""
    return name, role_labels.get(event.actor_role, ""), team, event.actor_organisation


def who(event: AuditEvent, role_labels: dict) -> tuple[str, str]:
    """The person's name, and their role and organisation as they were then (none left
    empty)."""
    name, role, team, organisation = _who_parts(event, role_labels)
    if event.actor_id is None:
        return name, role + (f" for {organisation}" if organisation else "")
    return name, ", ".join(part for part in [role, team, organisation] if part)


CSV_COLUMNS = ["When", "Who", "Role", "Team", "Organisation", "What", "Basis", "Audit reference"]


def history_csv_rows(events, when):
    """The history as the CSV has it, in CSV_COLUMNS order: the page's words, each part of
    who in its own column; ``when`` writes the time (ISO)."""
    from thinkfamily.organisations.models import Practitioner

    role_labels = dict(Practitioner.Role.choices)
    for event in events:
        name, role, team, organisation = _who_parts(event, role_labels)
        yield [when(event.occurred_at), name, role, team, organisation, what(event), event.basis, event.request_id]


def history_rows(events) -> list[dict]:
    from thinkfamily.organisations.models import Practitioner

    role_labels = dict(Practitioner.Role.choices)
    rows = []
    for event in events:
        name, detail = who(event, role_labels)
        rows.append({"when": event.occurred_at, "who": name, "who_detail": detail, "what": what(event),
                     "basis": event.basis})
    return rows
