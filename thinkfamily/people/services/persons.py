"""Writes to the family record: a person registered, their details corrected. Each function
is one verb, atomic, and writes its audit event inside the same transaction. Domain rules are
checked here (views only parse input), so a rule cannot be bypassed by another caller; a
broken rule raises a ValidationError keyed by field, and nothing is written."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thinkfamily.access import permissions
from thinkfamily.core import clock, nhs_numbers, text
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import ConcurrentEditError
from thinkfamily.core.presenters import format_date
from thinkfamily.organisations.models import CaseloadMembership
from thinkfamily.people.models import HouseholdMembership, Person, PersonRevision, Relationship
from thinkfamily.people.services.checks import check_parent_age_gap, not_in_future

PERSON_FIELDS = [
    "kind",
    "nhs_number",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "expected_delivery_date",
    "date_of_death",
    "sex",
    "ethnicity",
    "language",
    "interpreter_needed",
]


def _nhs_number(value: str | None) -> str | None:
    """The NHS number as 10 ASCII digits (core.nhs_numbers, the one way a number enters), or
    None when not known; whoever calls (a form, an import, the demo) the same rule applies."""
    if not value:
        return None
    try:
        return nhs_numbers.validate(value)
    except ValidationError as error:
        raise ValidationError({"nhs_number": error.messages}) from None


def _check_nhs_number_free(nhs_number: str | None, exclude: Person | None = None) -> None:
    if not nhs_number:
        return
    clash = Person.objects.filter(nhs_number=nhs_number)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError(
            {
                "nhs_number": "A record with this NHS number already exists. Search for it by NHS number "
                "instead of creating a second record for the same person."
            }
        )


def _earliest_event_as_born(person: Person) -> tuple[datetime.date, str] | None:
    """The earliest dated fact about a born person that must not precede their birth."""
    candidates = []
    for model, label in [
        (HouseholdMembership, "a household move"),
        (person.school_enrolments.model, "a school enrolment"),
        (person.gp_registrations.model, "a GP registration"),
    ]:
        first = model.objects.filter(person=person).order_by("start_date").values_list("start_date", flat=True).first()
        if first:
            candidates.append((first, label))
    return min(candidates) if candidates else None


def _validate_person(person: Person) -> None:
    text.check_identity(given_name=person.given_name, middle_names=person.middle_names,
                        family_name=person.family_name)
    if person.kind == Person.Kind.UNBORN:
        if not person.expected_delivery_date:
            raise ValidationError({"expected_delivery_date": "Enter the expected date of delivery."})
        if person.date_of_birth:
            raise ValidationError({"date_of_birth": "An unborn child has no date of birth: record the birth instead."})
    else:
        if not person.date_of_birth:
            raise ValidationError({"date_of_birth": "Enter a date of birth."})
        not_in_future("date_of_birth", person.date_of_birth, "Date of birth")
        if person.date_of_birth.year < 1900:
            raise ValidationError({"date_of_birth": "Date of birth must be after 1900."})
    if person.date_of_death:
        not_in_future("date_of_death", person.date_of_death, "Date of death")
        if person.date_of_birth and person.date_of_death < person.date_of_birth:
            raise ValidationError({"date_of_death": "Date of death must be on or after the date of birth."})
    if not person.family_name.strip():
        raise ValidationError({"family_name": "Enter a family name (surname)."})


def put_on_caseload(auditor: Auditor, person: Person, practitioner) -> None:
    """Whoever records a person is working with them: the person joins their team's caseload."""
    if practitioner is None or practitioner.team_id is None:
        return
    membership = CaseloadMembership.objects.create(
        person=person, practitioner=practitioner, team_id=practitioner.team_id, start_date=clock.today()
    )
    auditor.create(membership, ["person", "practitioner", "team", "start_date"], subject=person)


@transaction.atomic
def register_person(auditor: Auditor, *, on_caseload_of=None, **fields) -> Person:
    person = Person(**{name: value for name, value in fields.items() if name in PERSON_FIELDS})
    person.nhs_number = _nhs_number(person.nhs_number)
    _validate_person(person)
    _check_nhs_number_free(person.nhs_number)
    person.refresh_search_keys()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent registration of the same NHS number
        raise ValidationError({"nhs_number": "A record with this NHS number already exists."}) from exc
    auditor.create(person, [name for name in PERSON_FIELDS if getattr(person, name) not in (None, "")])
    put_on_caseload(auditor, person, on_caseload_of)
    return person


@transaction.atomic
def correct_person(auditor: Auditor, person: Person, *, expected_version: int, reason: str, **changes) -> Person:
    """Correct a person's details. The previous values are kept in a PersonRevision. A save
    that started from an older version is refused, naming what changed since."""
    permissions.require_of(auditor, "people.change_record", person)
    if person.version != expected_version:
        raise _conflict(person, expected_version)
    if not reason.strip():
        raise ValidationError({"reason": "Say why these details are being corrected."})
    before = {name: getattr(person, name) for name in PERSON_FIELDS}
    for name, value in changes.items():
        if name in PERSON_FIELDS:
            setattr(person, name, value)
    person.nhs_number = _nhs_number(person.nhs_number)
    changed = [name for name in PERSON_FIELDS if getattr(person, name) != before[name]]
    if not changed:
        raise ValidationError({"__all__": "Nothing was changed."})
    _validate_person(person)
    _check_nhs_number_free(person.nhs_number, exclude=person)
    if "date_of_birth" in changed and person.date_of_birth:
        earliest = _earliest_event_as_born(person)
        if earliest and earliest[0] < person.date_of_birth:
            raise ValidationError(
                {
                    "date_of_birth": f"Date of birth must be before every event in the record: {earliest[1]} "
                    f"is recorded on {format_date(earliest[0])}."
                }
            )
        for rel in Relationship.objects.filter(person=person, type__in=Relationship.PARENT_TYPES).select_related(
            "relative"
        ):
            check_parent_age_gap(rel.relative, person, field="date_of_birth")
        for rel in Relationship.objects.filter(relative=person, type__in=Relationship.PARENT_TYPES).select_related(
            "person"
        ):
            check_parent_age_gap(person, rel.person, field="date_of_birth")
    person.refresh_search_keys()
    try:
        with transaction.atomic():
            person.save_versioned(expected_version, changed + ["family_name_key", "given_name_key"], original=before)
    except ConcurrentEditError:
        raise _conflict(Person.objects.get(pk=person.pk), expected_version) from None
    except IntegrityError as exc:
        raise ValidationError({"nhs_number": "A record with this NHS number already exists."}) from exc
    PersonRevision.objects.create(
        person=person,
        version=person.version,
        changes={name: [_jsonable(before[name]), _jsonable(getattr(person, name))] for name in changed},
        reason=reason.strip(),
        changed_by=auditor.actor,
        changed_at=clock.now(),
    )
    auditor.write(person, changed, detail={"reason": reason.strip()})
    return person


def _conflict(current: Person, expected_version: int) -> ConcurrentEditError:
    """What was changed on this person since ``expected_version``, from the revisions."""
    changed = {}
    for revision in PersonRevision.objects.filter(person=current, version__gt=expected_version).order_by("version"):
        for name in revision.changes:
            changed[name] = getattr(current, name)
    return ConcurrentEditError(current, changed)


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date) else value
