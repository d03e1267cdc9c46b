"""Rules about dates and ages that the people services share, and the legal status services
(thinkfamily.legal_status) too: a date not in the future, not before the person was born, a
parent old enough to be one. Each raises a ValidationError keyed by the field, so that nothing
is written."""

import datetime

from django.core.exceptions import ValidationError

from thinkfamily.core import clock
from thinkfamily.core.presenters import format_date
from thinkfamily.people.models import Person

MINIMUM_PARENT_AGE_GAP_YEARS = 10


def not_in_future(field: str, value, label: str) -> None:
    if value and value > clock.today():
        raise ValidationError({field: f"{label} must be today or in the past."})


def years_between(earlier: datetime.date, later: datetime.date) -> int:
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def not_before_birth(person: Person, field: str, value: datetime.date, label: str) -> None:
    if person.date_of_birth and value < person.date_of_birth:
        born = format_date(person.date_of_birth)
        raise ValidationError({field: f"{label} must be on or after {person.full_name}'s date of birth, {born}."})


def birth_or_due(person: Person) -> datetime.date:
    return person.date_of_birth or person.expected_delivery_date


def check_parent_age_gap(parent: Person, child: Person, field: str = "relative") -> None:
    parent_birth, child_birth = parent.date_of_birth, birth_or_due(child)
    if parent_birth and child_birth and years_between(parent_birth, child_birth) < MINIMUM_PARENT_AGE_GAP_YEARS:
        raise ValidationError(
            {
                field: f"{parent.full_name} (born {format_date(parent_birth)}) cannot be a parent of "
                f"{child.full_name} (born {format_date(child_birth)}): a parent must be at least "
                f"{MINIMUM_PARENT_AGE_GAP_YEARS} years older than the child. Check both dates of birth."
            }
        )
