"""An in-app inbox with read receipts (R2.3). Notifications are created inside the
transaction of the change that causes them, so none is lost and none is sent for a change
that rolled back; an e-mail alert is then delivered after commit by the task queue, and
retried until it goes (notifications.tasks)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_recipient(self, user):
        return self.filter(recipient=user)

    def for_sender(self, user):
        return self.filter(sender=user)

    def undelivered(self):
        return self.filter(delivered_at__isnull=True)

    def due_for_delivery(self, now, first_try_after):
        """Undelivered rows the sweep should (re)try: never tried by the after-commit
        delivery within ``first_try_after``, or failed and backed off until now."""
        return self.undelivered().filter(
            Q(next_attempt_at__isnull=True, created_at__lte=now - first_try_after) | Q(next_attempt_at__lte=now)
        )


class Notification(models.Model):
    class Cause(models.TextChoices):
        BREAK_GLASS = "break_glass", "Break-glass access"
        LOOKED_AFTER = "looked_after", "Looked-after status"
        PLACED_FOR_ADOPTION = "placed_for_adoption", "Placed for adoption"
        CHILD_PROTECTION_PLAN = "child_protection_plan", "Child protection plan"
        ADULT_RISK = "adult_risk", "MARAC, MAPPA or domestic abuse in the household"
        SCHOOL_CHANGE = "school_change", "Change of school"
        PAEDIATRIC_LIAISON = "paediatric_liaison", "Paediatric liaison (adult seen in ED)"
        POINT_OF_CARE_LOOKUP = "point_of_care_lookup", "Seen in unscheduled care"
        MASH_REQUEST = "mash_request", "MASH information request"
        MASH_REQUEST_REMINDER = "mash_request_reminder", "MASH information request due soon"
        MASH_REQUEST_OVERDUE = "mash_request_overdue", "MASH information request overdue"
        REFERRAL_RECEIVED = "referral_received", "Referral received by the MASH"
        REFERRAL_OUTCOME = "referral_outcome", "Outcome of a referral to the MASH"
        REFERRAL_CHASE = "referral_chase", "Referral outcome overdue"
        HEALTH_ASSESSMENT_SHARED = "health_assessment_shared", "Health assessment report shared"
        THINK_FAMILY = "think_family", "Think Family: a parent or carer seen by an adult service"
        FOLLOW_UP = "follow_up", "Missed appointments: follow-up required"
        WAS_NOT_BROUGHT = "was_not_brought", "Child not brought to appointments"
        ADULT_DISENGAGED = "adult_disengaged", "An adult around the child disengaged from a service"
        CONFERENCE_INVITATION = "conference_invitation", "Invitation to a child protection conference"
        CONFERENCE_REPORT = "conference_report", "Agency report for a child protection conference"
        CONFERENCE_MINUTES = "conference_minutes", "Child protection conference minutes and plan"
        CONFERENCE_MINUTES_OVERDUE = "conference_minutes_overdue", "Child protection conference minutes overdue"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    cause = models.CharField(max_length=40, choices=Cause.choices)
    subject_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(max_length=500)
    link = models.CharField(max_length=300, blank=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_notifications"
    )
    created_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    read_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivery_attempts = models.PositiveIntegerField(default=0)
    last_delivery_error = models.CharField(max_length=300, blank=True)
    # When the sweep may next try to deliver: set after a failure (backing off) and when a
    # sweep claims the row, so that two sweeps never deliver the same row at once.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["sender", "-created_at"]),
            models.Index(
                fields=["created_at"], condition=Q(delivered_at__isnull=True), name="notification_undelivered"
            ),
        ]

    def __str__(self):
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
