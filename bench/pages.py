#!/usr/bin/env python
"""Every main page of every role (a benchmark, not a test): median and 95th-percentile time
and the number of queries of each page, beside its budget, at the area's scale, on SQLite or
PostgreSQL; and whether a page's query count grows with the number of rows.

    .venv/bin/python bench/pages.py --children 59300
    .venv/bin/python bench/pages.py --children 59300 \\
        --database-url postgres://postgres@127.0.0.1:5432/thinkfamily_bench_pages

For each size (--small, 600 children by default, then --children), in a process of its own:
1. Creates the database afresh (a SQLite file var/bench/pages-bench-<N>.sqlite3; a
   PostgreSQL database is dropped and created again, only when its name contains "bench";
   the small size's PostgreSQL database is the given name with "_<N>" added), migrates and
   seeds it with ``seed_demo --children N --seed S``, gives the featured child Liam Roberts
   a chronology of 2,000 events, and runs ANALYZE. --reuse keeps a database that already
   has people (and runs ANALYZE again).
2. For each demo role (thinkfamily/demo/area.py DEMO_PRACTITIONERS), signed in with Django's
   test client (force_login) in this process, on 25 November 2026 (three weeks after the
   generator's anchor date), opens its main pages: its home page; every page of its header
   menu (home/navigation.py); the inbox, MASH queue and dashboard, ward view,
   children-in-care work list, population and dashboard where it may open them; the record
   and chronology of the first featured person it may see (access.scoping.people_for);
   search by NHS number and by name and date of birth; the point-of-care lookup page, empty
   and with a result (a POST, which writes the lookup as the page does). A role that may look
   people up looks Liam up once first, so that a reused database gives the same pages.
   Each page once to warm up, then --runs times (fewer when a page is slow: at most
   --max-seconds per page), and once more inside CaptureQueriesContext for its queries.
   The small size only counts queries.
3. Prints a table per page: median, p95, queries at the small size and at N, the budget,
   and whether the page is within it. Budgets (issue 16): median < 150 ms and p95 < 300 ms;
   the record page <= 20 queries and median < 50 ms; the point-of-care lookup page <= 16
   queries; no page's query count growing with the number of rows.

Prints figures; asserts nothing. Pages run in-process through the whole Django stack
(middleware, audit writes, templates) but with no HTTP server or network."""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import database_version  # noqa: E402

NOW = datetime.datetime(2026, 11, 25, 11, 0, tzinfo=datetime.UTC)
MEDIAN_MS, P95_MS = 150, 300
RECORD_QUERIES, RECORD_MEDIAN_MS = 20, 50
LOOKUP_QUERIES = 16
CHRONOLOGY_EVENTS = 2000
# Pages every role is tried on besides its menu; a page the role may not open (403) is left out.
NAMED_PAGES = [
    ("inbox", "notifications:inbox"),
    ("MASH queue", "referrals:mash_queue"),
    ("MASH dashboard", "referrals:mash_dashboard"),
    ("ward view", "referrals:ward"),
    ("CiC work list", "lac:worklist"),
    ("CiC population", "lac:population"),
    ("CiC dashboard", "lac:dashboard"),
]
FEATURED_ORDER = ["Liam Roberts", "Jade Taylor", "Keira Molloy", "Mia Walsh", "Chloe Bennett", "Sarah Roberts"]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def database_for(args, size: int) -> str:
    if not args.database_url:
        suffix = "" if args.seed == 1 else f"-seed{args.seed}"
        return f"sqlite:///{ROOT / 'var' / 'bench' / f'pages-bench-{size}{suffix}.sqlite3'}"
    if size == args.children:
        return args.database_url
    base, name = args.database_url.rsplit("/", 1)
    name, _, query = name.partition("?")
    return f"{base}/{name}_{size}" + (f"?{query}" if query else "")


# ---------------------------------------------------------------------------------------
# The measuring process (one size, one database)


def fresh_database(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a benchmark database's name must contain 'bench'")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).exists()
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def long_chronology(child) -> int:
    """Give the child CHRONOLOGY_EVENTS events (adds what is missing); returns how many it has."""
    import random

    from thinkfamily.chronology.models import Event
    from thinkfamily.chronology.types import EVENT_TYPES

    have = Event.objects.filter(person=child).count()
    missing = CHRONOLOGY_EVENTS - have
    if missing > 0:
        types = list(EVENT_TYPES.values())
        rng = random.Random(1)
        start = NOW - datetime.timedelta(days=365 * 7)
        Event.objects.bulk_create(
            [Event(person=child, occurred_at=start + datetime.timedelta(hours=30 * i), type=t.code,
                   significance=t.significance, summary=f"Benchmark event {i}: {t.label}")
             for i, t in enumerate(rng.choice(types) for _ in range(missing))],
            batch_size=1000,
        )
    return Event.objects.filter(person=child).count()


def prepare(url: str, children: int, seed: int, reuse: bool) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from thinkfamily.demo.featured import FEATURED_IDS
    from thinkfamily.people.models import Person

    call_command("migrate", verbosity=0)
    out = {"seeded_seconds": None}
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", children=children, seed=seed, verbosity=0)
        out["seeded_seconds"] = time.perf_counter() - started
    elif not reuse:
        sys.exit("the database has people already although it was made afresh")
    out["events"] = long_chronology(Person.objects.get(pk=FEATURED_IDS["Liam Roberts"]))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out["analyze_seconds"] = time.perf_counter() - started
    out["people"] = Person.objects.count()
    out["children"] = Person.objects.filter(kind="child").count()
    return out


def pages_for(user) -> list[tuple[str, str, str, dict]]:
    """(label, method, url, data) of the role's main pages."""
    from django.urls import reverse

    from thinkfamily.access import permissions
    from thinkfamily.access.scoping import people_for
    from thinkfamily.demo.featured import FEATURED_IDS, FEATURED_NHS_NUMBERS
    from thinkfamily.flags.lookup import may_look_up
    from thinkfamily.home.navigation import _url, allowed_items

    pages = [("home", "GET", "/", {})]
    for item in allowed_items(user):
        pages.append((f"menu: {item.text}", "GET", _url(item.url_name), {}))
    for label, name in NAMED_PAGES:
        pages.append((label, "GET", reverse(name), {}))
    with_clock = people_for(user, NOW)
    seen = set(with_clock.filter(pk__in=[FEATURED_IDS[n] for n in FEATURED_ORDER]).values_list("pk", flat=True))
    name = next((n for n in FEATURED_ORDER if FEATURED_IDS[n] in seen), None)
    if name:
        pk = FEATURED_IDS[name]
        pages.append((f"record ({name})", "GET", reverse("people:record", args=[pk]), {}))
        pages.append((f"chronology ({name})", "GET", reverse("chronology:person", args=[pk]), {}))
    if permissions.may(user, "people.find_person"):
        pages.append(("search: NHS number", "GET", reverse("find"),
                      {"nhs_number": "943 476 5919"}))
        pages.append(("search: name and DOB", "GET", reverse("find"),
                      {"given_name": "Liam", "family_name": "Robets",  # a typo, as people type
                       "date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""}))
    if may_look_up(user):
        pages.append(("lookup page", "GET", reverse("flags:lookup"), {}))
        pages.append(("lookup page: result", "POST", reverse("flags:lookup"),
                      {"nhs_number": FEATURED_NHS_NUMBERS["Liam Roberts"]}))
    seen_urls, unique = set(), []
    for page in pages:
        key = (page[1], page[2], json.dumps(page[3], sort_keys=True))
        if key not in seen_urls:
            seen_urls.add(key)
            unique.append(page)
    return unique


def fill_date_of_birth(pages):
    """The name search's date of birth is Liam's (read from the database, not hard-coded)."""
    from thinkfamily.demo.featured import FEATURED_IDS
    from thinkfamily.people.models import Person

    born = Person.objects.get(pk=FEATURED_IDS["Liam Roberts"]).date_of_birth
    for _, _, _, data in pages:
        if "date_of_birth_0" in data:
            data.update(date_of_birth_0=str(born.day), date_of_birth_1=str(born.month),
                        date_of_birth_2=str(born.year))
    return pages


def measure_page(client, method, url, data, runs, max_seconds, counts_only) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = client.post if method == "POST" else client.get
    started = time.perf_counter()
    response = call(url, data)
    warm = time.perf_counter() - started
    row = {"status": response.status_code}
    if response.status_code not in (200,):
        return row
    times = []
    if not counts_only and warm * 2 < max_seconds:  # a slow page: only the counted run is timed
        repeats = runs if warm * runs <= max_seconds else max(1, int(max_seconds / max(warm, 1e-6)))
        for _ in range(repeats):
            started = time.perf_counter()
            call(url, data)
            times.append(time.perf_counter() - started)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        call(url, data)
    if not times:
        times = [time.perf_counter() - started]
    row.update(median=statistics.median(times) * 1000, p95=percentile(times, 0.95) * 1000, runs=len(times),
               queries=len(queries))
    return row


def measure(args) -> None:
    url = database_for(args, args.children)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "thinkfamily.config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    if not (args.reuse and database_exists(url)):
        fresh_database(url)
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.test import Client
    from django.urls import reverse

    from thinkfamily.core import clock
    from thinkfamily.demo.area import DEMO_PRACTITIONERS
    from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS
    from thinkfamily.flags.lookup import may_look_up
    from thinkfamily.organisations.models import Practitioner

    result = {"size": args.children, "database": database_version(), "url": url.rsplit("/", 1)[-1]}
    result |= prepare(url, args.children, args.seed, args.reuse)
    if result["seeded_seconds"] is not None:
        print(f"  seeded {args.children:,} children in {result['seeded_seconds']:.0f} s", flush=True)
    result["pages"] = {}
    roles = [p.username for p in DEMO_PRACTITIONERS if not args.roles or p.username in args.roles]
    with clock.travel_to(NOW):
        for username in roles:
            user = Practitioner.objects.select_related("team__service__organisation").get(username=username)
            client = Client()
            client.force_login(user)
            if may_look_up(user):
                # A lookup first, as the page's own runs leave one behind (an episode that opens
                # the record for 72 hours): the same pages and rows on a fresh or a reused database.
                client.post(reverse("flags:lookup"), {"nhs_number": FEATURED_NHS_NUMBERS["Liam Roberts"]})
            for label, method, page_url, data in fill_date_of_birth(pages_for(user)):
                if args.pages and not any(p in label for p in args.pages):
                    continue
                row = measure_page(client, method, page_url, data, args.runs, args.max_seconds, args.counts_only)
                if row["status"] == 403:
                    continue
                row["url"] = page_url
                result["pages"][f"{username}|{label}"] = row
                if not args.counts_only:
                    shown = (f"{row['median']:9.1f} ms  {row['queries']:4d} queries" if "median" in row
                             else f"status {row['status']}")
                    print(f"  {username:13s} {label:36s} {shown}", flush=True)
    Path(args.out).write_text(json.dumps(result))


# ---------------------------------------------------------------------------------------
# The driving process: one measuring process per size, then the table


def is_lookup(label: str, row: dict) -> bool:
    return label.startswith("lookup page") or row.get("url", "").rstrip("/").endswith("/lookup")


def verdict(label: str, row: dict, small: dict | None) -> tuple[str, list[str]]:
    over = []
    if row["median"] >= MEDIAN_MS:
        over.append(f"median >= {MEDIAN_MS}")
    if row["p95"] >= P95_MS:
        over.append(f"p95 >= {P95_MS}")
    if label.startswith("record"):
        if row["queries"] > RECORD_QUERIES:
            over.append(f"queries > {RECORD_QUERIES}")
        if row["median"] >= RECORD_MEDIAN_MS:
            over.append(f"median >= {RECORD_MEDIAN_MS}")
    if is_lookup(label, row) and row["queries"] > LOOKUP_QUERIES:
        over.append(f"queries > {LOOKUP_QUERIES}")
    if small is not None and "queries" in small and row["queries"] > small["queries"]:
        over.append("queries grow")
    return ("within" if not over else "OVER"), over


def budget_of(label: str, row: dict) -> str:
    if label.startswith("record"):
        return f"<{RECORD_MEDIAN_MS}/{P95_MS} ms, <={RECORD_QUERIES} q"
    if is_lookup(label, row):
        return f"<{MEDIAN_MS}/{P95_MS} ms, <={LOOKUP_QUERIES} q"
    return f"<{MEDIAN_MS}/{P95_MS} ms"


def run_size(args, size: int, counts_only: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [sys.executable, __file__, "--measure", "--children", str(size), "--seed", str(args.seed),
               "--runs", str(args.runs), "--max-seconds", str(args.max_seconds), "--out", out]
    if args.database_url:
        command += ["--database-url", database_for(args, size)]
    if args.reuse:
        command.append("--reuse")
    if counts_only:
        command.append("--counts-only")
    for name in ("roles", "pages"):
        if getattr(args, name):
            command += [f"--{name}", *getattr(args, name)]
    subprocess.run(command, check=True)
    result = json.loads(Path(out).read_text())
    Path(out).unlink()
    return result


def report(args, small: dict | None, large: dict) -> None:
    print(f"\n== {large['database']} ({large['url']}), {large['children']:,} children and young people "
          f"({large['people']:,} people); {args.runs} runs per page after a warm-up, "
          f"as each demo role on {NOW:%d %B %Y}")
    if large["seeded_seconds"] is not None:
        print(f"   seeded in {large['seeded_seconds']:.0f} s; ANALYZE {large['analyze_seconds']:.1f} s; "
              f"the chronology's child has {large['events']:,} events")
    if small is not None:
        print(f"   query counts compared with {small['children']:,} children ({small['url']})")
    print(f"\n{'role':13s} {'page':36s} {'median':>9s} {'p95':>9s} {'runs':>4s} {'queries':>7s} "
          f"{'at ' + str(small['size']) if small else '':>7s}  {'budget':24s} verdict")
    over_lines, within = [], 0
    for key, row in large["pages"].items():
        username, label = key.split("|", 1)
        if "median" not in row:
            print(f"{username:13s} {label:36s} status {row['status']} (not timed)")
            continue
        small_row = small["pages"].get(key) if small else None
        verdict_text, why = verdict(label, row, small_row)
        small_q = str(small_row["queries"]) if small_row and "queries" in small_row else "-"
        print(f"{username:13s} {label:36s} {row['median']:7.1f}ms {row['p95']:7.1f}ms {row['runs']:4d} "
              f"{row['queries']:7d} {small_q:>7s}  {budget_of(label, row):24s} {verdict_text}"
              + (f" ({', '.join(why)})" if why else ""))
        if why:
            over_lines.append((row["median"], username, label, why))
        else:
            within += 1
    print(f"\n{within} pages within budget, {len(over_lines)} over. Over budget, slowest first:")
    for median, username, label, why in sorted(over_lines, reverse=True):
        print(f"  {median:9.1f} ms  {username:13s} {label:36s} {', '.join(why)}")
    growing = [key for key, row in large["pages"].items()
               if small and key in small["pages"] and "queries" in row and "queries" in small["pages"][key]
               and row["queries"] > small["pages"][key]["queries"]]
    if small:
        print(f"\nPages whose query count grows from {small['size']:,} to {large['size']:,} children: "
              + (", ".join(k.replace("|", ": ") for k in growing) if growing else "none"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=59300)
    parser.add_argument("--small", type=int, default=600, help="the size whose query counts are compared; 0: none")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each page after one warm-up")
    parser.add_argument("--max-seconds", type=float, default=60, help="fewer runs of a page slower than this in all")
    parser.add_argument("--database-url", help="PostgreSQL (its name must contain 'bench'); default: SQLite")
    parser.add_argument("--reuse", action="store_true", help="keep a database that has people (ANALYZE again)")
    parser.add_argument("--roles", nargs="*", help="only these demo usernames")
    parser.add_argument("--pages", nargs="*", help="only pages whose label contains one of these")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--counts-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args)
        return
    print(f"Every main page of every role: {platform.node()}, {os.cpu_count()} CPUs "
          f"({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
          f"{datetime.datetime.now():%Y-%m-%d %H:%M}", flush=True)
    small = None
    if args.small and args.small != args.children:
        print(f"Counting queries at {args.small:,} children...", flush=True)
        small = run_size(args, args.small, counts_only=True)
    print(f"Timing at {args.children:,} children...", flush=True)
    large = run_size(args, args.children, counts_only=False)
    report(args, small, large)


if __name__ == "__main__":
    main()
