"""Raising and ending flags. Each write is atomic, audited, written to the chronology, and
creates its notifications in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.text import slugify

from thinkfamily.access import permissions
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock, text
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.flags.models import Flag, FlagType
from thinkfamily.notifications import rules as notification_rules
from thinkfamily.people.models import CPCategory, LegalStatus, LegalStatusEntry

LEGAL_STATUS_FLAGS = {
    LegalStatus.CHILD_PROTECTION_PLAN: "cp_plan",
    LegalStatus.LOOKED_AFTER: "looked_after",
    LegalStatus.PLACED_FOR_ADOPTION: "placed_for_adoption",
    LegalStatus.CHILD_IN_NEED: "child_in_need",
}
ADULT_RISK_FLAGS = {"marac", "mappa", "domestic_abuse"}
LEGAL_STATUS_ENDED = "Legal status ended"  # the end reason of a flag its legal status ended


def flag_code_for_status(status: str, *, unborn: bool) -> str | None:
    """The type of flag a legal status raises (None: it raises none). An unborn child's child
    protection plan raises the unborn one."""
    code = LEGAL_STATUS_FLAGS.get(status)
    if code is not None and status == LegalStatus.CHILD_PROTECTION_PLAN and unborn:
        return "unborn_cp_plan"
    return code


def flag_detail_for_status(cp_category: str) -> str:
    """The detail of a flag raised by a legal status: a child protection plan's category."""
    return str(dict(CPCategory.choices).get(cp_category, cp_category)) if cp_category else ""


def raised_summary(label: str, organisation_name: str) -> str:
    """The chronology's line for a flag raised."""
    return f"{label} flag raised by {organisation_name}"


def ended_summary(label: str) -> str:
    """The chronology's line for a flag ended."""
    return f"{label} flag ended"


def may_manage_flags(user) -> bool:
    return permissions.may(user, "flags.manage_flags")


def may_see_flag(user, flag) -> bool:
    if flag.visibility == Flag.Visibility.EVERYONE:
        return True
    return permissions.may(user, "flags.see_safeguarding_flags")


MARAC = "marac"


def raisable_types(user):
    """The flag types this user raises by hand: a safeguarding lead every type that does not
    follow from a legal status; the MARAC coordinator the MARAC flag; anyone else none."""
    if may_manage_flags(user):
        return hand_raised_types()
    if permissions.is_marac_coordinator(user):
        return hand_raised_types().filter(code=MARAC)
    return FlagType.objects.none()


def may_raise(user, record, type_code: str) -> bool:
    """Whether the user may raise or end a flag of this type by hand on this record (a Person,
    or the user's Access to it)."""
    if permissions.may(user, "flags.raise_flag", record):
        return True
    return type_code == MARAC and permissions.may(user, "flags.raise_marac_flag", record)


def _require_raiser(auditor: Auditor, person, type_code: str) -> None:
    if auditor.actor is None or not may_raise(auditor.actor, person, type_code):
        name = "flags.raise_marac_flag" if permissions.is_marac_coordinator(auditor.actor) else "flags.raise_flag"
        raise permissions.NotPermitted(permissions.MESSAGES[name], record=person)


def hand_raised_types():
    """The flag types a safeguarding lead may raise by hand: every type that does not follow
    from a legal status."""
    return FlagType.objects.filter(from_legal_status="")


def flag_type(code: str) -> FlagType:
    return FlagType.objects.get(code=code)


def social_care_contact(organisation) -> dict:
    """Whom a flag names to contact: the raising organisation's children's social care."""
    return {
        "contact_name": f"{organisation.name} children's social care" if organisation else "",
        "contact_phone": organisation.phone if organisation else "",
        "contact_out_of_hours_phone": organisation.out_of_hours_phone if organisation else "",
    }


@transaction.atomic
def raise_flag(
    auditor: Auditor,
    person,
    type_: FlagType,
    *,
    start_date,
    organisation,
    detail: str = "",
    contact: dict | None = None,
    visibility: str = Flag.Visibility.EVERYONE,
    legal_status_entry=None,
) -> Flag:
    if type_.from_legal_status and legal_status_entry is None:
        raise ValidationError(
            {
                "type": f"A {type_.label.lower()} flag follows from the legal status: record the "
                "legal status change and the flag is raised with it."
            }
        )
    lock(person)  # one writer of this person's flags at a time: the check below sees the other's flag
    existing = _current_flag(person, type_)
    if existing is not None and legal_status_entry is not None:
        return existing  # the status is already flagged (one banner per type), e.g. by an entry a correction replaced
    if existing is not None:
        raise _already_raised(existing)
    with one_current(lambda: _already_raised(_current_flag(person, type_))):
        flag = Flag.objects.create(
            person=person,
            type=type_,
            detail=detail,
            start_date=start_date,
            raised_by_organisation=organisation,
            visibility=visibility,
            legal_status_entry=legal_status_entry,
            raised_by=auditor.actor,
            created_at=clock.now(),
            **(contact or social_care_contact(organisation)),
        )
    auditor.create(flag, ["person", "type", "detail", "start_date", "raised_by_organisation", "visibility"])
    record_event(
        person,
        event_types.FLAG_RAISED,
        raised_summary(flag.label, organisation.name),
        occurred_at=start_date,
        author=auditor.actor,
        source=flag,
    )
    notification_rules.on_flag_raised(flag)
    return flag


def _current_flag(person, type_: FlagType) -> Flag | None:
    """The person's open flag of this type: one at most (constraint one_current_flag_of_a_type)."""
    return Flag.objects.select_related("type", "raised_by_organisation").filter(
        person=person, type=type_, end_date__isnull=True
    ).first()


def _already_raised(existing: Flag) -> ValidationError:
    return AlreadyRecorded(
        existing,
        f"{existing.person.full_name} already has a current {existing.type.label.lower()} flag, raised "
        f"{format_date(existing.start_date)} by {existing.raised_by_organisation.name}. Nothing new was raised.",
        field="type",
    )


@transaction.atomic
def end_flag(auditor: Auditor, flag: Flag, *, end_date, reason: str = "") -> Flag:
    locked = Flag.objects.select_for_update().get(pk=flag.pk)
    if locked.end_date is not None:
        raise AlreadyRecorded(
            locked, f"The {locked.label} flag has already ended, on {format_date(locked.end_date)}.", field="end_date"
        )
    if end_date < locked.start_date:
        raise ValidationError({"end_date": f"The flag cannot end before it started, {format_date(locked.start_date)}."})
    locked.end_date, locked.ended_by, locked.end_reason = end_date, auditor.actor, reason
    locked.save(update_fields=["end_date", "ended_by", "end_reason"])
    auditor.write(locked, ["end_date", "ended_by", "end_reason"])
    record_event(
        locked.person,
        event_types.FLAG_ENDED,
        ended_summary(locked.label),
        occurred_at=end_date,
        author=auditor.actor,
        source=locked,
    )
    return locked


def sync_with_legal_status(auditor: Auditor, entry: LegalStatusEntry) -> None:
    """Called by legal_status.services when a legal status starts or ends: the matching flag is
    raised or ended by the same change, never typed twice."""
    person = entry.person
    code = flag_code_for_status(entry.status, unborn=person.is_unborn)
    if code is None:
        return
    if entry.change == LegalStatusEntry.Change.START:
        organisation = entry.responsible_authority
        raise_flag(
            auditor,
            person,
            flag_type(code),
            start_date=entry.effective_date,
            organisation=organisation,
            detail=flag_detail_for_status(entry.cp_category),
            legal_status_entry=entry,
        )
    else:
        for flag in Flag.objects.open().filter(person=person, type__from_legal_status=entry.status):
            end_flag(auditor, flag, end_date=entry.effective_date, reason=LEGAL_STATUS_ENDED)


def on_placement_change(auditor: Auditor, *, previous: LegalStatusEntry, new: LegalStatusEntry) -> None:
    """A looked-after child's new placement continues the period of care: the Looked after
    flag stays raised from the start of care, and follows the new entry."""
    for flag in Flag.objects.open().filter(legal_status_entry=previous):
        flag.legal_status_entry = new
        flag.save(update_fields=["legal_status_entry"])
        auditor.write(flag, ["legal_status_entry"], detail={"reason": "change of placement"})


def on_birth(auditor: Auditor, person) -> None:
    """An unborn child protection plan continues as the baby's child protection plan."""
    for flag in Flag.objects.open().filter(person=person, type__code="unborn_cp_plan"):
        end_flag(auditor, flag, end_date=person.date_of_birth, reason="Baby born: the plan continues")
        raise_flag(
            auditor,
            person,
            flag_type("cp_plan"),
            start_date=person.date_of_birth,
            organisation=flag.raised_by_organisation,
            detail=flag.detail,
            contact={
                "contact_name": flag.contact_name,
                "contact_phone": flag.contact_phone,
                "contact_out_of_hours_phone": flag.contact_out_of_hours_phone,
            },
            legal_status_entry=flag.legal_status_entry,
        )


def on_legal_status_corrected(auditor: Auditor, old: LegalStatusEntry, new: LegalStatusEntry) -> None:
    """A corrected entry carries its flag with it: the same status keeps its flag (with the
    corrected details); a different status or change ends the old flag and syncs the new."""
    linked = list(Flag.objects.filter(legal_status_entry=old))
    same = old.status == new.status and old.change == new.change
    for flag in linked:
        if same and new.change == LegalStatusEntry.Change.START:
            flag.legal_status_entry = new
            flag.start_date = new.effective_date
            flag.detail = flag_detail_for_status(new.cp_category)
            flag.save(update_fields=["legal_status_entry", "start_date", "detail"])
            auditor.write(flag, ["legal_status_entry", "start_date", "detail"], detail={"reason": "entry corrected"})
        elif flag.end_date is None:
            end_flag(auditor, flag, end_date=max(flag.start_date, new.effective_date), reason="Entry corrected")
    if not same:
        sync_with_legal_status(auditor, new)


# Flags a safeguarding lead raises and ends by hand -----------------------------------------


def _require_manager(auditor: Auditor) -> None:
    if auditor.actor is None or not may_manage_flags(auditor.actor):
        raise PermissionDenied(permissions.MESSAGES["flags.manage_flags"])


def _legal_status_refusal(type_: FlagType, verb: str) -> ValidationError:
    return ValidationError(
        f"A {type_.label.lower()} flag follows from the legal status: record the legal status change "
        f"and the flag is {verb} with it."
    )


@transaction.atomic
def raise_flag_by_hand(
    auditor: Auditor,
    person,
    type_: FlagType,
    *,
    start_date,
    contact_name: str,
    contact_phone: str,
    contact_out_of_hours_phone: str = "",
    visibility: str = Flag.Visibility.EVERYONE,
    detail: str = "",
) -> Flag:
    """A flag that no legal status raises (MARAC, MAPPA, CSE risk...). Checks everything
    before writing anything: on any error nothing is written."""
    _require_raiser(auditor, person, type_.code)
    if type_.from_legal_status:
        raise ValidationError({"type": _legal_status_refusal(type_, "raised").messages[0]})
    errors = {}
    today = clock.today()
    if start_date is None:
        errors["start_date"] = "Enter the date the flag starts."
    elif start_date > today:
        errors["start_date"] = "The start date must be today or in the past."
    elif person.date_of_birth and start_date < person.date_of_birth:
        errors["start_date"] = (
            f"The start date cannot be before {person.full_name}'s date of birth, {format_date(person.date_of_birth)}."
        )
    if not (contact_name or "").strip():
        errors["contact_name"] = "Enter who to contact about this flag."
    if not (contact_phone or "").strip():
        errors["contact_phone"] = "Enter the contact's in-hours telephone number."
    if visibility not in Flag.Visibility.values:
        errors["visibility"] = "Choose who may see this flag."
    if errors:
        raise ValidationError(errors)
    text.check_identity(contact_name=contact_name, contact_phone=contact_phone,
                        contact_out_of_hours_phone=contact_out_of_hours_phone)
    return raise_flag(
        auditor,
        person,
        type_,
        start_date=start_date,
        organisation=auditor.actor.organisation,
        detail=detail.strip(),
        contact={
            "contact_name": contact_name.strip(),
            "contact_phone": contact_phone.strip(),
            "contact_out_of_hours_phone": (contact_out_of_hours_phone or "").strip(),
        },
        visibility=visibility,
    )


@transaction.atomic
def end_flag_by_hand(auditor: Auditor, flag: Flag, *, end_date, reason: str) -> Flag:
    _require_raiser(auditor, flag.person, flag.type.code)
    if flag.legal_status_entry_id or flag.type.from_legal_status:
        raise _legal_status_refusal(flag.type, "ended")
    errors = {}
    if end_date is None:
        errors["end_date"] = "Enter the date the flag ends."
    elif end_date > clock.today():
        errors["end_date"] = "The end date must be today or in the past."
    if not (reason or "").strip():
        errors["reason"] = "Say why the flag is ending."
    if errors:
        raise ValidationError(errors)
    return end_flag(auditor, flag, end_date=end_date, reason=reason.strip())


@transaction.atomic
def add_flag_type(auditor: Auditor, *, label: str, description: str = "") -> FlagType:
    """A local flag type, raised by hand like MARAC or CSE risk (never from a legal status)."""
    _require_manager(auditor)
    text.check_identity(label=label)
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": "Enter the name of the flag type."})
    code = slugify(label).replace("-", "_")[:40]
    if not code:
        raise ValidationError({"label": "The name must contain letters or numbers."})
    if FlagType.objects.filter(code=code).exists() or FlagType.objects.filter(label__iexact=label).exists():
        raise ValidationError({"label": f"A flag type called '{label}' already exists."})
    with one_current(lambda: ValidationError({"label": f"A flag type called '{label}' already exists."})):
        type_ = FlagType.objects.create(
            code=code, label=label, description=(description or "").strip(), added_by=auditor.actor
        )
    auditor.create(type_, ["code", "label", "description"])
    return type_


def flag_of(person, flag_id) -> Flag:
    """One of this person's own flags, for a page that has opened the person through the
    access layer; 404 otherwise (an unborn child's flag is ended on the unborn's record)."""
    flag = Flag.objects.select_related("type", "raised_by_organisation", "person").filter(
        pk=flag_id, person_id=person.pk
    ).first()
    if flag is None:
        raise Http404("No such flag")
    return flag


def all_flag_types():
    return list(FlagType.objects.select_related("added_by"))
