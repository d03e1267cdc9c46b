"""A change of a child's legal statuses and everything that follows from it, in one place.

Legal statuses are append-only rows (``people.models.LegalStatusEntry``; the current status is
derived from them, ``people.family.current_legal_statuses``), written by the children's social
care of the council responsible for them (access.permissions). They change through these
entry points, each one atomic verb that checks the change, writes its rows and audit events,
and then calls ``apply_consequences``:

- ``record_legal_status``: a status starts or ends;
- ``record_placement_change``: a looked-after child moves to a new placement, and stays looked
  after (the status ended and started again the same day, told as one change);
- ``correct_legal_status``: a wrong entry is superseded by a corrected one, which stays visible;
- ``record_birth``: an unborn child is born (people.services.births), and the statuses recorded
  before birth carry on as the baby's.

``apply_consequences`` applies what a change sets off, always in this order, inside the
change's transaction (so a refused consequence undoes the change):

1. ``CHRONOLOGY``: the change's own line in the child's chronology. It comes first so that the
   lines its consequences write (a flag raised, a health assessment due) follow it;
2. ``FLAGS``: the flag that goes with the status raised or ended (flags.services), kept on
   the new entry of a placement change or a correction, or turned from an unborn child
   protection plan into the baby's;
3. ``NOTIFICATIONS``: the people who must know are told (notifications.rules);
4. ``HEALTH_ASSESSMENTS``: entering care opens an initial health assessment and leaving care
   closes the open ones (lac.services.pipeline);
5. ``MISSED_APPOINTMENTS``: a child protection plan or looked-after status starting lowers the
   'was not brought' threshold to one, so the child's missed appointments are weighed again
   (appointments.services.was_not_brought, R7.1).

Not every kind of change sets off all four (``CONSEQUENCES``):

- a status recorded (started or ended): all four;
- a placement change: no health assessment is opened or closed and missed appointments are not
  weighed again (the care goes on, and the assessments due stay due);
- a correction: all four, but people are told only when the correction starts or ends a
  status the wrong entry did not (``Change.status_or_change_corrected``);
- a birth: its flags only (the birth's own chronology line is the person's, written by
  people.services.births).

The demo writes legal statuses, their flags and chronology lines as bulk rows
(demo/generator/) and plays the health assessments of a featured child through
``apply_consequences`` with ``only={HEALTH_ASSESSMENTS}`` (demo/lac_stories.py)."""

import enum
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.appointments.services.was_not_brought import ONE_MISS_STATUSES, review_was_not_brought
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import lock
from thinkfamily.core.presenters import format_date
from thinkfamily.flags import services as flag_services
from thinkfamily.lac.services import pipeline as lac_pipeline
from thinkfamily.notifications import rules as notification_rules
from thinkfamily.organisations.models import Service
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import LegalStatus, LegalStatusEntry, Person
from thinkfamily.people.services import births
from thinkfamily.people.services.checks import not_before_birth, not_in_future

# The consequences of a change ---------------------------------------------------------------


class Kind(enum.StrEnum):
    """What happened to the child's legal statuses."""

    RECORDED = "recorded"
    PLACEMENT_CHANGED = "placement changed"
    CORRECTED = "corrected"
    BIRTH = "birth"


class Consequence(enum.StrEnum):
    """What a change sets off, in the order ``apply_consequences`` applies them."""

    CHRONOLOGY = "chronology"
    FLAGS = "flags"
    NOTIFICATIONS = "notifications"
    HEALTH_ASSESSMENTS = "health assessments"
    MISSED_APPOINTMENTS = "missed appointments"


ALL = frozenset(Consequence)


@dataclass(frozen=True)
class Change:
    """One change of a person's legal statuses. ``entry`` is the entry it wrote that is now in
    force (the status started or ended, the new placement's start, the correction; none for a
    birth); ``previous`` the entry it follows (the placement's start it ends, the entry it
    corrects)."""

    kind: Kind
    person: Person
    entry: LegalStatusEntry | None = None
    previous: LegalStatusEntry | None = None

    @property
    def status_or_change_corrected(self) -> bool:
        """A correction that starts or ends a status the wrong entry did not (a child protection
        plan that was really a looked-after status, a start that was an end), rather than one
        that puts right the date, category or authority of the same status and change."""
        return (self.previous.status, self.previous.change) != (self.entry.status, self.entry.change)


def legal_status_summary(label: str, change: str) -> str:
    """The chronology's words for a legal status starting or ending ("Looked after started")."""
    return f"{label} {dict(LegalStatusEntry.Change.choices).get(change, change).lower()}"


def chronology_line(change: Change) -> tuple[event_types.EventType, str]:
    """The type and summary of the change's own chronology line (not for a birth, whose line
    is the person's). Pure, so that what writes these lines in bulk can word them the same."""
    entry = change.entry
    if change.kind == Kind.RECORDED:
        started = entry.change == LegalStatusEntry.Change.START
        event_type = event_types.LEGAL_STATUS_STARTED if started else event_types.LEGAL_STATUS_ENDED
        return event_type, legal_status_summary(entry.label, entry.change)
    if change.kind == Kind.PLACEMENT_CHANGED:
        where = " (placed out of area)" if entry.placed_out_of_area else ""
        by = f", placed by {entry.placing_authority.name}" if entry.placing_authority else ""
        authority = entry.responsible_authority
        return event_types.PLACEMENT_CHANGED, (
            f"Moved to a new placement: {entry.placement_type}{where}{by}. Still looked after by "
            f"{authority.name if authority else 'the council'}."
        )
    if change.kind == Kind.CORRECTED:
        return event_types.LEGAL_STATUS_CORRECTED, (
            f"Entry corrected to: {legal_status_summary(entry.label, entry.change)} ({entry.correction_reason})"
        )
    raise ValueError(f"A {change.kind} has no chronology line of its own")


def council_service(council) -> Service | None:
    """The council's children's social care (its service that records legal statuses), which
    a legal status line is credited to when no practitioner's service recorded it."""
    if council is None:
        return None
    return Service.objects.filter(organisation=council, kind=Service.Kind.CHILDRENS_SOCIAL_CARE).order_by("id").first()


def _chronology(auditor: Auditor, change: Change) -> None:
    """The change's line, credited to the service of the practitioner who recorded it, else to
    the responsible council (never to ThinkFamily: the council recorded the status)."""
    event_type, summary = chronology_line(change)
    actor = auditor.actor
    service = actor.team.service if getattr(actor, "team_id", None) else council_service(
        change.entry.responsible_authority)
    record_event(
        change.person, event_type, summary, occurred_at=change.entry.effective_date, author=actor,
        service=service, source=change.entry,
    )


def _flags(auditor: Auditor, change: Change) -> None:
    if change.kind == Kind.RECORDED:
        flag_services.sync_with_legal_status(auditor, change.entry)
    elif change.kind == Kind.PLACEMENT_CHANGED:
        flag_services.on_placement_change(auditor, previous=change.previous, new=change.entry)
    elif change.kind == Kind.CORRECTED:
        flag_services.on_legal_status_corrected(auditor, change.previous, change.entry)
    else:
        flag_services.on_birth(auditor, change.person)


def _notifications(auditor: Auditor, change: Change) -> None:
    notification_rules.on_legal_status_change(change.entry, sender=auditor.actor)


def _health_assessments(auditor: Auditor, change: Change) -> None:
    if change.kind == Kind.RECORDED:
        lac_pipeline.on_legal_status_change(auditor, change.entry)
    elif change.kind == Kind.CORRECTED:
        lac_pipeline.on_legal_status_corrected(auditor, change.previous, change.entry)


def _missed_appointments(auditor: Auditor, change: Change) -> None:
    entry = change.entry
    if entry.change == LegalStatusEntry.Change.START and entry.status in ONE_MISS_STATUSES:
        review_was_not_brought(change.person, sender=auditor.actor)


# Which consequences each kind of change sets off (a correction tells people only when
# ``status_or_change_corrected``: a correction of the date, category or authority of the same
# status and change tells no one again).
CONSEQUENCES = {
    Kind.RECORDED: ALL,
    Kind.PLACEMENT_CHANGED: ALL - {Consequence.HEALTH_ASSESSMENTS, Consequence.MISSED_APPOINTMENTS},
    Kind.CORRECTED: ALL,
    Kind.BIRTH: frozenset({Consequence.FLAGS}),
}
STEPS = [
    (Consequence.CHRONOLOGY, _chronology),
    (Consequence.FLAGS, _flags),
    (Consequence.NOTIFICATIONS, _notifications),
    (Consequence.HEALTH_ASSESSMENTS, _health_assessments),
    (Consequence.MISSED_APPOINTMENTS, _missed_appointments),
]


def apply_consequences(auditor: Auditor, change: Change, *, only=ALL) -> None:
    """Apply what ``change`` sets off, in the fixed order of ``STEPS`` (module docstring),
    inside the caller's transaction. ``only`` narrows them, for rows written in bulk that
    already hold the rest (the demo)."""
    wanted = CONSEQUENCES[change.kind] & frozenset(only)
    if change.kind == Kind.CORRECTED and not change.status_or_change_corrected:
        wanted -= {Consequence.NOTIFICATIONS}
    for consequence, apply in STEPS:
        if consequence in wanted:
            apply(auditor, change)


# The entry points ---------------------------------------------------------------------------

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


@transaction.atomic
def record_legal_status(auditor: Auditor, person: Person, *, status: str, change: str, effective_date, **details):
    """Append a legal status change. The current status is derived from these rows."""
    _may_record_status(auditor, person)
    lock(person)  # one change of this person's statuses at a time (no-op on SQLite, which locks the database)
    not_in_future("effective_date", effective_date, "The date")
    if not person.is_unborn:
        not_before_birth(person, "effective_date", effective_date, "The date")
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
    apply_consequences(auditor, Change(Kind.RECORDED, person, entry))
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
    only way to change a running entry's placement), but as one change (``Kind.PLACEMENT_CHANGED``):
    one chronology line, the Looked after flag kept (it follows the new entry), the health
    assessments untouched, and the child's practitioners told that the child is still looked
    after, in a new placement. Returns the new start entry."""
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
    not_in_future("effective_date", effective_date, "The date of the move")
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
    apply_consequences(auditor, Change(Kind.PLACEMENT_CHANGED, person, start, previous=current))
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
    not_in_future("effective_date", values["effective_date"], "The date")
    if not person.is_unborn:
        not_before_birth(person, "effective_date", values["effective_date"], "The date")
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
    apply_consequences(auditor, Change(Kind.CORRECTED, person, new, previous=locked))
    return new


@transaction.atomic
def record_birth(auditor: Auditor, unborn: Person, **details) -> Person:
    """An unborn child is born: the same record becomes the baby's (``details`` as
    people.services.births.convert_unborn_to_child takes them), and its statuses carry on
    as the baby's: an unborn child protection plan continues as the baby's child protection
    plan, and its flag with it."""
    person = births.convert_unborn_to_child(auditor, unborn, **details)
    apply_consequences(auditor, Change(Kind.BIRTH, person))
    return person
