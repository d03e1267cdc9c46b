"""The deadline sweeps act a batch at a time (issue 16): many overdue requests are claimed with
one UPDATE per batch, told in bulk and audited in one append per batch, and still each request
is escalated once, to the same people as one at a time, even with two sweeps at once; the
audit chain stays intact (audit_verify passes)."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tests.referrals.information_requests.scenes import at, send, service_key
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.referrals import sweeps
from thinkfamily.referrals.information_requests.services import (
    recipients_by_request,
    request_recipients,
    safeguarding_leads,
    safeguarding_leads_by_organisation,
)
from thinkfamily.referrals.models import InformationRequest

COPIES = 12  # each sent request copied, so that the sweep has several batches to claim


def _many_overdue(client, world) -> list[InformationRequest]:
    """Red requests to CAMHS, the GP practice and adult mental health (through Sarah), each
    copied COPIES times: 39 open requests, all overdue by 14:00 the same day."""
    with clock.travel_to(at(2026, 11, 23, 9, 0)):
        sent = send(client, world, [service_key(world, "camhs"), service_key(world, "gp"),
                                    service_key(world, "adult_mh", "sarah")], grade="red")
    copies = []
    for request_obj in sent:
        for _ in range(COPIES):
            request_obj.pk = None
            request_obj.save(force_insert=True)
            copies.append(request_obj.pk)
    return list(InformationRequest.objects.order_by("pk"))


def _escalations():
    return AuditEvent.objects.filter(detail__sweep="escalation")


@pytest.mark.req("R4.5")
def test_a_batched_sweep_tells_the_same_people_once_per_request_and_keeps_the_chain(
    client, world, monkeypatch
):
    requests = _many_overdue(client, world)
    monkeypatch.setattr(sweeps, "BATCH", 7)  # 39 requests: six batches
    expected = {r.pk: sorted(p.pk for p in request_recipients(r)) for r in requests}
    assert {pk: sorted(p.pk for p in people) for pk, people in recipients_by_request(requests).items()} == expected
    organisations = {r.service.organisation_id for r in requests}
    assert {o: [p.pk for p in people] for o, people in safeguarding_leads_by_organisation(organisations).items()} == {
        o: sorted(p.pk for p in safeguarding_leads(o)) for o in organisations}

    with clock.travel_to(at(2026, 11, 23, 14, 0)):
        assert sweeps.escalate_overdue() == len(requests)
        assert sweeps.escalate_overdue() == 0

    assert not InformationRequest.objects.filter(escalated_at__isnull=True).exists()
    assert sorted(int(e.object_id) for e in _escalations()) == sorted(r.pk for r in requests)
    for request_obj in requests:
        told = Notification.objects.filter(cause="mash_request_overdue", link__endswith=f"/{request_obj.pk}/")
        leads = safeguarding_leads(request_obj.service.organisation_id)
        assert sorted(n.recipient_id for n in told) == sorted([p.pk for p in leads] + [request_obj.requested_by_id])
    out = io.StringIO()
    call_command("audit_verify", "--full", stdout=out)
    assert "intact" in out.getvalue().lower(), out.getvalue()


@pytest.mark.req("R4.5")
def test_two_sweeps_at_once_escalate_each_request_once(transactional_db, client, world, monkeypatch):
    """Each thread sweeps on its own database connection, as two workers would."""
    requests = _many_overdue(client, world)
    monkeypatch.setattr(sweeps, "BATCH", 5)
    start = threading.Barrier(2)
    done, errors = [], []

    def sweep():
        try:
            start.wait()
            done.append(sweeps.escalate_overdue(at(2026, 11, 23, 14, 0)))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert sum(done) == len(requests), done
    assert _escalations().count() == len(requests)
    to_mash = Notification.objects.filter(cause="mash_request_overdue", recipient=world["mash"])
    assert to_mash.count() == len(requests)
    call_command("audit_verify", "--full", stdout=io.StringIO())


def _escalation_statements(now) -> int:
    with CaptureQueriesContext(connection) as captured:
        sweeps.escalate_overdue(now)
    return sum("pg_advisory_xact_lock" not in query["sql"] for query in captured.captured_queries)


@pytest.mark.req("R4.5")
def test_a_batch_takes_the_same_statements_for_3_requests_as_for_39(client, world, monkeypatch):
    """A sweep's batch reads its rows, their recipients and what its messages name in a fixed
    number of statements: nothing is fetched again for each request (a field left out of the
    batch's load would be read once per row)."""
    monkeypatch.setattr(sweeps, "BATCH", 100)
    with clock.travel_to(at(2026, 11, 23, 9, 0)):
        sent = send(client, world, [service_key(world, "camhs"), service_key(world, "gp"),
                                    service_key(world, "adult_mh", "sarah")], grade="red")
    with clock.travel_to(at(2026, 11, 23, 14, 0)):
        three = _escalation_statements(clock.now())
        for request_obj in sent:
            for _ in range(COPIES):
                request_obj.pk, request_obj.escalated_at = None, None
                request_obj.save(force_insert=True)
        assert InformationRequest.objects.filter(escalated_at__isnull=True).count() == 3 * COPIES
        thirty_nine = _escalation_statements(clock.now())
    assert _escalations().count() == 3 + 3 * COPIES
    assert thirty_nine == three, (three, thirty_nine)
