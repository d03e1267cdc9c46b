"""Base models shared by every app, and the audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from thinkfamily.core import clock


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def dated_q(
    on, *, prefix: str = "", start: str = "start_date", end: str = "end_date", start_may_be_unknown: bool = False
) -> Q:
    """The one rule of a dated relationship, as a condition: current on ``on`` means started on
    or before it and not yet ended; **the end is exclusive** (a place ended today no longer
    counts today, so a team discharged today is neither shown nor told). A start not recorded
    (a mother's relationship to her child) has always been. ``prefix`` reaches the dates
    through a relation (``prefix="caseload_memberships__"``)."""
    started = Q(**{f"{prefix}{start}__lte": on})
    if start_may_be_unknown:
        started |= Q(**{f"{prefix}{start}__isnull": True})
    not_ended = Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": on})
    return started & not_ended


def is_current(row, on, *, start: str = "start_date", end: str = "end_date") -> bool:
    """The same rule as ``dated_q``, for a row already read."""
    started, ended = getattr(row, start), getattr(row, end)
    return (started is None or started <= on) and (ended is None or ended > on)


class DatedQuerySet(models.QuerySet):
    """Every dated relationship (caseload places, episodes of care, relationships, households,
    schools, GP registrations, parental responsibility, flags) reads "current" through here:
    ``current(on)`` with the end exclusive, ``open()`` for rows not yet ended (what the
    one-current-row constraints guard). Date rows default ``on`` to today; rows dated by time
    (``start_field = "start_at"``) to now."""

    start_field = "start_date"
    end_field = "end_date"

    def _default_on(self):
        return clock.now() if self.start_field.endswith("_at") else clock.today()

    def current(self, on=None):
        on = self._default_on() if on is None else on
        unknown = self.model._meta.get_field(self.start_field).null
        return self.filter(dated_q(on, start=self.start_field, end=self.end_field, start_may_be_unknown=unknown))

    def open(self):
        return self.filter(**{f"{self.end_field}__isnull": True})


class ConcurrentEditError(Exception):
    """Someone else saved this record after it was opened. Nothing was written."""

    def __init__(self, instance, changed_fields: dict):
        self.instance = instance
        self.changed_fields = changed_fields
        super().__init__(f"{instance._meta.verbose_name} was changed by someone else")


class Versioned(models.Model):
    """A version column: a save names the version it started from and is refused when
    the row has moved on since, instead of silently overwriting someone else's change."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def save_versioned(self, expected_version: int, update_fields: list[str], original: dict | None = None) -> None:
        """Save ``update_fields`` if the row is still at ``expected_version``. Otherwise raise
        ConcurrentEditError naming what the other person changed (compared with
        ``original``, the values this editor started from, when given)."""
        model = type(self)
        values = {name: getattr(self, name) for name in update_fields}
        if "updated_at" in {f.name for f in model._meta.fields}:
            from django.utils import timezone

            values["updated_at"] = timezone.now()  # wall clock: row bookkeeping, as auto_now writes it
        updated = model.objects.filter(pk=self.pk, version=expected_version).update(version=F("version") + 1, **values)
        if updated != 1:
            current = model.objects.get(pk=self.pk)
            baseline = original if original is not None else {name: getattr(self, name) for name in update_fields}
            changed = {name: getattr(current, name) for name in baseline if getattr(current, name) != baseline[name]}
            raise ConcurrentEditError(current, changed)
        self.version = expected_version + 1


class AuditEvent(models.Model):
    """One row per read, search, export or write of personal data.

    Append-only and tamper-evident: database triggers refuse UPDATE and DELETE (migration
    0002), and each row carries a hash of its content chained to the row before it
    (core.audit_chain), so ``manage.py audit_verify`` finds a row altered or removed
    behind the application's back. Write rows through core.audit.Auditor only."""

    class Action(models.TextChoices):
        READ = "read", "Read"
        SEARCH = "search", "Search"
        WRITE = "write", "Write"
        CREATE = "create", "Create"
        EXPORT = "export", "Export"
        SIGN_IN = "sign_in", "Sign in"
        REFUSED = "refused", "Access refused"
        BREAK_GLASS = "break_glass", "Break glass"

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    actor_organisation = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=50, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The person the event is about (the record it appears in "who has looked at this record").
    subject_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    basis = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["subject_id", "sequence"], name="audit_subject_sequence")]
        # A constraint, not unique=True on the field: on PostgreSQL a unique CharField gets a
        # second index for LIKE queries, which a hash never needs (about 120 bytes an event).
        constraints = [models.UniqueConstraint(fields=["hash"], name="audit_hash_unique")]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"


class AuditCheckpoint(models.Model):
    """A point up to which ``manage.py audit_verify`` found the audit chain intact: the daily
    check starts here instead of at the first event (issue 16), after confirming that the
    event at this sequence still carries this hash. ``full``: the run walked the chain from
    its first event. Written only by audit_verify; a checkpoint is never changed."""

    sequence = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    verified_at = models.DateTimeField()
    full = models.BooleanField(default=False)
    events_checked = models.PositiveBigIntegerField()
    seconds = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["-sequence"], name="audit_checkpoint_sequence")]

    def __str__(self):
        return f"audit chain verified to #{self.sequence} at {self.verified_at:%Y-%m-%d %H:%M}"


class TimescaleSetting(models.Model):
    """A local timescale changed without code (core.timescales). Append-only: a new row
    takes effect from its time, so any figure can say which value was in force."""

    key = models.CharField(max_length=50)
    value = models.JSONField()
    effective_from = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["key", "-effective_from"], name="timescale_key_from")]

    def __str__(self):
        return f"{self.key} = {self.value} from {self.effective_from:%Y-%m-%d}"
