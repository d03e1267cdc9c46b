"""Reminders and escalations of MASH requests in the background worker (R4.5): a request
near its deadline reminds the service, an overdue one is escalated to the receiving
organisation's safeguarding lead, each once however often the sweeps run; the sweep task
keeps exactly one run of itself scheduled."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.referrals.information_requests.scenes import ANALYSED, answer_url, at, send, service_key
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Practitioner
from thinkfamily.referrals import sweeps, tasks
from thinkfamily.referrals.models import InformationRequest
from thinkfamily.referrals.services import lifecycle

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def told(cause):
    return sorted(n.recipient.username for n in Notification.objects.filter(cause=cause))


def sweep_at(moment):
    """Run every sweep at a moment; what the MASH request sweeps did (the referrals' own
    chase is tested with the referrals)."""
    with clock.travel_to(moment):
        results = sweeps.run_all()
    return {"reminded": results["reminded"], "escalated": results["escalated"]}


@pytest.mark.req("R4.5")
def test_a_red_request_is_reminded_then_escalated_to_the_safeguarding_lead_each_once(client, world):
    with clock.travel_to(at(2026, 11, 23, 9, 0)):  # Monday 09:00: due at 13:00
        [request] = send(client, world, [service_key(world, "camhs")], grade="red")
    assert sweep_at(at(2026, 11, 23, 11, 30))["reminded"] == 0  # 1.5 working hours left
    assert sweep_at(at(2026, 11, 23, 12, 1))["reminded"] == 1  # under an hour left
    assert told("mash_request_reminder") == ["camhs"]
    assert sweep_at(at(2026, 11, 23, 12, 30)) == {"reminded": 0, "escalated": 0}
    assert told("mash_request_overdue") == []

    assert sweep_at(at(2026, 11, 23, 13, 1))["escalated"] == 1
    assert told("mash_request_overdue") == ["ahlead", "mash"]
    lead_message = Notification.objects.get(recipient=world["alder_hey_lead"]).message
    assert "Overdue, escalated to you as safeguarding lead" in lead_message and "Liam James Roberts" in lead_message
    mash_message = Notification.objects.get(recipient=world["mash"], cause="mash_request_overdue").message
    assert "escalated to Ahlead Practitioner" in mash_message

    assert sweep_at(at(2026, 11, 23, 13, 2)) == {"reminded": 0, "escalated": 0}
    assert sweep_at(at(2026, 11, 24, 9, 0))["escalated"] == 0
    assert told("mash_request_reminder") == ["camhs"] and told("mash_request_overdue") == ["ahlead", "mash"]
    request.refresh_from_db()
    assert request.reminded_at is not None and request.escalated_at is not None
    audited = AuditEvent.objects.filter(object_type="referrals.InformationRequest", action="write")
    assert sorted(e.fields[0] for e in audited) == ["escalated_at", "reminded_at"]
    assert all(e.actor_username == "system" for e in audited)


@pytest.mark.req("R4.5")
def test_amber_and_green_are_reminded_on_the_morning_of_the_day_they_are_due(client, world):
    with clock.travel_to(at(2026, 11, 23, 10, 0)):  # Monday: amber due Tuesday, green due Thursday
        [amber] = send(client, world, [service_key(world, "gp")], grade="amber")
        [green] = send(client, world, [service_key(world, "camhs")], grade="green")
    assert sweep_at(at(2026, 11, 24, 8, 59))["reminded"] == 0
    assert sweep_at(at(2026, 11, 24, 9, 0))["reminded"] == 1
    assert told("mash_request_reminder") == ["gplead"]  # the practice's safeguarding lead
    # Amber was due by the end of Tuesday: escalated by the first sweep on Wednesday.
    assert sweep_at(at(2026, 11, 25, 0, 1)) == {"reminded": 0, "escalated": 1}
    assert sweep_at(at(2026, 11, 26, 9, 5)) == {"reminded": 1, "escalated": 0}
    assert told("mash_request_reminder") == ["camhs", "gplead"]
    amber.refresh_from_db(), green.refresh_from_db()
    assert amber.escalated_at is not None and green.escalated_at is None
    assert sweep_at(at(2026, 11, 27, 0, 1))["escalated"] == 1  # green: after the end of Thursday
    assert told("mash_request_overdue").count("ahlead") == 1 and told("mash_request_overdue").count("gplead") == 1


@pytest.mark.req("R4.5")
def test_answered_and_blue_requests_are_neither_reminded_nor_escalated(client, world):
    with clock.travel_to(at(2026, 11, 23, 9, 0)):
        [answered] = send(client, world, [service_key(world, "camhs")], grade="red")
        [blue] = send(client, world, [service_key(world, "gp")], grade="blue")
        client.force_login(world["camhs"])
        assert client.post(answer_url(answered), ANALYSED).status_code == 302
    assert sweep_at(at(2026, 11, 23, 12, 30)) == {"reminded": 0, "escalated": 0}
    assert sweep_at(at(2027, 3, 1, 12, 0)) == {"reminded": 0, "escalated": 0}
    assert not Notification.objects.filter(cause__in=["mash_request_reminder", "mash_request_overdue"]).exists()


@pytest.mark.req("R4.5")
def test_sweeps_are_idempotent_run_twice_nothing_is_sent_twice(client, world):
    with clock.travel_to(at(2026, 11, 23, 9, 0)):
        send(client, world, [service_key(world, "camhs"), service_key(world, "gp"),
                             service_key(world, "adult_mh", "sarah")], grade="red")
    with clock.travel_to(at(2026, 11, 23, 12, 15)):
        first = sweeps.run_all()
        count = Notification.objects.count()
        second = sweeps.run_all()
    assert first["reminded"] == 3 and second["reminded"] == 0
    assert Notification.objects.count() == count
    with clock.travel_to(at(2026, 11, 23, 14, 0)):
        first, second = sweeps.run_all(), sweeps.run_all()
    assert first["escalated"] == 3 and second["escalated"] == 0


def test_a_claimed_row_is_not_claimed_again(client, world):
    """Two workers that selected the same row: the conditional UPDATE lets one act."""
    with clock.travel_to(at(2026, 11, 23, 9, 0)):
        [request] = send(client, world, [service_key(world, "camhs")], grade="red")
    now = at(2026, 11, 23, 14, 0)
    assert sweeps._claim(request.pk, "escalated_at", now) is True
    assert sweeps._claim(request.pk, "escalated_at", now) is False
    assert sweeps.escalate_overdue(now) == 0


@pytest.mark.req("R4.5")
def test_an_organisation_without_a_safeguarding_lead_is_named_to_the_mash(client, world):
    Practitioner.objects.filter(pk=world["alder_hey_lead"].pk).update(is_active=False)
    with clock.travel_to(at(2026, 11, 23, 9, 0)):
        send(client, world, [service_key(world, "camhs")], grade="red")
    sweep_at(at(2026, 11, 23, 14, 0))
    [message] = Notification.objects.filter(cause="mash_request_overdue").values_list("message", flat=True)
    assert "has no safeguarding lead recorded: please telephone" in message


def test_referral_outcomes_are_chased_by_the_same_worker(monkeypatch, db):
    calls = []
    monkeypatch.setattr(lifecycle, "chase_missing_outcomes", lambda now: calls.append(now) or 2)
    # The sweeps of capabilities above (the chase of late conference minutes) run in the same task.
    assert sweeps.run_all(at(2026, 11, 23, 9, 0)) == {"reminded": 0, "escalated": 0, "outcomes_chased": 2,
                                                      "minutes_chased": 0}
    assert calls == [at(2026, 11, 23, 9, 0)]


# The worker's schedule ---------------------------------------------------------------------------


def pending():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=tasks.run_deadline_sweeps.module_path, status="READY")


@pytest.mark.req("R4.5")
@override_settings(TASKS=DATABASE_TASKS)
def test_there_is_exactly_one_scheduled_sweep_however_often_it_is_scheduled(db, capsys):
    call_command("schedule_sweeps")
    call_command("schedule_sweeps")
    assert tasks.ensure_scheduled() is None
    assert pending().count() == 1
    assert "already scheduled" in capsys.readouterr().out


@pytest.mark.req("R4.5")
@override_settings(TASKS=DATABASE_TASKS)
def test_a_sweep_run_schedules_the_next_one_a_minute_later(client, world):
    from django.utils import timezone

    with clock.travel_to(at(2026, 11, 23, 9, 0)):
        send(client, world, [service_key(world, "camhs")], grade="red")
    call_command("schedule_sweeps")
    waiting = pending().get()
    waiting.claim("test-worker")  # what db_worker does before running it: no longer READY
    with clock.travel_to(at(2026, 11, 23, 14, 0)):
        result = tasks.run_deadline_sweeps.call()
    assert (result["reminded"], result["escalated"]) == (0, 1)
    [following] = pending()
    assert 50 <= (following.run_after - timezone.now()).total_seconds() <= 61


@pytest.mark.req("R4.5")
@override_settings(TASKS=DATABASE_TASKS)
def test_a_failing_sweep_still_schedules_the_next(monkeypatch, db):
    def broken(now=None):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(sweeps, "escalate_overdue", broken)
    with pytest.raises(RuntimeError):
        tasks.run_deadline_sweeps.call()
    assert pending().count() == 1


def test_with_the_immediate_backend_the_task_runs_once_and_does_not_reschedule(db):
    result = tasks.run_deadline_sweeps.enqueue()
    assert (result.return_value["reminded"], result.return_value["escalated"]) == (0, 0)
    assert tasks.ensure_scheduled() is None
    assert not InformationRequest.objects.exists()
