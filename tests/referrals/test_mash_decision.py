"""The MASH's side of a referral (R4.3): each change of status writes a status row, a
chronology event and an audit event; an illegal transition is refused; only the responsible
council's MASH acts on it; the outcome reaches the referrer and her manager; the MASH works its
queue oldest first from the page; a missing outcome is chased once, by one worker."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.pages import text
from tests.referrals.scenes import GOOD, at, decide, near, raise_referral, send, sent_referral
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.referrals import machine
from thinkfamily.referrals.models import Outcome, Referral, ReferralStatus
from thinkfamily.referrals.services import lifecycle as services

pytestmark = pytest.mark.django_db
Status = ReferralStatus.Status


@pytest.mark.req("R4.3")
def test_each_change_of_status_writes_a_status_row_a_chronology_event_and_an_audit_event(world):
    liam = world["liam"]
    referral = raise_referral(world["nurse"], liam, when=at(2026, 11, 19, 9), **GOOD)
    mash = Auditor(world["mash"])
    steps = [
        (lambda: services.send_referral(Auditor(world["nurse"]), referral, expected_version=referral.version),
         Status.SENT, "referral_sent"),
        (lambda: services.acknowledge(mash, referral), Status.ACKNOWLEDGED, "referral_acknowledged"),
        (lambda: services.record_decision(mash, referral, decision="Strategy discussion"), Status.DECIDED,
         "referral_decided"),
        (lambda: services.record_outcome(mash, referral, outcome=Outcome.SECTION_47), Status.OUTCOME_RECORDED,
         "referral_outcome"),
    ]  # fmt: skip
    for step, status, event_type in steps:
        rows, events = referral.statuses.count(), Event.objects.filter(person=liam).count()
        audits = AuditEvent.objects.filter(object_type="referrals.Referral", detail__to=status).count()
        with clock.travel_to(at(2026, 11, 19, 12)):
            step()
        assert referral.statuses.count() == rows + 1
        assert machine.current_status(referral) == status
        assert Event.objects.filter(person=liam).count() == events + 1
        assert Event.objects.filter(person=liam, type=event_type, source_id=str(referral.pk)).exists()
        assert AuditEvent.objects.filter(object_type="referrals.Referral", detail__to=status).count() == audits + 1
    assert list(referral.statuses.order_by("id").values_list("status", flat=True)) == [
        "draft", "sent", "acknowledged", "decided", "outcome_recorded",
    ]  # fmt: skip


@pytest.mark.req("R4.3")
def test_an_illegal_transition_is_refused_and_writes_nothing(world):
    referral = raise_referral(world["nurse"], world["liam"], when=clock.now(), **GOOD)
    mash = Auditor(world["mash"])
    rows = referral.statuses.count()
    with pytest.raises(machine.IllegalTransition, match="This referral is draft: it cannot be acknowledged"):
        services.acknowledge(mash, referral)
    send(world["nurse"], referral, clock.now())
    with pytest.raises(machine.IllegalTransition, match="From here it can only be acknowledged by the mash"):
        services.record_outcome(mash, referral, outcome=Outcome.EARLY_HELP)
    referral.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer be changed"):
        services.send_referral(Auditor(world["nurse"]), referral, expected_version=referral.version)
    assert referral.statuses.count() == rows + 1
    assert referral.outcome == ""


@pytest.mark.req("R4.3")
def test_the_mash_of_another_council_cannot_act_on_the_referral(world):
    referral = sent_referral(world)
    with pytest.raises(ValidationError, match="sent to Sefton Council, not to Liverpool City Council"):
        services.acknowledge(Auditor(world["liverpool_mash"]), referral)
    with pytest.raises(ValidationError, match="Only children's social care"):
        services.acknowledge(Auditor(world["ward_manager"]), referral)


@pytest.mark.req("R4.3")
def test_the_outcome_is_sent_to_the_referrer_and_her_manager_who_see_it(client, world):
    referral = sent_referral(world)
    decide(world, referral)
    to_nurse = Notification.objects.get(recipient=world["nurse"], cause=Notification.Cause.REFERRAL_OUTCOME)
    assert to_nurse.message == (
        "Outcome of your referral about Liam James Roberts: strategy discussion and section 47 enquiry."
    )
    assert to_nurse.link == reverse("referrals:detail", args=[referral.pk])
    to_manager = Notification.objects.get(recipient=world["ward_manager"], cause=Notification.Cause.REFERRAL_OUTCOME)
    assert "Emma Nurse's referral about Liam James Roberts" in to_manager.message
    assert not Notification.objects.filter(recipient=world["other_manager"]).exists()
    for user in (world["nurse"], world["ward_manager"]):
        client.force_login(user)
        page = text(client.get(reverse("referrals:detail", args=[referral.pk])))
        assert "Outcome Strategy discussion and section 47 enquiry, recorded" in page
    client.force_login(world["nurse"])
    record = text(client.get(reverse("people:record", args=[world["liam"].pk])))
    assert "Referrals to the MASH" in record and "Strategy discussion and section 47 enquiry" in record


@pytest.mark.req("R4.3")
def test_the_mash_sees_incoming_referrals_oldest_first_and_works_them_from_the_page(client, world):
    first = sent_referral(world, concern_at=at(2026, 11, 18, 9))
    second = sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 11, 19, 9))
    assert Notification.objects.filter(recipient=world["mash"], cause=Notification.Cause.REFERRAL_RECEIVED).count() == 2
    client.force_login(world["mash"])
    page = client.get(reverse("referrals:mash_queue"))
    body = text(page)
    assert "Referrals received by Sefton Council MASH" in body
    links = re.findall(r'href="/referrals/(\d+)/"', page.content.decode())
    assert links == [str(first.pk), str(second.pk)]
    assert "100 out of 100" in body
    assert "Acknowledge the referral" in text(client.get(reverse("referrals:detail", args=[first.pk])))
    client.post(reverse("referrals:acknowledge", args=[first.pk]))
    assert "Record the MASH's decision" in text(client.get(reverse("referrals:decision", args=[first.pk])))
    client.post(reverse("referrals:decision", args=[first.pk]), {"decision": "Strategy discussion today."})
    refused = client.post(reverse("referrals:outcome", args=[first.pk]), {"outcome": ""})
    assert "Choose the outcome of the referral." in text(refused)
    response = client.post(reverse("referrals:outcome", args=[first.pk]), {"outcome": "early_help", "note": ""})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.outcome == "early_help" and first.decision == "Strategy discussion today."
    client.force_login(world["nurse"])
    assert client.get(reverse("referrals:outcome", args=[second.pk])).status_code == 403
    client.force_login(world["liverpool_mash"])
    assert "No referrals are waiting for an outcome." in text(client.get(reverse("referrals:mash_queue")))


@pytest.mark.req("R4.3")
def test_a_missing_outcome_is_chased_once_at_the_decision_deadline(world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9), sent_at=at(2026, 11, 19, 10))
    assert referral.decision_due_at == at(2026, 11, 20, 23, 59).replace(second=59)
    chases = Notification.objects.filter(cause=Notification.Cause.REFERRAL_CHASE)
    with clock.travel_to(at(2026, 11, 20, 17)):
        assert services.chase_missing_outcomes(clock.now()) == 0
    with clock.travel_to(at(2026, 11, 23, 9)):
        assert services.chase_missing_outcomes(clock.now()) == 1
        assert services.chase_missing_outcomes(clock.now()) == 0
    assert chases.filter(recipient=world["mash"]).count() == 1
    assert chases.filter(recipient=world["nurse"]).count() == 1
    assert chases.count() == 2
    referral.refresh_from_db()
    assert near(referral.chased_at, at(2026, 11, 23, 9))
    with clock.travel_to(at(2026, 11, 30, 9)):
        assert services.chase_missing_outcomes() == 0
    assert chases.count() == 2


@pytest.mark.req("R4.3")
def test_a_referral_with_its_outcome_is_not_chased(world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9), sent_at=at(2026, 11, 19, 10))
    decide(world, referral, when=at(2026, 11, 19, 15))
    with clock.travel_to(at(2026, 11, 23, 9)):
        assert services.chase_missing_outcomes() == 0


@pytest.mark.req("R4.3")
def test_only_the_worker_whose_update_claims_the_row_chases(world, monkeypatch):
    """Two workers find the same overdue referral; the second's conditional UPDATE takes no row."""
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9), sent_at=at(2026, 11, 19, 10))
    real_overdue = Referral.objects.decision_overdue
    seen = list(real_overdue(at(2026, 11, 23, 9)).values_list("pk", flat=True))
    assert seen == [referral.pk]
    Referral.objects.filter(pk=referral.pk).update(chased_at=at(2026, 11, 23, 8, 59))  # the other worker won
    monkeypatch.setattr(
        type(Referral.objects), "decision_overdue", lambda self, now: Referral.objects.filter(pk__in=seen)
    )
    assert services.chase_missing_outcomes(at(2026, 11, 23, 9)) == 0
    assert not Notification.objects.filter(cause=Notification.Cause.REFERRAL_CHASE).exists()
