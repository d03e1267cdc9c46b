"""Break-glass access: opening a record without a legitimate relationship, for a stated
reason, for a limited time, reviewed afterwards by the organisation's safeguarding lead."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thinkfamily.core import clock


class BreakGlassQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(expires_at__gt=now or clock.now())

    def awaiting_review(self):
        return self.filter(reviewed_at__isnull=True)

    def for_organisation(self, organisation):
        return self.filter(practitioner__team__service__organisation=organisation)


class BreakGlassAccess(models.Model):
    class Reason(models.TextChoices):
        UNSCHEDULED_CARE = "unscheduled_care", "The person is in front of me for urgent or unscheduled care"
        SAFEGUARDING_CONCERN = "safeguarding_concern", "An immediate safeguarding concern about a child"
        MASH_ENQUIRY = "mash_enquiry", "A MASH or strategy enquiry needs this information now"
        CONTINUITY = "continuity", "Continuity of care: the person has just been referred to me"
        OTHER = "other", "Another reason (explain below)"

    class Outcome(models.TextChoices):
        APPROPRIATE = "appropriate", "Appropriate"
        INAPPROPRIATE = "inappropriate", "Not appropriate"

    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="break_glass_accesses")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    justification = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    review_note = models.TextField(blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        verbose_name = "break-glass access"
        verbose_name_plural = "break-glass accesses"
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["practitioner", "person", "expires_at"]),
            models.Index(fields=["reviewed_at"], condition=Q(reviewed_at__isnull=True), name="break_glass_unreviewed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("started_at")), name="break_glass_expires_later"
            ),
        ]

    def __str__(self):
        return f"{self.practitioner} → {self.person_id} ({self.get_reason_display()})"

    @property
    def is_active(self) -> bool:
        return self.expires_at > clock.now()


class TwoFactorDevice(models.Model):
    """An optional time-based one-time password (TOTP, RFC 6238) for a local account: an
    authenticator app on the practitioner's phone. Confirmed once a code from it is entered."""

    practitioner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0, help_text="refuses a code used twice")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PasswordReset(models.Model):
    """An administrator has reset this practitioner's password to a one-time password
    (``manage.py reset_password``): until they choose their own, every page after signing in
    leads to "Change your password". Removed when they change it; the audit keeps the history."""

    practitioner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_reset"
    )
    reset_at = models.DateTimeField()
    reason = models.CharField(max_length=300)

    def __str__(self):
        return f"{self.practitioner} must change their password (reset {self.reset_at:%Y-%m-%d})"
