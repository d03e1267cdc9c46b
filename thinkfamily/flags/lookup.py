"""The point-of-care lookup (R2.2, the CP-IS job): an unscheduled-care setting enters an
NHS number and sees, on one screen, what it needs to keep the child safe; and the child's
social worker (or the MASH) learns that the child was seen.

Who may look up: practitioners whose team belongs to an unscheduled-care service, that is
an emergency department, maternity (a midwife receiving an unbooked woman in labour),
general practice (out-of-hours GPs work in general practice services) or paediatrics
(paediatric liaison, children's assessment units). Everyone else is refused (403): they
reach records through their caseloads, registrations and social care involvement.

One lookup, in one transaction: a PointOfCareLookup row; an EpisodeOfCare for the
practitioner's service lasting ACCESS_ED_EPISODE_HOURS (the legitimate relationship that
lets the clinician open the full record while the person is in their care); a chronology
event; one audit read event with the basis "Point-of-care lookup at <service>"; and the
notification to the social worker or MASH. A woman's lookup does the same for each unborn
child recorded against her: an unborn child protection plan is found through the mother."""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.services import event_for, record_events
from thinkfamily.core import clock, nhs_numbers, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.compiled import CompiledRead, Slot, slots
from thinkfamily.flags.models import Flag, PointOfCareLookup
from thinkfamily.flags.presenters import FlagView, told_sentences, visible_to, whose_flags_sentence
from thinkfamily.notifications import rules as notification_rules
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import Person, Relationship, Sex

RECENT_LOOKUPS = 25


class LookupRefused(PermissionDenied):
    def __init__(self, message="Only practitioners in unscheduled-care services can use the point-of-care lookup."):
        super().__init__(message)


def may_look_up(practitioner) -> bool:
    return permissions.may(practitioner, "flags.look_up")


def lookback_start(today: datetime.date | None = None) -> datetime.date:
    """Flags ended since this day are shown: ``cpis.lookback`` (12 months, national practice)."""
    months = timescales.in_force("cpis.lookback").value
    return (today or clock.today()) - relativedelta(months=months)


@dataclass(frozen=True)
class AuthorityContact:
    name: str
    phone: str
    out_of_hours_phone: str

    def as_json(self) -> dict:
        return {"name": self.name, "phone": self.phone, "out_of_hours_phone": self.out_of_hours_phone}


@dataclass(frozen=True)
class SocialWorker:
    name: str
    phone: str
    team: str

    def as_json(self) -> dict:
        return {"name": self.name, "phone": self.phone, "team": self.team}


@dataclass
class UnbornChild:
    person: Person
    current_flags: list[FlagView]


@dataclass
class LookupResult:
    """Everything the one screen (and the JSON response) shows."""

    lookup: PointOfCareLookup
    person: Person
    current_flags: list[FlagView]
    recently_ended_flags: list[FlagView]
    unborn_children: list[UnbornChild]
    authorities: list[AuthorityContact]
    social_workers: list[SocialWorker]
    previous_lookups: list[PointOfCareLookup]
    access_until: datetime.datetime
    lookback_from: datetime.date
    notified: int = 0  # notifications sent: about the person and about their unborn children
    notified_about_person: int = 0
    notified_for_unborn: int = 0
    unborn_lookups: list[PointOfCareLookup] = field(default_factory=list)
    # For the page's header (people.presenters.person_header), from the rows read here: the
    # person's current legal statuses and the banner's flags (current, oldest first).
    legal_statuses: list = field(default_factory=list)
    banner_flags: list[FlagView] = field(default_factory=list)

    @property
    def unborn_flags(self) -> list[FlagView]:
        return [flag for child in self.unborn_children for flag in child.current_flags]

    @property
    def told(self) -> list[str]:
        """Who was told that whom was seen here, worded by the person's kind."""
        return told_sentences(self.person, self.notified_about_person, self.notified_for_unborn)

    @property
    def whose_flags(self) -> str:
        """Under the banner: whose the flags are, so that an unborn baby's flag shown on the
        mother's lookup is not read as hers, and no sentence says there are none."""
        return whose_flags_sentence(self.person, self.current_flags, self.unborn_children)

    def as_json(self) -> dict:
        person = self.person
        return {
            "lookup_id": self.lookup.pk,
            "looked_up_at": self.lookup.looked_up_at.isoformat(),
            "person": {
                "nhs_number": person.nhs_number,
                "name": person.full_name,
                "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
                "kind": person.kind,
                "language": (person.language or None) if not person.is_unborn else None,
                "interpreter_needed": person.interpreter_needed and not person.is_unborn,
            },
            "current_flags": [f.as_json() for f in self.current_flags],
            "flags_ended_since": self.lookback_from.isoformat(),
            "recently_ended_flags": [f.as_json() for f in self.recently_ended_flags],
            "unborn_children": [
                {
                    "expected_delivery_date": u.person.expected_delivery_date.isoformat(),
                    "current_flags": [f.as_json() for f in u.current_flags],
                }
                for u in self.unborn_children
            ],
            "responsible_local_authorities": [a.as_json() for a in self.authorities],
            "social_workers": [s.as_json() for s in self.social_workers],
            "previous_lookups": [
                {
                    "looked_up_at": previous.looked_up_at.isoformat(),
                    "service": previous.service.name,
                    "organisation": previous.service.organisation.name,
                    "by": previous.practitioner.display_name,
                    "role": previous.practitioner.get_role_display(),
                    "via_api": previous.via_api,
                }
                for previous in self.previous_lookups
            ],
            "record_open_to_your_service_until": self.access_until.isoformat(),
            "notified": self.notified,
        }


def _record_lookups(auditor, practitioner, service, people, digits, now, until, via_api) -> tuple:
    """The lookup of each of ``people`` (the person looked up, then her unborn children), its
    episode and chronology event, one insert for each table whatever the number of people,
    and their audit events (to be appended last)."""
    lookups = PointOfCareLookup.objects.bulk_create([
        PointOfCareLookup(person=person, looked_up_nhs_number=digits, practitioner=practitioner, service=service,
                          looked_up_at=now, via_api=via_api)
        for person in people
    ])
    episodes = EpisodeOfCare.objects.bulk_create([
        EpisodeOfCare(person=person, service=service, kind=EpisodeOfCare.Kind.LOOKUP, start_at=now, end_at=until,
                      reason="Point-of-care lookup")
        for person in people
    ])
    record_events([
        event_for(
            lookup.person,
            event_types.POINT_OF_CARE_LOOKUP,
            f"Seen at {service.name} by {practitioner.display_name} ({practitioner.get_role_display()})",
            occurred_at=now,
            author=practitioner,
            service=service,
            source=lookup,
        )
        for lookup in lookups
    ])
    audits = [
        auditor.read_event(
            lookup.person,
            basis=f"Point-of-care lookup at {service.name}",
            detail={
                "point_of_care_lookup": lookup.pk,
                "episode_of_care": episode.pk,
                "nhs_number": digits,
                "via_api": via_api,
            },
        )
        for lookup, episode in zip(lookups, episodes, strict=True)
    ]
    return lookups, audits


def _authorities_and_social_workers(people: list[Person], care) -> tuple[list[AuthorityContact], list[SocialWorker]]:
    """The responsible authorities and social workers of ``people``, from the rows the
    notification rules read (``care``, notifications.rules.CareRows): nothing read twice."""
    authorities: dict[int, Organisation] = {}
    for person in people:
        entries = [e for e in care.legal_status_entries.get(person.pk, []) if e.responsible_authority_id]
        for entry in current_legal_statuses(entries):
            authorities.setdefault(entry.responsible_authority_id, entry.responsible_authority)
    workers = {}
    for person in people:
        for membership in care.memberships.get(person.pk, []):
            worker = membership.practitioner
            if worker is None or worker.role != Practitioner.Role.SOCIAL_WORKER or not worker.is_active:
                continue
            workers.setdefault(
                worker.pk,
                SocialWorker(worker.display_name, worker.phone or membership.team.phone, membership.team.name),
            )
    return (
        [AuthorityContact(o.name, o.phone, o.out_of_hours_phone) for o in authorities.values()],
        list(workers.values()),
    )


def _person_and_unborn_children_query():
    nhs_number = Slot("nhs_number", Person._meta.get_field("nhs_number"))
    mothers_unborn = Relationship.objects.filter(
        relative__nhs_number=nhs_number, type=Relationship.Type.MOTHER, person__kind=Person.Kind.UNBORN
    ).values("person_id")
    return (
        Person.objects.filter(nhs_number=nhs_number).order_by()
        .union(Person.objects.filter(pk__in=mothers_unborn).order_by(), all=True)
    )


# The lookup's reads, compiled once (core.compiled): each runs on every lookup with new values.
_PERSON_AND_UNBORN = CompiledRead(_person_and_unborn_children_query)
_FLAGS = CompiledRead(lambda count: (
    Flag.objects.filter(person__pk__in=slots("people", count, Flag._meta.get_field("person")))
    .filter(Q(end_date__isnull=True) | Q(end_date__gte=Slot("since", Flag._meta.get_field("end_date"))))
    .select_related("type", "raised_by_organisation", "person")
    .order_by("-start_date", "-id")
))
_PREVIOUS = CompiledRead(lambda: (
    PointOfCareLookup.objects.filter(person_id=Slot("person", PointOfCareLookup._meta.get_field("person")))
    .select_related("practitioner", "service__organisation")
    .order_by("-looked_up_at", "-id")[:RECENT_LOOKUPS]
))


def _person_and_unborn_children(digits: str) -> tuple[Person | None, list[Person]]:
    """The person with this NHS number and, for a woman, the unborn children recorded against
    her, in one statement: a UNION of two index lookups (by NHS number; the mother's
    relationships by her NHS number), not ``nhs_number = X OR id IN (...)``, which would scan
    the people table on PostgreSQL."""
    found = _PERSON_AND_UNBORN.run(nhs_number=digits)
    person = next((each for each in found if each.nhs_number == digits), None)
    if person is None or person.sex == Sex.MALE or person.is_unborn:
        return person, []
    unborn = (each for each in found if each is not person)
    return person, sorted(unborn, key=lambda child: (child.expected_delivery_date or datetime.date.max, str(child.pk)))


def point_of_care_lookup(auditor: Auditor, practitioner, nhs_number: str, *, via_api: bool = False):
    """Look a person up by NHS number. Returns a LookupResult, or None when no record has
    this NHS number (the lookup is still audited). Raises ValidationError for an invalid
    NHS number (nothing written) and LookupRefused for a practitioner outside unscheduled
    care (nothing written but the audit of the refusal).

    Every table is read once for the person and her unborn children together (ids read once,
    no query per person or per flag), and the rows are shared: the legal status entries and
    caseload places tell the notification rules whom to tell and the page whom to ring, and
    give the page's header its legal status and banner."""
    if not may_look_up(practitioner):
        auditor.search(
            {"nhs_number": nhs_numbers.normalise(nhs_number)[:20]},
            0,
            detail={"point_of_care_lookup": "refused: not an unscheduled-care service", "via_api": via_api},
        )
        raise LookupRefused()
    digits = nhs_numbers.validate(nhs_number)
    service = practitioner.team.service
    person, unborn = _person_and_unborn_children(digits)
    if person is None:
        auditor.search(
            {"nhs_number": digits}, 0, detail={"point_of_care_lookup": service.name, "via_api": via_api}
        )
        return None
    now = clock.now()  # the episode it opens is judged by the access rules on the same clock
    until = now + datetime.timedelta(hours=settings.ACCESS_ED_EPISODE_HOURS)
    since = lookback_start(timezone.localdate(now))
    people = [person, *unborn]
    ids = [each.pk for each in people]
    care = notification_rules.CareRows.of(people)
    flags = _FLAGS.run(shape=(len(ids),), people=ids, since=since)
    previous = _PREVIOUS.run(person=person.pk)  # read before this lookup is written: the earlier ones
    # One transaction, in the caller's if there is one (no savepoint: it fails with its caller).
    with transaction.atomic(savepoint=False):
        [lookup, *unborn_lookups], audits = _record_lookups(
            auditor, practitioner, service, people, digits, now, until, via_api
        )
        notes = notification_rules.on_point_of_care_lookups(lookup, unborn_lookups, care)
        notified = sum(1 for note in notes if note.subject_person_id == person.pk)
        notified_for_unborn = len(notes) - notified
        # Last before the commit: the audit chain's lock is held for this one insert.
        auditor.append(audits)

    views = visible_to(practitioner, [FlagView(f, None if f.person_id == person.pk else f.person) for f in flags])
    own = [v for v in views if v.about is None]
    authorities, social_workers = _authorities_and_social_workers(people, care)
    return LookupResult(
        lookup=lookup,
        person=person,
        current_flags=[v for v in own if v.flag.is_current],
        recently_ended_flags=[v for v in own if v.flag.end_date is not None and not v.flag.is_current],
        unborn_children=[
            UnbornChild(child, [v for v in views if v.about and v.about.pk == child.pk and v.flag.is_current])
            for child in unborn
        ],
        authorities=authorities,
        social_workers=social_workers,
        previous_lookups=previous,
        access_until=until,
        lookback_from=since,
        notified=notified + notified_for_unborn,
        notified_about_person=notified,
        notified_for_unborn=notified_for_unborn,
        unborn_lookups=unborn_lookups,
        legal_statuses=current_legal_statuses(care.legal_status_entries.get(person.pk, [])),
        banner_flags=[v for v in reversed(views) if v.flag.is_current],
    )
