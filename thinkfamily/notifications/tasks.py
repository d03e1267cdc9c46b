"""Delivering notifications outside the request: an e-mail alert to the recipient (the
in-app inbox row already exists, written in the transaction of its cause).

- ``enqueue_batch`` writes a batch's delivery task row in its cause's transaction when the
  queue is a table of this database (django_tasks_db): a worker sees it only after the commit,
  and a rollback removes it with the notifications.
- ``enqueue_after_commit`` hands a new notification to the task queue once its cause has
  committed. If that hand-over fails (queue down, process killed), the row is still there,
  undelivered, and the sweep finds it after ``FIRST_TRY_AFTER``.
- ``deliver`` sends one alert. It is idempotent: a delivered row is never sent again, and
  on PostgreSQL a row being delivered by another worker is skipped (row lock). A failure is
  recorded on the row (attempts, error) and the next attempt is backed off.
- ``sweep`` (run by ``manage.py deliver_notifications``) and the ``retry_undelivered`` task
  retry every row that is due. Nothing gives up: an alert that keeps failing is retried at
  most every ``MAX_BACKOFF`` and logged as an error for whoever runs the service.

The e-mail names no one: it says that there is a notification, of which kind, and asks the
recipient to sign in. Who it is about is only shown in the inbox, after sign-in."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django_tasks_db.backend import DatabaseBackend

from thinkfamily.core import clock
from thinkfamily.notifications.models import Notification

logger = logging.getLogger(__name__)

FIRST_TRY_AFTER = datetime.timedelta(minutes=5)
FIRST_BACKOFF = datetime.timedelta(minutes=5)
MAX_BACKOFF = datetime.timedelta(hours=6)
CLAIM_FOR = datetime.timedelta(minutes=10)
LOG_ERROR_AFTER_ATTEMPTS = 5
SWEEP_BATCH = 1000

# Kept for callers of the first version of this module.
RETRY_AFTER = FIRST_TRY_AFTER


def backoff(attempts: int) -> datetime.timedelta:
    """5 minutes after the first failure, doubling, at most 6 hours."""
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _alert_text(notification: Notification) -> tuple[str, str]:
    kind = notification.get_cause_display()
    subject = f"ThinkFamily: a new notification ({kind})"
    body = (
        f"You have a new notification in ThinkFamily: {kind}.\n\n"
        "Sign in to ThinkFamily and open your inbox to read it. For the safety of the people it is "
        "about, this email does not say who it concerns."
    )
    return subject, body


def deliver_now(notification_id: int) -> str:
    """Send one notification's e-mail alert, at most once."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, delivered_at__isnull=True)
            .first()
        )
        if notification is None:
            return "already delivered or being delivered"
        notification.delivery_attempts += 1
        try:
            if notification.recipient.email and notification.recipient.is_active:
                subject, body = _alert_text(notification)
                send_mail(
                    subject=subject,
                    message=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[notification.recipient.email],
                )
        except Exception as error:  # noqa: BLE001 - any transport failure is kept and retried
            now = clock.now()
            notification.last_delivery_error = f"{type(error).__name__}: {error}"[:300]
            notification.next_attempt_at = now + backoff(notification.delivery_attempts)
            notification.save(update_fields=["delivery_attempts", "last_delivery_error", "next_attempt_at"])
            log = logger.error if notification.delivery_attempts >= LOG_ERROR_AFTER_ATTEMPTS else logger.warning
            log(
                "Notification %s not delivered (attempt %s): %s; next attempt at %s",
                notification.pk,
                notification.delivery_attempts,
                notification.last_delivery_error,
                notification.next_attempt_at.isoformat(),
            )
            return "failed: will retry"
        notification.delivered_at = clock.now()
        notification.last_delivery_error = ""
        notification.next_attempt_at = None
        notification.save(update_fields=["delivery_attempts", "delivered_at", "last_delivery_error", "next_attempt_at"])
        return "delivered"


@task()
def deliver(notification_id: int) -> str:
    return deliver_now(notification_id)


def enqueue_after_commit(notification: Notification) -> None:
    """Hand the notification to the queue after its cause commits. ``robust``: a queue that
    is down must not turn a committed change into an error page; the sweep delivers later."""
    transaction.on_commit(lambda: deliver.enqueue(notification.pk), robust=True)


@task()
def deliver_batch(notification_ids: list[int]) -> dict:
    """Send a batch's alerts (a sweep's notifications): one task row for the batch, not one
    per notification; each alert is still sent at most once (``deliver_now``)."""
    outcomes: dict = {}
    for pk in notification_ids:
        result = deliver_now(pk)
        outcomes[result] = outcomes.get(result, 0) + 1
    return outcomes


def queue_is_in_the_database(task) -> bool:
    """True when ``task``'s queue is a table of this database (django_tasks_db, production's):
    its task row is then written with the caller's connection, inside the caller's transaction,
    so a worker can only pick it up once that transaction commits, and a rollback takes it away
    with the rows it was to deliver."""
    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_batch(notifications: list[Notification]) -> None:
    """Hand a batch of new notifications to the queue as one task, with their cause: with a
    database-backed queue, the task row goes in the caller's transaction (committed, or rolled
    back, with the notifications; no transaction of its own after the commit). A queue outside
    the database (a broker; the tests' immediate backend, which would run the task at once) is
    handed the task after the commit (``robust``: a queue that is down must not turn a committed
    change into an error page; the sweep delivers later)."""
    ids = [notification.pk for notification in notifications]
    if not ids:
        return
    if queue_is_in_the_database(deliver_batch):
        deliver_batch.enqueue(ids)
    else:
        transaction.on_commit(lambda: deliver_batch.enqueue(ids), robust=True)


def claim_due(now=None, limit: int = SWEEP_BATCH) -> list[int]:
    """The ids of due rows this sweep has claimed. Each claim is a conditional UPDATE that
    moves the row's next attempt past ``CLAIM_FOR``, so that a second sweep running at the
    same time does not claim it too."""
    now = now or clock.now()
    candidates = list(
        Notification.objects.due_for_delivery(now, FIRST_TRY_AFTER)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    claimed = []
    for pk in candidates:
        still_due = Notification.objects.due_for_delivery(now, FIRST_TRY_AFTER).filter(pk=pk)
        if still_due.update(next_attempt_at=now + CLAIM_FOR) == 1:
            claimed.append(pk)
    return claimed


def sweep(now=None) -> dict:
    """Deliver every due notification here and now (cron, or a worker's periodic job)."""
    outcomes = {"delivered": 0, "failed": 0, "skipped": 0}
    for pk in claim_due(now):
        result = deliver_now(pk)
        key = "delivered" if result == "delivered" else "failed" if result.startswith("failed") else "skipped"
        outcomes[key] += 1
    outcomes["waiting"] = Notification.objects.undelivered().count()
    return outcomes


@task()
def retry_undelivered() -> int:
    """The sweep as a task: claim the due rows and hand each to the queue."""
    claimed = claim_due()
    for pk in claimed:
        deliver.enqueue(pk)
    return len(claimed)
