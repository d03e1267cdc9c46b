"""A person's moves between households: the current membership ends and a new one starts,
at a relative's household or a new address. Family links survive the move."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import text
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.people.models import Household, HouseholdMembership, Person
from thinkfamily.people.services.checks import not_before_birth, not_in_future


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
    not_in_future("move_date", move_date, "The date of the move")
    not_before_birth(person, "move_date", move_date, "The date of the move")
    if (to_household is None) == (not new_address):
        raise ValidationError({"destination": "Choose where the person has moved to."})
    lock(person)  # one move of this person at a time: the second sees the first's household as current
    current = (
        HouseholdMembership.objects.open().filter(person=person).select_related("household").first()
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
