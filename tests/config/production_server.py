"""The production settings served for real, for the production check (test_production): static
files collected into a temporary STATIC_ROOT, a small demo migrated and seeded (PostgreSQL when
DATABASE_URL names it, else an SQLite file), gunicorn serving
``thinkfamily.config.settings.production`` on a free loopback port; every process, file and
database removed afterwards, whatever happens."""

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "thinkfamily.example.nhs.uk"  # what the proxy passes on as Host
DEMO_CHILDREN = 60


@contextlib.contextmanager
def scratch_database(directory: Path):
    """A new, empty database for the check, dropped afterwards: a PostgreSQL database beside
    DATABASE_URL's when that names PostgreSQL, else an SQLite file in ``directory``."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{directory / 'production.sqlite3'}", "SQLite"
        return
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_production_check"[:63]
    admin = psycopg.connect(
        host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
        password=config["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    try:
        admin.execute(drop)
        admin.execute(f'CREATE DATABASE "{name}"')
        yield urlsplit(url)._replace(path=f"/{name}").geturl(), f"PostgreSQL ({name})"
    finally:
        admin.execute(drop)
        admin.close()


def finish(process: subprocess.Popen, what: str) -> str:
    output, _ = process.communicate(timeout=300)
    if process.returncode:
        pytest.fail(f"{what} failed under the production settings (exit {process.returncode}):\n{output}")
    return output


def stop(process: subprocess.Popen) -> None:
    """Stop a process this check started, and everything it started (its own session)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@dataclass
class Server:
    port: int
    log: Path
    database: str
    process: subprocess.Popen
    setup_seconds: float = 0.0

    def log_tail(self, lines: int = 30) -> str:
        """The server's last error: Django's "Internal Server Error: <path>" line and the end of
        its traceback (the exception itself)."""
        log = self.log.read_text(errors="replace").splitlines()
        starts = [i for i, line in enumerate(log) if line.startswith("Internal Server Error")]
        if not starts:
            return "\n".join(log[-lines:])
        block = log[starts[-1]:]
        return "\n".join(block if len(block) <= lines else [block[0], "  ...", *block[-lines:]])

    def wait_until_serving(self, seconds: float = 60) -> None:
        """Requests wait in the listening socket's queue until a worker takes them; fail if
        gunicorn stops instead."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn stopped (exit {self.process.returncode}):\n{self.log_tail()}", pytrace=False)
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/sign-in/", headers={"Host": HOST})
                connection.getresponse().read()
                connection.close()
                return
            time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer within {seconds:.0f}s:\n{self.log_tail()}", pytrace=False)


@contextlib.contextmanager
def production_server():
    """Collect static files, migrate, seed and serve the production settings with gunicorn;
    stop every process and remove every file and database made for it, whatever happens."""
    started = time.monotonic()
    processes = []

    def start(*command: str, **options) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, **options)
        processes.append(process)
        return process

    def manage(*args: str) -> subprocess.Popen:
        return start(sys.executable, "manage.py", *args, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    with (
        tempfile.TemporaryDirectory(prefix="tf-production-check-") as tmp,
        scratch_database(Path(tmp)) as (url, db),
        contextlib.ExitStack() as cleanup,
    ):
        cleanup.callback(lambda: [stop(process) for process in processes])
        directory = Path(tmp)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))},
            "DJANGO_SETTINGS_MODULE": "thinkfamily.config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_STATIC_ROOT": str(directory / "static"),
            "DATABASE_URL": url,
            "PYTHONUNBUFFERED": "1",
        }
        collect = manage("collectstatic", "--no-input", "-v0")
        finish(manage("migrate", "--no-input", "-v0"), "manage.py migrate")
        finish(manage("seed_demo", "--children", str(DEMO_CHILDREN), "--no-progress", "-v0"), "manage.py seed_demo")
        # Not beside migrate or the seed: on SQLite their write lock made the check's own query
        # fail, which Django reports as "SQLite does not support JSONFields".
        output = finish(manage("check", "--deploy", "--fail-level", "WARNING"), "manage.py check --deploy")
        assert "no issues" in output, output
        finish(collect, "manage.py collectstatic")

        listener = cleanup.enter_context(socket.socket())
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        listener.set_inheritable(True)
        log = directory / "gunicorn.log"
        with log.open("w") as log_file:
            process = start(
                # The proxy's header is trusted by Django's setting (SECURE_PROXY_SSL_HEADER), not
                # by gunicorn, which trusts it from loopback by default: --forwarded-allow-ips ""
                # makes the check prove the setting production relies on wherever the proxy runs.
                sys.executable, "-m", "gunicorn", "thinkfamily.config.wsgi:application",
                "--bind", f"fd://{listener.fileno()}", "--workers", "3", "--timeout", "60",
                "--forwarded-allow-ips", "", "--no-control-socket", "--error-logfile", "-",
                pass_fds=[listener.fileno()], stdout=log_file, stderr=log_file,
            )
        server = Server(listener.getsockname()[1], log, db, process)
        listener.close()
        server.wait_until_serving()
        server.setup_seconds = time.monotonic() - started
        yield server
