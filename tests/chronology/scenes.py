"""Moments and entries of a chronology, as its tests name them."""

import datetime
import re

import pytest
from django.utils import timezone

from thinkfamily.chronology import types
from thinkfamily.chronology.models import Event

# Every chronology test proves one chronology per person.
ONE_CHRONOLOGY = pytest.mark.req("R3.1")


def at(year, month, day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def entries(response) -> list[str]:
    """The rows of the chronology on the page, as HTML."""
    return re.findall(r'data-testid="chronology-entry">(.*?)</tr>', response.content.decode(), flags=re.S)


def many_events(person, service, count, *, start=None, significance="medium", restricted_to=None):
    """``count`` events of the service about the person, seven hours apart from ``start``
    ("Event number 0000", "Event number 0001"...), written at once."""
    start = start or at(2015, 1, 1)
    Event.objects.bulk_create(
        Event(
            person=person,
            occurred_at=start + datetime.timedelta(hours=7 * i),
            type=types.HOUSEHOLD_MOVE.code,
            significance=significance,
            summary=f"Event number {i:04d}",
            service=service,
            restricted_to_service=restricted_to,
        )
        for i in range(count)
    )
