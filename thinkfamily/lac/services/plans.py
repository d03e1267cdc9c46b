"""Health plans of looked-after children (R6.3): the plan that follows an assessment, its
actions, and the check that each action is specific, measurable, owned and time-bound
(SMART) and that the plan covers dental health, immunisations, vision and hearing
(Care Planning, Placement and Case Review (England) Regulations 2010, Schedule 1 para 1(4)).

The check is a pure function (``check_action``, ``check_coverage``) whose findings are in
words a nurse can act on. Its findings are stored on the action when it is saved
(``HealthPlanAction.smart_issues``) so that weak actions can be counted; pages show the check
as it stands today (an open action whose date has passed is flagged from that day on)."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.lac.models import REQUIRED_HEALTH_AREAS, HealthArea, HealthAssessment, HealthPlan, HealthPlanAction
from thinkfamily.organisations.models import mentions_restricted_service

HEALTH_PLAN_CREATED = register("health_plan_created", "Health plan started", Significance.LOW)
HEALTH_PLAN_ACTION_ADDED = register("health_plan_action_added", "Health plan action agreed", Significance.LOW)
HEALTH_PLAN_ACTION_DONE = register("health_plan_action_done", "Health plan action completed", Significance.LOW)

NOT_A_WRITER = permissions.MESSAGES["lac.record_health"]


def may_record(user) -> bool:
    """Children-in-care nurses, the looked-after children's medical team and health visitors
    (access.permissions)."""
    return permissions.may(user, "lac.record_health")


def require_writer(user, child=None) -> None:
    """Refuse unless the user records looked-after children's health and, for a write about
    ``child``, the basis on which they opened the record lets them change it (not a lookup,
    not break glass: access.permissions). A system auditor's absent user is the demo."""
    if user is None:
        return
    if not may_record(user):
        raise PermissionDenied(NOT_A_WRITER)
    if child is not None:
        permissions.require(user, "people.change_record", child)


def is_restricted(action: HealthPlanAction) -> bool:
    """An action about a restricted service's work (sexual health: R2.4) is shown only to those
    who record looked-after children's health, as its chronology entry is restricted to them."""
    return action.area == HealthArea.SEXUAL_HEALTH or mentions_restricted_service(action.action)


# The SMART check ---------------------------------------------------------------------------

# Phrases that say nothing about what will be done, by when, or how anyone will know.
GENERIC_PHRASES = [
    "monitor",
    "continue to support",
    "continue to monitor",
    "continue",
    "review as needed",
    "review as required",
    "as needed",
    "as required",
    "as appropriate",
    "when required",
    "ongoing",
    "on going",
    "support",
    "keep under review",
    "to be reviewed",
    "be aware",
    "encourage",
    "promote",
    "observe",
    "n/a",
    "none",
    "nil",
    "tbc",
    "see above",
]
MIN_WORDS = 4


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9/ ]+", " ", (text or "").lower()).split())


def generic_reason(action: str) -> str | None:
    """Why an action is not specific or measurable, or None when it is."""
    words = _normalise(action).split()
    text = " ".join(words)
    if not words:
        return "Say what will be done."
    for phrase in GENERIC_PHRASES:
        # The whole action is only a generic phrase, or starts with one and adds too little.
        if text == phrase or (text.startswith(phrase + " ") and len(words) - len(phrase.split()) < MIN_WORDS):
            return (
                f"'{action.strip()}' is not specific or measurable: say exactly what will be done "
                "(for example 'book a dental check-up with the practice on Moor Lane') "
                "and how you will know it is done."
            )
    if len(words) < MIN_WORDS:
        return (
            f"'{action.strip()}' is too short to be specific: say what will be done, where or with whom, "
            "and how you will know it is done."
        )
    return None


def check_action(action: str, owner: str, due_on: datetime.date | None, done_on: datetime.date | None,
                 today: datetime.date) -> list[str]:
    """What makes this action fall short of specific, measurable, owned and time-bound, in
    words a nurse can act on. An empty list means the action passes."""
    issues = []
    generic = generic_reason(action)
    if generic:
        issues.append(generic)
    if not (owner or "").strip():
        issues.append("No owner: name the person or role who will do this (for example 'foster carer, Mrs Byrne').")
    if due_on is None:
        issues.append("No due date: say by when this will be done.")
    elif done_on is None and due_on < today:
        issues.append(
            f"The due date ({format_date(due_on)}) has passed and the action is not marked done: "
            "record it as done, or agree a new date and say why it slipped."
        )
    return issues


def check_coverage(areas) -> list[str]:
    """The required areas (Regulations 2010, Schedule 1) that no action of the plan covers."""
    present = set(areas)
    missing = [HealthArea(area).label.lower() for area in REQUIRED_HEALTH_AREAS if area not in present]
    if not missing:
        return []
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    return [
        f"The plan has no action for {listed}. A looked-after child's health plan must cover dental health, "
        "immunisations, vision and hearing (Care Planning Regulations 2010, Schedule 1)."
    ]


def action_issues(action: HealthPlanAction, today: datetime.date | None = None) -> list[str]:
    return check_action(action.action, action.owner, action.due_on, action.done_on, today or clock.today())


def plan_issues(plan: HealthPlan, actions=None) -> list[str]:
    actions = list(plan.actions.all()) if actions is None else actions
    return check_coverage(a.area for a in actions)


# Services ---------------------------------------------------------------------------------


@transaction.atomic
def create_plan(auditor: Auditor, child, *, assessment: HealthAssessment | None = None) -> HealthPlan:
    """Start a health plan for the child, following an assessment when there is one."""
    require_writer(auditor.actor, child)
    if child.kind != "child":
        raise ValidationError({"assessment": "A health plan is for a child."})
    if assessment is not None and assessment.child_id != child.pk:
        raise ValidationError({"assessment": "That assessment is about another child."})
    lock(child)  # the same plan started twice at once: the second finds the first

    def already_planned():
        existing = HealthPlan.objects.filter(assessment=assessment).first()
        return AlreadyRecorded(existing, "That assessment already has a health plan: add actions to it.",
                               field="assessment")

    if assessment is not None and HealthPlan.objects.filter(assessment=assessment).exists():
        raise already_planned()
    with one_current(already_planned):
        plan = HealthPlan.objects.create(child=child, assessment=assessment, created_by=auditor.actor)
    auditor.create(plan, ["assessment"], subject=child)
    summary = "Health plan started"
    if assessment is not None:
        summary += f" after the {assessment.get_kind_display().lower()}"
    record_event(child, HEALTH_PLAN_CREATED, summary, occurred_at=clock.now(), author=auditor.actor, source=plan)
    return plan


@transaction.atomic
def add_action(auditor: Auditor, plan: HealthPlan, *, area: str, action: str, owner: str = "",
               due_on: datetime.date | None = None) -> HealthPlanAction:
    """Add an action. An action that is not SMART is saved with its findings (so that weak
    actions are counted and shown), but an action with no words, or an unknown area, is refused."""
    require_writer(auditor.actor, plan.child)
    text, owner = (action or "").strip(), (owner or "").strip()
    if area not in HealthArea.values:
        raise ValidationError({"area": "Choose the area of health this action is about."})
    if not text:
        raise ValidationError({"action": "Say what will be done."})
    if len(text) > 2000:
        raise ValidationError({"action": "Keep the action to 2,000 characters or fewer."})
    if len(owner) > 200:
        raise ValidationError({"owner": "Keep the owner to 200 characters or fewer."})
    child = plan.child
    if due_on is not None and child.date_of_birth and due_on < child.date_of_birth:
        raise ValidationError({"due_on": "The due date cannot be before the child was born."})
    row = HealthPlanAction(plan=plan, area=area, action=text, owner=owner, due_on=due_on)
    row.smart_issues = action_issues(row)
    row.save()
    auditor.create(row, ["area", "action", "owner", "due_on", "smart_issues"], subject=child)
    summary = f"Health plan action ({row.get_area_display().lower()}): {text}"
    if row.smart_issues:
        summary += f" [{len(row.smart_issues)} SMART issue{'s' if len(row.smart_issues) != 1 else ''}]"
    record_event(child, HEALTH_PLAN_ACTION_ADDED, summary, occurred_at=clock.now(), author=auditor.actor, source=row)
    return row


@transaction.atomic
def complete_action(auditor: Auditor, action: HealthPlanAction, *, done_on: datetime.date) -> HealthPlanAction:
    require_writer(auditor.actor, action.plan.child)
    locked = HealthPlanAction.objects.select_for_update().select_related("plan__child").get(pk=action.pk)
    if locked.done_on is not None:
        raise ValidationError({"done_on": f"This action was already marked done on {format_date(locked.done_on)}."})
    if done_on is None:
        raise ValidationError({"done_on": "Enter the date the action was done."})
    if done_on > clock.today():
        raise ValidationError({"done_on": "The date it was done cannot be in the future."})
    born = locked.plan.child.date_of_birth
    if born and done_on < born:
        raise ValidationError({"done_on": "The date it was done cannot be before the child was born."})
    locked.done_on = done_on
    locked.smart_issues = action_issues(locked)
    locked.save(update_fields=["done_on", "smart_issues", "updated_at"])
    child = locked.plan.child
    auditor.write(locked, ["done_on", "smart_issues"], subject=child)
    record_event(
        child, HEALTH_PLAN_ACTION_DONE,
        f"Health plan action done ({locked.get_area_display().lower()}): {locked.action}",
        occurred_at=done_on, author=auditor.actor, source=locked,
    )
    return locked
