#!/usr/bin/env python
"""The point-of-care lookup at the area's scale (a benchmark, not a test): the JSON
endpoint's throughput and 95th/99th-percentile latency under concurrent clients, the same
work done as raw SQL through psycopg in the same run (printed as a ratio), and the
chronology page's median time for a child with 2,000 events.

    .venv/bin/python bench/lookup.py --children 59300
    .venv/bin/python bench/lookup.py --children 59300 --clients 1 4 8 --requests 400 --workers 5

What it does, in order:
1. Creates the PostgreSQL database afresh (DROP/CREATE: the audit table refuses DELETE and
   TRUNCATE by design), migrates, and seeds it with ``seed_demo --children N --seed 1``.
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
   per client thread: the token check, the person, the lookup, episode-of-care and
   chronology inserts, the chained audit insert (same advisory lock, same SHA-256), the
   social worker or MASH and the notification inserts in one transaction; then the flags
   (current and ended within 12 months), the authorities, the social workers and the last
   25 lookups, serialised to JSON. (It does not enqueue the e-mail task rows.)
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

ADVISORY_LOCK = 7_347_011  # thinkfamily.core.audit._CHAIN_LOCK_KEY


def fresh_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a benchmark database's name must contain 'bench'")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


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


class RawLookup:
    """The lookup's database work as hand-written SQL through psycopg (see the docstring)."""

    def __init__(self, url: str, token: str):
        from django.apps import apps

        self.url = url
        self.token_hash = __import__("hashlib").sha256(token.encode()).hexdigest()
        self.models = {label: apps.get_model(label) for label in [
            "flags.PointOfCareLookup", "organisations.EpisodeOfCare", "chronology.Event", "core.AuditEvent",
            "notifications.Notification"]}
        self.statements = {label: self._insert(model) for label, model in self.models.items()}

    @staticmethod
    def _insert(model):
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(f.column for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        return fields, f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks}) RETURNING id"

    def insert(self, cursor, label, **values):
        from psycopg.types.json import Jsonb

        fields, statement = self.statements[label]
        params = []
        for f in fields:
            value = values[f.attname] if f.attname in values else (None if f.null else f.get_default())
            params.append(Jsonb(value) if f.get_internal_type() == "JSONField" else value)
        cursor.execute(statement, params)
        return cursor.fetchone()[0]

    def __call__(self, state, number):
        import datetime

        import psycopg
        from dateutil.relativedelta import relativedelta
        from django.utils import timezone

        from thinkfamily.core.audit_chain import GENESIS, event_hash

        if "connection" not in state:
            state["connection"] = psycopg.connect(self.url)
            state["close"] = state["connection"].close
        connection = state["connection"]
        now = timezone.now()
        today = timezone.localdate(now)
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.id, p.username, p.first_name, p.last_name, p.role, s.id, s.name, s.kind, o.name "
                "FROM flags_apitoken a JOIN organisations_practitioner p ON p.id = a.practitioner_id "
                "JOIN organisations_team t ON t.id = p.team_id JOIN organisations_service s ON s.id = t.service_id "
                "JOIN organisations_organisation o ON o.id = s.organisation_id "
                "WHERE a.token_hash = %s AND a.revoked_at IS NULL AND p.is_active",
                [self.token_hash],
            )
            user_id, username, first, last, role, service_id, service_name, _, organisation = cursor.fetchone()
            cursor.execute(
                "SELECT id, kind, given_name, middle_names, family_name, date_of_birth FROM people_person "
                "WHERE nhs_number = %s", [number])
            row = cursor.fetchone()
            if row is None:
                return 404
            person_id, kind, given, middle, family, dob = row
            name = " ".join(part for part in [given, middle, family] if part)
            cursor.execute(
                "SELECT r.person_id FROM people_relationship r JOIN people_person p ON p.id = r.person_id "
                "WHERE r.relative_id = %s AND r.type = 'mother' AND p.kind = 'unborn'", [person_id])
            people = [person_id] + [r[0] for r in cursor.fetchall()]
            lookup_id = None
            for pid in people:
                lid = self.insert(cursor, "flags.PointOfCareLookup", person_id=pid, looked_up_nhs_number=number,
                                  practitioner_id=user_id, service_id=service_id, looked_up_at=now, via_api=True)
                lookup_id = lookup_id or lid
                episode = self.insert(cursor, "organisations.EpisodeOfCare", person_id=pid, service_id=service_id,
                                      start_at=now, end_at=now + datetime.timedelta(hours=72),
                                      reason="Point-of-care lookup")
                self.insert(cursor, "chronology.Event", person_id=pid, occurred_at=now,
                            type="point_of_care_lookup", significance="high",
                            summary=f"Seen at {service_name} by {first} {last}", service_id=service_id,
                            author_id=user_id, source_type="flags.PointOfCareLookup", source_id=str(lid),
                            recorded_at=now)
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
                cursor.execute("SELECT sequence, hash FROM core_auditevent ORDER BY sequence DESC LIMIT 1")
                last_row = cursor.fetchone()
                sequence, previous = (last_row[0] + 1, last_row[1]) if last_row else (1, GENESIS)
                values = {
                    "sequence": sequence, "occurred_at": timezone.now(), "actor_id": user_id,
                    "actor_username": username, "actor_organisation": organisation, "actor_role": role,
                    "action": "read", "object_type": "people.Person", "object_id": str(pid),
                    "subject_id": str(pid), "fields": [],
                    "detail": {"point_of_care_lookup": lid, "episode_of_care": episode, "nhs_number": number,
                               "via_api": True},
                    "basis": f"Point-of-care lookup at {service_name}", "request_id": "",
                }
                self.insert(cursor, "core.AuditEvent", previous_hash=previous, hash=event_hash(previous, values),
                            **values)
                cursor.execute(
                    "SELECT DISTINCT p.id FROM organisations_caseloadmembership c "
                    "JOIN organisations_practitioner p ON p.id = c.practitioner_id "
                    "WHERE c.person_id = %s AND c.start_date <= %s AND (c.end_date IS NULL OR c.end_date >= %s) "
                    "AND p.role = 'social_worker' AND p.is_active", [pid, today, today])
                recipients = [r[0] for r in cursor.fetchall()]
                if not recipients:
                    cursor.execute(
                        "SELECT p.id FROM organisations_practitioner p JOIN organisations_team t ON t.id = p.team_id "
                        "JOIN organisations_service s ON s.id = t.service_id WHERE s.kind = 'mash' AND p.is_active "
                        "AND p.role IN ('mash_social_worker', 'mash_health_practitioner') AND s.organisation_id IN ("
                        "SELECT l.responsible_authority_id FROM people_legalstatusentry l WHERE l.person_id = %s "
                        "AND l.responsible_authority_id IS NOT NULL AND NOT EXISTS ("
                        "SELECT 1 FROM people_legalstatusentry x WHERE x.supersedes_id = l.id))", [pid])
                    recipients = [r[0] for r in cursor.fetchall()]
                for recipient in recipients:
                    if recipient != user_id:
                        self.insert(cursor, "notifications.Notification", recipient_id=recipient,
                                    cause="point_of_care_lookup", subject_person_id=pid, sender_id=user_id,
                                    message=f"{name} was seen at {service_name} on {now:%d %B %Y at %H:%M} by "
                                    f"{first} {last}.", link=f"/people/{pid}/", created_at=now)
        with connection.cursor() as cursor:
            since = today - relativedelta(months=12)
            cursor.execute(
                "SELECT f.person_id, t.code, t.label, f.detail, f.start_date, f.end_date, o.name, f.contact_name, "
                "f.contact_phone, f.contact_out_of_hours_phone, f.visibility FROM flags_flag f "
                "JOIN flags_flagtype t ON t.id = f.type_id JOIN organisations_organisation o "
                "ON o.id = f.raised_by_organisation_id WHERE f.person_id = ANY(%s) "
                "AND (f.end_date IS NULL OR f.end_date >= %s) ORDER BY f.start_date DESC, f.id DESC",
                [people, since])
            flags = cursor.fetchall()
            cursor.execute(
                "SELECT l.status, l.change, l.effective_date, o.name, o.phone, o.out_of_hours_phone "
                "FROM people_legalstatusentry l JOIN organisations_organisation o ON o.id = l.responsible_authority_id "
                "WHERE l.person_id = ANY(%s) AND NOT EXISTS (SELECT 1 FROM people_legalstatusentry x "
                "WHERE x.supersedes_id = l.id) ORDER BY l.effective_date", [people])
            authorities = cursor.fetchall()
            cursor.execute(
                "SELECT p.first_name, p.last_name, p.phone, t.name FROM organisations_caseloadmembership c "
                "JOIN organisations_practitioner p ON p.id = c.practitioner_id JOIN organisations_team t "
                "ON t.id = c.team_id WHERE c.person_id = ANY(%s) AND p.role = 'social_worker' "
                "AND (c.end_date IS NULL OR c.end_date >= %s)", [people, today])
            workers = cursor.fetchall()
            cursor.execute(
                "SELECT l.looked_up_at, s.name, o.name, p.first_name, p.last_name, p.role, l.via_api "
                "FROM flags_pointofcarelookup l JOIN organisations_practitioner p ON p.id = l.practitioner_id "
                "JOIN organisations_service s ON s.id = l.service_id JOIN organisations_organisation o "
                "ON o.id = s.organisation_id WHERE l.person_id = %s AND l.id <> %s "
                "ORDER BY l.looked_up_at DESC, l.id DESC LIMIT 25", [person_id, lookup_id])
            previous = cursor.fetchall()
        connection.commit()
        json.dumps({"person": [str(person_id), number, name, kind, str(dob)], "flags": flags,
                    "authorities": authorities, "social_workers": workers, "previous": previous}, default=str)
        return 200


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
    Event.objects.bulk_create(
        [Event(person=child, occurred_at=start + datetime.timedelta(hours=35 * i), type=t.code,
               significance=t.significance, summary=f"Benchmark event {i}: {t.label}")
         for i, t in enumerate(rng.choice(types) for _ in range(events))],
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
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("this benchmark is for PostgreSQL: pass a postgres:// --database-url")

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
    call_command("migrate", verbosity=0)
    call_command("seed_demo", children=args.children, seed=1, no_progress=True, verbosity=0)
    print(f"Database: PostgreSQL {connection.pg_version // 10000}, fresh "
          f"({args.database_url.rsplit('/', 1)[1]}); seed_demo --children {args.children} --seed 1 "
          f"in {time.perf_counter() - started:.0f} s")
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
        for clients in args.clients:
            numbers = rng.sample(children, args.requests)
            figures = {}
            for mode, work in (("endpoint", endpoint), ("raw SQL", raw)):
                result = drive(work, numbers, clients, args.max_seconds)
                figures[mode] = result
                print(f"{clients:>7} {mode:<9} {result['done']:>5} {result['throughput']:>10.1f} "
                      f"{result['median']:>10.1f} {result['p95']:>8.1f} {result['p99']:>8.1f}  {result['statuses']}")
            ratio = figures["raw SQL"]["throughput"] / figures["endpoint"]["throughput"]
            print(f"{'':>7} raw SQL / endpoint throughput: {ratio:.2f}x; endpoint p95 / raw p95: "
                  f"{figures['endpoint']['p95'] / figures['raw SQL']['p95']:.2f}x")
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
