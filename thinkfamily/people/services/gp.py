"""Registration with a GP practice (issue 12): one practice is current on any day, and the
history is kept."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.organisations.models import Organisation
from thinkfamily.people.models import GPRegistration, Person
from thinkfamily.people.services.checks import not_before_birth, not_in_future


@transaction.atomic
def register_with_gp(auditor: Auditor, person: Person, *, practice, start_date):
    """The person registers with ``practice`` from ``start_date``: the current registration
    ends that day (end dates are exclusive, so exactly one practice is current on any day) and
    the history is kept. The practice's staff read the record from that day (access.rules)."""
    permissions.require(auditor.actor, "people.change_record", person)
    if person.is_unborn:
        raise ValidationError({"practice": "An unborn baby is not registered with a GP: record the birth first."})
    if practice is None or practice.kind != Organisation.Kind.GP_PRACTICE:
        raise ValidationError({"practice": "Choose the GP practice."})
    if start_date is None:
        raise ValidationError({"start_date": "Enter the date the registration started."})
    not_in_future("start_date", start_date, "The start date")
    not_before_birth(person, "start_date", start_date, "The start date")
    lock(person)  # one change of practice at a time: the second sees the first's as current
    current = GPRegistration.objects.open().filter(person=person).select_related("practice").first()
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
