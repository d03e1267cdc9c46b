"""Transition plans (R7.3): a CAMHS practitioner starts planning a young person's move to an
adult service, and records how it ended. Each write asks access.permissions, locks the young
person so a second submission meets the first, writes its audit and its chronology line."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.organisations.models import Service
from thinkfamily.pathways.models import TransitionPlan
from thinkfamily.pathways.queries.transitions import ADULT_SERVICE_KINDS, camhs_services_of
from thinkfamily.people.models import Person

Outcome = TransitionPlan.Outcome


def _already(plan: TransitionPlan) -> AlreadyRecorded:
    return AlreadyRecorded(plan, f"Transition planning for this young person already started on "
                                 f"{format_date(plan.started_on)}.")


def _camhs_service(auditor: Auditor, person: Person) -> Service:
    """The CAMHS service that plans: the practitioner's own, which must be working with the
    young person now (the demo, acting for the area, takes the service the young person is on)."""
    on = list(camhs_services_of(person))
    actor = auditor.actor
    if actor is not None:
        mine = [s for s in on if s.pk == actor.team.service_id]
        if not mine:
            raise ValidationError({"adult_service": "This young person is not on your CAMHS service's caseload. "
                                                    "Transition plans are started by the CAMHS service working "
                                                    "with them."})
        return mine[0]
    if not on:
        raise ValidationError({"adult_service": "This young person is not on a CAMHS caseload."})
    return on[0]


@transaction.atomic
def start_transition_plan(auditor: Auditor, person: Person, *, adult_service, started_on=None,
                          planned_transfer_on=None) -> TransitionPlan:
    permissions.require_of(auditor, "pathways.start_transition_plan", person)
    today = clock.today()
    started_on = started_on or today
    if started_on > today:
        raise ValidationError({"started_on": "The date planning started must be today or in the past."})
    if adult_service is None or adult_service.kind not in ADULT_SERVICE_KINDS:
        raise ValidationError({"adult_service": "Choose the adult service the young person will move to."})
    if planned_transfer_on is not None and planned_transfer_on < started_on:
        raise ValidationError({"planned_transfer_on": "The planned transfer date must be after planning started, "
                                                      f"{format_date(started_on)}."})
    lock(person)
    camhs = _camhs_service(auditor, person)
    existing = TransitionPlan.objects.open().filter(person=person).first()
    if existing is not None:
        raise _already(existing)
    with one_current(lambda: _already(TransitionPlan.objects.open().get(person=person))):
        plan = TransitionPlan.objects.create(
            person=person, camhs_service=camhs, adult_service=adult_service, started_on=started_on,
            planned_transfer_on=planned_transfer_on, started_by=auditor.actor or _demo_author(camhs),
        )
    auditor.create(plan, ["person", "camhs_service", "adult_service", "started_on", "planned_transfer_on"],
                   subject=person)
    transfer = f", transfer planned for {format_date(planned_transfer_on)}" if planned_transfer_on else ""
    record_event(
        person, event_types.TRANSITION_PLAN_STARTED,
        f"{camhs.name} started planning the move to {adult_service.name} ({adult_service.organisation.name})"
        f"{transfer}.",
        occurred_at=started_on, author=auditor.actor, service=camhs, source=plan,
    )
    return plan


def _demo_author(service: Service):
    from thinkfamily.organisations.models import Practitioner

    return Practitioner.objects.filter(team__service=service).order_by("pk").first()


@transaction.atomic
def record_transition_outcome(auditor: Auditor, person: Person, *, outcome: str, outcome_on=None,
                              reason: str = "") -> TransitionPlan:
    permissions.require_of(auditor, "pathways.record_transition_outcome", person)
    lock(person)
    plan = TransitionPlan.objects.open().filter(person=person).select_related("camhs_service",
                                                                             "adult_service").first()
    if plan is None:
        raise ValidationError({"outcome": "There is no open transition plan for this young person. Start one first."})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose how the transition ended."})
    reason = (reason or "").strip()
    if outcome == Outcome.NOT_NEEDED and not reason:
        raise ValidationError({"reason": "Say why a transfer to adult services is not needed, for example "
                                         "'Goals met, discharged to the GP'."})
    today = clock.today()
    outcome_on = outcome_on or today
    if outcome_on > today:
        raise ValidationError({"outcome_on": "The date must be today or in the past."})
    if outcome_on < plan.started_on:
        raise ValidationError({"outcome_on": f"The date must be on or after planning started, "
                                             f"{format_date(plan.started_on)}."})
    plan.outcome, plan.outcome_on, plan.outcome_reason = outcome, outcome_on, reason[:500]
    plan.outcome_by = auditor.actor
    plan.save(update_fields=["outcome", "outcome_on", "outcome_reason", "outcome_by", "updated_at"])
    auditor.write(plan, ["outcome", "outcome_on", "outcome_reason"], subject=person)
    said = Outcome(outcome).label + (f": {reason}" if reason else "")
    record_event(person, event_types.TRANSITION_PLAN_ENDED, f"Transition to {plan.adult_service.name}: {said}.",
                 occurred_at=outcome_on, author=auditor.actor, service=plan.camhs_service, source=plan)
    return plan
