"""The hash chain over audit events, and the triggers that make the table append-only.

Each event's hash is SHA-256 over the previous event's hash and a canonical JSON of the
event's content. Editing any field of any row, or removing a row, breaks the chain from
that row on; ``manage.py audit_verify`` walks it and names the first bad event."""

import datetime
import hashlib
import json

GENESIS = "0" * 64
CHAINED_FIELDS = [
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_organisation",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "subject_id",
    "fields",
    "detail",
    "basis",
    "request_id",
]


def _canonical_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return value


def event_hash(previous_hash: str, values: dict) -> str:
    content = {name: _canonical_value(values[name]) for name in CHAINED_FIELDS}
    payload = previous_hash + json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def values_of(event) -> dict:
    return {name: getattr(event, name) for name in CHAINED_FIELDS}


def first_break(events, *, after_sequence: int = 0, after_hash: str = GENESIS) -> str | None:
    """Walk events in sequence order; describe the first one that breaks the chain. By
    default from the first event; from a verified checkpoint, ``events`` are those after
    ``after_sequence``, the first of which must follow ``after_hash``."""
    expected_sequence, previous = after_sequence + 1, after_hash
    for event in events:
        if event.sequence != expected_sequence:
            return (
                f"audit event #{expected_sequence} is missing: the chain jumps from #{expected_sequence - 1} "
                f"to #{event.sequence} (id {event.pk})"
            )
        if event.previous_hash != previous:
            return f"audit event #{event.sequence} (id {event.pk}) does not follow the event before it"
        if event_hash(previous, values_of(event)) != event.hash:
            return (
                f"audit event #{event.sequence} (id {event.pk}) has been altered: "
                "its content no longer matches its hash"
            )
        expected_sequence, previous = expected_sequence + 1, event.hash
    return None


TABLE = "core_auditevent"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP; END; $$""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
]


def install_triggers(connection) -> None:
    statements = POSTGRES_INSTALL if connection.vendor == "postgresql" else SQLITE_INSTALL
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop_triggers(connection) -> None:
    """Only for the test harness, which must empty tables between browser tests."""
    statements = POSTGRES_DROP if connection.vendor == "postgresql" else SQLITE_DROP
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
