"""Writes that race: two requests for the same change at once (a double-clicked button, two
practitioners on one record, a retried API call).

"One current X" (one current flag of a type, school, household, relationship of a kind...) is
a database constraint, a partial unique index on the open rows (``end_date IS NULL``), on
SQLite and PostgreSQL alike: never only a check before an insert, which two transactions pass
together. A service that reads before it writes takes the row lock of the parent the rule is
about first (``lock``, on the person), so its check sees what the other transaction wrote
and its refusal can name the row that exists; it inserts under ``one_current`` so that a
writer which did not lock still meets a refusal a practitioner can read, not a 500.
tests/core/test_one_current_rows.py lists every dated model and fails on a new one that has no
such constraint and no stated reason."""

from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


class AlreadyRecorded(ValidationError):
    """What was submitted is already recorded (a second submission of the same form, or
    someone else was first): nothing new was written. ``existing`` is the row that is; the
    message says so, keyed by field like any refusal. A form page shows the existing row with
    the message instead of an error (core.forms.attempt)."""

    def __init__(self, existing, message: str, field: str = "__all__"):
        super().__init__({field: [message]})
        self.existing = existing
        self.text = message


def lock(row):
    """Serialise the writes about ``row`` (a person) for the rest of the transaction and return
    it as now stored. ``FOR NO KEY UPDATE`` on PostgreSQL: it waits for, and holds off, another
    ``lock`` of the same row, but not inserts that only refer to the row. SQLite needs none:
    its transactions begin IMMEDIATE, one writer at a time."""
    return type(row)._base_manager.select_for_update(no_key=True).get(pk=row.pk)


@contextmanager
def one_current(refusal: Callable[[], ValidationError]):
    """Insert, in a savepoint, a row that a one-current constraint guards. If the constraint
    refuses it (another transaction wrote its row first), raise ``refusal()`` instead: the
    transaction goes on and the caller refuses as for any broken rule."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise refusal() from error
