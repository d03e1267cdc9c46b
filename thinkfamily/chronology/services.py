"""Writing to the chronology. Called by other modules' services inside their transaction."""

import datetime

from django.utils import timezone

from thinkfamily.chronology.models import Event
from thinkfamily.chronology.types import EVENT_TYPES, EventType
from thinkfamily.core import clock
from thinkfamily.organisations.models import mentions_restricted_service


def _as_datetime(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    # A dated fact (a move on 3 February) is placed at noon local time on that day.
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))


def record_event(
    person,
    event_type: EventType,
    summary: str,
    *,
    occurred_at,
    author=None,
    service=None,
    source=None,
    significance: str | None = None,
    restricted_to_service=None,
) -> Event:
    """One chronology row. It is restricted to the service that recorded it (R2.4: others see
    that it exists and whom to contact) when that service is a restricted one (sexual health),
    or when it is about a restricted service's work ("contraception", "sexual health"), unless
    the caller restricts it to another service itself."""
    event = event_for(
        person, event_type, summary, occurred_at=occurred_at, author=author, service=service, source=source,
        significance=significance, restricted_to_service=restricted_to_service,
    )
    event.save(force_insert=True)
    return event


def event_for(person, event_type: EventType, summary: str, *, occurred_at, author=None, service=None, source=None,
              significance: str | None = None, restricted_to_service=None) -> Event:
    """``record_event``'s row, not yet saved: a service that writes several at once saves them
    with ``record_events`` (one insert)."""
    assert event_type.code in EVENT_TYPES, f"unregistered chronology event type {event_type.code}"
    if service is None and author is not None and getattr(author, "team_id", None):
        service = author.team.service
    about_restricted = service is not None and (service.is_restricted or mentions_restricted_service(summary))
    if restricted_to_service is None and about_restricted:
        restricted_to_service = service
    return Event(
        person=person,
        occurred_at=_as_datetime(occurred_at),
        type=event_type.code,
        significance=significance or event_type.significance,
        summary=summary[:500],
        service=service,
        author=author,
        source_type=source._meta.label if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        restricted_to_service=restricted_to_service,
        recorded_at=clock.now(),
    )


def record_events(events: list[Event]) -> list[Event]:
    """Save rows made by ``event_for`` with one insert."""
    return Event.objects.bulk_create(events)
