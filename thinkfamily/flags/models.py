"""Safeguarding flags (R2.1): what every service must see at the top of a person's record,
the same everywhere. Flags that follow from legal status (CP plan, looked after, placed for
adoption, child in need) are raised and ended by the legal status change itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thinkfamily.core import clock
from thinkfamily.core.models import DatedQuerySet
from thinkfamily.core.nhs_numbers import NHSNumberModelField, stored_form_check


def flag_label(type_label: str, detail: str) -> str:
    """A flag's name: its type, and its detail when it has one ("Child protection plan: Neglect")."""
    return f"{type_label}: {detail}" if detail else type_label


class FlagType(models.Model):
    """The kinds of flag. The national ones are seeded; a safeguarding lead may add others."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    from_legal_status = models.CharField(
        max_length=30, blank=True, help_text="the legal status that raises and ends this flag, if any"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return self.label


class FlagQuerySet(DatedQuerySet):

    def ended_since(self, since):
        return self.filter(end_date__isnull=False, end_date__gte=since, end_date__lte=clock.today())


class Flag(models.Model):
    class Visibility(models.TextChoices):
        EVERYONE = "everyone", "Everyone who may open the record"
        SAFEGUARDING = "safeguarding", "Safeguarding leads and social care only"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="flags")
    type = models.ForeignKey(FlagType, on_delete=models.PROTECT, related_name="flags")
    detail = models.CharField(max_length=200, blank=True, help_text="e.g. the CP plan category")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    raised_by_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_out_of_hours_phone = models.CharField(max_length=40, blank=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.EVERYONE)
    legal_status_entry = models.ForeignKey(
        "people.LegalStatusEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["person", "end_date"], name="flag_person_end"),
            models.Index(fields=["person"], condition=Q(end_date__isnull=True), name="flag_open_by_person"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "type"], condition=Q(end_date__isnull=True), name="one_current_flag_of_a_type"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return flag_label(self.type.label, self.detail)

    @property
    def is_current(self) -> bool:
        today = clock.today()
        return self.start_date <= today and (self.end_date is None or self.end_date > today)


class PointOfCareLookup(models.Model):
    """A lookup by an unscheduled-care setting (the CP-IS job): who looked, where, when."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="point_of_care_lookups")
    looked_up_nhs_number = NHSNumberModelField()
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    looked_up_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    via_api = models.BooleanField(default=False)

    class Meta:
        ordering = ["-looked_up_at", "-id"]
        indexes = [models.Index(fields=["person", "-looked_up_at"], name="lookup_person_time")]
        constraints = [stored_form_check("looked_up_nhs_number", name="lookup_nhs_number_10_ascii_digits",
                                         nullable=False)]


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token with which another system (an ED system, an out-of-hours GP system)
    calls the point-of-care lookup API as a practitioner or system account in a service.
    Only the token's SHA-256 is stored; the token itself is shown once, when it is made."""

    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, help_text="what the token is for, e.g. the calling system")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text="the token's first characters, to recognise it")
    created_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.practitioner}{', revoked' if self.revoked_at else ''})"
