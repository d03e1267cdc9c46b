"""One chronology per person: a row per significant event, written by the services at the
moment things happen (never assembled from other tables at read time)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from thinkfamily.chronology.types import EVENT_TYPES, Significance


class EventQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def significant(self, levels):
        return self.filter(significance__in=levels)


class Event(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="chronology")
    occurred_at = models.DateTimeField()
    type = models.CharField(max_length=40, help_text="a code from chronology.types.EVENT_TYPES")
    significance = models.CharField(max_length=10, choices=Significance.CHOICES)
    summary = models.CharField(max_length=500)
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    # Restricted like its source (R2.4): others see that an event exists, not what it was.
    restricted_to_service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)  # wall clock: writers pass clock.now()

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-occurred_at", "-id"], name="chronology_person_time"),
            models.Index(fields=["person", "significance", "-occurred_at"], name="chronology_person_sig"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d} {self.type_label}: {self.summary}"

    @property
    def type_label(self) -> str:
        event_type = EVENT_TYPES.get(self.type)
        return event_type.label if event_type else self.type.replace("_", " ").capitalize()
