"""Reads that can go to a PostgreSQL read replica (issue 16): dashboards, population views and
work lists, which read much and may lag the primary by a moment.

- With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database and turn
  ``READ_REPLICA`` on. A view whose reads may come from the replica is decorated with
  ``reads_from_replica``: inside it, the router sends every read to the replica and every
  write (the audit event of the read, above all) to the primary.
- Everything a user has just changed is read from the primary: a request that writes
  (POST, PUT, PATCH, DELETE) pins its session to the primary for ``REPLICA_LAG_SECONDS``,
  so that the dashboard opened after a form shows the form's change.
- Without a replica nothing changes: every read and write goes to ``default``.

The record page, the lookup, searches and every form read the primary: what a practitioner
acts on must be what was last written."""

import functools
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
_SESSION_KEY = "thinkfamily_primary_until"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
_pinned: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


def enabled() -> bool:
    return bool(getattr(settings, "READ_REPLICA", False)) and REPLICA in settings.DATABASES


def alias_for_reading() -> str:
    """Where a read made now goes: the replica inside ``replica_reads`` when one is configured
    and this request has not just written, else the primary."""
    return REPLICA if enabled() and _replica_reads.get() and not _pinned.get() else PRIMARY


@contextmanager
def replica_reads():
    """Reads inside the block may come from the replica."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica(view):
    """A view whose reads may come from the replica (a dashboard, a list of many people)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads to ``alias_for_reading()``, writes to the primary; migrations run on the primary
    only (the replica follows it by streaming replication)."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return alias_for_reading()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryAfterWriteMiddleware:
    """Pin a request to the primary when it writes, or when its session wrote within the last
    ``REPLICA_LAG_SECONDS`` (replication lag is counted in real seconds, not the app's clock)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        session = getattr(request, "session", None)
        now = time.time()  # wall clock: replication lag is real time
        writes = request.method in _UNSAFE
        pinned = writes or (session is not None and session.get(_SESSION_KEY, 0) > now)
        token = _pinned.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes and session is not None and getattr(request, "user", None) and request.user.is_authenticated:
            session[_SESSION_KEY] = now + settings.REPLICA_LAG_SECONDS
        return response
