#!/usr/bin/env python
"""One sweep of all open deadlines (a benchmark, not a test): MASH information requests
reminded and escalated by thinkfamily.referrals.sweeps, at 10,000 and at 100,000 open
requests on PostgreSQL, and how the time grows between the two.

    .venv/bin/python bench/deadlines.py
    .venv/bin/python bench/deadlines.py --sizes 10000 100000 --database-url postgres://postgres@127.0.0.1:5432/thinkfamily_bench_deadlines

For each size, in order:
1. Creates the database afresh (DROP/CREATE: the audit table refuses DELETE and TRUNCATE by
   design, so nothing is flushed) and migrates it.
2. Bulk-inserts an area: a council's MASH, 12 provider organisations (trusts and GP practices)
   with their services, practitioners and a safeguarding lead each, 5,000 children with a
   caseload in one service each, and N open requests (bulk insert). Grades: 30% red, 35%
   amber, 25% green, 10% blue (no deadline). Deadlines: 3% overdue (escalated by the sweep),
   3% near their deadline (reminded), the rest due later in the next 8 working days.
   ANALYZE, as autovacuum would after such a load.
3. Times one sweep (``sweeps.run_all``): the candidate queries over the partial index of open
   deadlines, then per row the conditional UPDATE, its audit event (hash-chained, under the
   chain's advisory lock), its notifications and their delivery task rows. Then times a
   second sweep, which finds nothing to do: the steady-state cost of the once-a-minute sweep.
4. Prints the EXPLAIN (ANALYZE) of the sweep's selection queries, taken before the sweep.

Prints figures; asserts nothing."""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import database_version, fresh_postgres_database, machine  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thinkfamily_bench_deadlines"

# Budgets (issue 16): a sweep that acts on 5,000 rows; a sweep with nothing to do.
BUDGET_5000_SECONDS = 2.0
BUDGET_IDLE_MS = 50


def seed(size: int, now: datetime.datetime, rng: random.Random) -> dict:
    from django.utils import timezone

    from tests.factories import synthetic_nhs_number
    from thinkfamily.core import timescales
    from thinkfamily.organisations.models import CaseloadMembership, Organisation, Practitioner, Service, Team
    from thinkfamily.people.models import Person, name_key
    from thinkfamily.referrals.models import InformationRequest

    council = Organisation.objects.create(code="BENCHLA", name="Bench Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    mash_team = Team.objects.create(
        service=Service.objects.create(organisation=council, kind=Service.Kind.MASH, name="MASH"), name="MASH"
    )
    mash_workers = [
        Practitioner.objects.create(username=f"mash{i}", team=mash_team, role=Practitioner.Role.MASH_SOCIAL_WORKER,
                                    email=f"mash{i}@example.nhs.uk")
        for i in range(5)
    ]
    teams = []
    for o in range(12):
        gp = o % 3 == 0
        organisation = Organisation.objects.create(
            code=f"BENCH{o:02d}", name=f"Bench provider {o}",
            kind=Organisation.Kind.GP_PRACTICE if gp else Organisation.Kind.NHS_TRUST,
        )
        kinds = [Service.Kind.GENERAL_PRACTICE] if gp else [Service.Kind.CAMHS, Service.Kind.HEALTH_VISITING,
                                                              Service.Kind.ADULT_MENTAL_HEALTH]
        for kind in kinds:
            service = Service.objects.create(organisation=organisation, kind=kind, name=kind.label)
            team = Team.objects.create(service=service, name=f"{kind.label} team {o}")
            for p in range(4):
                role = Practitioner.Role.GP if gp else Practitioner.Role.CAMHS_PRACTITIONER
                Practitioner.objects.create(username=f"p{o}-{kind}-{p}", team=team, role=role,
                                            email=f"p{o}{p}@example.nhs.uk")
            teams.append(team)
        lead_team = teams[-1]
        Practitioner.objects.create(
            username=f"lead{o}", team=lead_team, email=f"lead{o}@example.nhs.uk",
            role=Practitioner.Role.PRACTICE_SAFEGUARDING_LEAD if gp else Practitioner.Role.SAFEGUARDING_LEAD,
        )
    practitioners_by_team: dict = {}
    for practitioner in Practitioner.objects.filter(team__in=teams):
        practitioners_by_team.setdefault(practitioner.team_id, []).append(practitioner)

    children = Person.objects.bulk_create(
        [
            Person(kind=Person.Kind.CHILD, given_name=f"Child{i}", family_name="Bench", family_name_key="bench",
                   given_name_key=name_key(f"Child{i}"), date_of_birth=datetime.date(2012 + i % 12, 1 + i % 12, 1),
                   sex="female" if i % 2 else "male", nhs_number=synthetic_nhs_number())
            for i in range(5000)
        ],
        batch_size=2000,
    )
    caseload = []
    child_team = {}
    for child in children:
        team = rng.choice(teams)
        child_team[child.pk] = team
        caseload.append(CaseloadMembership(person=child, team=team, start_date=datetime.date(2024, 1, 1),
                                           practitioner=rng.choice(practitioners_by_team[team.pk])))
    CaseloadMembership.objects.bulk_create(caseload, batch_size=5000)

    # Deadlines near ``now``: the reminder horizons of the sweep, computed once.
    red_horizon = timescales.add_working_hours(now, 1)
    today_end = timescales.end_of_day(timezone.localdate(now))
    grades = ["red"] * 30 + ["amber"] * 35 + ["green"] * 25 + ["blue"] * 10
    rows = []
    for i in range(size):
        child = children[i % len(children)]
        grade = rng.choice(grades)
        roll = rng.random()
        if grade == "blue":
            due = None
        elif roll < 0.03:  # overdue: up to 5 days past
            due = now - datetime.timedelta(minutes=rng.randint(1, 5 * 24 * 60))
        elif roll < 0.06:  # near the deadline: inside the reminder horizon
            horizon = red_horizon if grade == "red" else today_end
            due = now + (horizon - now) * rng.random() + datetime.timedelta(seconds=1)
            due = min(due, horizon)
        else:  # later: up to 8 working days away
            due = timescales.end_of_day(timescales.add_working_days(timezone.localdate(now), rng.randint(1, 8)))
        requested = (due or now) - datetime.timedelta(hours=rng.randint(4, 72))
        rows.append(InformationRequest(
            child=child, requested_by=mash_workers[i % len(mash_workers)], mash=council,
            service=child_team[child.pk].service, grade=grade, question="What do you know about this child?",
            requested_at=min(requested, now), due_at=due, due_rule=f"mash.{grade} (bench)",
        ))
    started = time.perf_counter()
    InformationRequest.objects.bulk_create(rows, batch_size=5000)
    return {"insert_seconds": time.perf_counter() - started}


def explain(queryset) -> str:
    return queryset.explain(analyze=True)


def run_size(url: str, size: int, seed_value: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, connections
    from django.urls import reverse

    connections.close_all()
    fresh_postgres_database(url)
    call_command("migrate", verbosity=0)
    from thinkfamily.core import clock
    from thinkfamily.core.models import AuditEvent
    from thinkfamily.notifications.models import Notification
    from thinkfamily.referrals import sweeps
    from thinkfamily.referrals.models import InformationRequest

    # A Wednesday at 11:00 in term time: a red request's reminder hour is inside the working day.
    now = datetime.datetime(2026, 11, 25, 11, 0, tzinfo=datetime.UTC)
    rng = random.Random(seed_value)
    figures = seed(size, now, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    open_count = InformationRequest.objects.open().count()
    with clock.travel_to(now):
        started = time.perf_counter()
        selected = (
            len(list(sweeps.reminder_candidates(now).values_list("pk", flat=True))),
            len(list(sweeps.escalation_candidates(now).values_list("pk", flat=True))),
        )
        figures["select_seconds"] = time.perf_counter() - started
        figures["plans"] = {
            "reminders": explain(sweeps.reminder_candidates(now).values_list("pk", flat=True)),
            "escalations": explain(sweeps.escalation_candidates(now).values_list("pk", flat=True)),
        }
        notifications_before, audit_before = Notification.objects.count(), AuditEvent.objects.count()
        # A running worker has loaded its URLs (the notifications' links) long before a sweep:
        # load them here too, so the figure is the sweep's, not the first reverse()'s imports.
        reverse("referrals:mash_request", args=[1])
        started = time.perf_counter()
        result = sweeps.run_all(now)
        figures["sweep_seconds"] = time.perf_counter() - started
        figures["notifications"] = Notification.objects.count() - notifications_before
        figures["audit_events"] = AuditEvent.objects.count() - audit_before
        started = time.perf_counter()
        again = sweeps.run_all(now)
        figures["second_sweep_seconds"] = time.perf_counter() - started
    figures.update(open=open_count, selected=selected, result=result, again=again)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinkfamily.config.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.db import connection

    print(f"Deadline sweep benchmark on {database_version()} ({connection.settings_dict['NAME']}; "
          f"settings {os.environ['DJANGO_SETTINGS_MODULE']}; notifications' e-mails enqueued as task rows)")
    print(f"Machine: {machine()}")
    results = {}
    for size in args.sizes:
        figures = run_size(args.database_url, size, args.seed)
        results[size] = figures
        reminded, escalated = figures["result"]["reminded"], figures["result"]["escalated"]
        acted = reminded + escalated
        print(f"\n== {size:,} requests, {figures['open']:,} open (inserted in {figures['insert_seconds']:.1f} s)")
        print(f"  selection queries alone:           {figures['select_seconds'] * 1000:8.1f} ms "
              f"({figures['selected'][0]:,} near their deadline, {figures['selected'][1]:,} overdue)")
        print(f"  one sweep of all open deadlines:   {figures['sweep_seconds']:8.2f} s "
              f"({reminded:,} reminded, {escalated:,} escalated; {figures['notifications']:,} notifications, "
              f"{figures['audit_events']:,} audit events)")
        if acted:
            per_row = figures["sweep_seconds"] / acted
            print(f"  per reminder or escalation:        {per_row * 1000:8.2f} ms")
            if acted >= 5000:
                verdict = "within" if figures["sweep_seconds"] < BUDGET_5000_SECONDS else "OVER"
                print(f"  budget: 5,000 rows or more acted on in < {BUDGET_5000_SECONDS:.0f} s: "
                      f"{acted:,} in {figures['sweep_seconds']:.2f} s, {verdict}")
            else:
                print(f"  budget: judged where 5,000 rows or more are acted on (here {acted:,})")
        idle_ms = figures["second_sweep_seconds"] * 1000
        print(f"  the same sweep again (nothing due): {idle_ms:8.1f} ms "
              f"({figures['again']['reminded']} reminded, {figures['again']['escalated']} escalated; over "
              f"{figures['open']:,} open; budget < {BUDGET_IDLE_MS} ms: "
              f"{'within' if idle_ms < BUDGET_IDLE_MS else 'OVER'})")
        print(f"  machine's load after the sweep:    {machine().split('load average ')[1]}")
        for name, plan in figures["plans"].items():
            print(f"  EXPLAIN ANALYZE, {name} selection (before the sweep):")
            for line in plan.splitlines():
                print(f"    {line}")
    if len(args.sizes) >= 2:
        small, large = args.sizes[0], args.sizes[-1]
        a, b = results[small], results[large]
        print(f"\n== Growth from {small:,} to {large:,} open requests ({large / small:.0f} times as many)")
        for label, key in [("one sweep", "sweep_seconds"), ("selection queries", "select_seconds"),
                           ("sweep with nothing due", "second_sweep_seconds")]:
            print(f"  {label:24s} {a[key]:9.3f} s -> {b[key]:9.3f} s   ratio {b[key] / a[key]:6.1f}")


if __name__ == "__main__":
    main()
