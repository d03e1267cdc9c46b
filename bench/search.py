"""How long finding a person takes at the area's scale (a benchmark, not a test).

    .venv/bin/python bench/search.py --children 59300 --seed 1
    .venv/bin/python bench/search.py --children 59300 --seed 1 \\
        --database-url postgres://postgres@127.0.0.1:5432/thinkfamily_bench

Seeds a fresh database with ``seed_demo`` (a SQLite file under var/bench/ unless a
database URL is given), then times searches with thinkfamily.people.search:

  (a) by NHS number, typed with spaces ("943 476 5919");
  (b) by name and date of birth, with a one-letter typo in the family name and the middle
      name left out, and checks the intended person was found (the hit rate).

Prints the median and 95th percentile in milliseconds for each. --reuse keeps the
database as it is (seeding only if it has no people).

"Fresh" means: a SQLite file is deleted; a PostgreSQL database has its public schema
dropped and migrated again (flush cannot empty it: the audit table's triggers refuse
TRUNCATE by design). For safety a PostgreSQL database is only reset when its name
contains "bench"."""

import argparse
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=59300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--searches", type=int, default=500, help="searches of each kind to time")
    parser.add_argument("--database-url", help="default: sqlite under var/bench/")
    parser.add_argument("--reuse", action="store_true", help="keep the database as it is")
    return parser.parse_args()


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def with_typo(name: str, rng: random.Random) -> str:
    """Change one letter (never the first, the one people get right) to another letter."""
    positions = [i for i, ch in enumerate(name) if ch.isalpha() and i > 0] or [0]
    i = rng.choice(positions)
    original = name[i].lower()
    letter = rng.choice([c for c in string.ascii_lowercase if c != original])
    return name[:i] + (letter.upper() if name[i].isupper() else letter) + name[i + 1:]


def reset_database(url: str | None, sqlite_path: Path) -> None:
    if url is None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        return
    from django.db import connection

    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    elif connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            sys.exit(f"Refusing to reset PostgreSQL database {name!r}: its name does not contain 'bench'. "
                     "Use a bench database or --reuse.")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        sys.exit(f"Don't know how to reset a {connection.vendor} database; use --reuse.")


def main():
    args = parse_args()
    sqlite_path = ROOT / "var" / "bench" / f"search-{args.children}-{args.seed}.sqlite3"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "thinkfamily.config.settings.local"
    os.environ.setdefault("DJANGO_DEBUG", "false")  # no query log growing through the run

    if not args.reuse and not args.database_url:
        reset_database(None, sqlite_path)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from thinkfamily.people.models import Person
    from thinkfamily.people.search import find_by_name_and_date_of_birth, find_by_nhs_number

    if not args.reuse and args.database_url:
        reset_database(args.database_url, sqlite_path)
    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", children=args.children, seed=args.seed, verbosity=0)
        print(f"Seeded {args.children:,} children (seed {args.seed}) in {time.perf_counter() - started:.1f}s")

    if connection.vendor == "postgresql":
        version = connection.pg_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "select 1")
            version = cursor.fetchone()[0]
    people = Person.objects.count()
    children = Person.objects.children().count()
    print(f"Database: {connection.vendor} {version} ({connection.settings_dict['NAME']})")
    print(f"People: {people:,} of whom {children:,} children and young people")

    rng = random.Random(args.seed + 1000)
    ids = list(
        Person.objects.children().exclude(nhs_number=None).order_by("id").values_list("id", flat=True)
    )
    sample_ids = rng.sample(ids, min(args.searches, len(ids)))
    sample = list(Person.objects.filter(id__in=sample_ids).order_by("id"))
    rng.shuffle(sample)
    everyone = Person.objects.all()

    def timed(fn):
        started = time.perf_counter()
        result = fn()
        return (time.perf_counter() - started) * 1000, result

    for person in sample[:20]:  # warm the caches
        find_by_nhs_number(everyone, person.nhs_number)

    nhs_times, nhs_hits = [], 0
    for person in sample:
        typed = f"{person.nhs_number[:3]} {person.nhs_number[3:6]} {person.nhs_number[6:]}"
        ms, matches = timed(lambda typed=typed: find_by_nhs_number(everyone, typed))
        nhs_times.append(ms)
        nhs_hits += any(m.person.pk == person.pk for m in matches)

    name_times, name_hits, top_hits, candidates = [], 0, 0, []
    for person in sample:
        family_name = with_typo(person.family_name, rng)
        ms, matches = timed(lambda p=person, f=family_name: find_by_name_and_date_of_birth(
            everyone, family_name=f, given_name=p.given_name, date_of_birth=p.date_of_birth))
        name_times.append(ms)
        found = [m.person.pk for m in matches]
        name_hits += person.pk in found
        top_hits += bool(found) and found[0] == person.pk
        candidates.append(Person.objects.filter(date_of_birth=person.date_of_birth).count())

    n = len(sample)
    print(f"\n{n} searches of each kind")
    print(f"(a) NHS number:                 median {statistics.median(nhs_times):7.2f} ms   "
          f"p95 {percentile(nhs_times, 0.95):7.2f} ms   found {nhs_hits}/{n}")
    print(f"(b) name + date of birth, typo: median {statistics.median(name_times):7.2f} ms   "
          f"p95 {percentile(name_times, 0.95):7.2f} ms   hit rate {name_hits / n:.1%} "
          f"(first in the list {top_hits / n:.1%})")
    print(f"    people sharing the date of birth: median {statistics.median(candidates):.0f}, "
          f"max {max(candidates)}")


if __name__ == "__main__":
    main()
