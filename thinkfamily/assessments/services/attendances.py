"""Recording an attendance or assessment in an adult service (R1.6), its ED safeguarding
triage (R5.5), a child seen in an adults-only ED and its paediatric liaison review (R7.4).

Each function is one atomic change that asks permission (access.permissions), writes its
audit and chronology event, and tells who must know (notifications.rules)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.assessments.models import Answer, Attendance, questions_for
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock, nhs_numbers, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.notifications import rules as notification_rules
from thinkfamily.organisations.models import EpisodeOfCare, Service
from thinkfamily.people import search
from thinkfamily.people.models import Person
from thinkfamily.referrals.models import ConcernSource
from thinkfamily.referrals.services.concerns import record_concern

ANSWER_FIELDS = [
    "children_answer", "parental_responsibility", "has_capacity", "social_circumstances", "alcohol_or_drugs",
    "accompanied_by", "companion_has_parental_responsibility", "known_to_social_care", "explanation_consistent",
    "missing_or_exploited", "self_harm",
]
NOT_COMPLETE = "Answer every question before completing: {missing}. Or save it as incomplete and come back to it."


def seen_as_child(person: Person, service: Service) -> bool:
    """A person under 18 seen in an adults-only emergency department is a child there (R7.4)."""
    if person.kind == Person.Kind.ADULT or not service.adults_only:
        return False
    age = person.age_in_years()
    return age is None or age < 18


def _check_person(person: Person, service: Service) -> bool:
    """Whether the attendance is a child's; refuses a person this form is not for."""
    if person.is_unborn:
        raise ValidationError("An unborn baby does not attend: record the attendance on the mother's record.")
    as_child = seen_as_child(person, service)
    if person.kind != Person.Kind.ADULT and not as_child:
        if service.kind == Service.Kind.EMERGENCY_DEPARTMENT:
            raise ValidationError(
                "This form is for adults. For a child, use the point-of-care lookup: it records the attendance."
            )
        raise ValidationError("This form is for adults seen by an adult service.")
    return as_child


def _answers(values: dict, in_ed: bool, as_child: bool) -> dict:
    """The answers this attendance asks for, tidied; others are left out."""
    asked = {name for name, _label in questions_for(in_ed, as_child)}
    tidy = {}
    for name in ANSWER_FIELDS:
        if name in asked and name in values:
            value = values[name] or ""
            tidy[name] = " ".join(value.split()) if name in {"social_circumstances", "accompanied_by"} else value
    return tidy


def _complete(auditor: Auditor, attendance: Attendance, practitioner, now) -> None:
    missing = attendance.missing()
    if attendance.children_answer == Answer.YES and not attendance.children.exists():
        missing.append("which children (link at least one child)")
    if missing:
        raise ValidationError(NOT_COMPLETE.format(missing="; ".join(missing)))
    attendance.completed_at, attendance.completed_by = now, practitioner
    attendance.save(update_fields=["completed_at", "completed_by", "updated_at"])
    auditor.write(attendance, ["completed_at", "completed_by"], subject=attendance.person)


@transaction.atomic
def record_attendance(
    auditor: Auditor, practitioner, person: Person, *, reason: str, risky_behaviour: str = "",
    complete: bool = False, concern: str = "", **answers,
) -> tuple[Attendance, list]:
    """An attendance at the practitioner's adult service. At an emergency department it opens
    an episode of care (the record stays open to the ED for its hours, to read); with risky
    behaviour and children in the household, the children's health visitor or school nurse and
    GP are told (paediatric liaison, §2.11). A child in an adults-only ED is marked as one and
    listed for next-day paediatric liaison review. ``complete``: the questions must all be
    answered, else nothing is written. Returns (attendance, notifications)."""
    permissions.require_of(auditor, "assessments.record_attendance", person)
    service = practitioner.team.service
    if service.kind not in Service.ADULT_KINDS:
        raise permissions.NotPermitted(permissions.MESSAGES["assessments.record_attendance"], record=person)
    as_child = _check_person(person, service)
    reason = " ".join((reason or "").split())
    risky_behaviour = (risky_behaviour or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the person came, or what the appointment was for."})
    in_ed = service.kind == Service.Kind.EMERGENCY_DEPARTMENT
    now = clock.now()
    episode = None
    if in_ed:
        episode = EpisodeOfCare.objects.create(
            person=person, service=service, kind=EpisodeOfCare.Kind.ATTENDANCE, start_at=now,
            end_at=now + datetime.timedelta(hours=settings.ACCESS_ED_EPISODE_HOURS), reason=reason[:200],
        )
        auditor.create(episode, ["person", "service", "start_at", "end_at", "reason"])
    attendance = Attendance.objects.create(
        person=person, service=service, practitioner=practitioner, attended_at=now, episode=episode, reason=reason,
        risky_behaviour=risky_behaviour, as_child=as_child,
        liaison_review_due_at=timescales.deadline("ed.liaison_review", now).due_at if as_child else None,
        **_answers(answers, in_ed, as_child),
    )
    auditor.create(attendance, ["person", "service", "reason", "as_child", *ANSWER_FIELDS])
    summary = f"Attended {service.name}: {reason}" if in_ed else f"Seen by {service.name}: {reason}"
    if risky_behaviour:
        summary += f". Risky behaviour: {risky_behaviour}"
    if as_child:
        summary += ". Seen as a child in an adult emergency department: paediatric liaison review due"
    event_type = event_types.ED_ATTENDANCE if in_ed else event_types.ADULT_SERVICE_CONTACT
    record_event(person, event_type, summary, occurred_at=now, author=practitioner, service=service, source=attendance)
    if complete:
        _complete(auditor, attendance, practitioner, now)
    concern = (concern or "").strip()
    if concern and as_child:
        # A concern written in the assessment is a structured concern with a decision due
        # (referrals), in the same transaction as the attendance.
        record_concern(auditor, practitioner, person, description=concern, source=ConcernSource.ASSESSMENT,
                       source_note=attendance)
    notifications = []
    if risky_behaviour and in_ed and episode is not None:
        notifications = notification_rules.on_adult_ed_attendance(
            episode, risky_behaviour=risky_behaviour, sender=practitioner
        )
    return attendance, notifications


@transaction.atomic
def answer_questions(auditor: Auditor, practitioner, attendance: Attendance, *, complete: bool = False, **answers):
    """Answers given later (an answer once given is kept: a blank leaves it as it was), and
    completing the attendance when every question is answered."""
    permissions.require_of(auditor, "assessments.complete_attendance", attendance, record=attendance.person)
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.is_complete:
        raise ValidationError("This attendance is already complete.")
    given = {name: value for name, value in _answers(
        answers, attendance.in_emergency_department, attendance.as_child).items() if value}
    for name, value in given.items():
        setattr(attendance, name, value)
    if given:
        attendance.save(update_fields=[*given, "updated_at"])
        auditor.write(attendance, list(given), subject=attendance.person)
    now = clock.now()
    if complete:
        _complete(auditor, attendance, practitioner, now)
        record_event(
            attendance.person, event_types.ATTENDANCE_COMPLETED,
            f"Safeguarding questions answered for the attendance at {attendance.service.name}",
            occurred_at=now, author=practitioner, service=attendance.service, source=attendance,
        )
    return attendance


def find_child(nhs_number: str) -> Person:
    """The child with this NHS number (the same search as Find a person), or a message to act on."""
    digits = nhs_numbers.validate(nhs_number)
    matches = search.find_by_nhs_number(
        Person.objects.filter(kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN]), digits
    )
    if not matches:
        raise ValidationError({"nhs_number": "No child's record has this NHS number. Check it with the adult."})
    return matches[0].person


@transaction.atomic
def link_children(auditor: Auditor, practitioner, attendance: Attendance, children) -> list:
    """The children the adult named (R1.6): linked to the attendance, and each child's health
    visitor or school nurse and GP told. Saying so answers the Think Family question yes."""
    permissions.require_of(auditor, "assessments.complete_attendance", attendance, record=attendance.person)
    children = [child for child in children if child.pk != attendance.person_id]
    if not children:
        raise ValidationError({"children": "Choose a child, or enter a child's NHS number."})
    if any(child.kind == Person.Kind.ADULT for child in children):
        raise ValidationError({"children": "Only children and unborn babies are linked here."})
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    already = set(attendance.children.values_list("pk", flat=True))
    new = [child for child in children if child.pk not in already]
    if not new:
        raise ValidationError({"children": "These children are already linked to this attendance."})
    attendance.children.add(*new)
    if attendance.children_answer != Answer.YES:
        attendance.children_answer = Answer.YES
        attendance.save(update_fields=["children_answer", "updated_at"])
    auditor.write(attendance, ["children", "children_answer"], subject=attendance.person,
                  detail={"children": [str(child.pk) for child in new]})
    now = clock.now()
    told = []
    for child in new:
        record_event(
            child, event_types.ADULT_SERVICE_CONTACT,
            f"{attendance.person.full_name} was seen by {attendance.service.name} and named this child as living "
            "with them or in regular contact",
            occurred_at=now, author=practitioner, service=attendance.service, source=attendance,
        )
        told += notification_rules.on_think_family_child(attendance, child, sender=practitioner)
    return told


@transaction.atomic
def record_liaison_review(auditor: Auditor, practitioner, attendance: Attendance, *, note: str) -> Attendance:
    """A paediatric liaison nurse's review of a child seen in an adults-only ED (R7.4): the
    attendance leaves the next-day list."""
    permissions.require_of(auditor, "assessments.review_as_liaison", attendance, record=attendance.person)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say what the review found and what happens next."})
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if not attendance.as_child:
        raise ValidationError("Only a child seen in an adult emergency department is reviewed by paediatric liaison.")
    if attendance.liaison_reviewed_at is not None:
        raise ValidationError("This attendance has already been reviewed by paediatric liaison.")
    now = clock.now()
    attendance.liaison_reviewed_at, attendance.liaison_reviewed_by = now, practitioner
    attendance.liaison_review_note = note
    attendance.save(update_fields=["liaison_reviewed_at", "liaison_reviewed_by", "liaison_review_note", "updated_at"])
    auditor.write(attendance, ["liaison_reviewed_at", "liaison_reviewed_by", "liaison_review_note"],
                  subject=attendance.person)
    record_event(
        attendance.person, event_types.LIAISON_REVIEW,
        f"Paediatric liaison review of the attendance at {attendance.service.name}: {note}",
        occurred_at=now, author=practitioner, source=attendance,
    )
    return attendance
