"""Routine enquiry about domestic abuse in pregnancy (R5.3; review §2.2, NICE PH50): when
each enquiry is due, from ``da.routine_enquiry`` and the expected delivery date, and recording
one. An enquiry counts only when she was asked (alone); one not asked because she was not
alone leaves that enquiry due."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.assessments.models import RoutineEnquiry
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.people.models import Person, Relationship

TERM_WEEKS = 40
BOOKING, AFTER_BIRTH = "booking", "after_birth"


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    due_from: datetime.date | None  # None: as soon as possible (booking)


def schedule(pregnancy: Person) -> list[Stage]:
    """The enquiries due in this pregnancy, in order, from the timescale in force."""
    rule = timescales.in_force("da.routine_enquiry").value
    edd = pregnancy.expected_delivery_date or pregnancy.date_of_birth
    stages = []
    if rule.get("at_booking"):
        stages.append(Stage(BOOKING, "At booking", None))
    for weeks in rule.get("weeks", []):
        due = edd - datetime.timedelta(weeks=TERM_WEEKS - weeks) if edd else None
        stages.append(Stage(f"weeks_{weeks}", f"Around {weeks} weeks of pregnancy", due))
    if rule.get("after_birth"):
        stages.append(Stage(AFTER_BIRTH, "After the birth", pregnancy.date_of_birth or edd))
    return stages


def stage_label(key: str) -> str:
    if key == BOOKING:
        return "At booking"
    if key == AFTER_BIRTH:
        return "After the birth"
    if key.startswith("weeks_"):
        return f"Around {key.removeprefix('weeks_')} weeks of pregnancy"
    return key


@dataclass(frozen=True)
class EnquiryState:
    enquiries: list
    next_stage: Stage | None
    last: RoutineEnquiry | None
    later: tuple = ()  # the stages after the next one not yet asked

    @property
    def next_overdue(self) -> bool:
        """Missed: the stage after it is already due too."""
        today = clock.today()
        return any(stage.due_from is not None and stage.due_from <= today for stage in self.later)


def state_of(pregnancy: Person) -> EnquiryState:
    """The enquiries so far, the next one due and the last one."""
    enquiries = list(RoutineEnquiry.objects.filter(pregnancy=pregnancy).select_related("practitioner", "service"))
    asked = {e.stage for e in enquiries if e.was_asked}
    upcoming = [stage for stage in schedule(pregnancy) if stage.key not in asked]
    return EnquiryState(enquiries, upcoming[0] if upcoming else None, enquiries[0] if enquiries else None,
                        tuple(upcoming[1:]))


def mother_of(pregnancy: Person) -> Person | None:
    relation = Relationship.objects.filter(person=pregnancy, type=Relationship.Type.MOTHER).select_related(
        "relative").first()
    return relation.relative if relation else None


def pregnancies_of(woman: Person, babies=None) -> list[Person]:
    """Her unborn babies, and babies born in the last year (the after-birth enquiry).
    ``babies``: everyone recorded as her child with her as their mother, when the caller has
    read them already (the record's relationship rows), so that none is read again."""
    since = clock.today() - datetime.timedelta(days=365)
    if babies is not None:
        chosen = [b for b in babies if b.kind == Person.Kind.UNBORN
                  or (b.kind == Person.Kind.CHILD and b.date_of_birth and b.date_of_birth >= since)]
        return sorted(chosen, key=lambda b: (b.expected_delivery_date is None, b.expected_delivery_date))
    ids = Relationship.objects.filter(relative=woman, type=Relationship.Type.MOTHER).values("person_id")
    return list(
        Person.objects.filter(pk__in=ids)
        .filter(kind=Person.Kind.UNBORN)
        .union(Person.objects.filter(pk__in=ids, kind=Person.Kind.CHILD, date_of_birth__gte=since))
        .order_by("expected_delivery_date")
    )


@transaction.atomic
def record_routine_enquiry(
    auditor: Auditor, practitioner, woman: Person, pregnancy: Person, *, stage: str, asked_on: datetime.date,
    seen_alone: bool, outcome: str, not_asked_reason: str = "",
) -> RoutineEnquiry:
    permissions.require_of(auditor, "assessments.record_routine_enquiry", woman, record=woman)
    if stage != AFTER_BIRTH:
        permissions.require_of(auditor, "assessments.record_antenatal_enquiry", record=woman)
    if mother_of(pregnancy) != woman:
        raise ValidationError("This pregnancy is not recorded as hers.")
    if stage not in {s.key for s in schedule(pregnancy)}:
        raise ValidationError({"stage": "Choose when in the pregnancy she was asked."})
    not_asked_reason = " ".join((not_asked_reason or "").split())
    errors = {}
    if outcome == RoutineEnquiry.Outcome.NOT_ASKED:
        if not not_asked_reason:
            errors["not_asked_reason"] = "Say why she was not asked, for example who was with her."
    elif not seen_alone:
        errors["seen_alone"] = "Ask only when she is seen alone. If she was not alone, choose 'Not asked'."
    if asked_on > clock.today():
        errors["asked_on"] = "The date cannot be in the future."
    if errors:
        raise ValidationError(errors)
    enquiry = RoutineEnquiry.objects.create(
        woman=woman, pregnancy=pregnancy, stage=stage, asked_on=asked_on, seen_alone=seen_alone, outcome=outcome,
        not_asked_reason=not_asked_reason if outcome == RoutineEnquiry.Outcome.NOT_ASKED else "",
        practitioner=practitioner, service=practitioner.team.service,
    )
    auditor.create(enquiry, ["woman", "pregnancy", "stage", "asked_on", "seen_alone", "outcome"], subject=woman)
    what = "asked alone" if enquiry.was_asked else f"not asked ({enquiry.not_asked_reason})"
    record_event(
        woman, event_types.ROUTINE_ENQUIRY, f"Routine enquiry about domestic abuse, {stage_label(stage).lower()}: "
        f"{what}", occurred_at=clock.now(), author=practitioner, source=enquiry,
    )
    return enquiry
