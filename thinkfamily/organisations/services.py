"""The contacts directory (R2.5): named professionals and teams, how to reach them in and
out of hours, and when someone last checked each entry. An entry nobody has verified in
the last ``CONTACTS_STALE_AFTER_DAYS`` (a setting, default 183, about six months) is stale and shown
as such, so that a number that no longer answers is found before someone needs it.

Views ask this module for entries and call its verbs to change them; every change is
atomic and audited, and an edit or a verification that started from an older version of
the entry is refused rather than overwriting someone else's change.

An entry is kept by whom it belongs to (the permissions organisations.add_contactentry and
organisations.change_contactentry, whose predicates are in thinkfamily.access.rules): its
professional, its team or, for an organisation-wide entry, the organisation's practitioners,
and the organisation's safeguarding leads and administrators. A correction clears the
entry's verification: only someone marking it as verified says the details were checked."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.core import clock, text
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import ContactEntry, Practitioner, Team
from thinkfamily.organisations.queries import EDITABLE_FIELDS, keepers_text, may_add_for, may_change


def _add_refused(organisation) -> str:
    return (
        f"You can add contacts only for the organisation you work for. Ask someone at {organisation.name} "
        "to add this one."
    )


# Changing --------------------------------------------------------------------------------


def _clean(fields: dict) -> dict:
    values = {name: fields[name] for name in EDITABLE_FIELDS if name in fields}
    text.check_identity(**{name: values[name] for name in ["name", "role", "phone", "out_of_hours_phone", "email"]
                           if name in values})
    for name in ["name", "role", "phone", "out_of_hours_phone", "email"]:
        if name in values:
            values[name] = (values[name] or "").strip()
    if not values.get("name"):
        raise ValidationError({"name": "Enter the name of the professional or team."})
    if not values.get("role"):
        raise ValidationError({"role": "Enter their role, or what the team does."})
    if not (values.get("phone") or values.get("out_of_hours_phone") or values.get("email")):
        raise ValidationError({"phone": "Enter a phone number or an email address, so that people can reach them."})
    return values


@transaction.atomic
def add_entry(auditor: Auditor, *, verified: bool = True, **fields) -> ContactEntry:
    """A new entry. Whoever adds it has just checked it, unless they say otherwise."""
    values = _clean(fields)
    if not may_add_for(auditor.actor, values.get("organisation")):
        raise ValidationError({"organisation": _add_refused(values["organisation"])})
    contact = ContactEntry(**values)
    if verified and auditor.actor is not None:
        contact.last_verified_at, contact.last_verified_by = clock.now(), auditor.actor
    contact.save()
    auditor.create(contact, [*values, *(["last_verified_at", "last_verified_by"] if verified else [])])
    return contact


@transaction.atomic
def update_entry(auditor: Auditor, contact: ContactEntry, *, expected_version: int, **fields) -> ContactEntry:
    """Correct an entry, if it is the corrector's to keep. A correction clears the entry's
    verification (the new details have not been checked): marking it as verified is its own
    action. Refused, with nothing written, for anyone else."""
    if not may_change(auditor.actor, contact):
        raise ValidationError({"__all__": keepers_text(contact)})
    values = _clean(fields)
    before = {name: getattr(contact, name) for name in values}
    changed = [name for name in values if values[name] != before[name]]
    if not changed:
        raise ValidationError({"__all__": "Nothing was changed."})
    if "organisation" in changed and not may_add_for(auditor.actor, values["organisation"]):
        raise ValidationError({"organisation": _add_refused(values["organisation"])})
    before |= {"last_verified_at": contact.last_verified_at, "last_verified_by": contact.last_verified_by}
    for name in changed:
        setattr(contact, name, values[name])
    contact.last_verified_at, contact.last_verified_by = None, None
    contact.save_versioned(expected_version, [*changed, "last_verified_at", "last_verified_by"], original=before)
    auditor.write(contact, [*changed, "last_verified_at", "last_verified_by"], detail={"verification": "cleared"})
    return contact


@transaction.atomic
def verify_entry(auditor: Auditor, contact: ContactEntry, *, expected_version: int) -> ContactEntry:
    """Record that ``auditor.actor`` checked this entry today and it is right. Refused, with
    nothing written, to anyone who may not keep the entry, and if the entry changed after they
    loaded it: they checked details that are no longer there."""
    if auditor.actor is None:
        raise ValidationError({"__all__": "Only a signed-in practitioner can verify a contact."})
    # Vouching that the details are right is keeping the entry: only its keepers may.
    if not may_change(auditor.actor, contact):
        raise ValidationError({"__all__": keepers_text(contact)})
    contact.last_verified_at, contact.last_verified_by = clock.now(), auditor.actor
    contact.save_versioned(expected_version, ["last_verified_at", "last_verified_by"])
    auditor.write(contact, ["last_verified_at", "last_verified_by"], detail={"action": "verified"})
    return contact


# Seeding ---------------------------------------------------------------------------------


@transaction.atomic
def seed_from_area(*, verified_at=None, verified_by=None) -> int:
    """Fill an empty directory from the teams and practitioners already recorded: one entry
    per team and one per active practitioner in a team. Entries start unverified (and so
    stale) unless ``verified_at`` is given: the system knowing a number is not someone having
    checked it. Does nothing if the directory has entries. Returns the number created."""
    if ContactEntry.objects.exists():
        return 0
    rows = []
    for team in Team.objects.select_related("service__organisation").order_by("pk"):
        service, organisation = team.service, team.service.organisation
        rows.append(
            ContactEntry(
                kind=ContactEntry.Kind.TEAM,
                name=team.name,
                role=service.get_kind_display(),
                organisation=organisation,
                team=team,
                phone=team.phone or service.phone or organisation.phone,
                out_of_hours_phone=organisation.out_of_hours_phone,
                email=team.email,
            )
        )
    practitioners = (
        Practitioner.objects.filter(is_active=True, team__isnull=False)
        .select_related("team__service__organisation")
        .order_by("pk")
    )
    for practitioner in practitioners:
        team = practitioner.team
        rows.append(
            ContactEntry(
                kind=ContactEntry.Kind.PERSON,
                name=practitioner.display_name,
                role=practitioner.job_title or practitioner.get_role_display() or "Practitioner",
                organisation=team.service.organisation,
                team=team,
                practitioner=practitioner,
                phone=practitioner.phone or team.phone or team.service.phone,
                email=practitioner.email or team.email,
            )
        )
    for row in rows:
        row.last_verified_at, row.last_verified_by = verified_at, (verified_by if verified_at else None)
    ContactEntry.objects.bulk_create(rows, batch_size=500)
    Auditor.system("contacts directory seeded from the area's teams and practitioners").write(
        None, [], detail={"action": "contacts directory seeded", "entries": len(rows)}
    )
    return len(rows)
