"""Delivering notifications outside the request: an e-mail alert to the recipient (the
in-app inbox row already exists). A failed delivery is recorded and retried by the sweep."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from thinkfamily.notifications.models import Notification

RETRY_AFTER = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 20


@task()
def deliver(notification_id: int) -> str:
    """Send one notification's e-mail alert. Idempotent: a delivered one is not sent again."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, delivered_at__isnull=True)
            .first()
        )
        if notification is None:
            return "already delivered or being delivered"
        notification.delivery_attempts += 1
        try:
            if notification.recipient.email:
                send_mail(
                    subject=f"ThinkFamily: {notification.get_cause_display()}",
                    message=f"{notification.message}\n\nSign in to ThinkFamily to read it. "
                    "Details of the person are only shown after you sign in.",
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[notification.recipient.email],
                )
        except Exception as error:  # noqa: BLE001 - any transport failure is retried by the sweep
            notification.last_delivery_error = str(error)[:300]
            notification.save(update_fields=["delivery_attempts", "last_delivery_error"])
            return "failed: will retry"
        notification.delivered_at = timezone.now()
        notification.last_delivery_error = ""
        notification.save(update_fields=["delivery_attempts", "delivered_at", "last_delivery_error"])
        return "delivered"


def enqueue_after_commit(notification: Notification) -> None:
    transaction.on_commit(lambda: deliver.enqueue(notification.pk))


@task()
def retry_undelivered() -> int:
    """The sweep: re-enqueue notifications not delivered after RETRY_AFTER."""
    cutoff = timezone.now() - RETRY_AFTER
    ids = list(
        Notification.objects.undelivered()
        .filter(created_at__lte=cutoff, delivery_attempts__lt=MAX_ATTEMPTS)
        .values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)
