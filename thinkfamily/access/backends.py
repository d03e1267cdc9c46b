"""Signing in with a username and password (Django's ModelBackend), and the signed-in user
read with their team, service and organisation in the one query of every request: the access
rules, the audit trail and the header all ask for them. The same query counts the user's
unread notifications for the header's inbox link (``unread_notifications``), as they stood
when the request began."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from thinkfamily.notifications.models import Notification


def _unread_of_user():
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by().values("recipient").annotate(count=Count("*")).values("count")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


class PractitionerBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("team__service__organisation")
            .annotate(unread_notifications=_unread_of_user())
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
