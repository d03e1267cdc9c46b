"""Writes to the family record. Each function is one verb, atomic, and writes its audit
event inside the same transaction. Domain rules are checked here (views only parse
input), so a rule cannot be bypassed by another caller; a broken rule raises a
ValidationError keyed by field, and nothing is written."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thinkfamily.access import permissions
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock, nhs_numbers, text
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.models import ConcurrentEditError
from thinkfamily.core.presenters import format_date
from thinkfamily.flags import services as flag_services
from thinkfamily.lac import pipeline as lac_pipeline
from thinkfamily.notifications import rules as notification_rules
from thinkfamily.organisations.models import CaseloadMembership
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import (
    Household,
    HouseholdMembership,
    LegalStatus,
    LegalStatusEntry,
    ParentalResponsibility,
    Person,
    PersonRevision,
    Relationship,
)

MINIMUM_PARENT_AGE_GAP_YEARS = 10
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


def _today() -> datetime.date:
    return clock.today()


def _not_in_future(field: str, value, label: str) -> None:
    if value and value > _today():
        raise ValidationError({field: f"{label} must be today or in the past."})


def _years_between(earlier: datetime.date, later: datetime.date) -> int:
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def _not_before_birth(person: Person, field: str, value: datetime.date, label: str) -> None:
    if person.date_of_birth and value < person.date_of_birth:
        born = format_date(person.date_of_birth)
        raise ValidationError({field: f"{label} must be on or after {person.full_name}'s date of birth, {born}."})


def _birth_or_due(person: Person) -> datetime.date:
    return person.date_of_birth or person.expected_delivery_date


def _check_parent_age_gap(parent: Person, child: Person, field: str = "relative") -> None:
    parent_birth, child_birth = parent.date_of_birth, _birth_or_due(child)
    if parent_birth and child_birth and _years_between(parent_birth, child_birth) < MINIMUM_PARENT_AGE_GAP_YEARS:
        raise ValidationError(
            {
                field: f"{parent.full_name} (born {format_date(parent_birth)}) cannot be a parent of "
                f"{child.full_name} (born {format_date(child_birth)}): a parent must be at least "
                f"{MINIMUM_PARENT_AGE_GAP_YEARS} years older than the child. Check both dates of birth."
            }
        )


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
        _not_in_future("date_of_birth", person.date_of_birth, "Date of birth")
        if person.date_of_birth.year < 1900:
            raise ValidationError({"date_of_birth": "Date of birth must be after 1900."})
    if person.date_of_death:
        _not_in_future("date_of_death", person.date_of_death, "Date of death")
        if person.date_of_birth and person.date_of_death < person.date_of_birth:
            raise ValidationError({"date_of_death": "Date of death must be on or after the date of birth."})
    if not person.family_name.strip():
        raise ValidationError({"family_name": "Enter a family name (surname)."})


def _put_on_caseload(auditor: Auditor, person: Person, practitioner) -> None:
    """Whoever records a person is working with them: the person joins their team's caseload."""
    if practitioner is None or practitioner.team_id is None:
        return
    membership = CaseloadMembership.objects.create(
        person=person, practitioner=practitioner, team_id=practitioner.team_id, start_date=_today()
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
    _put_on_caseload(auditor, person, on_caseload_of)
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
            _check_parent_age_gap(rel.relative, person, field="date_of_birth")
        for rel in Relationship.objects.filter(relative=person, type__in=Relationship.PARENT_TYPES).select_related(
            "person"
        ):
            _check_parent_age_gap(person, rel.person, field="date_of_birth")
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


@transaction.atomic
def add_relationship(
    auditor: Auditor, person: Person, relative: Person, type: str, *, start_date=None, notes: str = ""
) -> Relationship:
    permissions.require_of(auditor, "people.change_record", person)
    return _add_relationship(auditor, person, relative, type, start_date=start_date, notes=notes)


def _add_relationship(
    auditor: Auditor, person: Person, relative: Person, type: str, *, start_date=None, notes: str = ""
) -> Relationship:
    """A relationship, without asking who may record it: for the services that have asked (an
    unborn baby recorded against its mother is linked to her before anyone works with it)."""
    if person.pk == relative.pk:
        raise ValidationError({"relative": "A person cannot be related to themselves."})
    if start_date:
        _not_in_future("start_date", start_date, "The start date")
    if type in Relationship.PARENT_TYPES:
        _check_parent_age_gap(relative, person)
        if start_date is None and type in Relationship.BIRTH_PARENT_TYPES:
            start_date = person.date_of_birth  # a birth parent from birth (None while unborn)
    if start_date:
        _not_before_birth(person, "start_date", start_date, "The start date")
    lock(person)  # one writer of this person's relationships at a time: the checks below see the others'
    refusal = _existing_relationship(person, relative, type)
    if refusal:
        raise refusal
    with one_current(lambda: _existing_relationship(person, relative, type) or ValidationError(
        {"type": "This relationship is already recorded."}
    )):
        relationship = Relationship.objects.create(
            person=person, relative=relative, type=type, start_date=start_date, notes=notes
        )
    auditor.create(relationship, ["person", "relative", "type", "start_date", "notes"])
    return relationship


def _existing_relationship(person: Person, relative: Person, type: str) -> ValidationError | None:
    """The refusal of a relationship already recorded: another birth parent of the kind, or
    this very relationship (sent twice, or by someone else first: ``AlreadyRecorded``)."""
    if type in Relationship.BIRTH_PARENT_TYPES:
        existing = (
            Relationship.objects.filter(person=person, type=type)
            .exclude(relative=relative)
            .select_related("relative")
            .first()
        )
        if existing:
            return ValidationError(
                {
                    "type": f"{existing.relative.full_name} is already recorded as {person.full_name}'s "
                    f"{existing.get_type_display().lower()}. Correct that relationship instead of adding a second one."
                }
            )
    same = Relationship.objects.filter(person=person, relative=relative, type=type, end_date__isnull=True).first()
    same = same or Relationship.objects.current().filter(person=person, relative=relative, type=type).first()
    if same:
        kind = same.get_type_display().lower()
        return AlreadyRecorded(
            same, f"This relationship is already recorded: {relative.full_name} is {person.full_name}'s {kind}.",
            field="type",
        )
    return None


@transaction.atomic
def end_relationship(auditor: Auditor, relationship: Relationship, *, expected_version: int, end_date) -> Relationship:
    permissions.require_of(auditor, "people.change_record", relationship.person)
    _not_in_future("end_date", end_date, "The end date")
    if relationship.start_date and end_date < relationship.start_date:
        raise ValidationError({"end_date": "The end date must be after the start date."})
    if relationship.type in Relationship.BIRTH_PARENT_TYPES:
        raise ValidationError(
            {
                "end_date": "A birth parent stays a birth parent. Record a household move or end parental "
                "responsibility instead."
            }
        )
    relationship.end_date = end_date
    relationship.save_versioned(expected_version, ["end_date"])
    auditor.write(relationship, ["end_date"])
    return relationship


@transaction.atomic
def record_parental_responsibility(
    auditor: Auditor, child: Person, *, basis: str, start_date, holder: Person | None = None, holder_organisation=None
) -> ParentalResponsibility:
    permissions.require_of(auditor, "people.change_record", child)
    if (holder is None) == (holder_organisation is None):
        raise ValidationError({"holder": "Choose who holds parental responsibility."})
    _not_in_future("start_date", start_date, "The start date")
    if holder is not None and holder.pk == child.pk:
        raise ValidationError({"holder": "A child cannot hold parental responsibility for themselves."})
    if holder is not None and holder.date_of_birth and _birth_or_due(child):
        _check_parent_age_gap(holder, child, field="holder")
    if child.date_of_birth and start_date < child.date_of_birth:
        raise ValidationError({"start_date": "Parental responsibility cannot start before the child's birth."})
    lock(child)

    def already_held():
        held = ParentalResponsibility.objects.current().filter(
            child=child, holder=holder, holder_organisation=holder_organisation
        ).first()
        if held is None:
            return ValidationError({"holder": "This parental responsibility is already recorded."})
        return AlreadyRecorded(
            held, f"{held.holder_name} already holds parental responsibility for {child.full_name}, "
            f"since {format_date(held.start_date)}.", field="holder",
        )

    if ParentalResponsibility.objects.current().filter(
        child=child, holder=holder, holder_organisation=holder_organisation
    ).exists():
        raise already_held()
    with one_current(already_held):
        row = ParentalResponsibility.objects.create(
            child=child, holder=holder, holder_organisation=holder_organisation, basis=basis, start_date=start_date
        )
    auditor.create(row, ["child", "holder", "holder_organisation", "basis", "start_date"])
    return row


def household_move_summary(town: str, reason: str) -> str:
    """The chronology's line for a move of household."""
    return f"Moved to {town}{': ' + reason if reason else ''}"


@transaction.atomic
def move_household(
    auditor: Auditor,
    person: Person,
    *,
    move_date,
    reason: str = "",
    to_household: Household | None = None,
    new_address: dict | None = None,
) -> HouseholdMembership:
    """End the person's current household membership and start a new one, at an existing
    household (joining a relative) or at a new address. Links to family survive the move."""
    permissions.require_of(auditor, "people.change_record", person)
    if move_date is None:
        raise ValidationError({"move_date": "Enter the date of the move."})
    _not_in_future("move_date", move_date, "The date of the move")
    _not_before_birth(person, "move_date", move_date, "The date of the move")
    if (to_household is None) == (not new_address):
        raise ValidationError({"destination": "Choose where the person has moved to."})
    lock(person)  # one move of this person at a time: the second sees the first's household as current
    current = (
        HouseholdMembership.objects.filter(person=person, end_date__isnull=True).select_related("household").first()
    )
    if current and _same_move(current, move_date, to_household, new_address):
        raise AlreadyRecorded(
            current, f"This move is already recorded: {person.full_name} lives at {current.household.address} since "
            f"{format_date(current.start_date)}.", field="destination",
        )
    if current and move_date < current.start_date:
        raise ValidationError(
            {
                "move_date": f"The date of the move must be on or after {format_date(current.start_date)}, "
                "when the person joined their current household."
            }
        )
    if current and to_household is not None and current.household_id == to_household.pk:
        raise ValidationError({"destination": "The person already lives in that household."})
    if new_address:
        text.check_identity(**new_address)
        missing = [
            label
            for key, label in [
                ("address_line_1", "first line of the address"),
                ("town", "town"),
                ("postcode", "postcode"),
            ]
            if not (new_address.get(key) or "").strip()
        ]
        if missing:
            raise ValidationError({"destination": f"Enter the {' and '.join(missing)} of the new address."})
        to_household = Household.objects.create(**new_address)
        auditor.create(to_household, list(new_address), subject=person)
    if current:
        current.end_date = move_date
        current.save(update_fields=["end_date", "updated_at"])
        auditor.write(current, ["end_date"])
    with one_current(lambda: ValidationError({"destination": "Someone else recorded a move for this person at the "
                                                             "same time. Nothing was saved: check the record."})):
        membership = HouseholdMembership.objects.create(
            household=to_household, person=person, start_date=move_date, reason=reason, recorded_by=auditor.actor
        )
    auditor.create(membership, ["household", "person", "start_date", "reason"])
    record_event(
        person,
        event_types.HOUSEHOLD_MOVE,
        household_move_summary(to_household.town, reason),
        occurred_at=move_date,
        author=auditor.actor,
        source=membership,
    )
    return membership


def _same_move(current: HouseholdMembership, move_date, to_household, new_address) -> bool:
    """The move asked for is the current membership itself (the same move sent twice)."""
    if current.start_date != move_date:
        return False
    if to_household is not None:
        return current.household_id == to_household.pk
    address = {key: (new_address.get(key) or "").strip().upper() for key in ADDRESS_FIELDS}
    return address == {key: getattr(current.household, key).strip().upper() for key in ADDRESS_FIELDS}


ADDRESS_FIELDS = ["address_line_1", "address_line_2", "town", "postcode"]


# Statuses whose start names the local authority responsible for the child: it raises the
# flag and is the social care contact shown with it (a placed-for-adoption child always has
# the authority that placed them).
AUTHORITY_REQUIRED = {
    LegalStatus.LOOKED_AFTER,
    LegalStatus.PLACED_FOR_ADOPTION,
    LegalStatus.CHILD_PROTECTION_PLAN,
    LegalStatus.CHILD_IN_NEED,
}


def _require_responsible_authority(status: str, authority) -> None:
    if status in AUTHORITY_REQUIRED and not authority:
        if status == LegalStatus.PLACED_FOR_ADOPTION:
            message = (
                "Choose the responsible local authority: the council that placed the child for adoption. "
                "It is shown as the social care contact on the flag."
            )
        else:
            message = "Choose the responsible local authority."
        raise ValidationError({"responsible_authority": message})


def _may_record_status(auditor: Auditor, person: Person, *authorities, field: str = "responsible_authority") -> None:
    """Legal statuses belong to the council responsible for them (access.permissions): only
    its children's social care, with the child's record open on a basis that writes,
    records, ends or corrects them. A system auditor (the demo, an import) is not asked."""
    permissions.require_of(auditor, "people.record_legal_status", person)
    actor = auditor.actor
    if actor is None:
        return
    council = actor.organisation
    for authority in authorities:
        if authority is not None and authority.pk != council.pk:
            raise ValidationError(
                {
                    field: f"You record legal statuses for {council.name}. This one is the responsibility of "
                    f"{authority.name}: its children's social care records and corrects it."
                }
            )


def _entries_for(person: Person):
    return list(LegalStatusEntry.objects.in_force().filter(person=person).select_related("person"))


def legal_status_summary(label: str, change: str) -> str:
    """The chronology's line for a legal status starting or ending ("Looked after started")."""
    return f"{label} {dict(LegalStatusEntry.Change.choices).get(change, change).lower()}"


@transaction.atomic
def record_legal_status(auditor: Auditor, person: Person, *, status: str, change: str, effective_date, **details):
    """Append a legal status change. The current status is derived from these rows."""
    _may_record_status(auditor, person)
    lock(person)  # one change of this person's statuses at a time (no-op on SQLite, which locks the database)
    _not_in_future("effective_date", effective_date, "The date")
    if not person.is_unborn:
        _not_before_birth(person, "effective_date", effective_date, "The date")
    current = {entry.status: entry for entry in current_legal_statuses(_entries_for(person))}
    label = LegalStatus(status).label.lower()
    if change == LegalStatusEntry.Change.START and status in current:
        raise ValidationError(
            {
                "status": f"{person.full_name} already has a current {label} status, "
                f"from {format_date(current[status].effective_date)}. End it first."
            }
        )
    if change == LegalStatusEntry.Change.END:
        if status not in current:
            raise ValidationError({"status": f"{person.full_name} has no current {label} status to end."})
        _may_record_status(auditor, person, current[status].responsible_authority, field="status")
        if effective_date < current[status].effective_date:
            raise ValidationError(
                {
                    "effective_date": "The end date must be on or after the start date, "
                    f"{format_date(current[status].effective_date)}."
                }
            )
    if change == LegalStatusEntry.Change.START:
        if status == LegalStatus.CHILD_PROTECTION_PLAN and not details.get("cp_category"):
            raise ValidationError({"cp_category": "Choose the category of the child protection plan."})
        _require_responsible_authority(status, details.get("responsible_authority"))
        _may_record_status(auditor, person, details.get("responsible_authority"))
        if person.is_unborn and status not in {LegalStatus.CHILD_PROTECTION_PLAN, LegalStatus.CHILD_IN_NEED}:
            raise ValidationError(
                {"status": "An unborn child can only have a child protection plan or a child in need plan."}
            )
    entry = LegalStatusEntry.objects.create(
        person=person,
        status=status,
        change=change,
        effective_date=effective_date,
        recorded_by=auditor.actor,
        recorded_at=clock.now(),
        **{k: v for k, v in details.items() if v not in (None,)},
    )
    auditor.create(entry, ["status", "change", "effective_date", *[k for k, v in details.items() if v]])
    event_type = event_types.LEGAL_STATUS_STARTED if change == "start" else event_types.LEGAL_STATUS_ENDED
    record_event(
        person,
        event_type,
        legal_status_summary(entry.label, entry.change),
        occurred_at=effective_date,
        author=auditor.actor,
        source=entry,
    )
    flag_services.sync_with_legal_status(auditor, entry)
    notification_rules.on_legal_status_change(entry, sender=auditor.actor)
    lac_pipeline.on_legal_status_change(auditor, entry)
    return entry


@transaction.atomic
def record_placement_change(
    auditor: Auditor,
    person: Person,
    *,
    effective_date,
    placement_type: str,
    placing_authority=None,
    placed_out_of_area: bool = False,
    notes: str = "",
) -> LegalStatusEntry:
    """A looked-after child moves to a new placement: the period of care goes on. Recorded as
    the looked-after status ended and started again on the same day (the legal status model's
    only way to change a running entry's placement), but as one change: one chronology line,
    the Looked after flag kept (it follows the new entry), the health assessments untouched,
    and the child's practitioners told that the child is still looked after, in a new
    placement. Returns the new start entry."""
    _may_record_status(auditor, person)
    lock(person)
    current = next(
        (e for e in current_legal_statuses(_entries_for(person)) if e.status == LegalStatus.LOOKED_AFTER), None
    )
    if current is None:
        raise ValidationError(
            {"__all__": f"{person.full_name} is not looked after now, so has no placement to change. Record "
                        "that they became looked after instead."}
        )
    placement_type = (placement_type or "").strip()
    if not placement_type:
        raise ValidationError(
            {"placement_type": "Describe the new placement, for example 'Foster care with a Sefton foster carer'."}
        )
    if effective_date is None:
        raise ValidationError({"effective_date": "Enter the date the child moved to the new placement."})
    _not_in_future("effective_date", effective_date, "The date of the move")
    if effective_date < current.effective_date:
        raise ValidationError(
            {"effective_date": "The move must be on or after the start of the current placement, "
                               f"{format_date(current.effective_date)}."}
        )
    authority = current.responsible_authority
    _may_record_status(auditor, person, authority, field="__all__")
    end = LegalStatusEntry.objects.create(
        person=person, status=LegalStatus.LOOKED_AFTER, change=LegalStatusEntry.Change.END,
        effective_date=effective_date, responsible_authority=authority, placement_type=current.placement_type,
        placing_authority=current.placing_authority, placed_out_of_area=current.placed_out_of_area,
        notes=f"Placement changed: now {placement_type}", recorded_by=auditor.actor, recorded_at=clock.now(),
    )
    start = LegalStatusEntry.objects.create(
        person=person, status=LegalStatus.LOOKED_AFTER, change=LegalStatusEntry.Change.START,
        effective_date=effective_date, responsible_authority=authority, placement_type=placement_type,
        placing_authority=placing_authority, placed_out_of_area=placed_out_of_area, notes=(notes or "").strip(),
        recorded_by=auditor.actor, recorded_at=clock.now(),
    )
    for entry in (end, start):
        auditor.create(entry, ["status", "change", "effective_date", "placement_type", "placing_authority",
                               "placed_out_of_area"])
    where = " (placed out of area)" if placed_out_of_area else ""
    by = f", placed by {placing_authority.name}" if placing_authority else ""
    record_event(
        person,
        event_types.PLACEMENT_CHANGED,
        f"Moved to a new placement: {placement_type}{where}{by}. Still looked after by "
        f"{authority.name if authority else 'the council'}.",
        occurred_at=effective_date,
        author=auditor.actor,
        source=start,
    )
    flag_services.on_placement_change(auditor, previous=current, new=start)
    notification_rules.on_legal_status_change(start, sender=auditor.actor)
    return start


@transaction.atomic
def correct_legal_status(auditor: Auditor, entry: LegalStatusEntry, *, reason: str, **changes) -> LegalStatusEntry:
    """A correction is a new row that supersedes the wrong one; the wrong one stays visible."""
    permissions.require_of(auditor, "people.correct_legal_status", entry, record=entry.person)
    if not reason.strip():
        raise ValidationError({"correction_reason": "Say why this entry is being corrected."})
    locked = LegalStatusEntry.objects.select_for_update().get(pk=entry.pk)
    if LegalStatusEntry.objects.filter(supersedes=locked).exists():
        raise ValidationError({"__all__": "This entry has already been corrected by someone else. Reload the record."})
    fields = [
        "status",
        "change",
        "effective_date",
        "cp_category",
        "placement_type",
        "responsible_authority",
        "placing_authority",
        "placed_out_of_area",
        "notes",
    ]
    values = {name: changes.get(name, getattr(locked, name)) for name in fields}
    person = locked.person
    _not_in_future("effective_date", values["effective_date"], "The date")
    if not person.is_unborn:
        _not_before_birth(person, "effective_date", values["effective_date"], "The date")
    if (
        values["status"] == LegalStatus.CHILD_PROTECTION_PLAN
        and values["change"] == "start"
        and not values["cp_category"]
    ):
        raise ValidationError({"cp_category": "Choose the category of the child protection plan."})
    if values["change"] == LegalStatusEntry.Change.START:
        _require_responsible_authority(values["status"], values["responsible_authority"])
    _may_record_status(auditor, person, values["responsible_authority"])
    new = LegalStatusEntry.objects.create(
        person=person, supersedes=locked, correction_reason=reason.strip(), recorded_by=auditor.actor,
        recorded_at=clock.now(), **values
    )
    auditor.create(new, [name for name in fields if values[name] != getattr(locked, name)] + ["supersedes"])
    record_event(
        person,
        event_types.LEGAL_STATUS_CORRECTED,
        f"Entry corrected to: {legal_status_summary(new.label, new.change)} ({new.correction_reason})",
        occurred_at=new.effective_date,
        author=auditor.actor,
        source=new,
    )
    flag_services.on_legal_status_corrected(auditor, locked, new)
    if (locked.status, locked.change) != (new.status, new.change):
        # The correction starts or ends a status the wrong entry did not (a child protection
        # plan that was really a looked-after status, a start that was an end): tell the same
        # people as recording that change would. A correction of the same status and change
        # (its date, category or authority) tells no one again.
        notification_rules.on_legal_status_change(new, sender=auditor.actor)
    lac_pipeline.on_legal_status_corrected(auditor, locked, new)
    return new


@transaction.atomic
def record_unborn(
    auditor: Auditor,
    mother: Person,
    *,
    expected_delivery_date,
    family_name: str = "",
    father: Person | None = None,
    on_caseload_of=None,
) -> Person:
    """An unborn child recorded against the pregnant woman (R1.5)."""
    permissions.require_of(auditor, "people.change_record", mother)
    if mother.is_unborn:
        raise ValidationError({"__all__": "An unborn child cannot be recorded against another unborn child."})
    today = _today()
    if expected_delivery_date is None:
        raise ValidationError({"expected_delivery_date": "Enter the expected date of delivery."})
    if expected_delivery_date < today - datetime.timedelta(weeks=6):
        raise ValidationError(
            {
                "expected_delivery_date": "The expected date of delivery is more than 6 weeks ago: "
                "if the baby has been born, record the birth instead."
            }
        )
    if expected_delivery_date > today + datetime.timedelta(weeks=42):
        raise ValidationError(
            {"expected_delivery_date": "The expected date of delivery must be within 42 weeks from today."}
        )
    text.check_identity(family_name=family_name)
    unborn = Person(
        kind=Person.Kind.UNBORN,
        family_name=family_name.strip() or mother.family_name,
        expected_delivery_date=expected_delivery_date,
    )
    _check_parent_age_gap(mother, unborn, field="expected_delivery_date")
    unborn.refresh_search_keys()
    unborn.save()
    auditor.create(unborn, ["kind", "family_name", "expected_delivery_date"])
    _put_on_caseload(auditor, unborn, on_caseload_of)
    _add_relationship(auditor, unborn, mother, Relationship.Type.MOTHER)
    if father is not None:
        _add_relationship(auditor, unborn, father, Relationship.Type.FATHER)
    record_event(
        unborn,
        event_types.UNBORN_RECORDED,
        f"Unborn child of {mother.full_name} recorded, expected {format_date(expected_delivery_date)}",
        occurred_at=clock.now(),
        author=auditor.actor,
        source=unborn,
    )
    return unborn


@transaction.atomic
def record_birth(
    auditor: Auditor,
    unborn: Person,
    *,
    expected_version: int,
    date_of_birth,
    given_name: str = "",
    sex: str,
    nhs_number: str | None = None,
    middle_names: str = "",
    family_name: str = "",
) -> Person:
    """The unborn record becomes the baby's record: same row, so every relationship,
    legal status and history entry recorded before birth stays with the child."""
    permissions.require_of(auditor, "people.change_record", unborn)
    if not unborn.is_unborn:
        raise ValidationError({"__all__": "This person has already been born."})
    if date_of_birth is None:
        raise ValidationError({"date_of_birth": "Enter the date of birth."})
    _not_in_future("date_of_birth", date_of_birth, "Date of birth")
    if date_of_birth < unborn.expected_delivery_date - datetime.timedelta(weeks=22):
        raise ValidationError(
            {
                "date_of_birth": "The date of birth is more than 22 weeks before the expected date "
                f"of delivery, {format_date(unborn.expected_delivery_date)}. Check the date."
            }
        )
    for rel in Relationship.objects.filter(person=unborn, type__in=Relationship.BIRTH_PARENT_TYPES).select_related(
        "relative"
    ):
        if (
            rel.relative.date_of_birth
            and _years_between(rel.relative.date_of_birth, date_of_birth) < MINIMUM_PARENT_AGE_GAP_YEARS
        ):
            raise ValidationError({"date_of_birth": "A parent must be at least 10 years older than the child."})
    changes = {
        "kind": Person.Kind.CHILD,
        "date_of_birth": date_of_birth,
        "given_name": given_name,
        "sex": sex,
        "nhs_number": nhs_number or None,
        "middle_names": middle_names,
        "family_name": family_name or unborn.family_name,
    }
    person = correct_person(auditor, unborn, expected_version=expected_version, reason="Birth recorded", **changes)
    Relationship.objects.filter(
        person=person, type__in=Relationship.BIRTH_PARENT_TYPES, start_date__isnull=True
    ).update(start_date=date_of_birth)
    record_event(
        person,
        event_types.BIRTH,
        f"{person.full_name} born",
        occurred_at=date_of_birth,
        author=auditor.actor,
        source=person,
    )
    flag_services.on_birth(auditor, person)
    return person


def school_move_summary(school_name: str, reason: str, previous_school_name: str = "") -> str:
    """The chronology's line for a move of school, with its reason (and the school left, when the
    child was on another's roll until the move)."""
    previous = f" from {previous_school_name}" if previous_school_name else ""
    return f"Moved{previous} to {school_name}. Reason: {reason.strip()}"


@transaction.atomic
def change_school(auditor: Auditor, child: Person, *, school, start_date, reason: str):
    """A move to a new school, with its reason, which the school nurse must know (§5.2.19)."""
    permissions.require_of(auditor, "people.change_record", child)
    from thinkfamily.people.models import SchoolEnrolment

    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter the reason for the move: the school nurse needs it to assess risk."})
    if start_date is None:
        raise ValidationError({"start_date": "Enter the date the child started at the new school."})
    _not_in_future("start_date", start_date, "The start date")
    _not_before_birth(child, "start_date", start_date, "The start date")
    lock(child)  # one change of school at a time: the second sees the first's school as current
    current = SchoolEnrolment.objects.filter(person=child, end_date__isnull=True).select_related("school").first()
    if current is not None:
        if current.school_id == school.pk:
            raise AlreadyRecorded(
                current, f"{child.full_name} is already at {school.name}, since {format_date(current.start_date)}.",
                field="school",
            )
        if start_date < current.start_date:
            raise ValidationError(
                {
                    "start_date": f"The move must be on or after {format_date(current.start_date)}, "
                    "when the child started at the current school."
                }
            )
        current.end_date = start_date
        current.save(update_fields=["end_date", "updated_at"])
        auditor.write(current, ["end_date"])
    with one_current(lambda: ValidationError({"school": "Someone else recorded a change of school for this child at "
                                                        "the same time. Nothing was saved: check the record."})):
        enrolment = SchoolEnrolment.objects.create(
            person=child, school=school, start_date=start_date, reason_for_move=reason.strip()
        )
    auditor.create(enrolment, ["person", "school", "start_date", "reason_for_move"])
    record_event(
        child,
        event_types.SCHOOL_MOVE,
        school_move_summary(school.name, reason, current.school.name if current else ""),
        occurred_at=start_date,
        author=auditor.actor,
        source=enrolment,
    )
    notification_rules.on_school_change(enrolment, sender=auditor.actor)
    return enrolment


@transaction.atomic
def register_with_gp(auditor: Auditor, person: Person, *, practice, start_date):
    """The person registers with ``practice`` from ``start_date``: the current registration
    ends that day (end dates are exclusive, so exactly one practice is current on any day) and
    the history is kept. The practice's staff read the record from that day (access.rules)."""
    from thinkfamily.access import permissions  # access sits above people (architecture: layers)
    from thinkfamily.organisations.models import Organisation
    from thinkfamily.people.models import GPRegistration

    permissions.require(auditor.actor, "people.change_record", person)
    if person.is_unborn:
        raise ValidationError({"practice": "An unborn baby is not registered with a GP: record the birth first."})
    if practice is None or practice.kind != Organisation.Kind.GP_PRACTICE:
        raise ValidationError({"practice": "Choose the GP practice."})
    if start_date is None:
        raise ValidationError({"start_date": "Enter the date the registration started."})
    _not_in_future("start_date", start_date, "The start date")
    _not_before_birth(person, "start_date", start_date, "The start date")
    lock(person)  # one change of practice at a time: the second sees the first's as current
    current = GPRegistration.objects.filter(person=person, end_date__isnull=True).select_related("practice").first()
    if current is not None:
        if current.practice_id == practice.pk:
            raise AlreadyRecorded(
                current, f"{person.full_name} is already registered at {practice.name}, since "
                f"{format_date(current.start_date)}.", field="practice",
            )
        if start_date <= current.start_date:
            raise ValidationError(
                {"start_date": f"The new registration must start after {format_date(current.start_date)}, when "
                               f"{person.full_name} registered at {current.practice.name}."}
            )
        current.end_date = start_date
        current.save(update_fields=["end_date", "updated_at"])
        auditor.write(current, ["end_date"])
    with one_current(lambda: ValidationError({"practice": "Someone else recorded a GP registration for this person "
                                                          "at the same time. Nothing was saved: check the record."})):
        registration = GPRegistration.objects.create(person=person, practice=practice, start_date=start_date)
    auditor.create(registration, ["person", "practice", "start_date"])
    previous = f" (previously {current.practice.name})" if current else ""
    record_event(
        person,
        event_types.GP_REGISTRATION,
        f"Registered with {practice.name}{previous}",
        occurred_at=start_date,
        author=auditor.actor,
        source=registration,
    )
    return registration
