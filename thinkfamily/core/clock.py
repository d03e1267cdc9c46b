"""The one clock the application judges time by: deadlines, "today" on every page, and who
may see whom (access rules, break-glass expiry, the ED episodes a lookup opens). In
production it is real time. Tests (and the browser journeys, whose server runs in a thread of
the same process) move it with ``travel_to``; nothing else changes it.

Every time the application writes or judges by comes from here. scripts/lint_clock.py (make
lint) fails on a read of the wall clock anywhere else, except where a line says why it must be
real time (``# wall clock: ...``): the audit trail's ``occurred_at`` (core.audit), the task
queue's ``run_after``, two-step sign-in codes, and the ``created_at``/``updated_at`` bookkeeping
that ``auto_now`` writes."""

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
