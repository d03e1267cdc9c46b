"""The auditor: explicit, never signal-based. Views build one from the request and call it
for every read, search, export and write of personal data; services pass it down so the
audit row is written inside the same transaction as the change."""

import getpass
import unicodedata
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from thinkfamily.core.audit_chain import GENESIS, event_hash, values_of
from thinkfamily.core.models import AuditEvent

# Any constant: one advisory lock serialises appends to the chain on PostgreSQL.
# (SQLite serialises writers already: transactions begin IMMEDIATE.)
_CHAIN_LOCK_KEY = 7_347_011


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _head() -> tuple[int, str]:
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
    return (last[0], last[1]) if last else (0, GENESIS)


def _chained(rows: list[dict], head: tuple[int, str]) -> list[AuditEvent]:
    """The events for ``rows``, each linked to the one before, the first to ``head``."""
    sequence, previous_hash = head
    occurred_at = timezone.now()  # wall clock: when the event was written, whatever the app's clock says
    events = []
    for values in rows:
        sequence += 1
        event = AuditEvent(sequence=sequence, occurred_at=occurred_at, previous_hash=previous_hash, **values)
        event.hash = previous_hash = event_hash(previous_hash, values_of(event))
        events.append(event)
    return events


def append_event(**values) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction if there is one."""
    with transaction.atomic(savepoint=False):  # no savepoint of its own: it fails with its caller
        _lock_chain()
        [event] = _chained([values], _head())
        event.save(force_insert=True)
        return event


def append_events(rows: list[dict]) -> list[AuditEvent]:
    """Append many events to the chain in one batch: one lock, one read of the chain's head
    and one multi-row insert, in the caller's transaction. A sweep that acts on thousands of
    rows holds the chain's lock for one statement, not one per row; the chain is the same as
    if each had been appended alone (audit_verify checks it)."""
    if not rows:
        return []
    with transaction.atomic(savepoint=False):  # no savepoint of its own: it fails with its caller
        _lock_chain()
        events = _chained(rows, _head())
        AuditEvent.objects.bulk_create(events, batch_size=500)
        return events


def safe_text(value: str, limit: int) -> str:
    """Text an attacker typed, fit to keep: control and invisible format characters shown as
    escapes (a NUL cannot be stored, a right-to-left override would disguise the rest), and cut
    to ``limit`` characters, marked with an ellipsis when cut."""
    shown = "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} else ch
        for ch in value[: limit * 2]
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _subject_of(obj) -> str:
    """The person an object is about: the person itself, or the row's person or child."""
    if obj is None:
        return ""
    if obj._meta.label == "people.Person":
        return str(obj.pk)
    for attribute in ("person_id", "child_id"):
        value = getattr(obj, attribute, None)
        if value is not None:
            return str(value)
    return ""


@dataclass
class Auditor:
    """Who is acting, from which request, and on what basis. Build one per request."""

    actor: object | None
    request_id: str = ""
    basis: str = ""

    @classmethod
    def from_request(cls, request, basis: str = "") -> "Auditor":
        user = request.user if request.user.is_authenticated else None
        return cls(actor=user, request_id=getattr(request, "request_id", ""), basis=basis)

    @classmethod
    def system(cls, reason: str) -> "Auditor":
        return cls(actor=None, basis=reason)

    @classmethod
    def command(cls, what: str, command: str) -> "Auditor":
        """A management command's auditor: its events say what was done, by which command and
        which of the server's accounts ran it ("Area import (manage.py import_area, run by
        deploy)")."""
        try:
            operator = getpass.getuser()
        except (OSError, KeyError):
            operator = "unknown"
        return cls.system(f"{what} (manage.py {command}, run by {operator})")

    def _values(
        self, action, obj=None, *, fields=None, detail=None, basis=None, subject=None, named=None,
        actor_username=None,
    ) -> dict:
        """An event's values. ``named``: (object type, object id, subject id) of a record asked
        for by its id that was not fetched (a refusal). ``actor_username``: the name tried at a
        failed sign-in."""
        actor = self.actor
        organisation = role = ""
        if actor is not None:
            team = getattr(actor, "team", None)
            if team is not None:
                organisation = team.service.organisation.name
            role = getattr(actor, "role", "")
        return {
            "actor": actor,
            "actor_username": actor_username or (actor.get_username() if actor is not None else "system"),
            "actor_organisation": organisation,
            "actor_role": role,
            "action": action,
            "object_type": obj._meta.label if obj is not None else (named[0] if named else ""),
            "object_id": str(obj.pk) if obj is not None else (named[1] if named else ""),
            "subject_id": str(subject.pk) if subject is not None else (named[2] if named else _subject_of(obj)),
            "fields": sorted(fields or []),
            "detail": detail or {},
            "basis": basis if basis is not None else self.basis,
            "request_id": self.request_id,
        }

    def _record(self, action, obj=None, **options) -> AuditEvent:
        return append_event(**self._values(action, obj, **options))

    def read(self, obj, basis=None, detail=None) -> AuditEvent:
        return self._record(AuditEvent.Action.READ, obj, basis=basis, detail=detail)

    def read_event(self, obj, basis=None, detail=None) -> dict:
        """A read's event, not yet appended: a service that writes several rows gathers its
        events and appends them with ``append`` as its last statement before the commit, so
        the chain's lock is held for one insert, not for the whole transaction."""
        return self._values(AuditEvent.Action.READ, obj, basis=basis, detail=detail)

    @staticmethod
    def append(events: list[dict]) -> list[AuditEvent]:
        return append_events(events)

    def refused(self, obj=None, reason: str = "", *, named=None, detail=None) -> AuditEvent:
        """A refused request for a record: ``obj`` when it was fetched, else ``named`` (its
        type, id and whose record it is, from the address asked for)."""
        if obj is not None:
            named = None
        return self._record(AuditEvent.Action.REFUSED, obj, basis="", detail={"reason": reason} | (detail or {}),
                            named=named)

    def break_glass(self, obj, basis: str, detail: dict) -> AuditEvent:
        return self._record(AuditEvent.Action.BREAK_GLASS, obj, basis=basis, detail=detail)

    def search(self, terms: dict, result_count: int, detail=None, subject=None) -> AuditEvent:
        """A search; ``subject`` when it revealed that one person's record exists (ADR 0004)."""
        return self._record(
            AuditEvent.Action.SEARCH, detail={"terms": terms, "results": result_count} | (detail or {}),
            subject=subject,
        )

    def create(self, obj, fields, subject=None) -> AuditEvent:
        return self._record(AuditEvent.Action.CREATE, obj, fields=fields, subject=subject)

    def write(self, obj, fields, detail=None, subject=None) -> AuditEvent:
        return self._record(AuditEvent.Action.WRITE, obj, fields=fields, detail=detail, subject=subject)

    def write_each(self, objs, fields, detail=None) -> list[AuditEvent]:
        """One write event for each of ``objs`` (a sweep's batch), appended in one batch."""
        return append_events([self._values(AuditEvent.Action.WRITE, obj, fields=fields, detail=detail) for obj in objs])

    def export(self, obj, detail=None) -> AuditEvent:
        return self._record(AuditEvent.Action.EXPORT, obj, detail=detail)

    def sign_in(self, *, step: str, address: str) -> AuditEvent:
        """The actor has signed in, after the password (``step="password"``) or, with two-step
        sign-in, after the code (``step="code"``), from ``address``."""
        return self._record(
            AuditEvent.Action.SIGN_IN, self.actor, detail={"outcome": "signed in", "step": step, "address": address}
        )

    def sign_in_failed(self, username_tried: str, *, step: str, address: str, locked_out: bool) -> AuditEvent:
        """A failed step of signing in: a wrong password (or unknown username, or a refusal
        while locked out) or a wrong code. Nobody signed in, so there is no actor: the event
        names the username tried, made safe to keep, and never the password or code."""
        username_tried = username_tried or ""
        max_length = AuditEvent._meta.get_field("actor_username").max_length
        return self._record(
            AuditEvent.Action.SIGN_IN,
            actor_username=safe_text(username_tried, max_length) or "(no username)",
            detail={
                "outcome": "failed",
                "step": step,
                "address": address,
                "locked_out": locked_out,
                "username_length": len(username_tried),
            },
        )
