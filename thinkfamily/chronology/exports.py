"""The chronology as CSV and PDF. Both take entries already filtered and already judged
readable (queries.all_entries), so an export never shows more than the page does, and a
restricted entry from another service exports as "Restricted entry" and nothing else."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from thinkfamily.core.exports import MARKING, Export, iso_datetime, practitioner_name
from thinkfamily.core.presenters import format_datetime

COLUMNS = ["Date and time", "Event", "Significance", "Summary", "Service", "Organisation", "Recorded by"]
RESTRICTED = "Restricted entry"


def rows(entries, when=iso_datetime):
    """One row per entry, in COLUMNS order (the CSV is written by core.csv_export): its time
    as ``when`` writes it (ISO in a CSV, in words in the PDF)."""
    for entry in entries:
        event = entry.event
        at = when(event.occurred_at)
        if not entry.readable:
            yield [at, RESTRICTED, "", "", "", "", ""]
            continue
        service = event.service
        yield [
            at,
            event.type_label,
            event.get_significance_display(),
            event.summary,
            service.name if service else "",
            service.organisation.name if service else "",
            practitioner_name(event.author) if event.author else "Recorded automatically",
        ]


def chronology_pdf(export: Export, entries, *, filters: list[str]) -> bytes:
    """A titled, paginated document: who it is about, the filters, a table of entries, and on
    every page the marking, the person, who exported it and when, and "Page n of N"."""
    buffer = io.BytesIO()
    page = landscape(A4)
    margin = 15 * mm
    subject = export.subject
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=f"Chronology: {subject.name}",
        author="ThinkFamily",
        subject=MARKING,
    )
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    small_bold = small.clone("small_bold", fontName="Helvetica-Bold")

    def p(text, style=small):
        return Paragraph(escape(text), style)

    story = [
        Paragraph(escape(f"Chronology: {subject.name}"), styles["Title"]),
        p(f"NHS number: {subject.formatted_nhs_number or 'not known'}", styles["BodyText"]),
        p(("Date of birth: " if subject.date_of_birth else "") + subject.born(iso=False), styles["BodyText"]),
        p("Filters: " + ("; ".join(filters) if filters else "none (every entry)"), styles["BodyText"]),
        p(export.exported_line(), styles["BodyText"]),
        p(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}, newest first.", styles["BodyText"]),
        Spacer(1, 4 * mm),
    ]
    if entries:
        widths = [30 * mm, 38 * mm, 23 * mm, 79 * mm, 35 * mm, 32 * mm, 30 * mm]
        data = [[p(title, small_bold) for title in COLUMNS]]
        data += [[p(value) for value in row] for row in rows(entries, when=format_datetime)]
        table = LongTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edee")),
                ]
            )
        )
        story.append(table)
    else:
        story.append(p("No entries match these filters.", styles["BodyText"]))
    doc.build(story, canvasmaker=export.canvas(margin=margin))
    return buffer.getvalue()
