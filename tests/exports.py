"""Reading an export as whoever saves it does (issue 15): the name it is saved under, the rows
a CSV starts with, the text of each page of a PDF; and what they must say about the person."""

import csv
import io
import re
from urllib.parse import unquote

from pypdf import PdfReader

from tests.pages_text import MONTHS

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
DATE_IN_WORDS = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b", re.I)
UNSAFE_IN_A_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def saved_name(response) -> str:
    """The file name a browser saves the download under: RFC 6266's ``filename*`` when there
    is one, else ``filename``; the ASCII ``filename`` must be safe either way."""
    header = response if isinstance(response, str) else response["Content-Disposition"]
    assert header.startswith("attachment; "), header
    plain = re.search(r'filename="([^"]*)"', header).group(1)
    assert plain.isascii() and not UNSAFE_IN_A_NAME.search(plain), header
    extended = re.search(r"filename\*=UTF-8''(\S+)", header)
    name = unquote(extended.group(1)) if extended else plain
    assert not UNSAFE_IN_A_NAME.search(name) and "'" not in name, header
    return name


def expected_name(what: str, person, day: str, extension: str) -> str:
    """``OFFICIAL-SENSITIVE chronology Maya Bennett 9434765919 2026-12-04.csv`` (an apostrophe as ’)."""
    name = person.full_name.replace("'", "\u2019")
    return f"OFFICIAL-SENSITIVE {what} {name} {person.nhs_number or 'no-NHS-number'} {day}.{extension}"


def born(person) -> str:
    if person.date_of_birth:
        return person.date_of_birth.isoformat()
    return f"Not born yet, expected {person.expected_delivery_date.isoformat()}"


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def split_csv(rows) -> tuple[list[list[str]], list[str], list[list[str]]]:
    """The identifying rows before the table, the table's header and its rows."""
    blank = rows.index([])
    return rows[:blank], rows[blank + 1], rows[blank + 2:]


def identifying_rows(what: str, person, exported_by: str, exported_at: str) -> list[list[str]]:
    """The rows every CSV about ``person`` starts with (then its filters)."""
    return [
        ["OFFICIAL-SENSITIVE"],
        [what],
        ["Name", person.full_name],
        ["NHS number", person.formatted_nhs_number or "Not known"],
        ["Date of birth", born(person)],
        ["Exported by", exported_by],
        ["Exported at", exported_at],
    ]


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, its white space made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def assert_every_page_identifies(pages: list[str], person, exported: str) -> None:
    """The marking, whom it is about, who exported it and when, and "Page n of N" on each page."""
    nhs = f"NHS number {person.formatted_nhs_number}" if person.nhs_number else "no NHS number"
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page, page
        assert f"{person.full_name}, {nhs}" in page, page
        assert exported in page, page
        assert f"Page {number} of {len(pages)}" in page, page
