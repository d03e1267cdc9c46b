"""A read replica for dashboards and lists (issue 16): with a replica configured, the reads of a
view marked for it go to the second database alias, its writes (the audit of the read) and
every other page's reads go to the primary, and a user who has just written reads the primary
until the replica has caught up. Without a replica, nothing goes to it.

The ``replica`` alias here is a test mirror of the default database (tests/settings), so the
tests are transactional: the mirror is its own connection and reads what was committed."""

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import practitioner_as
from thinkfamily.core import replica
from thinkfamily.organisations.models import Practitioner
from thinkfamily.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def _committed(transactional_db):
    """Transactional: the mirror reads what the primary committed (and the audit table's
    triggers are lifted for the flush, tests/conftest.py). The replica's connection is made
    afresh: a browser test before this one (its live server holds every alias) can leave the
    old one refusing connections, as a test that did not allow it is made to."""
    del connections[replica.REPLICA]


def _on(alias, call):
    """What ``call`` returns, and the SQL it ran on ``alias``."""
    with CaptureQueriesContext(connections[alias]) as captured:
        result = call()
    return result, [query["sql"] for query in captured.captured_queries]


@override_settings(READ_REPLICA=True)
def test_reads_in_a_replica_block_go_to_the_replica_and_writes_to_the_primary(family, health_visitor):
    with (CaptureQueriesContext(connections["replica"]) as on_replica,
          CaptureQueriesContext(connections["default"]) as on_primary, replica.replica_reads()):
        count = Person.objects.count()
        Practitioner.objects.filter(pk=health_visitor.pk).update(is_active=True)
    replica_sql = [query["sql"].upper() for query in on_replica.captured_queries]
    primary_sql = [query["sql"].upper() for query in on_primary.captured_queries]
    assert count == Person.objects.count()
    assert any("COUNT" in sql for sql in replica_sql) and not any("COUNT" in sql for sql in primary_sql)
    assert any(sql.startswith("UPDATE") for sql in primary_sql)
    assert not any(sql.startswith("UPDATE") for sql in replica_sql)
    assert replica.alias_for_reading() == "default"  # outside the block: the primary


def test_without_a_replica_nothing_goes_to_it(family):
    def read():
        with replica.replica_reads():
            return Person.objects.count()

    count, on_replica = _on("replica", read)
    assert count == Person.objects.count() and on_replica == []


@override_settings(READ_REPLICA=True)
def test_the_dashboard_reads_the_replica_until_the_user_writes_then_the_primary(client, family, council):
    lead = practitioner_as(Practitioner.Role.SAFEGUARDING_LEAD, username="lead")
    client.force_login(lead)
    url = reverse("referrals:ward")

    response, on_replica = _on("replica", lambda: client.get(url))
    assert response.status_code == 200
    assert on_replica, "the ward view read nothing from the replica"

    # A write (here a failed change of password: a POST all the same) pins the session to the primary.
    client.post(reverse("change_password"), {"current_password": "not it"})
    response, on_replica = _on("replica", lambda: client.get(url))
    assert response.status_code == 200
    assert on_replica == [], "just after a write, the dashboard read the replica"

    # The record page never reads the replica.
    with override_settings(REPLICA_LAG_SECONDS=0):
        client.post(reverse("change_password"), {"current_password": "not it"})
        response, on_replica = _on("replica", lambda: client.get(reverse("people:record", args=[family["liam"].pk])))
    assert on_replica == []
