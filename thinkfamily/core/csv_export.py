"""Every CSV the application sends is written here (a test fails any other module that
writes CSV), so no export can forget that a spreadsheet runs a cell starting with = + - @,
a tab or a carriage return as a formula (CSV injection): such a cell is sent with a leading
apostrophe, so a spreadsheet reads it as text."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# The characters that start a formula, the fullwidth forms that some spreadsheets also read,
# and the whitespace a spreadsheet may skip before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
SKIPPED_BEFORE = " \t\r\n"


def safe_cell(value) -> str:
    """The value as text a spreadsheet shows and never runs."""
    text = "" if value is None else str(value)
    if text[:1] in ("\t", "\r", "\n") or text.lstrip(SKIPPED_BEFORE).startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_rows(out, header: Iterable, rows: Iterable[Iterable], preamble: Iterable[Iterable] = ()) -> None:
    writer = csv.writer(out)
    for row in preamble:
        writer.writerow([safe_cell(value) for value in row])
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable], *, preamble: Iterable[Iterable] = (),
                 disposition: str = "") -> HttpResponse:
    """A CSV download named ``filename``. An export about a person or a place is named and
    headed by core.exports (``Export.csv_response``), which passes the ``preamble`` rows that
    identify it, before the table's ``header``, and its ``disposition`` (RFC 6266)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = disposition or f'attachment; filename="{filename}"'
    write_rows(response, header, rows, preamble)
    return response
