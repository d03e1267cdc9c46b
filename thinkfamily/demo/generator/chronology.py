"""The chronology the services would have written at the time, beside each legal status
change (and the flag it raised or ended), move of household and move of school, in the
services' own words (people.services, legal_status.services, flags.services): rows of ``writing.EVENT_COLUMNS``."""

from datetime import UTC, datetime, time

from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.types import EVENT_TYPES
from thinkfamily.demo.generator.flags import LegalStatusFlags
from thinkfamily.demo.generator.households import memberships
from thinkfamily.legal_status.services import legal_status_summary
from thinkfamily.organisations.models import Organisation, Service
from thinkfamily.people.models import LegalStatusEntry, Person, legal_status_label
from thinkfamily.people.services.households import household_move_summary
from thinkfamily.people.services.schools import school_move_summary

START = LegalStatusEntry.Change.START


def noon(day) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


class Chronicle:
    """The chronology rows, in the order they are written."""

    def __init__(self):
        self.events: list[tuple] = []

    def add(self, person_id, type_, summary, day, source_type, source_id, recorded=None, service_id=None) -> None:
        registered = EVENT_TYPES[type_.code]
        self.events.append((person_id, noon(day), registered.code, registered.significance, summary[:500],
                            service_id, source_type, str(source_id), recorded or noon(day)))


def flags_and_chronology(b, statuses) -> tuple[list, list]:
    """The flag rows and the chronology rows of the population. ``statuses``: the legal status rows
    with their ids (``writing.STATUS_COLUMNS``); households have their ids too."""
    chronicle = Chronicle()
    unborn = {p.id for p in b.people if p.kind == Person.Kind.UNBORN}
    flags = LegalStatusFlags(chronicle, unborn)
    # A legal status line is credited to the responsible council's children's social care, which
    # recorded it (legal_status.services._chronology), not to ThinkFamily.
    councils = dict(
        Service.objects.filter(kind=Service.Kind.CHILDRENS_SOCIAL_CARE).order_by("-id")
        .values_list("organisation_id", "id")
    )
    for row in sorted(statuses, key=lambda row: (str(row[1]), row[2], row[4], row[11], row[0])):
        _legal_status_event(chronicle, row, unborn, councils)
        flags.follow(row)
    _household_move_events(b, chronicle)
    _school_move_events(b, chronicle)
    return flags.rows(), chronicle.events


def _legal_status_event(chronicle, row, unborn, councils) -> None:
    pk, person_id, status, change, when, category, _placement, authority, _placing, out_of_area, _notes, recorded = row
    label = legal_status_label(status, unborn=person_id in unborn, cp_category=category,
                               placed_out_of_area=out_of_area)
    chronicle.add(person_id, event_types.LEGAL_STATUS_STARTED if change == START else event_types.LEGAL_STATUS_ENDED,
                  legal_status_summary(label, change), when, "people.LegalStatusEntry", pk, recorded,
                  councils.get(authority))


def _household_move_events(b, chronicle) -> None:
    """Each move after a person's first home."""
    towns = {h.id: h.town for h in b.households}
    moves = {}
    for household_id, person_id, start, _end, reason in memberships(b):
        moves.setdefault(person_id, []).append((start, household_id, reason))
    for person_id, stays in moves.items():
        for start, household_id, reason in sorted(stays)[1:]:
            chronicle.add(person_id, event_types.HOUSEHOLD_MOVE, household_move_summary(towns[household_id], reason),
                          start, "people.Household", household_id)


def _school_move_events(b, chronicle) -> None:
    """Each enrolment with a reason for the move, naming the school the child left when they were on
    its roll until the move (as people.services.schools.change_school does with the current enrolment)."""
    schools = dict(Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).values_list("id", "name"))
    left = {(person_id, end): school_id for person_id, school_id, _start, end, _reason in b.enrolments if end}
    for person_id, school_id, start, _end, reason in b.enrolments:
        if reason:
            previous = left.get((person_id, start))
            summary = school_move_summary(schools[school_id], reason, schools[previous] if previous else "")
            chronicle.add(person_id, event_types.SCHOOL_MOVE, summary, start, "organisations.Organisation",
                          school_id)

