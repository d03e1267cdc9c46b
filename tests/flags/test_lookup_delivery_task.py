"""The lookup's notification is delivered by a task whose row is written in the lookup's own
transaction (issue 16), when the queue is a table of the database (django_tasks_db, as in
production): a worker, on its own connection, cannot pick the task up before the lookup
commits, and a lookup that fails leaves no task behind, nor the notification it was for."""

import threading

import pytest
from django.db import connections
from django_tasks_db.models import DBTaskResult

from thinkfamily.core.audit import Auditor
from thinkfamily.flags import lookup
from thinkfamily.flags.models import PointOfCareLookup
from thinkfamily.notifications import tasks
from thinkfamily.notifications.models import Notification


@pytest.fixture
def tasks_in_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def delivery_tasks():
    return DBTaskResult.objects.filter(task_path=tasks.deliver_batch.module_path)


def what_a_worker_sees() -> int:
    """The delivery tasks ready to run, read on another connection, as db_worker reads them."""
    seen = []

    def worker():
        try:
            seen.append(delivery_tasks().ready().count())
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=60)
    return seen[0]


@pytest.mark.req("R2.2")
def test_the_delivery_task_is_written_with_the_lookup_runs_only_after_it_commits_and_goes_with_it(
    transactional_db, national_flag_types, tasks_in_the_database, world, monkeypatch
):
    """One transactional test (each empties the database, the migrations' flag types too)."""
    nurse, liam = world["ed"], world["liam"]
    append = Auditor.append

    # A lookup that fails at its last statement leaves nothing: no task, no notification.
    def broken(events):
        raise RuntimeError("the audit chain could not be appended")

    monkeypatch.setattr(Auditor, "append", staticmethod(broken))
    with pytest.raises(RuntimeError):
        lookup.point_of_care_lookup(Auditor(actor=nurse), nurse, liam.nhs_number)
    assert not delivery_tasks().exists()
    assert not Notification.objects.filter(subject_person=liam).exists()
    assert not PointOfCareLookup.objects.filter(person=liam).exists()

    # One that succeeds: its task row is there inside its transaction, unseen by a worker.
    inside = {}

    def append_last(events):  # the lookup's last statement before its commit
        inside["written here"] = delivery_tasks().count()
        inside["a worker sees"] = what_a_worker_sees()
        return append(events)

    monkeypatch.setattr(Auditor, "append", staticmethod(append_last))
    result = lookup.point_of_care_lookup(Auditor(actor=nurse), nurse, liam.nhs_number)

    assert inside == {"written here": 1, "a worker sees": 0}
    assert what_a_worker_sees() == 1
    [task] = delivery_tasks()
    [notification] = Notification.objects.filter(subject_person=liam)
    assert notification.recipient == world["mash"] and result.notified == 1
    assert task.args_kwargs["args"] == [[notification.pk]]
