"""What views ask of notifications: a practitioner's own inbox, what they sent and who has
read it. Every query here is scoped to one user: the inbox is the recipient's own, and a
notification is never a way into a record (the link it carries goes through the access
rules like any other)."""

from django.http import Http404

from thinkfamily.core import clock
from thinkfamily.notifications.models import Notification

PAGE_SIZE = 25


def inbox_for(user):
    """The user's notifications, newest first, with their sender in the same query."""
    return Notification.objects.for_recipient(user).select_related("sender").order_by("-created_at", "-id")


def unread_count(user) -> int:
    """One COUNT over the (recipient, read_at) index."""
    return Notification.objects.for_recipient(user).unread().count()


def sent_by(user):
    """Notifications this user caused, each with its recipient (and their team), newest first."""
    return (
        Notification.objects.for_sender(user)
        .select_related("recipient__team__service__organisation")
        .order_by("-created_at", "-id")
    )


def open_notification(user, notification_id) -> Notification:
    """The user's own notification, marked read the first time it is opened (the read
    receipt the sender sees). Anyone else's is a 404: it does not exist for them."""
    try:
        notification = Notification.objects.for_recipient(user).get(pk=notification_id)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such notification") from exc
    if notification.read_at is None:
        now = clock.now()
        # Conditional: a second tab opening it at the same moment keeps the first time.
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
            notification.read_at = now
        else:
            notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    return Notification.objects.for_recipient(user).unread().update(read_at=clock.now())
