"""What every benchmark shares: a fresh PostgreSQL database (only one whose name says it is a
benchmark's), and a line saying on what machine and database the figures were measured."""

import datetime
import os
import platform
import sys


def fresh_postgres_database(url: str) -> None:
    """Drop and create the database at ``url`` (the audit table refuses DELETE and TRUNCATE
    by design, so a benchmark starts from a new database rather than flushing one). Refuses
    any database whose name does not contain "bench"."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a benchmark database's name must contain 'bench'")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_version() -> str:
    """The database Django is connected to, with its version."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def machine() -> str:
    """The machine and its load when measured: figures from a busy machine are upper bounds."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"{platform.node()}, {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
            f"Python {platform.python_version()}, load average {load}, {datetime.datetime.now():%Y-%m-%d %H:%M}")
