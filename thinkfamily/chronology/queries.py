"""Reading one person's chronology. Views reach events only through these functions, and
only with an ``Access`` (which ``AccessScope.person`` returns after checking the viewer's
basis and auditing the read).

A page is one query over the index ``chronology_person_time`` (person, -occurred_at, -id):
keyset pagination ("older than this entry" / "newer than this entry") so that page 40 of
a child with 2,000 events costs what page 1 costs, with no COUNT and no OFFSET. The
source (service, organisation) and author come in the same query (select_related)."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from thinkfamily.chronology.models import Event
from thinkfamily.chronology.types import Significance
from thinkfamily.core.forms import MAX_ID
from thinkfamily.organisations.models import Service

PER_PAGE = 50


@dataclass(frozen=True)
class Filters:
    """What the viewer asked for. Empty means everything."""

    significance: tuple[str, ...] = ()
    service: Service | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def describe(self, show_date=lambda day: f"{day:%d/%m/%Y}") -> list[str]:
        """The filters in words, for the page, the exports and the audit trail; dates as
        ``show_date`` writes them (ISO in a CSV)."""
        labels = dict(Significance.CHOICES)
        parts = []
        if self.significance and set(self.significance) != set(labels):
            parts.append("Significance: " + ", ".join(labels[level] for level in self.significance))
        if self.service is not None:
            parts.append(f"Service: {self.service.name} ({self.service.organisation.name})")
        if self.date_from:
            parts.append(f"From: {show_date(self.date_from)}")
        if self.date_to:
            parts.append(f"To: {show_date(self.date_to)}")
        return parts

    def as_audit_detail(self) -> dict:
        return {
            "significance": list(self.significance),
            "service": self.service.pk if self.service is not None else None,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }


@dataclass(frozen=True)
class Entry:
    """An event as this viewer may see it: everything, or only that it exists (R2.4)."""

    event: Event
    readable: bool

    @property
    def restricted_service(self) -> Service | None:
        return None if self.readable else (self.event.restricted_to_service or self.event.service)


@dataclass
class Page:
    entries: list[Entry]
    newer_cursor: str | None = None  # link to newer entries ("previous"), if there are any
    older_cursor: str | None = None  # link to older entries ("next"), if there are any
    is_first: bool = True


def viewer_service_id(user):
    return user.team.service_id if getattr(user, "team_id", None) else None


def _readable_q(service_id) -> Q:
    """R2.4 in the chronology: an entry restricted to a service, or recorded by a restricted
    service (sexual health; rows written before record_event restricted them itself), is
    readable by that service only."""
    unrestricted = Q(restricted_to_service__isnull=True) & (
        Q(service__isnull=True) | ~Q(service__kind__in=Service.RESTRICTED_KINDS)
    )
    if service_id is None:
        return unrestricted
    return (
        unrestricted
        | Q(restricted_to_service_id=service_id)
        | Q(restricted_to_service__isnull=True, service_id=service_id)
    )


def readable(event: Event, service_id) -> bool:
    """The same rule for one event already read."""
    if event.restricted_to_service_id is not None:
        return event.restricted_to_service_id == service_id
    return event.service_id is None or event.service_id == service_id or not event.service.is_restricted


def _filtered(access, filters: Filters, service_id):
    events = Event.objects.filter(person=access.person)
    if filters.significance and set(filters.significance) != {level for level, _ in Significance.CHOICES}:
        # A restricted entry's significance is not shared with other services, so the
        # filter cannot be allowed to reveal it: those entries show whatever the filter.
        events = events.filter(Q(significance__in=filters.significance) | ~_readable_q(service_id))
    if filters.service is not None:
        events = events.filter(service=filters.service)
    if filters.date_from:
        events = events.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    return events.select_related("service__organisation", "restricted_to_service__organisation", "author")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _entries(events, service_id) -> list[Entry]:
    return [Entry(event, readable(event, service_id)) for event in events]


# A cursor names an entry by its place in the order: microseconds since the epoch and id.
def cursor_for(event: Event) -> str:
    delta = event.occurred_at - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    return f"{delta // datetime.timedelta(microseconds=1)}.{event.pk}"


def parse_cursor(value: str | None):
    """(occurred_at, id) from a cursor, None for none; ValueError for one no page links to."""
    if not value:
        return None
    match = re.fullmatch(r"(-?[0-9]{1,18})\.([0-9]{1,10})", value)
    if not match or not 0 < int(match[2]) <= MAX_ID:
        raise ValueError("not a chronology cursor")
    try:
        at = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(microseconds=int(match[1]))
    except OverflowError as exc:
        raise ValueError("not a chronology cursor") from exc
    return at, int(match[2])


def chronology_page(
    access, user, filters: Filters, *, before: str | None = None, after: str | None = None, per_page=PER_PAGE
) -> Page:
    """One page, newest first: the newest entries, or those older than ``before``, or
    those newer than ``after``. One query, which reads one row more than it shows to
    know whether there is more."""
    service_id = viewer_service_id(user)
    events = _filtered(access, filters, service_id)
    older_than, newer_than = parse_cursor(before), parse_cursor(after)
    if newer_than is not None:
        at, pk = newer_than
        rows = list(
            events.filter(occurred_at__gte=at)
            .filter(Q(occurred_at__gt=at) | Q(id__gt=pk))
            .order_by("occurred_at", "id")[: per_page + 1]
        )
        has_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_older = True
    else:
        if older_than is not None:
            at, pk = older_than
            events = events.filter(occurred_at__lte=at).filter(Q(occurred_at__lt=at) | Q(id__lt=pk))
        rows = list(events.order_by("-occurred_at", "-id")[: per_page + 1])
        has_older = len(rows) > per_page
        rows = rows[:per_page]
        has_newer = older_than is not None
    return Page(
        entries=_entries(rows, service_id),
        newer_cursor=cursor_for(rows[0]) if rows and has_newer else None,
        older_cursor=cursor_for(rows[-1]) if rows and has_older else None,
        is_first=not has_newer,
    )


def all_entries(access, user, filters: Filters) -> list[Entry]:
    """Every entry that matches the filters, newest first (for the exports)."""
    service_id = viewer_service_id(user)
    return _entries(_filtered(access, filters, service_id).order_by("-occurred_at", "-id"), service_id)


def services_in_chronology(access):
    """The services that have recorded something in this person's chronology (one query)."""
    recorded = Event.objects.filter(person=access.person, service__isnull=False).values("service_id")
    return list(
        Service.objects.filter(pk__in=recorded).select_related("organisation").order_by("name", "organisation__name")
    )
