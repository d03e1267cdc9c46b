"""Every requirement a test claims to prove is in the project's own catalogue,
docs/requirements.md, and the catalogue lists each id once, well formed, in its group.

The tags are read from the test files' source (no database, no collection): any use of
``mark.req`` must be a call with one literal id, so an id cannot hide in a variable."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "docs" / "requirements.md"
TESTS = ROOT / "tests"

WELL_FORMED = re.compile(r"R(\d+)\.(\d+)")
GROUP_HEADING = re.compile(r"^## (R\d+) ")
# A catalogue row: a table row whose first cell starts with "R" and a digit.
ROW = re.compile(r"^\|\s*(R\d\S*)\s*\|")
ANY_ID = re.compile(r"\bR\d+\.\d+\b")


def catalogue_rows(text: str) -> list[tuple[str, str | None, int]]:
    """(id as written, the group heading it sits under, line number) for every row."""
    rows, group = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if heading := GROUP_HEADING.match(line):
            group = heading.group(1)
        elif row := ROW.match(line):
            rows.append((row.group(1), group, number))
    return rows


def catalogue_ids() -> set[str]:
    return {rid for rid, _, _ in catalogue_rows(CATALOGUE.read_text(encoding="utf-8"))}


def req_tags(source: str, filename: str = "<test>") -> tuple[list[tuple[str, int]], list[str]]:
    """The ids passed to ``mark.req(...)`` in ``source`` with their line numbers, and the
    problems: a use of ``mark.req`` that is not a call with exactly one literal string."""
    tree = ast.parse(source, filename)
    calls = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    tags, problems = [], []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == "req"):
            continue
        if not (isinstance(node.value, ast.Attribute) and node.value.attr == "mark"):
            continue
        call = calls.get(id(node))
        args = call.args if call else []
        if call and not call.keywords and len(args) == 1 and isinstance(args[0], ast.Constant) \
                and isinstance(args[0].value, str):
            tags.append((args[0].value, node.lineno))
        else:
            problems.append(f"{filename}:{node.lineno}: mark.req must be called with one literal id")
    return tags, problems


def tags_in_tests() -> tuple[list[tuple[str, str]], list[str]]:
    """Every (id, "file:line") tagged across tests/, and every malformed tag."""
    found, problems = [], []
    for path in sorted(TESTS.rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        tags, bad = req_tags(path.read_text(encoding="utf-8"), where)
        found += [(rid, f"{where}:{line}") for rid, line in tags]
        problems += bad
    return found, problems


def unknown_tags(tags, known: set[str]) -> list[str]:
    return [f"{where}: {rid!r} is not in docs/requirements.md" for rid, where in tags if rid not in known]


def test_every_id_a_test_is_tagged_with_is_in_the_catalogue():
    tags, problems = tags_in_tests()
    assert not problems, "\n".join(problems)
    assert len({rid for rid, _ in tags}) >= 10, "the scan of tests/ found almost no req tags: is it broken?"
    unknown = unknown_tags(tags, catalogue_ids())
    assert not unknown, "\n".join(unknown)


def test_a_tag_with_an_id_that_is_not_in_the_catalogue_is_caught():
    source = (
        "import pytest\n"
        "@pytest.mark.req('R4.2')\n"
        "def test_a(): pass\n"
        "@pytest.mark.req(\"R99.1\")\n"
        "def test_b(): pass\n"
        "REQ = 'R4.2'\n"
        "@pytest.mark.req(REQ)\n"
        "def test_c(): pass\n"
    )
    tags, problems = req_tags(source, "t.py")
    assert tags == [("R4.2", 2), ("R99.1", 4)]
    assert problems == ["t.py:7: mark.req must be called with one literal id"]
    assert unknown_tags([(rid, f"t.py:{line}") for rid, line in tags], catalogue_ids()) == [
        "t.py:4: 'R99.1' is not in docs/requirements.md"
    ]


def test_every_catalogue_id_is_well_formed_listed_once_and_in_its_own_group():
    text = CATALOGUE.read_text(encoding="utf-8")
    rows = catalogue_rows(text)
    assert rows, "docs/requirements.md lists no requirements"
    problems, seen, numbers = [], {}, {}
    for rid, group, line in rows:
        form = WELL_FORMED.fullmatch(rid)
        if not form:
            problems.append(f"line {line}: {rid!r} is not of the form R<group>.<item>")
            continue
        if rid in seen:
            problems.append(f"line {line}: {rid} is listed again (first on line {seen[rid]})")
        seen.setdefault(rid, line)
        if group != f"R{form.group(1)}":
            problems.append(f"line {line}: {rid} sits under the heading of {group}")
        numbers.setdefault(int(form.group(1)), []).append(int(form.group(2)))
    # Ids are never renumbered: a dropped requirement keeps its row, so none is missing.
    for group, items in sorted(numbers.items()):
        if sorted(items) != list(range(1, len(items) + 1)):
            problems.append(f"R{group}: items {sorted(items)} are not numbered 1, 2, 3 … with none skipped")
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        problems.append(f"groups {sorted(numbers)} are not numbered R1, R2, R3 … with none skipped")
    # An id mentioned anywhere in the prose is one the catalogue defines.
    problems += [f"{rid} is mentioned but has no row" for rid in sorted(set(ANY_ID.findall(text)) - set(seen))]
    assert not problems, "\n".join(problems)
