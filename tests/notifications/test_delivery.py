"""Notifications are written in the transaction of their cause (none after a rollback) and
delivered by e-mail after commit, without naming the child; a failed delivery is kept with its
error and retried; nothing is sent twice, whatever the queue or the sweeps do (R2.3)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.notifications.scenes import record_status
from thinkfamily.notifications import rules, tasks
from thinkfamily.notifications.models import Notification
from thinkfamily.people.models import LegalStatus

pytestmark = pytest.mark.django_db
Cause = Notification.Cause


@pytest.mark.req("R2.3")
def test_no_notification_and_no_email_when_the_change_rolls_back(area, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record_status(area, area["liam"], LegalStatus.LOOKED_AFTER, "start")
        assert Notification.objects.filter(cause=Cause.LOOKED_AFTER).count() == 4  # written with the change
        raise RuntimeError("something later in the same request failed")
    assert not Notification.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.req("R2.3")
def test_notifications_are_emailed_after_commit_without_naming_the_child(area, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_status(area, area["liam"], LegalStatus.LOOKED_AFTER, "start")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{u}@example.nhs.uk" for u in ["sn", "camhs", "psl", "cic"])
    assert all(n.delivered_at for n in Notification.objects.all())
    for message in mail.outbox:
        assert "Liam" not in message.subject + message.body and "Roberts" not in message.body
        assert "Looked-after status" in message.subject


@pytest.mark.req("R2.3")
def test_a_failed_delivery_is_kept_with_its_error_and_retried_later(
    area, monkeypatch, django_capture_on_commit_callbacks
):
    hv = area["people"]["hv"]

    def smtp_down(**kwargs):
        raise ConnectionRefusedError("mail relay not answering")

    monkeypatch.setattr(tasks, "send_mail", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = rules.notify([hv], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="Moved school.")
    notification.refresh_from_db()
    assert notification.delivered_at is None
    assert notification.delivery_attempts == 1
    assert "mail relay not answering" in notification.last_delivery_error
    assert notification.next_attempt_at > timezone.now()
    assert tasks.retry_undelivered.call() == 0  # backing off: not due yet

    monkeypatch.undo()
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert tasks.retry_undelivered.call() == 1
    notification.refresh_from_db()
    assert notification.delivered_at is not None and notification.delivery_attempts == 2
    assert notification.last_delivery_error == "" and notification.next_attempt_at is None
    assert [m.to for m in mail.outbox] == [["hv@example.nhs.uk"]]
    assert tasks.retry_undelivered.call() == 0


@pytest.mark.req("R2.3")
def test_delivering_twice_sends_one_email(area):
    [notification] = rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="x")
    assert tasks.deliver.call(notification.pk) == "delivered"
    assert tasks.deliver.call(notification.pk) == "already delivered or being delivered"
    assert len(mail.outbox) == 1


@pytest.mark.req("R2.3")
def test_a_queue_that_is_down_does_not_fail_the_change_and_the_sweep_delivers_later(
    area, monkeypatch, django_capture_on_commit_callbacks
):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("task queue unavailable")

    monkeypatch.setattr(tasks, "deliver", QueueDown())
    with django_capture_on_commit_callbacks(execute=True):
        record_status(area, area["liam"], LegalStatus.LOOKED_AFTER, "start")
    assert Notification.objects.undelivered().count() == 4 and mail.outbox == []
    monkeypatch.undo()

    call_command("deliver_notifications")  # too soon: the after-commit delivery may still be coming
    assert mail.outbox == []
    Notification.objects.update(created_at=timezone.now() - tasks.FIRST_TRY_AFTER - datetime.timedelta(seconds=1))
    call_command("deliver_notifications")
    assert len(mail.outbox) == 4
    assert not Notification.objects.undelivered().exists()


def test_two_sweeps_never_claim_the_same_notification(area):
    [notification] = rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="x")
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert tasks.claim_due() == [notification.pk]
    assert tasks.claim_due() == []
