"""The registry of chronology event types. A module adds its own types here (or calls
``register``) without a migration: the event table stores the code."""

from dataclasses import dataclass


class Significance:
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    CHOICES = [(HIGH, "High"), (MEDIUM, "Medium"), (LOW, "Low")]
    ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    significance: str


EVENT_TYPES: dict[str, EventType] = {}


def register(code: str, label: str, significance: str) -> EventType:
    event_type = EventType(code, label, significance)
    EVENT_TYPES[code] = event_type
    return event_type


LEGAL_STATUS_STARTED = register("legal_status_started", "Legal status started", Significance.HIGH)
LEGAL_STATUS_ENDED = register("legal_status_ended", "Legal status ended", Significance.HIGH)
LEGAL_STATUS_CORRECTED = register("legal_status_corrected", "Legal status corrected", Significance.MEDIUM)
PLACEMENT_CHANGED = register("placement_changed", "Change of placement", Significance.MEDIUM)
FLAG_RAISED = register("flag_raised", "Safeguarding flag raised", Significance.HIGH)
FLAG_ENDED = register("flag_ended", "Safeguarding flag ended", Significance.MEDIUM)
HOUSEHOLD_MOVE = register("household_move", "Moved home", Significance.MEDIUM)
SCHOOL_MOVE = register("school_move", "Changed school", Significance.MEDIUM)
POINT_OF_CARE_LOOKUP = register("point_of_care_lookup", "Seen in unscheduled care", Significance.HIGH)
BIRTH = register("birth", "Born", Significance.HIGH)
UNBORN_RECORDED = register("unborn_recorded", "Pregnancy recorded (unborn child)", Significance.MEDIUM)
ADULT_INCIDENT = register("adult_incident", "Domestic abuse, MARAC or MAPPA involvement", Significance.HIGH)
ED_ATTENDANCE = register("ed_attendance", "Attended an emergency department", Significance.HIGH)
# Keeping the relationships true (issue 12): who is working with the person, from when.
CASELOAD_ADDED = register("caseload_added", "Added to a caseload", Significance.MEDIUM)
CASELOAD_TRANSFERRED = register("caseload_transferred", "Caseload transferred", Significance.MEDIUM)
CASELOAD_ENDED = register("caseload_ended", "Caseload ended", Significance.MEDIUM)
EPISODE_OPENED = register("episode_opened", "Taken on by a service (episode of care opened)", Significance.MEDIUM)
EPISODE_CLOSED = register("episode_closed", "Discharged by a service (episode of care closed)", Significance.MEDIUM)
GP_REGISTRATION = register("gp_registration", "Registered with a GP practice", Significance.LOW)
# Attendances in adult services and routine enquiry (issue 14: R1.6, R5.5, R7.4, R5.3).
ADULT_SERVICE_CONTACT = register(
    "adult_service_contact", "Parent or carer seen by an adult service (Think Family)", Significance.MEDIUM
)
ATTENDANCE_COMPLETED = register("attendance_completed", "Safeguarding questions answered", Significance.LOW)
LIAISON_REVIEW = register("liaison_review", "Reviewed by paediatric liaison after an adult ED", Significance.MEDIUM)
ROUTINE_ENQUIRY = register("routine_enquiry", "Routine enquiry about domestic abuse", Significance.MEDIUM)
# Transition from CAMHS to adult services (R7.3).
TRANSITION_PLAN_STARTED = register(
    "transition_plan_started", "Transition to adult services: planning started", Significance.MEDIUM
)
TRANSITION_PLAN_ENDED = register("transition_plan_ended", "Transition to adult services: outcome", Significance.MEDIUM)

# An adult around a child disengaged from an adult service (R7.2): on the child's record.
ADULT_AROUND_CHILD_DISENGAGED = register(
    "adult_around_child_disengaged", "An adult in the child's life disengaged from a service", Significance.HIGH
)
