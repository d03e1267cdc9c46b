"""The care leaver's health passport (R6.6), and the immunisations and known conditions it
draws on.

For a young person of 16 or over, or a care leaver, the nurse generates a passport: a snapshot
(``HealthPassport.content``) of the completed health assessments, immunisations, known
conditions, the family health history the young person may be told (entries flagged
``may_share_with_young_person``, never the others) and whom to contact. The nurse reviews it
(with a note) and then releases it to the young person; release is audited as an export and
written to the chronology. The PDF is drawn from the snapshot, never from the live record, so
what was reviewed is what the young person gets; each download is audited."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.exports import Export
from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.lac.models import (
    FamilyHealthHistory,
    HealthAssessment,
    HealthCondition,
    HealthPassport,
    Immunisation,
)
from thinkfamily.lac.presenters.passport import passport_export, passport_pdf
from thinkfamily.lac.services.plans import require_writer
from thinkfamily.notifications.rules import children_in_care_team
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import GPRegistration, LegalStatus, LegalStatusEntry

PASSPORT_GENERATED = register("health_passport_generated", "Health passport prepared", Significance.LOW)
PASSPORT_RELEASED = register("health_passport_released", "Health passport given to the young person",
                             Significance.MEDIUM)
IMMUNISATION_RECORDED = register("immunisation_recorded", "Immunisation recorded", Significance.LOW)
CONDITION_RECORDED = register("health_condition_recorded", "Health condition recorded", Significance.LOW)

PASSPORT_FROM_AGE = 16


def eligibility(child, today: datetime.date | None = None) -> str:
    """'' when the young person may have a passport, or why not, in words a nurse can act on."""
    today = today or clock.today()
    if child.date_of_birth is None:
        return "A health passport is for a young person with a recorded date of birth."
    age = relativedelta(today, child.date_of_birth).years
    if age >= PASSPORT_FROM_AGE:
        return ""
    statuses = {e.status for e in current_legal_statuses(LegalStatusEntry.objects.in_force().filter(person=child))}
    if LegalStatus.CARE_LEAVER in statuses:
        return ""
    sixteenth = child.date_of_birth + relativedelta(years=PASSPORT_FROM_AGE)
    return (
        f"{child.full_name} is {age}. A health passport is prepared for a young person approaching 18: "
        f"from their 16th birthday ({format_date(sixteenth)}), or earlier once they are recorded as a care leaver."
    )


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _phone(team) -> str:
    return team.phone or team.service.phone or team.service.organisation.phone


def contacts_for(child, today: datetime.date) -> list[dict]:
    """The young person's GP practice and children-in-care health team(s), with how to reach them."""
    contacts = []
    registration = (
        GPRegistration.objects.current(today).filter(person=child)
        .select_related("practice")
        .order_by("-start_date", "-id")
        .first()
    )
    if registration is not None:
        practice = registration.practice
        contacts.append({"role": "GP practice", "name": practice.name, "organisation": "",
                         "phone": practice.phone, "email": "", "address": practice.address})
    teams = {}
    for practitioner in children_in_care_team(child).select_related("team__service__organisation"):
        teams.setdefault(practitioner.team_id, practitioner.team)
    for team in sorted(teams.values(), key=lambda t: t.name):
        organisation = team.service.organisation
        contacts.append({"role": "Children in care health team", "name": team.name,
                         "organisation": organisation.name, "phone": _phone(team), "email": team.email,
                         "address": organisation.address})
    return contacts


def build_content(child, today: datetime.date | None = None) -> dict:
    """The snapshot a passport holds. Only family history flagged as shareable is included."""
    today = today or clock.today()
    assessments = HealthAssessment.objects.filter(child=child, completed_on__isnull=False).order_by("seen_on", "id")
    return {
        "young_person": {
            "name": child.full_name,
            "date_of_birth": _iso(child.date_of_birth),
            "nhs_number": child.formatted_nhs_number,
        },
        "prepared_on": today.isoformat(),
        "health_history": [
            {"what": a.get_kind_display(), "seen_on": _iso(a.seen_on), "completed_on": _iso(a.completed_on)}
            for a in assessments
        ],
        "immunisations": [
            {"vaccine": i.vaccine, "given_on": _iso(i.given_on)}
            for i in Immunisation.objects.filter(child=child).order_by("given_on", "id")
        ],
        "conditions": [
            {"name": c.name, "since": _iso(c.since), "ended_on": _iso(c.ended_on), "notes": c.notes}
            for c in HealthCondition.objects.filter(child=child).order_by("since", "id")
        ],
        "family_history": [
            {"relative": f.get_relative_display(), "condition": f.condition, "details": f.details}
            for f in FamilyHealthHistory.objects.filter(child=child, may_share_with_young_person=True).order_by(
                "relative", "id"
            )
        ],
        "contacts": contacts_for(child, today),
    }


# Services ---------------------------------------------------------------------------------


@transaction.atomic
def generate_passport(auditor: Auditor, child) -> HealthPassport:
    require_writer(auditor.actor, child)
    if child.kind != "child":
        raise ValidationError({"__all__": "A health passport is for a young person in or leaving care."})
    reason = eligibility(child)
    if reason:
        raise ValidationError({"__all__": reason})
    passport = HealthPassport.objects.create(child=child, content=build_content(child), generated_by=auditor.actor)
    auditor.create(passport, ["content"], subject=child)
    record_event(child, PASSPORT_GENERATED, "Health passport prepared for review by the nurse",
                 occurred_at=clock.now(), author=auditor.actor, source=passport)
    return passport


def _locked(passport: HealthPassport) -> HealthPassport:
    return HealthPassport.objects.select_for_update().select_related("child").get(pk=passport.pk)


@transaction.atomic
def review_passport(auditor: Auditor, passport: HealthPassport, *, note: str) -> HealthPassport:
    """The nurse has read the passport through and says so, with a note."""
    require_writer(auditor.actor, passport.child)
    locked = _locked(passport)
    note = (note or "").strip()
    if locked.released_at is not None:
        raise ValidationError({"note": "This passport has been released: prepare a new one to change it."})
    if not note:
        raise ValidationError({"note": "Write what you checked (for example 'checked with the GP record; "
                                       "family history agreed with the social worker')."})
    if len(note) > 500:
        raise ValidationError({"note": "Keep the review note to 500 characters or fewer."})
    locked.reviewed_by, locked.reviewed_at, locked.review_note = auditor.actor, clock.now(), note
    locked.save(update_fields=["reviewed_by", "reviewed_at", "review_note", "updated_at"])
    auditor.write(locked, ["reviewed_by", "reviewed_at", "review_note"], subject=locked.child)
    return locked


@transaction.atomic
def release_passport(auditor: Auditor, passport: HealthPassport) -> HealthPassport:
    """Give the passport to the young person: refused until a nurse has reviewed it."""
    require_writer(auditor.actor, passport.child)
    locked = _locked(passport)
    if locked.released_at is not None:
        when = format_datetime(locked.released_at)
        raise ValidationError({"__all__": f"This passport was already released on {when}."})
    if locked.reviewed_at is None:
        raise ValidationError({"__all__": "Review the passport before releasing it: read it through and record "
                                          "a review note."})
    locked.released_by, locked.released_at = auditor.actor, clock.now()
    locked.save(update_fields=["released_by", "released_at", "updated_at"])
    auditor.export(locked, detail={"released_to": "young person", "reviewed_by": locked.reviewed_by.get_username(),
                                   "sections": sorted(locked.content)})
    record_event(locked.child, PASSPORT_RELEASED, "Health passport reviewed and given to the young person",
                 occurred_at=locked.released_at, author=auditor.actor, source=locked)
    return locked


def download_pdf(auditor: Auditor, passport: HealthPassport, export: Export | None = None) -> bytes:
    """The released passport as a PDF, headed with who exported it (``export``: the actor, now);
    each download is audited."""
    require_writer(auditor.actor)
    if passport.released_at is None:
        raise ValidationError({"__all__": "The passport can be downloaded once it has been reviewed and released."})
    auditor.export(passport, detail={"format": "pdf", "download": True})
    return passport_pdf(passport, export or passport_export(passport, auditor.actor))


@transaction.atomic
def record_immunisation(auditor: Auditor, child, *, vaccine: str, given_on: datetime.date) -> Immunisation:
    require_writer(auditor.actor, child)
    vaccine = (vaccine or "").strip()
    if not vaccine:
        raise ValidationError({"vaccine": "Enter the vaccine, for example 'MMR second dose'."})
    if len(vaccine) > 120:
        raise ValidationError({"vaccine": "Keep the vaccine to 120 characters or fewer."})
    _check_past_date("given_on", given_on, child, "the date it was given")
    lock(child)  # the same immunisation sent twice at once: the second finds the first

    def already_recorded():
        return AlreadyRecorded(
            Immunisation.objects.filter(child=child, vaccine__iexact=vaccine, given_on=given_on).first(),
            f"{vaccine} given on {format_date(given_on)} is already recorded.", field="vaccine",
        )

    if Immunisation.objects.filter(child=child, vaccine__iexact=vaccine, given_on=given_on).exists():
        raise already_recorded()
    with one_current(already_recorded):
        row = Immunisation.objects.create(child=child, vaccine=vaccine, given_on=given_on, recorded_by=auditor.actor)
    auditor.create(row, ["vaccine", "given_on"], subject=child)
    record_event(child, IMMUNISATION_RECORDED, f"Immunisation: {vaccine}", occurred_at=given_on,
                 author=auditor.actor, source=row)
    return row


@transaction.atomic
def record_condition(auditor: Auditor, child, *, name: str, since: datetime.date | None = None,
                     ended_on: datetime.date | None = None, notes: str = "") -> HealthCondition:
    require_writer(auditor.actor, child)
    name, notes = (name or "").strip(), (notes or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the condition, for example 'asthma'."})
    if len(name) > 200:
        raise ValidationError({"name": "Keep the condition to 200 characters or fewer."})
    if len(notes) > 500:
        raise ValidationError({"notes": "Keep the notes to 500 characters or fewer."})
    if since is not None:
        _check_past_date("since", since, child, "the date it started")
    if ended_on is not None:
        _check_past_date("ended_on", ended_on, child, "the date it ended")
        if since is not None and ended_on < since:
            raise ValidationError({"ended_on": "The condition cannot end before it started."})
    row = HealthCondition.objects.create(child=child, name=name, since=since, ended_on=ended_on, notes=notes,
                                         recorded_by=auditor.actor)
    auditor.create(row, ["name", "since", "ended_on", "notes"], subject=child)
    record_event(child, CONDITION_RECORDED, f"Health condition: {name}", occurred_at=since or clock.today(),
                 author=auditor.actor, source=row)
    return row


def _check_past_date(field, value, child, what):
    if value is None:
        raise ValidationError({field: f"Enter {what}."})
    if value > clock.today():
        raise ValidationError({field: f"{what[0].upper()}{what[1:]} cannot be in the future."})
    if child.date_of_birth and value < child.date_of_birth:
        raise ValidationError({field: f"{what[0].upper()}{what[1:]} cannot be before the young person was born."})


# Queries (through the child's Access) -----------------------------------------------------
