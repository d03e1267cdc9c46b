"""Signing in with a username and password (Django's ModelBackend), and the signed-in user
read with their team, service and organisation in the one query of every request: the access
rules, the audit trail and the header all ask for them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PractitionerBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("team__service__organisation")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
