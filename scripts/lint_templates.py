#!/usr/bin/env python
"""Fail when a template queries the database or decides who may do what.

Templates only present (architecture: "Templates stay simple"; issue 13): the view and its
presenters hand a template ready lists, the menu and each page's actions come from Python
(home.navigation, people.actions, access.permissions), and a reader of the view sees every
query the page runs. So, inside ``{{ }}`` and ``{% %}`` of every template under
thinkfamily/templates/, this lint reports:

- a queryset or manager call: ``.objects``, ``.all()``, ``.filter(``, ``.exclude(``,
  ``.count()``, ``.exists()``, ``.first()``, ``.last()``, ``.order_by(``, ``.select_related(``,
  ``.prefetch_related(``, ``.values(``, ``.aggregate(``, ``.annotate(``, and the domain
  querysets' own methods (``.current(``, ``.open()``, ``.unread()``, ``.overdue(``);
- a decision about roles: ``.role ==``, ``.role in``, ``.role !=``, ``is_staff``.

Run by `make lint`."""

import re
import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "thinkfamily" / "templates"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
QUERY = re.compile(
    r"\.objects\b|\.(all|count|exists|first|last|open|unread)\(\s*\)"
    r"|\.(filter|exclude|order_by|select_related|prefetch_related|values|values_list|aggregate|annotate"
    r"|current|overdue)\("
)
ROLE = re.compile(r"\.role\s*(==|!=|in\b|not\s+in\b)|\bis_staff\b")


def problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for match in TAG.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        code = match.group(0)
        if code.startswith("{#"):
            continue
        for pattern, what in ((QUERY, "runs a query"), (ROLE, "decides by role")):
            hit = pattern.search(code)
            if hit:
                found.append(f"{path.relative_to(TEMPLATES.parent.parent)}:{line}: the template {what} "
                             f"({hit.group(0).strip()}); hand it a ready value from the view or a presenter")
    return found


def main() -> int:
    found = [problem for path in sorted(TEMPLATES.rglob("*.jinja")) for problem in problems(path)]
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
