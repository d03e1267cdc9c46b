#!/usr/bin/env python
"""The point-of-care lookup at the area's scale (a benchmark, not a test): the JSON
endpoint's throughput and 95th/99th-percentile latency under concurrent clients, the same
work done as raw SQL through psycopg in the same run (printed as a ratio), and the
chronology page's median time for a child with 2,000 events.

    .venv/bin/python bench/lookup.py --children 59300
    .venv/bin/python bench/lookup.py --children 59300 --clients 1 4 8 --requests 400 --workers 5

What it does, in order:
1. Creates the PostgreSQL database afresh (DROP/CREATE: the audit table refuses DELETE and
   TRUNCATE by design), migrates, and seeds it with ``seed_demo --children N --seed 1``;
   with --reuse, keeps a database that already holds N children (seeding takes minutes).
   Runs ANALYZE either way (autovacuum may be off) and prints the machine and its load.
   seed_demo writes the flags its legal statuses raise (CP plan, looked after, placed for
   adoption, child in need); if it wrote none, flags are bulk-inserted here from the
   current legal statuses, and the run says so.
2. Serves the app with gunicorn (sync workers) on 127.0.0.1 and a free port, settings
   ``local`` with DEBUG off (notifications' e-mails are enqueued as task rows, as in
   production), and drives ``GET /api/v1/lookup`` with a bearer token of the demo ED nurse
   from N client threads (one HTTP connection per request, loopback only), bounded by
   --requests and --max-seconds per level. The NHS numbers are a seeded random sample of
   the children, so most have no flags and about one in ten has a legal status.
3. Does the same work for the same NHS numbers as raw SQL through psycopg, one connection
   per client thread, statement for statement what the endpoint sends (``RawLookup``): the
   token, the person with her unborn children, the caseload places and legal status entries
   read once, the team or MASH workers only when no social worker is named, the flags and the
   last 25 lookups; then one transaction with the lookup, episode, chronology, notification
   and delivery task rows and, last, the chained audit insert (same advisory lock, same
   SHA-256); then the JSON.
4. Writes 2,000 chronology events for one child and times GET of the chronology page
   (``/people/<id>/chronology/``) through Django's test client, as the ED nurse whose
   lookup opened the record; if that page does not exist, times the query it would run.
5. Checks the audit chain is intact (``audit_verify``) after all that.

Prints figures; asserts nothing. The client threads share the machine's CPUs with the
server and PostgreSQL, so absolute figures are lower bounds."""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fresh_postgres_database  # noqa: E402

ADVISORY_LOCK = 7_347_011  # thinkfamily.core.audit._CHAIN_LOCK_KEY


def seeded_children(url: str) -> int | None:
    """The children a database already holds (None when it does not exist or is not migrated)."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as connection:
            return connection.execute("SELECT count(*) FROM people_person WHERE kind = 'child'").fetchone()[0]
    except psycopg.Error:
        return None


def machine(connection) -> str:
    """The machine the figures were measured on, and how loaded it was."""
    import platform

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    return (f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}; "
            f"{version} (autovacuum {autovacuum}); load average {load}")


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def drive(work, numbers: list[str], clients: int, max_seconds: float) -> dict:
    """Run work(client_state, nhs_number) over the numbers from `clients` threads; return
    throughput and latency figures. Each thread stops at the deadline."""
    shares = [numbers[i::clients] for i in range(clients)]
    latencies: list[float] = []
    statuses: dict = {}
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def worker(share):
        state = {}
        mine, codes = [], {}
        barrier.wait()
        for number in share:
            if time.perf_counter() > deadline[0]:
                break
            started = time.perf_counter()
            code = work(state, number)
            mine.append(time.perf_counter() - started)
            codes[code] = codes.get(code, 0) + 1
        if "close" in state:
            state["close"]()
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=worker, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + max_seconds
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "done": len(latencies),
        "throughput": len(latencies) / elapsed,
        "median": statistics.median(latencies) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "statuses": statuses,
    }


def http_work(port: int, token: str):
    def work(state, number):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", f"/api/v1/lookup?nhs_number={number}",
                               headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    return work


PERSON_COLUMNS = ("id, kind, sex, nhs_number, given_name, middle_names, family_name, date_of_birth, "
                  "expected_delivery_date, language, interpreter_needed")


class RawLookup:
    """The lookup's database work as hand-written SQL through psycopg, statement for statement
    what the endpoint sends (flags.lookup.point_of_care_lookup): the token, the person with her
    unborn children (one UNION), the caseload places and the in-force legal status entries (read
    once, shared by the recipients and the response), the team social workers and MASH workers
    when the caseload names no social worker (one query, only then), the flags, the last 25
    lookups; then in one transaction the lookup, episode, chronology, notification and delivery
    task rows (one multi-row insert each) and, last, the chained audit insert under the advisory
    lock; then the JSON."""

    def __init__(self, url: str, token: str):
        from django.apps import apps

        self.url = url
        self.token_hash = __import__("hashlib").sha256(token.encode()).hexdigest()
        self.models = {label: apps.get_model(label) for label in [
            "flags.PointOfCareLookup", "organisations.EpisodeOfCare", "chronology.Event", "core.AuditEvent",
            "notifications.Notification", "django_tasks_database.DBTaskResult"]}
        automatic = {"AutoField", "BigAutoField"}  # every column but an auto-incremented id
        self.fields = {label: [f for f in model._meta.concrete_fields if f.get_internal_type() not in automatic]
                       for label, model in self.models.items()}

    def insert(self, cursor, label, rows: list[dict]) -> list:
        """One multi-row INSERT ... RETURNING of ``rows`` (values by attname; the rest default)."""
        from psycopg.types.json import Jsonb

        fields, table = self.fields[label], self.models[label]._meta.db_table
        params = []
        for values in rows:
            for f in fields:
                value = values[f.attname] if f.attname in values else (None if f.null else f.get_default())
                params.append(Jsonb(value) if f.get_internal_type() == "JSONField" else value)
        marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
        pk = self.models[label]._meta.pk.column
        cursor.execute(f"INSERT INTO {table} ({', '.join(f.column for f in fields)}) VALUES "
                       f"{', '.join([marks] * len(rows))} RETURNING {pk}", params)
        return [row[0] for row in cursor.fetchall()]

    def append_audit(self, cursor, rows: list[dict]) -> None:
        from django.utils import timezone

        from thinkfamily.core.audit_chain import GENESIS, event_hash

        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        cursor.execute("SELECT sequence, hash FROM core_auditevent ORDER BY sequence DESC LIMIT 1")
        last = cursor.fetchone()
        sequence, previous = (last[0], last[1]) if last else (0, GENESIS)
        occurred_at = timezone.now()
        for values in rows:
            sequence += 1
            values.update(sequence=sequence, occurred_at=occurred_at, previous_hash=previous)
            values["hash"] = previous = event_hash(previous, values)
        self.insert(cursor, "core.AuditEvent", rows)

    def __call__(self, state, number):
        import datetime
        import uuid

        import psycopg
        from dateutil.relativedelta import relativedelta
        from django.utils import timezone
        from django_tasks_db.models import get_date_max

        if "connection" not in state:
            state["connection"] = psycopg.connect(self.url, autocommit=True)  # reads in autocommit, as Django's
            state["close"] = state["connection"].close
        connection = state["connection"]
        now = timezone.now()
        today = timezone.localdate(now)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.id, p.username, p.first_name, p.last_name, p.role, p.is_active, s.id, s.name, o.name "
                "FROM flags_apitoken a JOIN organisations_practitioner p ON p.id = a.practitioner_id "
                "JOIN organisations_team t ON t.id = p.team_id JOIN organisations_service s ON s.id = t.service_id "
                "JOIN organisations_organisation o ON o.id = s.organisation_id "
                "WHERE a.token_hash = %s AND a.revoked_at IS NULL", [self.token_hash])
            user_id, username, first, last, role, _, service_id, service_name, organisation = cursor.fetchone()
            actor = {"actor_id": user_id, "actor_username": username, "actor_organisation": organisation,
                     "actor_role": role, "request_id": "", "fields": []}
            cursor.execute(
                f"(SELECT {PERSON_COLUMNS} FROM people_person WHERE nhs_number = %s) UNION ALL "
                f"(SELECT {PERSON_COLUMNS} FROM people_person WHERE id IN (SELECT r.person_id FROM "
                "people_relationship r JOIN people_person m ON m.id = r.relative_id JOIN people_person u "
                "ON u.id = r.person_id WHERE m.nhs_number = %s AND r.type = 'mother' AND u.kind = 'unborn'))",
                [number, number])
            found = cursor.fetchall()
            person = next((row for row in found if row[3] == number), None)
            if person is None:
                with connection.transaction():
                    self.append_audit(cursor, [{**actor, "action": "search", "object_type": "", "object_id": "",
                                                "subject_id": "", "basis": "",
                                                "detail": {"terms": {"nhs_number": number}, "results": 0,
                                                           "point_of_care_lookup": service_name, "via_api": True}}])
                return 404
            unborn = [row for row in found if row is not person] if person[2] != "male" and person[1] != "unborn" \
                else []
            people = [person, *unborn]
            ids = [row[0] for row in people]
            cursor.execute(
                "SELECT c.person_id, c.practitioner_id, c.team_id, p.first_name, p.last_name, p.phone, p.role, "
                "p.is_active, t.name, t.phone FROM organisations_caseloadmembership c LEFT JOIN "
                "organisations_practitioner p ON p.id = c.practitioner_id "
                "JOIN organisations_team t ON t.id = c.team_id "
                "WHERE c.person_id = ANY(%s) AND c.start_date <= %s AND (c.end_date IS NULL OR c.end_date > %s)",
                [ids, today, today])
            memberships = cursor.fetchall()
            cursor.execute(
                "SELECT l.person_id, l.status, l.change, l.effective_date, l.responsible_authority_id, o.name, "
                "o.phone, o.out_of_hours_phone FROM people_legalstatusentry l LEFT JOIN organisations_organisation o "
                "ON o.id = l.responsible_authority_id WHERE l.person_id = ANY(%s) AND NOT EXISTS (SELECT 1 FROM "
                "people_legalstatusentry x WHERE x.supersedes_id = l.id) ORDER BY l.effective_date, l.recorded_at, "
                "l.id", [ids])
            entries = cursor.fetchall()
            named = {pid: {m[1] for m in memberships if m[0] == pid and m[1] and m[7] and m[6] == "social_worker"}
                     for pid in ids}
            teams = {pid: {m[2] for m in memberships if m[0] == pid and not (m[1] and m[7])} for pid in ids}
            authorities = {pid: {e[4] for e in entries if e[0] == pid and e[4]} for pid in ids if not named[pid]}
            all_teams = sorted(set().union(*teams.values()))
            wanted = sorted(set().union(*authorities.values()))
            rows = []
            if all_teams or wanted:
                cursor.execute(
                    "SELECT p.id, p.role, p.team_id, s.organisation_id FROM organisations_practitioner p "
                    "JOIN organisations_team t ON t.id = p.team_id JOIN organisations_service s ON s.id = t.service_id "
                    "JOIN organisations_organisation o ON o.id = s.organisation_id WHERE p.is_active AND "
                    "((p.team_id = ANY(%s) AND p.role = 'social_worker') OR (p.role IN ('mash_social_worker', "
                    "'mash_health_practitioner') AND s.kind = 'mash' AND o.kind = 'local_authority' "
                    "AND s.organisation_id = ANY(%s))) ORDER BY p.last_name, p.first_name", [all_teams, wanted])
                rows = cursor.fetchall()
            recipients = {}
            for pid in ids:
                workers = named[pid] | {r[0] for r in rows if r[1] == "social_worker" and r[2] in teams[pid]}
                recipients[pid] = workers or {r[0] for r in rows if r[1] != "social_worker"
                                              and r[3] in authorities[pid]}
            since = today - relativedelta(months=12)
            cursor.execute(
                "SELECT f.person_id, t.code, t.label, f.detail, f.start_date, f.end_date, o.name, f.contact_name, "
                "f.contact_phone, f.contact_out_of_hours_phone, f.visibility FROM flags_flag f "
                "JOIN flags_flagtype t ON t.id = f.type_id JOIN organisations_organisation o "
                "ON o.id = f.raised_by_organisation_id JOIN people_person p ON p.id = f.person_id "
                "WHERE f.person_id = ANY(%s) AND (f.end_date IS NULL OR f.end_date >= %s) "
                "ORDER BY f.start_date DESC, f.id DESC", [ids, since])
            flags = cursor.fetchall()
            cursor.execute(
                "SELECT l.looked_up_at, s.name, o.name, p.first_name, p.last_name, p.role, l.via_api "
                "FROM flags_pointofcarelookup l JOIN organisations_practitioner p ON p.id = l.practitioner_id "
                "JOIN organisations_service s ON s.id = l.service_id JOIN organisations_organisation o "
                "ON o.id = s.organisation_id WHERE l.person_id = %s "
                "ORDER BY l.looked_up_at DESC, l.id DESC LIMIT 25", [person[0]])
            previous = cursor.fetchall()
            name = " ".join(part for part in person[4:7] if part)
            with connection.transaction():
                lookups = self.insert(cursor, "flags.PointOfCareLookup", [
                    {"person_id": pid, "looked_up_nhs_number": number, "practitioner_id": user_id,
                     "service_id": service_id, "looked_up_at": now, "via_api": True} for pid in ids])
                episodes = self.insert(cursor, "organisations.EpisodeOfCare", [
                    {"kind": "lookup", "person_id": pid, "service_id": service_id, "start_at": now,
                     "end_at": now + datetime.timedelta(hours=72), "reason": "Point-of-care lookup"} for pid in ids])
                self.insert(cursor, "chronology.Event", [
                    {"person_id": pid, "occurred_at": now, "type": "point_of_care_lookup", "significance": "high",
                     "summary": f"Seen at {service_name} by {first} {last}", "service_id": service_id,
                     "author_id": user_id, "source_type": "flags.PointOfCareLookup", "source_id": str(lid),
                     "recorded_at": now} for pid, lid in zip(ids, lookups, strict=True)])
                notes = [{"recipient_id": recipient, "cause": "point_of_care_lookup", "subject_person_id": pid,
                          "sender_id": user_id, "link": f"/people/{pid}/", "created_at": now,
                          "message": f"{name} was seen at {service_name} on {now:%d %B %Y at %H:%M} by {first} "
                                     f"{last}."}
                         for pid in ids for recipient in sorted(recipients[pid]) if recipient != user_id]
                if notes:
                    notified = self.insert(cursor, "notifications.Notification", notes)
                    self.insert(cursor, "django_tasks_database.DBTaskResult", [{
                        "id": uuid.uuid4(), "status": "READY", "enqueued_at": now, "run_after": get_date_max(),
                        "args_kwargs": {"args": [notified], "kwargs": {}}, "priority": 0,
                        "task_path": "thinkfamily.notifications.tasks.deliver_batch", "queue_name": "default",
                        "backend_name": "default"}])
                self.append_audit(cursor, [
                    {**actor, "action": "read", "object_type": "people.Person", "object_id": str(pid),
                     "subject_id": str(pid), "basis": f"Point-of-care lookup at {service_name}",
                     "detail": {"point_of_care_lookup": lid, "episode_of_care": episode, "nhs_number": number,
                                "via_api": True}}
                    for pid, lid, episode in zip(ids, lookups, episodes, strict=True)])
        json.dumps({"lookup_id": lookups[0], "person": [str(person[0]), number, name, person[1], str(person[7])],
                    "flags": flags, "authorities": [e for e in entries if e[4]], "memberships": memberships,
                    "previous": previous, "notified": len(notes)}, default=str)
        return 200


def print_budgets(levels: dict) -> None:
    """Issue 16's budgets for the lookup, each beside the figure measured in this run."""
    print("\nBudgets (issue 16), endpoint figures of this run:")
    for clients, figures in levels.items():
        share = figures["endpoint"]["throughput"] / figures["raw SQL"]["throughput"]
        print(f"  {clients} client(s): endpoint throughput {share:.0%} of raw SQL's (budget >= 50%): "
              f"{'within' if share >= 0.5 else 'OVER'}")
    if 1 in levels:
        p99 = levels[1]["endpoint"]["p99"]
        print(f"  p99 with 1 client: {p99:.1f} ms (budget < 25 ms): {'within' if p99 < 25 else 'OVER'}")
    if 1 in levels and 4 in levels:
        scale = levels[4]["endpoint"]["throughput"] / levels[1]["endpoint"]["throughput"]
        print(f"  throughput with 4 clients / with 1: {scale:.2f}x (budget >= 1.5x): "
              f"{'within' if scale >= 1.5 else 'OVER'}")


def ensure_flags() -> str:
    """Flags for the seeded legal statuses, if seed_demo did not write them."""
    from thinkfamily.flags.models import Flag, FlagType
    from thinkfamily.flags.services import LEGAL_STATUS_FLAGS
    from thinkfamily.people.family import current_legal_statuses
    from thinkfamily.people.models import LegalStatusEntry

    existing = Flag.objects.count()
    if existing:
        return f"{existing:,} flags written by seed_demo for its legal statuses"
    types = {t.code: t for t in FlagType.objects.all()}
    by_person: dict = {}
    for entry in LegalStatusEntry.objects.in_force().select_related("person", "responsible_authority"):
        by_person.setdefault(entry.person_id, []).append(entry)
    rows = []
    for entries in by_person.values():
        for entry in current_legal_statuses(entries):
            code = LEGAL_STATUS_FLAGS.get(entry.status)
            if code is None or entry.responsible_authority is None:
                continue
            if code == "cp_plan" and entry.person.is_unborn:
                code = "unborn_cp_plan"
            authority = entry.responsible_authority
            rows.append(Flag(person_id=entry.person_id, type=types[code], start_date=entry.effective_date,
                             raised_by_organisation=authority, legal_status_entry=entry,
                             detail=entry.get_cp_category_display() if entry.cp_category else "",
                             contact_name=f"{authority.name} children's social care", contact_phone=authority.phone,
                             contact_out_of_hours_phone=authority.out_of_hours_phone))
    Flag.objects.bulk_create(rows, batch_size=2000)
    return f"{len(rows):,} flags bulk-inserted here for the current legal statuses (seed_demo wrote none)"


def time_chronology(child, user, events: int, runs: int) -> str:
    import datetime

    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from thinkfamily.chronology.models import Event
    from thinkfamily.chronology.types import EVENT_TYPES

    types = list(EVENT_TYPES.values())
    rng = random.Random(1)
    start = timezone.now() - datetime.timedelta(days=365 * 8)
    missing = events - Event.objects.filter(person=child, summary__startswith="Benchmark event").count()  # --reuse
    Event.objects.bulk_create(
        [Event(person=child, occurred_at=start + datetime.timedelta(hours=35 * i), type=t.code,
               significance=t.significance, summary=f"Benchmark event {i}: {t.label}")
         for i, t in enumerate(rng.choice(types) for _ in range(max(missing, 0)))],
        batch_size=1000,
    )
    total = Event.objects.filter(person=child).count()
    try:
        url = reverse("chronology:person", args=[child.pk])
    except NoReverseMatch:
        url = None
    timings = []
    if url is not None:
        client = Client()
        client.force_login(user)
        first = client.get(url)
        if first.status_code != 200:
            return f"chronology page answered {first.status_code}: not timed"
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200
        what = f"GET {url.replace(str(child.pk), '<id>')} (test client, whole stack, audited)"
    else:
        for _ in range(runs):
            started = time.perf_counter()
            list(Event.objects.filter(person=child).order_by("-occurred_at", "-id")[:50])
            timings.append(time.perf_counter() - started)
        what = "the page does not exist yet: Event.objects.filter(person=...).order_by(...)[:50] instead"
    connection.close()
    return (f"Chronology, a child with {total:,} events: median {statistics.median(timings) * 1000:.1f} ms, "
            f"95th percentile {percentile(timings, 0.95) * 1000:.1f} ms over {runs} runs\n  ({what})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thinkfamily_bench_lookup")
    parser.add_argument("--children", type=int, default=59300)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8], help="concurrent client threads")
    parser.add_argument("--requests", type=int, default=400, help="lookups per concurrency level and mode")
    parser.add_argument("--max-seconds", type=float, default=60, help="time cap per concurrency level and mode")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--events", type=int, default=2000, help="chronology events for the timed child")
    parser.add_argument("--runs", type=int, default=30, help="timed GETs of the chronology page")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database if it already holds --children children (no drop, no seed)")
    parser.add_argument("--seed-only", action="store_true", help="create and seed the database, then stop")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("this benchmark is for PostgreSQL: pass a postgres:// --database-url")

    reuse = args.reuse and seeded_children(args.database_url) == args.children
    if not reuse:
        fresh_postgres_database(args.database_url)
    env = os.environ | {
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "thinkfamily.config.settings.local",
        "DJANGO_DEBUG": "false",
        "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static files (not served here)
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from thinkfamily.core.audit import Auditor
    from thinkfamily.flags import tokens
    from thinkfamily.flags.lookup import point_of_care_lookup
    from thinkfamily.flags.models import Flag
    from thinkfamily.organisations.models import Practitioner
    from thinkfamily.people.models import Person

    setup_test_environment()  # the test client's host, for the chronology timing
    started = time.perf_counter()
    name = args.database_url.rsplit("/", 1)[1]
    if reuse:
        call_command("migrate", verbosity=0)  # a migration added since the seed
        how = f"reused ({name}, seeded earlier with seed_demo --children {args.children} --seed 1)"
    else:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", children=args.children, seed=1, no_progress=True, verbosity=0)
        how = f"fresh ({name}); seed_demo --children {args.children} --seed 1 in {time.perf_counter() - started:.0f} s"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would gather after such a load
    print(f"Database: PostgreSQL {connection.pg_version // 10000}, {how}; ANALYZE run")
    print(machine(connection))
    if args.seed_only:
        return
    print(f"Flags: {ensure_flags()}; {Flag.objects.current().count():,} current, "
          f"{Person.objects.filter(kind='child').count():,} children, {Person.objects.count():,} people")
    nurse = Practitioner.objects.select_related("team__service").get(username="ed.demo")
    _, token = tokens.create_token(Auditor.system("bench/lookup.py"), nurse, name="bench")
    children = list(Person.objects.filter(kind="child", nhs_number__isnull=False).values_list("nhs_number", flat=True))
    rng = random.Random(1)
    flagged = set(Flag.objects.current().filter(person__kind="child").values_list("person__nhs_number", flat=True))
    connection.close()

    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "thinkfamily.config.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(args.workers), "--worker-class", "sync", "--timeout", "60",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start")
        endpoint = http_work(port, token)
        raw = RawLookup(args.database_url, token)
        warm = rng.sample(children, 40)
        drive(endpoint, warm, 4, 30)
        drive(raw, warm, 4, 30)
        print(f"Server: gunicorn 127.0.0.1:{port}, {args.workers} sync workers; machine: {os.cpu_count()} CPUs "
              f"shared by server, PostgreSQL and clients")
        print(f"Work: GET /api/v1/lookup?nhs_number=... as {nurse.display_name} (ED nurse), random children "
              f"({len(flagged):,} of {len(children):,} have a current flag)\n")
        print(f"{'clients':>7} {'mode':<9} {'done':>5} {'lookups/s':>10} {'median ms':>10} {'p95 ms':>8} "
              f"{'p99 ms':>8}  statuses")
        levels = {}
        for clients in args.clients:
            numbers = rng.sample(children, args.requests)
            figures = levels[clients] = {}
            for mode, work in (("endpoint", endpoint), ("raw SQL", raw)):
                result = drive(work, numbers, clients, args.max_seconds)
                figures[mode] = result
                print(f"{clients:>7} {mode:<9} {result['done']:>5} {result['throughput']:>10.1f} "
                      f"{result['median']:>10.1f} {result['p95']:>8.1f} {result['p99']:>8.1f}  {result['statuses']}")
            ratio = figures["raw SQL"]["throughput"] / figures["endpoint"]["throughput"]
            print(f"{'':>7} raw SQL / endpoint throughput: {ratio:.2f}x; endpoint p95 / raw p95: "
                  f"{figures['endpoint']['p95'] / figures['raw SQL']['p95']:.2f}x")
        print_budgets(levels)
        print(machine(connection))
        connection.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        errors = server.stderr.read().decode() if server.stderr else ""
        if errors.strip():
            print("gunicorn said:\n" + errors[-2000:])

    child = Person.objects.filter(kind="child", nhs_number__in=flagged).order_by("nhs_number").first()
    point_of_care_lookup(Auditor(actor=nurse), nurse, child.nhs_number)  # the nurse's 72-hour relationship
    print("\n" + time_chronology(child, nurse, args.events, args.runs))
    call_command("audit_verify")
    connection.close()


if __name__ == "__main__":
    main()
