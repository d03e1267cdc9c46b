"""Browser journeys: Debian's Chromium driven by Playwright's sync API against pytest-django's
live server; the steps they share (signing in, opening a page, the axe check) are in
tests/browser/steps.py.

Nothing is downloaded: the tests use /usr/bin/chromium and fail, rather than skip, when it is
missing, so a run cannot look green without them. One Chromium serves the whole run; it is
stopped after the last browser test so that the rest of the suite runs without Playwright's
event loop in the test thread, and every process Chromium left behind is reaped."""

import contextlib
import ctypes
import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, sync_playwright

from tests.browser.children_in_care import children_in_care_people
from tests.browser.steps import TIMEOUT_MS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Chromium's helpers (zygote, crashpad) outlive the browser process and are re-parented to
# PID 1, which in a container often never reaps them. As a "child subreaper" this process
# adopts them instead, and waits for them when the browser stops.
_PR_SET_CHILD_SUBREAPER = 36


def _set_child_subreaper(on: bool) -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0)


def _child_pids() -> set[int]:
    me, children = os.getpid(), set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rpartition(")")[2].split()[1]) == me:
                children.add(int(stat.parent.name))
    return children


def _reap(pids: set[int], timeout: float = 5.0) -> None:
    """Wait for the given children; kill (by pid) any still running after the timeout."""
    deadline = time.monotonic() + timeout
    while pids:
        for pid in list(pids):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                pids.discard(pid)
        if pids and time.monotonic() > deadline:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + timeout
        elif pids:
            time.sleep(0.02)


class Chromium:
    """Debian's Chromium under Playwright, started on first use and stopped on demand."""

    def __init__(self):
        self._playwright = None
        self._browser: Browser | None = None
        self._children_before: set[int] = set()
        self._async_unsafe_before: str | None = None

    @property
    def browser(self) -> Browser:
        if self._browser is None:
            self._start()
        return self._browser

    def _start(self) -> None:
        if not CHROMIUM.exists():
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium: apt-get install -y chromium", pytrace=False)
        nhsuk = Path(settings.BASE_DIR) / "node_modules" / "nhsuk-frontend"
        if not nhsuk.is_dir():
            pytest.fail(f"{nhsuk} is missing: run `npm ci` so the pages get their styles and scripts", pytrace=False)
        # Playwright's sync API keeps an event loop running in this thread, and Django refuses
        # ORM calls (the test's own and the database flush) from a thread with a running loop.
        self._async_unsafe_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        self._children_before = _child_pids()
        _set_child_subreaper(True)
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        if self._playwright is None:
            return
        try:
            if self._browser is not None:
                with contextlib.suppress(Exception):
                    self._browser.close()
            self._playwright.stop()
        finally:
            self._browser = self._playwright = None
            _reap(_child_pids() - self._children_before)
            _set_child_subreaper(False)
            if self._async_unsafe_before is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._async_unsafe_before


_chromium = Chromium()


@pytest.fixture(autouse=True)
def _every_journey_has_the_national_flag_types(national_flag_types):
    """Browser tests run on a transactional database (tests/conftest.py national_flag_types)."""


@pytest.fixture
def lac_people(family, council):
    """The children-in-care journeys' people: Liam and his social worker Sally; Nina, a
    children-in-care nurse, and Dr Paul Osei, a LAC paediatrician, both commissioned by Sefton;
    Chloe, a care leaver of 17 (tests.browser.children_in_care)."""
    return children_in_care_people(family, council)


@pytest.fixture(scope="session")
def chromium():
    yield _chromium
    _chromium.stop()


@pytest.fixture
def browser(chromium) -> Browser:
    return chromium.browser


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test, pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    context.on("weberror", lambda error: problems.append(f"uncaught error: {error.error}"))
    context.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    context.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} {request.failure}"))
    try:
        yield context.new_page()
    finally:
        context.close()
        if problems:  # shown with the test's output when it fails
            print("Browser problems:", *problems, sep="\n  ")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Stop Chromium once the next test is not a browser test (after the usual teardown)."""
    if nextitem is None or nextitem.get_closest_marker("browser") is None:
        _chromium.stop()
