"""Relationships and parental responsibility: who a person is to whom, and who holds
parental responsibility for a child. Atomic verbs that audit inside the transaction; a broken
rule raises a ValidationError keyed by field, and nothing is written."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.people.models import ParentalResponsibility, Person, Relationship
from thinkfamily.people.services.checks import birth_or_due, check_parent_age_gap, not_before_birth, not_in_future


@transaction.atomic
def add_relationship(
    auditor: Auditor, person: Person, relative: Person, type: str, *, start_date=None, notes: str = ""
) -> Relationship:
    permissions.require_of(auditor, "people.change_record", person)
    return add_relationship_without_asking(auditor, person, relative, type, start_date=start_date, notes=notes)


def add_relationship_without_asking(
    auditor: Auditor, person: Person, relative: Person, type: str, *, start_date=None, notes: str = ""
) -> Relationship:
    """A relationship, without asking who may record it: for the services that have asked (an
    unborn baby recorded against its mother is linked to her before anyone works with it)."""
    if person.pk == relative.pk:
        raise ValidationError({"relative": "A person cannot be related to themselves."})
    if start_date:
        not_in_future("start_date", start_date, "The start date")
    if type in Relationship.PARENT_TYPES:
        check_parent_age_gap(relative, person)
        if start_date is None and type in Relationship.BIRTH_PARENT_TYPES:
            start_date = person.date_of_birth  # a birth parent from birth (None while unborn)
    if start_date:
        not_before_birth(person, "start_date", start_date, "The start date")
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
    same = Relationship.objects.open().filter(person=person, relative=relative, type=type).first()
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
    not_in_future("end_date", end_date, "The end date")
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
    not_in_future("start_date", start_date, "The start date")
    if holder is not None and holder.pk == child.pk:
        raise ValidationError({"holder": "A child cannot hold parental responsibility for themselves."})
    if holder is not None and holder.date_of_birth and birth_or_due(child):
        check_parent_age_gap(holder, child, field="holder")
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
