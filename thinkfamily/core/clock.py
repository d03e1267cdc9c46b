"""The one clock the application judges time by: deadlines, "today" on every page, and who
may see whom (access rules, break-glass expiry, the ED episodes a lookup opens). In
production it is real time. Tests (and the browser journeys, whose server runs in a thread of
the same process) move it with ``travel_to``; nothing else changes it."""

import contextlib
import datetime

from django.utils import timezone

_offset = datetime.timedelta(0)


def now() -> datetime.datetime:
    return timezone.now() + _offset


def today() -> datetime.date:
    return timezone.localdate(now())


@contextlib.contextmanager
def travel_to(moment: datetime.datetime):
    """Make ``now()`` read ``moment`` (then move on with real time) inside the block."""
    global _offset
    previous = _offset
    _offset = moment - timezone.now()
    try:
        yield
    finally:
        _offset = previous
