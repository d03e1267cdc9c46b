"""The audit trail is append-only and tamper-evident (R10.2)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

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
