"""The deadline sweeps in the background worker (Django's task framework, django-tasks-db).

``run_deadline_sweeps`` runs every sweep (thinkfamily.referrals.sweeps) and then schedules
its own next run ``DEADLINE_SWEEP_INTERVAL_SECONDS`` later (default 60), whatever the sweeps
did, so a failing sweep does not stop the schedule. ``ensure_scheduled`` keeps exactly one
pending run: it enqueues only when no run of the task is waiting, under a lock (PostgreSQL:
an advisory lock; SQLite: transactions begin IMMEDIATE, so writers are serialised).
``manage.py schedule_sweeps`` calls it when the server starts (scripts/serve.sh), which
restarts the chain after a crash killed a run mid-way. Duplicate runs would still be safe:
each sweep claims its rows with a conditional UPDATE. See docs/adr/0009."""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.tasks import task, task_backends
from django.utils import timezone

from thinkfamily.referrals import sweeps

logger = logging.getLogger(__name__)

_SCHEDULE_LOCK_KEY = 7_347_012


def interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(getattr(settings, "DEADLINE_SWEEP_INTERVAL_SECONDS", 60)))


@task()
def run_deadline_sweeps() -> dict:
    try:
        results = sweeps.run_all()
        if any(results.values()):
            logger.info("Deadline sweeps: %s", results)
        return results
    finally:
        ensure_scheduled(delay=interval())


def _pending_runs():
    """Runs of the sweep task waiting in the database queue (None: the backend cannot say)."""
    backend = task_backends[run_deadline_sweeps.backend]
    if backend.__class__.__module__.split(".")[0] != "django_tasks_db":
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=run_deadline_sweeps.module_path, backend_name=backend.alias, status="READY"
    )


def ensure_scheduled(delay: datetime.timedelta = datetime.timedelta(0)):
    """Enqueue the next sweep ``delay`` from now unless one is already waiting. Returns the
    new task result, or None when one was waiting or the backend runs tasks at once (the
    test suite's ImmediateBackend, where a self-scheduling task would never end)."""
    backend = task_backends[run_deadline_sweeps.backend]
    if not backend.supports_defer:
        return None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEDULE_LOCK_KEY])
        pending = _pending_runs()
        if pending is not None and pending.exists():
            return None
        run_after = timezone.now() + delay  # wall clock: the task worker runs it by real time
        return run_deadline_sweeps.using(run_after=run_after).enqueue()
