"""Case notes: what a service writes in a person's running record. An entry can be
restricted to its own service (R2.4): others see that it exists and whom to contact, never
its content, unless the owning service shares it with their service for a recorded reason.
Every entry by a restricted service (Service.RESTRICTED_KINDS: sexual health) is restricted:
that is the service's rule, not the author's choice, and only sharing opens one."""

from django.conf import settings
from django.db import models

from thinkfamily.core import clock
from thinkfamily.core.models import TimeStamped, Versioned


class CaseNote(TimeStamped, Versioned):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="case_notes")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="case_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=clock.now)
    title = models.CharField(max_length=200)
    body = models.TextField()
    restricted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-written_at", "-id"]
        indexes = [models.Index(fields=["person", "written_at"])]

    def __str__(self):
        return self.title


class CaseNoteShare(models.Model):
    """The owning service shares a restricted entry with another service, for a reason."""

    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="shares")
    shared_with = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "shared_with"], name="one_share_per_service")]
