"""The audit trail is append-only and tamper-evident (R10.2)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from thinkfamily.core import audit_chain
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(health_visitor, family):
    auditor = Auditor(actor=health_visitor, request_id="r1", basis="caseload")
    for person in [family["liam"], family["mia"], family["sarah"]]:
        auditor.read(person)
    auditor.search({"nhs_number": family["liam"].nhs_number}, 1)
    return list(AuditEvent.objects.order_by("sequence"))


def _verify(*args):
    call_command("audit_verify", *args, stdout=io.StringIO())


@pytest.mark.req("R10.2")
def test_events_are_chained_in_sequence(trail):
    assert [e.sequence for e in trail] == [1, 2, 3, 4]
    assert trail[0].previous_hash == audit_chain.GENESIS
    assert all(later.previous_hash == earlier.hash for earlier, later in zip(trail, trail[1:], strict=False))
    _verify()


@pytest.mark.req("R10.2")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET basis = 'nothing to see' WHERE sequence = 2",
        "DELETE FROM core_auditevent WHERE sequence = 2",
    ],
)
def test_the_database_refuses_update_and_delete(trail, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.get(sequence=2).basis == "caseload"


def _tamper(statement):
    audit_chain.drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.mark.req("R10.2")
def test_verify_names_an_altered_event(trail):
    _tamper("UPDATE core_auditevent SET actor_username = 'someone-else' WHERE sequence = 2")
    with pytest.raises(CommandError, match=r"#2 \(id \d+\) has been altered"):
        _verify()


@pytest.mark.req("R10.2")
def test_verify_names_a_removed_event(trail):
    _tamper("DELETE FROM core_auditevent WHERE sequence = 3")
    with pytest.raises(CommandError, match="#3 is missing"):
        _verify()


@pytest.mark.req("R10.2")
def test_verify_detects_a_rewritten_chain_by_its_recorded_head(trail):
    head = trail[-1].hash
    _tamper("DELETE FROM core_auditevent WHERE sequence = 4")
    _verify()  # the remaining chain is consistent in itself...
    with pytest.raises(CommandError, match="no longer in the chain"):
        _verify("--head", head)  # ...but the head kept elsewhere is gone


@pytest.mark.req("R10.2")
def test_a_recomputed_hash_without_the_chain_is_still_caught(trail):
    """Someone who edits a row and recomputes its hash breaks the link to the next row."""
    victim = trail[1]
    victim.basis = "forged"
    forged = audit_chain.event_hash(victim.previous_hash, audit_chain.values_of(victim))
    _tamper(f"UPDATE core_auditevent SET basis = 'forged', hash = '{forged}' WHERE sequence = 2")
    with pytest.raises(CommandError, match="#3 .* does not follow"):
        _verify()


def _verify_output(*args):
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def _more_events(user, n):
    auditor = Auditor(actor=user, request_id="r2", basis="caseload")
    for _ in range(n):
        auditor.search({"name": "Roberts"}, 0)


@pytest.mark.req("R10.2")
def test_the_daily_check_starts_at_the_last_verified_checkpoint(trail, health_visitor):
    """The first run walks the whole chain and keeps its head as a checkpoint; the next run
    walks only the events written since, and says how many it walked."""
    assert "Checked 4 events (the whole chain)" in _verify_output()
    _more_events(health_visitor, 3)
    out = _verify_output()
    assert "Audit chain intact: 7 events" in out
    assert "Checked 3 events (from checkpoint #4)" in out
    assert "Checked 0 events (from checkpoint #7)" in _verify_output()
    assert "Checked 7 events (the whole chain)" in _verify_output("--full")


@pytest.mark.req("R10.2")
def test_the_daily_check_finds_an_event_altered_since_the_checkpoint(trail, health_visitor):
    _verify()
    _more_events(health_visitor, 2)
    _tamper("UPDATE core_auditevent SET basis = 'nothing to see' WHERE sequence = 6")
    with pytest.raises(CommandError, match=r"#6 \(id \d+\) has been altered"):
        _verify()


@pytest.mark.req("R10.2")
def test_an_event_altered_before_the_checkpoint_is_found_by_the_full_walk(trail, health_visitor):
    """Editing an old row's content without its hash leaves the checkpoint's hash in place: the
    daily check cannot see it, which is why the full walk is run too (docs/operations)."""
    _verify()
    _tamper("UPDATE core_auditevent SET actor_username = 'someone-else' WHERE sequence = 2")
    _verify()
    with pytest.raises(CommandError, match=r"#2 \(id \d+\) has been altered"):
        _verify("--full")


@pytest.mark.req("R10.2")
def test_a_chain_rewritten_up_to_the_checkpoint_is_caught_by_the_daily_check(trail):
    """Someone who edits an old row and recomputes every hash after it changes the hash of the
    checkpoint's event, which the daily check compares first."""
    _verify()
    events = list(AuditEvent.objects.order_by("sequence"))
    previous = events[0].hash
    audit_chain.drop_triggers(connection)
    for event in events[1:]:
        if event.sequence == 2:
            event.basis = "forged"
        event.previous_hash = previous
        event.hash = audit_chain.event_hash(previous, audit_chain.values_of(event))
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET basis = %s, previous_hash = %s, hash = %s WHERE sequence = %s",
                           [event.basis, event.previous_hash, event.hash, event.sequence])
        previous = event.hash
    with pytest.raises(CommandError, match="#4 no longer carries the hash verified"):
        _verify()


@pytest.mark.req("R10.2")
def test_newest_events_removed_below_the_checkpoint_are_caught(trail):
    _verify()
    _tamper("DELETE FROM core_auditevent WHERE sequence = 4")
    with pytest.raises(CommandError, match="#4, verified intact .* is missing"):
        _verify()


@pytest.mark.req("R10.2")
def test_an_event_written_while_the_check_runs_is_checked_by_the_next_one(trail, health_visitor, monkeypatch):
    """The checkpoint is the last event the walk checked, not the table's head when it ended:
    an event a request appends while the walk runs is walked (and an edit to it found) next time."""
    from thinkfamily.core.management.commands import audit_verify

    walk = audit_verify.first_break

    def walk_while_a_request_appends(events, **options):
        problem = walk(events, **options)
        _more_events(health_visitor, 1)
        return problem

    monkeypatch.setattr(audit_verify, "first_break", walk_while_a_request_appends)
    assert "Audit chain intact: 4 events" in _verify_output()
    monkeypatch.undo()
    _tamper("UPDATE core_auditevent SET basis = 'nothing to see' WHERE sequence = 5")
    with pytest.raises(CommandError, match=r"#5 \(id \d+\) has been altered"):
        _verify()


@pytest.mark.req("R10.2")
def test_no_two_events_share_a_hash(trail):
    """The chain's hashes stay unique in the database (one index on hash since issue 16)."""
    copied = trail[1]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditevent (sequence, occurred_at, actor_username, actor_organisation, actor_role, "
            "action, object_type, object_id, subject_id, fields, detail, basis, request_id, previous_hash, hash) "
            "VALUES (99, %s, '', '', '', 'read', '', '', '', '[]', '{}', '', '', %s, %s)",
            [copied.occurred_at, copied.previous_hash, copied.hash],
        )
