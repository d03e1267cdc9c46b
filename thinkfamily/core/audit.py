"""The auditor: explicit, never signal-based. Views build one from the request and call it
for every read, search, export and write of personal data; services pass it down so the
audit row is written inside the same transaction as the change."""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from thinkfamily.core.audit_chain import GENESIS, event_hash, values_of
from thinkfamily.core.models import AuditEvent

# Any constant: one advisory lock serialises appends to the chain on PostgreSQL.
# (SQLite serialises writers already: transactions begin IMMEDIATE.)
_CHAIN_LOCK_KEY = 7_347_011


def append_event(**values) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction if there is one."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        event = AuditEvent(sequence=sequence, occurred_at=timezone.now(), previous_hash=previous_hash, **values)
        event.hash = event_hash(previous_hash, values_of(event))
        event.save(force_insert=True)
        return event


@dataclass
class Auditor:
    actor: object | None
    request_id: str = ""
    basis: str = ""
    _extra: dict = field(default_factory=dict)

    @classmethod
    def from_request(cls, request, basis: str = "") -> "Auditor":
        user = request.user if request.user.is_authenticated else None
        return cls(actor=user, request_id=getattr(request, "request_id", ""), basis=basis)

    @classmethod
    def system(cls, reason: str) -> "Auditor":
        return cls(actor=None, basis=reason)

    def _record(self, action, obj=None, fields=None, detail=None, basis=None) -> AuditEvent:
        actor = self.actor
        organisation = ""
        role = ""
        if actor is not None:
            team = getattr(actor, "team", None)
            if team is not None:
                organisation = team.service.organisation.name
            role = getattr(actor, "role", "")
        return append_event(
            actor=actor,
            actor_username=actor.get_username() if actor is not None else "system",
            actor_organisation=organisation,
            actor_role=role,
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            fields=sorted(fields or []),
            detail=detail or {},
            basis=basis if basis is not None else self.basis,
            request_id=self.request_id,
        )

    def read(self, obj, basis=None) -> AuditEvent:
        return self._record(AuditEvent.Action.READ, obj, basis=basis)

    def search(self, terms: dict, result_count: int) -> AuditEvent:
        return self._record(AuditEvent.Action.SEARCH, detail={"terms": terms, "results": result_count})

    def create(self, obj, fields) -> AuditEvent:
        return self._record(AuditEvent.Action.CREATE, obj, fields=fields)

    def write(self, obj, fields, detail=None) -> AuditEvent:
        return self._record(AuditEvent.Action.WRITE, obj, fields=fields, detail=detail)

    def export(self, obj, detail=None) -> AuditEvent:
        return self._record(AuditEvent.Action.EXPORT, obj, detail=detail)
