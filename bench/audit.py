#!/usr/bin/env python
"""The audit log at scale (a benchmark, not a test): the record page, the point-of-care
lookup and "who has looked at this record" with the audit table nearly empty and again with
ten million events in it, in one run; the full walk of the chain (``audit_verify --full``)
and its rate; the daily check from the last checkpoint after a day's events; the table's
size on disk per million events; and the cost of the audit write on the record page.

    .venv/bin/python bench/audit.py
    .venv/bin/python bench/audit.py --reuse          # keep the loaded database (no "before")
    .venv/bin/python bench/audit.py --events 1000000 --children 2000

What it does, in order (PostgreSQL only; the database's name must contain "bench"):
1. Creates the database afresh (DROP/CREATE: the audit table refuses DELETE and TRUNCATE),
   migrates, seeds ``seed_demo --children N --seed 1`` and runs ANALYZE. --reuse keeps a
   database that has people; when it already holds the loaded events, step 2 is skipped.
2. On 25 November 2026 (as bench/pages.py), through Django's test client in this process
   (the whole middleware, audit writes and templates; settings ``local``, DEBUG off), times
   each page --runs times after a warm-up: the featured child's record page (as a demo
   practitioner who may see it), the point-of-care lookup page with a result (a POST, as the
   demo ED nurse: it writes the lookup and its audit events as the JSON API does, through the
   same service), and the child's "who has looked at this record" page (as a practitioner
   who may see it). Then the record page's requests per second with and without the audit
   write (alternating rounds, one client).
3. Loads --events audit events (10,000,000): chained in Python from the chain's head with
   the application's own hash (core.audit_chain.event_hash) and streamed in with COPY, in
   sequence order, into the table with all its indexes in place. They are spread over the
   year before the load, by the seeded practitioners, about the seeded people and (for the
   rest of an area's population) other subject ids; the featured child has --featured-events
   of them, a heavily read record. Then ANALYZE, and the table's size.
4. ``audit_verify --full``: the whole chain, timed, and its rate (it stores a checkpoint).
5. Step 2 again, with the events in the table.
6. A day's events (--day-events, 50,000) appended through core.audit.append_events in
   batches of 500 (as a sweep does), then ``audit_verify`` from the checkpoint, timed.

Prints figures beside the budgets (issue 16: with ten million events the pages no slower
than with none; the daily check in seconds); asserts nothing."""

import argparse
import datetime
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import redirect_stdout
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime.datetime(2026, 11, 25, 11, 0, tzinfo=datetime.UTC)
COLUMNS = ["sequence", "occurred_at", "actor_id", "actor_username", "actor_organisation", "actor_role", "action",
           "object_type", "object_id", "subject_id", "fields", "detail", "basis", "request_id", "previous_hash",
           "hash"]
# Roughly the mix of an area's audit log: mostly reads of records, then searches, writes, sign-ins.
ACTIONS = [("read", 70), ("search", 9), ("write", 9), ("create", 4), ("sign_in", 6), ("export", 1), ("refused", 1)]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def admin_connection(url: str):
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?")[0]


def fresh_database(url: str) -> None:
    from psycopg import sql

    name = database_name(url)
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a benchmark database's name must contain 'bench'")
    with admin_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_exists(url: str) -> bool:
    with admin_connection(url) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)])
        return found.fetchone() is not None


def analyze() -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def audit_count() -> int:
    from thinkfamily.core.models import AuditEvent

    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    return last or 0


def table_size() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('core_auditevent'), pg_relation_size('core_auditevent'), "
                       "pg_indexes_size('core_auditevent'), pg_total_relation_size('core_auditevent') "
                       "- pg_relation_size('core_auditevent') - pg_indexes_size('core_auditevent')")
        total, heap, indexes, toast = cursor.fetchone()
        cursor.execute("SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
                       "WHERE indrelid = 'core_auditevent'::regclass ORDER BY 2 DESC")
        each = cursor.fetchall()
    return {"total": total, "heap": heap, "indexes": indexes, "toast": toast, "each": each, "events": audit_count()}


def print_size(size: dict) -> None:
    n, mb = size["events"], 1024 * 1024
    per_million = size["total"] / (n / 1e6) / mb
    print(f"  core_auditevent on disk: {size['total'] / mb:,.0f} MB for {n:,} events "
          f"= {per_million:,.0f} MB per million events, {size['total'] / n:,.0f} bytes per event "
          f"(table {size['heap'] / n:,.0f}, indexes {size['indexes'] / n:,.0f}, toast {size['toast'] / n:,.0f})")
    print("  indexes: " + ", ".join(f"{name} {b / mb:,.0f} MB" for name, b in size["each"]))


# ---------------------------------------------------------------------------------------
# The pages


def pages() -> list[tuple[str, object, str, str, dict]]:
    """(label, user, method, url, data) of the pages timed."""
    from django.test import Client
    from django.urls import reverse

    from thinkfamily.access.rules import basis_for
    from thinkfamily.core import clock
    from thinkfamily.demo.area import DEMO_PRACTITIONERS
    from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS
    from thinkfamily.flags.lookup import may_look_up
    from thinkfamily.organisations.models import Practitioner
    from thinkfamily.people.models import Person

    child = Person.objects.get(nhs_number=FEATURED_NHS_NUMBERS["Liam Roberts"])
    users = [Practitioner.objects.select_related("team__service__organisation").get(username=p.username)
             for p in DEMO_PRACTITIONERS]
    history = reverse("access:history", args=[child.pk])
    with clock.travel_to(NOW):
        readers = [u for u in users if basis_for(u, child) is not None]
        looker = next(u for u in users if may_look_up(u))
        historian = None
        for user in readers:  # the first who may open "who has looked at this record"
            client = Client()
            client.force_login(user)
            if client.get(history).status_code == 200:
                historian = user
                break
    found = [
        ("record page", readers[0], "GET", reverse("people:record", args=[child.pk]), {}),
        ("lookup page: result", looker, "POST", reverse("flags:lookup"), {"nhs_number": child.nhs_number}),
    ]
    if historian is not None:
        found.append(("who has looked (history)", historian, "GET", history, {}))
    return found


def time_pages(runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thinkfamily.core import clock

    out = {}
    with clock.travel_to(NOW):
        for label, user, method, url, data in pages():
            client = Client()
            client.force_login(user)
            call = client.post if method == "POST" else client.get
            status = call(url, data).status_code  # warm-up
            if status != 200:
                out[label] = {"status": status, "user": user.username}
                continue
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                call(url, data)
                times.append(time.perf_counter() - started)
            events = audit_count()
            with CaptureQueriesContext(connection) as queries:
                call(url, data)
            events = audit_count() - events
            # The page's statements on the audit table (the chain's lock, its head, the insert;
            # the history's select) and their time as the database driver saw it, in that run.
            audit_sql = [q for q in queries.captured_queries
                         if "core_auditevent" in q["sql"] or "pg_advisory_xact_lock" in q["sql"]]
            out[label] = {"median": statistics.median(times) * 1000, "p95": percentile(times, 0.95) * 1000,
                          "runs": runs, "queries": len(queries), "user": user.username, "events": events,
                          "audit_queries": len(audit_sql),
                          "audit_ms": sum(float(q["time"]) for q in audit_sql) * 1000}
            row = out[label]
            print(f"    {label:28s} {row['median']:7.1f} ms median {row['p95']:7.1f} ms p95 {len(queries):3d} queries, "
                  f"{events} audit events written, {row['audit_queries']} audit statements in {row['audit_ms']:.2f} ms"
                  f"  (as {user.username})", flush=True)
    return out


def audit_write_ratio(rounds: int, per_round: int) -> dict:
    """The record page's requests per second with and without the audit write, one client,
    alternating rounds (the mock replaces core.audit.append_event, which the page's read calls)."""
    from django.test import Client

    from thinkfamily.core import audit, clock

    label, user, _, url, _ = pages()[0]
    client = Client()
    client.force_login(user)
    audited, skipped = [], []
    with clock.travel_to(NOW):
        client.get(url)

        def rate():
            started = time.perf_counter()
            for _ in range(per_round):
                client.get(url)
            return per_round / (time.perf_counter() - started)

        for _ in range(rounds):
            audited.append(rate())
            with mock.patch.object(audit, "append_event", lambda **values: None):
                skipped.append(rate())
    with_audit, without = statistics.median(audited), statistics.median(skipped)
    print(f"    record page, 1 client, {rounds} alternating rounds of {per_round}: {with_audit:.1f}/s with the "
          f"audit write, {without:.1f}/s without: ratio {with_audit / without:.3f}", flush=True)
    return {"with": with_audit, "without": without}


# ---------------------------------------------------------------------------------------
# Loading the events


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    text = value if isinstance(value, str) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def load_events(total: int, featured_events: int, seed: int) -> float:
    """Append ``total`` chained events after the chain's head with COPY; returns seconds."""
    import psycopg
    from django.conf import settings
    from django.db import connection

    from thinkfamily.core.audit import _head
    from thinkfamily.core.audit_chain import event_hash
    from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS
    from thinkfamily.organisations.models import Practitioner
    from thinkfamily.people.models import Person

    rng = random.Random(seed)
    actors = [(p.pk, p.username, p.team.service.organisation.name if p.team else "", p.role)
              for p in Practitioner.objects.select_related("team__service__organisation")]
    people = [str(pk) for pk in Person.objects.values_list("pk", flat=True)]
    featured = str(Person.objects.get(nhs_number=FEATURED_NHS_NUMBERS["Liam Roberts"]).pk)
    # The rest of an area's population (59,300 children, their parents and carers): ids of
    # records this seeded database does not hold; nothing joins on subject_id.
    others = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(150_000)]
    actions = [a for a, weight in ACTIONS for _ in range(weight)]
    bases = ["caseload", "allocated social worker", "GP practice", "point-of-care lookup (ED)", "MASH enquiry",
             "safeguarding lead"]
    featured_every = max(1, total // featured_events) if featured_events else 0
    sequence, previous = _head()
    connection.close()
    start = NOW - datetime.timedelta(days=365)
    step = datetime.timedelta(days=365) / total
    db = settings.DATABASES["default"]
    dsn = f"host={db['HOST']} port={db['PORT'] or 5432} dbname={db['NAME']} user={db['USER']}"
    if db.get("PASSWORD"):
        dsn += f" password={db['PASSWORD']}"
    started = time.perf_counter()
    with psycopg.connect(dsn) as conn, conn.cursor() as cursor:
        with cursor.copy(f"COPY core_auditevent ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for i in range(total):
                sequence += 1
                actor_id, username, organisation, role = actors[rng.randrange(len(actors))]
                action = actions[rng.randrange(len(actions))]
                if featured_every and i % featured_every == 0:
                    subject = featured
                elif action in ("search", "sign_in"):
                    subject = ""
                else:
                    subject = people[rng.randrange(len(people))] if rng.random() < 0.5 else \
                        others[rng.randrange(len(others))]
                values = {
                    "sequence": sequence,
                    "occurred_at": start + step * i,
                    "actor_id": actor_id,
                    "actor_username": username,
                    "actor_organisation": organisation,
                    "actor_role": role,
                    "action": action,
                    "object_type": "people.Person" if subject else "",
                    "object_id": subject,
                    "subject_id": subject,
                    "fields": ["summary"] if action in ("write", "create") else [],
                    "detail": {"terms": {"name": "Roberts"}, "results": 3} if action == "search"
                    else ({"page": "record"} if action == "read" else {}),
                    "basis": bases[rng.randrange(len(bases))] if subject else "",
                    "request_id": f"{rng.getrandbits(128):032x}",
                }
                digest = event_hash(previous, values)
                row = [sequence, values["occurred_at"].isoformat(), actor_id, username, organisation, role, action,
                       values["object_type"], subject, subject, json.dumps(values["fields"]),
                       json.dumps(values["detail"]), values["basis"], values["request_id"], previous, digest]
                buffer.write("\t".join(_copy_text(v) for v in row))
                buffer.write("\n")
                previous = digest
                if (i + 1) % 20_000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
                if (i + 1) % 1_000_000 == 0:
                    elapsed = time.perf_counter() - started
                    print(f"    {i + 1:>11,} events in {elapsed:6.0f} s ({(i + 1) / elapsed:,.0f}/s)", flush=True)
            copy.write(buffer.getvalue())
        conn.commit()
    return time.perf_counter() - started


def day_of_events(count: int, seed: int) -> float:
    """A day's events appended as the application appends them: append_events, 500 at a time."""
    from django.db import transaction

    from thinkfamily.core.audit import Auditor
    from thinkfamily.organisations.models import Practitioner
    from thinkfamily.people.models import Person

    rng = random.Random(seed)
    users = list(Practitioner.objects.select_related("team__service__organisation"))
    people = list(Person.objects.all()[:5000])
    started = time.perf_counter()
    for batch in range(0, count, 500):
        auditor = Auditor(actor=rng.choice(users), request_id=f"day-{batch}", basis="caseload")
        size = min(500, count - batch)
        rows = [auditor.read_event(rng.choice(people), detail={"page": "record"}) for _ in range(size)]
        with transaction.atomic():
            Auditor.append(rows)
    return time.perf_counter() - started


def verify(*args) -> tuple[float, str]:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    with redirect_stdout(out):
        call_command("audit_verify", *args, stdout=out)
    return time.perf_counter() - started, out.getvalue().strip()


# ---------------------------------------------------------------------------------------


def plans() -> None:
    """The plans, with their execution times, of the statements the pages run on the audit
    table: the chain's head (every append), one append (rolled back), and a person's
    history newest first (the featured child's and an ordinary person's)."""
    from django.db import connection, transaction

    from thinkfamily.access.history import access_history
    from thinkfamily.core import clock
    from thinkfamily.core.audit import Auditor, _chained, _head, _lock_chain
    from thinkfamily.core.models import AuditEvent
    from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS
    from thinkfamily.organisations.models import Practitioner
    from thinkfamily.people.models import Person

    def explain(title, queryset=None, sql=None, params=()):
        if queryset is not None:
            sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
        print(f"  {title}:")
        print("    " + "\n    ".join(lines))

    child = Person.objects.get(nhs_number=FEATURED_NHS_NUMBERS["Liam Roberts"])
    person = Person.objects.exclude(pk=child.pk).order_by("pk")[100]
    viewer = Practitioner.objects.select_related("team__service").get(username="mash.demo")
    explain("the chain's head (core.audit._head, before every append)",
            AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash")[:1])
    with transaction.atomic():
        _lock_chain()
        [event] = _chained([Auditor(actor=viewer, basis="caseload").read_event(child)], _head())
        columns = ", ".join(COLUMNS)
        values = [getattr(event, c) for c in COLUMNS]
        values = [json.dumps(v) if isinstance(v, list | dict) else v for v in values]
        explain("one append (rolled back)", sql=f"INSERT INTO core_auditevent ({columns}) VALUES "
                f"({', '.join(['%s'] * len(COLUMNS))})", params=values)
        transaction.set_rollback(True)
    with clock.travel_to(NOW):
        for who, subject in (("the featured child", child), ("an ordinary person", person)):
            count = AuditEvent.objects.filter(subject_id=str(subject.pk)).count()
            explain(f"who has looked at {who}'s record ({count:,} events), newest 500",
                    access_history(subject, viewer).select_related("actor__team")[:500])


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    memory = ""
    if Path("/proc/meminfo").exists():
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GB RAM"
    return (f"{platform.node()}, {os.cpu_count()} CPUs ({platform.machine()}){memory}, Python "
            f"{platform.python_version()}, PostgreSQL {version} (shared_buffers {buffers})\n  uptime: {load}")


def compare(before: dict, after: dict) -> None:
    print(f"\n  {'page':28s} {'median before':>14s} {'after':>9s} {'p95 before':>11s} {'after':>9s} "
          f"{'queries':>9s} {'audit SQL':>10s} {'after':>9s}  budget: no slower at 10M")
    for label, row in after.items():
        if label == "ratio":
            continue
        old = before.get(label, {})
        if "median" not in row or "median" not in old:
            print(f"  {label:28s} (not compared: status {row.get('status', '-')}, before {old.get('status', '-')})")
            continue
        change = (row["median"] - old["median"]) / old["median"] * 100
        print(f"  {label:28s} {old['median']:12.1f}ms {row['median']:7.1f}ms {old['p95']:9.1f}ms "
              f"{row['p95']:7.1f}ms {old['queries']:4d}/{row['queries']:<4d} {old['audit_ms']:8.2f}ms "
              f"{row['audit_ms']:7.2f}ms  median {change:+.0f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thinkfamily_bench_audit16")
    parser.add_argument("--children", type=int, default=3000, help="size of the seeded population")
    parser.add_argument("--events", type=int, default=10_000_000, help="audit events loaded")
    parser.add_argument("--featured-events", type=int, default=20_000,
                        help="of which about the featured child (a heavily read record)")
    parser.add_argument("--day-events", type=int, default=50_000, help="a day's events before the daily check")
    parser.add_argument("--runs", type=int, default=60, help="timed runs of each page after one warm-up")
    parser.add_argument("--reuse", action="store_true", help="keep a database that has people")
    parser.add_argument("--plans-only", action="store_true",
                        help="with --reuse: only print the plans of the audit statements the pages run")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("this benchmark is for PostgreSQL: pass a postgres:// --database-url")
    if "bench" not in database_name(args.database_url):
        parser.error("the database's name must contain 'bench'")

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "thinkfamily.config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    reused = args.reuse and database_exists(args.database_url)
    if not reused:
        fresh_database(args.database_url)
    import logging
    import warnings

    import django

    django.setup()
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")  # the worktree has no collected static files
    from django.core.management import call_command

    from thinkfamily.people.models import Person

    print(f"The audit log at scale, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"Machine: {machine()}", flush=True)
    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", children=args.children, seed=1, verbosity=0)
        print(f"Seeded {args.children:,} children ({Person.objects.count():,} people) in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    print(f"ANALYZE: {analyze():.1f} s. Database {database_name(args.database_url)}"
          + (" (reused)" if reused else " (created afresh)"), flush=True)

    if args.plans_only:
        print(f"\nPlans with {audit_count():,} events in the table:")
        plans()
        return
    before = None
    if audit_count() < args.events:
        print(f"\n1. Pages with {audit_count():,} audit events in the table ({args.runs} runs each):", flush=True)
        before = time_pages(args.runs)
        before["ratio"] = audit_write_ratio(rounds=4, per_round=25)
        print(f"\n2. Loading {args.events:,} chained audit events with COPY (featured child: "
              f"about {args.featured_events:,} of them):", flush=True)
        seconds = load_events(args.events, args.featured_events, seed=16)
        print(f"  loaded in {seconds:.0f} s ({args.events / seconds:,.0f} events/s, hashing in Python included)")
        print(f"  ANALYZE: {analyze():.1f} s", flush=True)
    else:
        print(f"\n1-2. Reused: the table already holds {audit_count():,} events; the pages were not timed "
              "with it empty in this run.", flush=True)
    size = table_size()
    print_size(size)

    print("\n3. audit_verify --full (the whole chain):", flush=True)
    seconds, out = verify("--full")
    print("  " + out.replace("\n", "\n  "))
    print(f"  full walk: {seconds:.1f} s for {audit_count():,} events = {audit_count() / seconds:,.0f} events/s "
          f"(a walk of 10,000,000 events at this rate: {10_000_000 / (audit_count() / seconds) / 60:.1f} min)",
          flush=True)

    print(f"\n4. Pages with {audit_count():,} audit events in the table ({args.runs} runs each):", flush=True)
    after = time_pages(args.runs)
    after["ratio"] = audit_write_ratio(rounds=4, per_round=25)

    print(f"\n5. A day's events: {args.day_events:,} appended with append_events in batches of 500:", flush=True)
    seconds = day_of_events(args.day_events, seed=1604)
    print(f"  appended in {seconds:.1f} s ({args.day_events / seconds:,.0f} events/s)")
    seconds, out = verify()
    print("  audit_verify (from the last checkpoint):")
    print("  " + out.replace("\n", "\n  "))
    print(f"  daily check: {seconds:.2f} s (budget: seconds)")

    print(f"\n6. Plans with {audit_count():,} events in the table:")
    plans()

    print("\nSummary")
    if before is not None:
        compare(before, after)
        ratio_before = before["ratio"]["with"] / before["ratio"]["without"]
        ratio_after = after["ratio"]["with"] / after["ratio"]["without"]
        print(f"  record page with/without the audit write: {ratio_before:.3f} with the table nearly empty, "
              f"{ratio_after:.3f} at {audit_count():,} events")
    else:
        print("  (reused database: no 'before' figures in this run)")
    print_size(table_size())
    print(f"  uptime at the end: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
