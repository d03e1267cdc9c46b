#!/usr/bin/env python
"""Fail when application code reads the wall clock instead of the application's clock.

Every time the application judges or writes (deadlines, "today", access, the time a legal
status or a case note was recorded) comes from thinkfamily.core.clock (``now()``,
``today()``), which tests and the browser journeys move; a time from the wall clock
disagrees with every other date as soon as the clock is moved (issue 11 #16).

This lint reads every module under thinkfamily/ (not migrations; not core/clock.py, which is
the clock, nor core/audit.py, whose ``occurred_at`` is real time on purpose: the audit trail
says when things really happened, in the order its hash chain was written) and reports:

- a use of the wall clock: ``timezone.now`` (called, or as a field default),
  ``timezone.localdate()``/``localtime()`` with no argument, ``datetime.now/today/utcnow``,
  ``date.today``, ``time.time``;
- a model created without the time of a field whose default is still the wall clock
  (``default=timezone.now``, allowed only with a reason, below), so that the row gets the
  clock's time from its writer, never the default's.

A use that must be real time says why on its line: ``# wall clock: <reason>`` (the task
queue's run_after, which its worker compares with real time; the authenticator app's codes).
Run by `make lint`."""

import ast
import sys
from pathlib import Path

PRAGMA = "# wall clock:"
EXEMPT = ("thinkfamily/core/clock.py", "thinkfamily/core/audit.py")
WALL_CLOCK = {
    ("timezone", "now"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
}
NO_ARGUMENT_MEANS_NOW = {("timezone", "localdate"), ("timezone", "localtime")}
ADVICE = "use thinkfamily.core.clock.now() or today()"


def _name(node) -> tuple[str, str] | None:
    """('timezone', 'now') for ``timezone.now`` and ``django.utils.timezone.now``."""
    if isinstance(node, ast.Attribute):
        value = node.value
        if isinstance(value, ast.Name):
            return value.id, node.attr
        if isinstance(value, ast.Attribute):
            return value.attr, node.attr
    return None


def _has_pragma(lines: list[str], node) -> bool:
    for number in range(node.lineno, (getattr(node, "end_lineno", None) or node.lineno) + 1):
        line = lines[number - 1]
        if PRAGMA in line and line.split(PRAGMA, 1)[1].strip():
            return True
    return False


def wall_clock_defaults(tree) -> dict[str, set[str]]:
    """{model class name: {field names whose default is the wall clock}} in one module."""
    found: dict[str, set[str]] = {}
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for statement in cls.body:
            if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)):
                continue
            for keyword in statement.value.keywords:
                if keyword.arg == "default" and _name(keyword.value) in WALL_CLOCK:
                    for target in statement.targets:
                        if isinstance(target, ast.Name):
                            found.setdefault(cls.name, set()).add(target.id)
    return found


def problems_in(source: str, filename: str, defaults: dict[str, set[str]] | None = None) -> list[str]:
    tree = ast.parse(source, filename)
    lines = source.splitlines()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in {"django.utils.timezone", "time", "datetime"}:
            for alias in node.names:
                if (node.module.rsplit(".", 1)[-1], alias.name) in WALL_CLOCK and not _has_pragma(lines, node):
                    found.append(f"{filename}:{node.lineno}: imports the wall clock ({alias.name}); {ADVICE}")
        name = _name(node)
        if name in WALL_CLOCK and not _has_pragma(lines, node):
            found.append(f"{filename}:{node.lineno}: {'.'.join(name)} reads the wall clock; {ADVICE}")
        if (
            isinstance(node, ast.Call)
            and _name(node.func) in NO_ARGUMENT_MEANS_NOW
            and not node.args
            and not _has_pragma(lines, node)
        ):
            found.append(f"{filename}:{node.lineno}: {'.'.join(_name(node.func))}() is the wall clock's date; {ADVICE}")
        if defaults and isinstance(node, ast.Call):
            found += _created_without_time(node, filename, defaults)
    return found


def _created_without_time(call: ast.Call, filename: str, defaults) -> list[str]:
    """``Model(...)`` or ``Model.objects.create(...)`` that leaves a wall-clock default to fill a time."""
    func = call.func
    model = None
    if isinstance(func, ast.Name) and func.id in defaults:
        model = func.id
    elif (
        isinstance(func, ast.Attribute)
        and func.attr == "create"
        and isinstance(func.value, ast.Attribute)
        and isinstance(func.value.value, ast.Name)
        and func.value.value.id in defaults
    ):
        model = func.value.value.id
    if model is None:
        return []
    missing = sorted(defaults[model] - {k.arg for k in call.keywords})
    if not missing:
        return []
    return [
        f"{filename}:{call.lineno}: {model} created without {', '.join(missing)}, whose default is the wall clock; "
        "pass clock.now()"
    ]


def modules(root: Path):
    for path in sorted(root.glob("thinkfamily/**/*.py")):
        relative = path.relative_to(root).as_posix()
        if "/migrations/" in relative or relative in EXEMPT:
            continue
        yield relative, path


def all_problems(root: Path) -> list[str]:
    sources = {relative: path.read_text() for relative, path in modules(root)}
    defaults: dict[str, set[str]] = {}
    for relative, source in sources.items():
        for model, fields in wall_clock_defaults(ast.parse(source, relative)).items():
            defaults.setdefault(model, set()).update(fields)
    problems = []
    for relative, source in sources.items():
        problems += problems_in(source, relative, defaults)
    return problems


def main() -> int:
    problems = all_problems(Path(__file__).resolve().parents[1])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} wall-clock time(s): times come from thinkfamily.core.clock (issue 11 #16).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
