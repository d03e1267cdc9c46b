"""What makes an export identifiable once it is saved (issue 15): every file the application
sends for a practitioner to keep is named and headed here, so a CSV or PDF found later in a
downloads folder says who it is about, what it is, when it was made and how to handle it.

- The file name: the protective marking, what it is, the person's name, their NHS number
  (digits, or "no-NHS-number") and the day it was made (ISO, from the application's clock),
  e.g. ``OFFICIAL-SENSITIVE chronology Maya Bennett 9434765919 2026-12-04.csv``; an export
  about no one person (a dashboard, a work list) names the organisation or area instead.
  Safe for every file system; a name with letters outside ASCII is sent by RFC 6266's
  ``filename*`` with an ASCII ``filename`` for old browsers.
- Inside: CSV rows before the table (marking, what, name, NHS number, date of birth, who
  exported it by name and when); a PDF repeats the same on every page with "Page n of N".
- Dates in a CSV are ISO (``2026-12-04``, ``2026-12-04T10:30``), which a spreadsheet sorts.

Core knows nothing of people's models: ``Subject.of`` reads a person's attributes."""

import dataclasses
import datetime
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from thinkfamily.core import clock
from thinkfamily.core.csv_export import csv_response
from thinkfamily.core.presenters import format_date, format_datetime

MARKING = "OFFICIAL-SENSITIVE"
NO_NHS_NUMBER = "no-NHS-number"
NO_NAME = "A practitioner with no name recorded"

# Characters no file name may hold on some file system (and quotes, which a header or shell
# would have to escape), control characters included.
_UNSAFE = re.compile(r'[\\/:*?"<>|`\x00-\x1f\x7f]+')


def iso_date(day) -> str:
    return day.isoformat() if day else ""


def iso_datetime(moment) -> str:
    """Local time to the minute, as a spreadsheet sorts it: 2026-12-04T10:30."""
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}" if moment else ""


def practitioner_name(user) -> str:
    """A practitioner by name, never their sign-in name."""
    return (user.get_full_name() if user is not None else "") or NO_NAME


def _nhs_digits(value) -> str:
    return re.sub(r"\D", "", str(value or ""))


def _formatted_nhs(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


@dataclasses.dataclass(frozen=True)
class Subject:
    """The person an export is about, as its name and header show them."""

    name: str
    nhs_number: str = ""  # digits only, "" when none
    date_of_birth: datetime.date | None = None
    expected_on: datetime.date | None = None  # an unborn baby's expected date of delivery

    def __post_init__(self):
        object.__setattr__(self, "nhs_number", _nhs_digits(self.nhs_number))  # "943 476 5919" given

    @classmethod
    def of(cls, person) -> "Subject":
        return cls(
            name=person.full_name,
            nhs_number=person.nhs_number or "",
            date_of_birth=person.date_of_birth,
            expected_on=None if person.date_of_birth else getattr(person, "expected_delivery_date", None),
        )

    @property
    def formatted_nhs_number(self) -> str:
        return _formatted_nhs(self.nhs_number)

    def born(self, *, iso: bool) -> str:
        show = iso_date if iso else format_date
        if self.date_of_birth:
            return show(self.date_of_birth)
        if self.expected_on:
            return f"Not born yet, expected {show(self.expected_on)}"
        return "Not known"


@dataclasses.dataclass(frozen=True)
class Export:
    """One export: what it is, whom it is about (or which organisation or area), who made it
    and when."""

    what: str  # "chronology", "access history", "health passport", "MASH dashboard"
    exported_by: str  # a name (practitioner_name), never a sign-in name
    subject: Subject | None = None
    about: str = ""  # an export about no one person: the organisation or area
    exported_at: datetime.datetime = dataclasses.field(default_factory=clock.now)

    @classmethod
    def of(cls, what: str, person, user, **kwargs) -> "Export":
        return cls(what=what, subject=Subject.of(person), exported_by=practitioner_name(user), **kwargs)

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.exported_at)

    def filename(self, extension: str) -> str:
        if self.subject is not None:
            parts = [MARKING, self.what, self.subject.name, self.subject.nhs_number or NO_NHS_NUMBER]
        else:
            parts = [MARKING, self.what, self.about]
        return safe_filename(" ".join(part for part in parts if part) + f" {self.day.isoformat()}.{extension}")

    def csv_rows(self, extra: Iterable[tuple[str, str]] = ()) -> list[list[str]]:
        """The rows before the table, then an empty row."""
        rows = [[MARKING], [self.what[:1].upper() + self.what[1:]]]
        if self.subject is not None:
            rows += [
                ["Name", self.subject.name],
                ["NHS number", self.subject.formatted_nhs_number or "Not known"],
                ["Date of birth", self.subject.born(iso=True)],
            ]
        else:
            rows += [["Organisation or area", self.about]]
        rows += [["Exported by", self.exported_by], ["Exported at", iso_datetime(self.exported_at)]]
        rows += [[label, value] for label, value in extra]
        return rows + [[]]

    def subject_line(self) -> str:
        """Whom a PDF is about, for the top of every page."""
        if self.subject is None:
            return self.about
        subject = self.subject
        nhs = f"NHS number {subject.formatted_nhs_number}" if subject.nhs_number else "no NHS number"
        if subject.date_of_birth:
            born = f"born {format_date(subject.date_of_birth)}"
        elif subject.expected_on:
            born = f"not born yet, expected {format_date(subject.expected_on)}"
        else:
            born = "date of birth not known"
        return f"{subject.name}, {nhs}, {born}"

    def exported_line(self) -> str:
        return f"Exported by {self.exported_by} on {format_datetime(self.exported_at)}"

    def csv_response(self, columns: Iterable, rows: Iterable[Iterable], extra=()) -> HttpResponse:
        name = self.filename("csv")
        return csv_response(name, columns, rows, preamble=self.csv_rows(extra), disposition=content_disposition(name))

    def pdf_response(self, content: bytes) -> HttpResponse:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(self.filename("pdf"))
        return response

    def canvas(self, *, margin: float, note: str = ""):
        """A reportlab canvas class that draws, on every page once the count is known: the
        marking and whom it is about at the top; who exported it, ``note`` and "Page n of N"
        at the bottom."""
        bottom = [self.exported_line()] + ([note] if note else [])
        return marked_canvas(top=(MARKING, self.subject_line()), bottom=bottom, margin=margin)


def safe_filename(name: str) -> str:
    """``name`` as any file system keeps it: no slashes, quotes or control characters; an
    apostrophe (O'Neill) kept as the typographic one."""
    name = unicodedata.normalize("NFC", name).replace("'", "\u2019")
    name = _UNSAFE.sub(" ", name)
    return re.sub(r"\s+", " ", name).strip(" .")[:200]


def _ascii(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("\u2019", "")
    return re.sub(r"\s+", " ", text.encode("ascii", "ignore").decode()).strip()


def content_disposition(filename: str) -> str:
    """An attachment named ``filename`` (RFC 6266): ``filename*`` too when it is not ASCII."""
    fallback = _ascii(filename)
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def marked_canvas(*, top: tuple[str, str], bottom: list[str], margin: float, font_size: float = 8):
    """A reportlab canvas class that draws ``top`` (left in bold, right) at the head of every
    page, and the ``bottom`` lines and "Page n of N" at its foot."""
    from reportlab.pdfgen import canvas

    class MarkedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, height = self._pagesize
                self.setFont("Helvetica-Bold", font_size + 1)
                self.drawString(margin, height - 10 * 72 / 25.4, top[0])
                self.setFont("Helvetica", font_size)
                self.drawRightString(width - margin, height - 10 * 72 / 25.4, top[1])
                for line, text in enumerate(reversed(bottom)):
                    self.drawString(margin, (8 + 4 * line) * 72 / 25.4, text)
                self.drawRightString(width - margin, 8 * 72 / 25.4, f"Page {number} of {len(self._pages)}")
                super().showPage()
            super().save()

    return MarkedCanvas
