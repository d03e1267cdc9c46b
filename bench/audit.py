#!/usr/bin/env python
"""The cost of auditing: requests per second of the child record page with and without the
audit write, on PostgreSQL, in one run.

    .venv/bin/python bench/audit.py [--database-url postgres://...] [--requests 400] [--clients 1 4]

Creates a fresh database (dropped and created: the audit table refuses DELETE), seeds a small
demo population, signs in a practitioner who may see the featured child, and renders the
record page through the whole middleware and template stack (Django's test client, in
process). Rounds alternate between "audited" and "audit write skipped" so drift on the
machine affects both equally. Prints figures; asserts nothing."""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def fresh_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thinkfamily_bench_audit")
    parser.add_argument("--requests", type=int, default=400, help="requests per mode and client count")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4], help="concurrent clients (threads)")
    parser.add_argument("--children", type=int, default=2000, help="size of the seeded population")
    args = parser.parse_args()

    if not args.database_url.startswith("postgres"):
        parser.error("this benchmark is for PostgreSQL: pass a postgres:// --database-url")
    fresh_postgres_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinkfamily.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from thinkfamily.access.rules import basis_for
    from thinkfamily.core import audit
    from thinkfamily.core.models import AuditEvent
    from thinkfamily.demo.area import DEMO_LOGINS
    from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS
    from thinkfamily.organisations.models import Practitioner
    from thinkfamily.people.models import Person

    setup_test_environment()  # allow the test client's host
    call_command("migrate", verbosity=0)
    call_command("seed_demo", children=args.children, seed=1, no_progress=True, verbosity=0)
    child = Person.objects.get(nhs_number=FEATURED_NHS_NUMBERS["Liam Roberts"])
    user = next(u for u in (Practitioner.objects.get(username=name) for name, *_ in DEMO_LOGINS)
                if basis_for(u, child) is not None)
    url = f"/people/{child.pk}/"
    connection.close()

    def run(clients: int, requests: int) -> float:
        barrier = threading.Barrier(clients + 1)
        per_client = requests // clients

        def worker():
            from django.db import connection as thread_connection

            client = Client()
            client.force_login(user)
            client.get(url)  # warm
            barrier.wait()
            for _ in range(per_client):
                response = client.get(url)
                assert response.status_code == 200
            thread_connection.close()

        threads = [threading.Thread(target=worker) for _ in range(clients)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        return per_client * clients / (time.perf_counter() - started)

    print(f"Database: PostgreSQL ({args.database_url.rsplit('/', 1)[1]}), {args.children} children seeded")
    print(f"Page: the child record page, as {user.username} ({user.get_role_display()}), basis: "
          f"{basis_for(user, child).description}")
    run(1, 30)  # warm the template cache and the database
    for clients in args.clients:
        audited, skipped = [], []
        rounds = 4
        for _ in range(rounds):
            before = AuditEvent.objects.count()
            audited.append(run(clients, args.requests // rounds))
            written = AuditEvent.objects.count() - before
            with mock.patch.object(audit, "append_event", lambda **values: None):
                skipped.append(run(clients, args.requests // rounds))
        with_audit, without_audit = statistics.median(audited), statistics.median(skipped)
        print(f"\n{clients} client(s), {args.requests} requests per mode, {rounds} alternating rounds")
        print(f"  audit events written per audited round: {written} (one read per page)")
        print(f"  with audit write:    {with_audit:7.1f} requests/s  ({1000 / with_audit * clients:6.2f} ms/request)")
        per_request = 1000 / without_audit * clients
        print(f"  without audit write: {without_audit:7.1f} requests/s  ({per_request:6.2f} ms/request)")
        print(f"  ratio with/without:  {with_audit / without_audit:.3f}  "
              f"(auditing costs {100 * (1 - with_audit / without_audit):.1f}% of throughput)")
    call_command("audit_verify")


if __name__ == "__main__":
    main()
