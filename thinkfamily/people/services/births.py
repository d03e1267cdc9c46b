"""An unborn child recorded against the pregnant woman (R1.5), and the same record becoming
the baby's at birth. A birth is recorded through legal_status.services.record_birth, which
calls ``convert_unborn_to_child`` here and then carries the unborn child's legal statuses over
to the baby (an unborn child protection plan's flag becomes the child's)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock, text
from thinkfamily.core.audit import Auditor
from thinkfamily.core.presenters import format_date
from thinkfamily.people.models import Person, Relationship
from thinkfamily.people.services.checks import (
    MINIMUM_PARENT_AGE_GAP_YEARS,
    check_parent_age_gap,
    not_in_future,
    years_between,
)
from thinkfamily.people.services.persons import correct_person, put_on_caseload
from thinkfamily.people.services.relationships import add_relationship_without_asking


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
    today = clock.today()
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
    check_parent_age_gap(mother, unborn, field="expected_delivery_date")
    unborn.refresh_search_keys()
    unborn.save()
    auditor.create(unborn, ["kind", "family_name", "expected_delivery_date"])
    put_on_caseload(auditor, unborn, on_caseload_of)
    add_relationship_without_asking(auditor, unborn, mother, Relationship.Type.MOTHER)
    if father is not None:
        add_relationship_without_asking(auditor, unborn, father, Relationship.Type.FATHER)
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
def convert_unborn_to_child(
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
    legal status and history entry recorded before birth stays with the child. The person's
    part of a birth: legal_status.services.record_birth calls it, then carries the unborn
    child's statuses over to the baby."""
    permissions.require_of(auditor, "people.change_record", unborn)
    if not unborn.is_unborn:
        raise ValidationError({"__all__": "This person has already been born."})
    if date_of_birth is None:
        raise ValidationError({"date_of_birth": "Enter the date of birth."})
    not_in_future("date_of_birth", date_of_birth, "Date of birth")
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
            and years_between(rel.relative.date_of_birth, date_of_birth) < MINIMUM_PARENT_AGE_GAP_YEARS
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
    return person
