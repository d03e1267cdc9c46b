"""The health passport as the young person reads it (R6.6): the parts of its snapshot as the
page and the PDF show them, and the PDF itself, drawn from the snapshot, never from the live
record."""

import datetime
import io
from xml.sax.saxutils import escape

from django.utils import timezone

from thinkfamily.core.exports import Export, Subject, practitioner_name
from thinkfamily.core.presenters import format_date
from thinkfamily.lac.models import HealthPassport

PERSONAL = "Personal: this is your health information. Keep it safe."
# Each table's column widths, as shares of the page's width, by heading: names, phone numbers
# and e-mail addresses get the room to be read (a phone number is never split).
WIDTHS = {
    "My health assessments": [0.5, 0.25, 0.25],
    "My immunisations": [0.6, 0.4],
    "My health conditions": [0.28, 0.18, 0.18, 0.36],
    "My family's health": [0.22, 0.3, 0.48],
    "Who to contact": [0.16, 0.25, 0.15, 0.23, 0.21],
}


def _date_text(iso: str | None) -> str:
    return format_date(datetime.date.fromisoformat(iso)) if iso else ""


def sections(content: dict) -> list[tuple[str, list[str], list[list[str]], str]]:
    """(heading, column titles, rows, text when empty) for each part of the passport; the page
    and the PDF both show these."""
    return [
        ("My health assessments", ["Assessment", "Seen", "Completed"],
         [[h["what"], _date_text(h["seen_on"]), _date_text(h["completed_on"])] for h in content["health_history"]],
         "No completed health assessments are recorded."),
        ("My immunisations", ["Vaccine", "Given"],
         [[i["vaccine"], _date_text(i["given_on"])] for i in content["immunisations"]],
         "No immunisations are recorded here: ask your GP practice for your full record."),
        ("My health conditions", ["Condition", "Since", "Ended", "Notes"],
         [[c["name"], _date_text(c["since"]), _date_text(c["ended_on"]), c["notes"]] for c in content["conditions"]],
         "No health conditions are recorded."),
        ("My family's health", ["Relative", "Condition", "Details"],
         [[f["relative"], f["condition"], f["details"]] for f in content["family_history"]],
         "No family health history is recorded to share with you."),
        ("Who to contact", ["Who", "Name", "Phone", "E-mail", "Address"],
         [[c["role"], c["name"] + (f", {c['organisation']}" if c.get("organisation") else ""), c["phone"],
           c["email"], c["address"]] for c in content["contacts"]],
         "No contacts are recorded."),
    ]


def passport_export(passport: HealthPassport, user, **kwargs) -> Export:
    """The passport as an export: about the young person as its snapshot has them."""
    person = passport.content["young_person"]
    born = person.get("date_of_birth")
    subject = Subject(name=person["name"], nhs_number=person.get("nhs_number") or "",
                      date_of_birth=datetime.date.fromisoformat(born) if born else None)
    return Export(what="health passport", subject=subject, exported_by=practitioner_name(user), **kwargs)


def passport_pdf(passport: HealthPassport, export: Export | None = None) -> bytes:
    """The passport's PDF; on every page the marking, the young person, who exported it and when
    (``export``: by default the nurse who released it) and "Page n of N"."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    content = passport.content
    person = content["young_person"]
    buffer = io.BytesIO()
    margin = 18 * mm

    export = export or passport_export(passport, passport.released_by)
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=18 * mm,
                            bottomMargin=22 * mm, title=f"Health passport: {person['name']}", author="ThinkFamily",
                            subject=PERSONAL)
    width = A4[0] - 2 * margin
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=9, leading=11)
    bold = small.clone("small_bold", fontName="Helvetica-Bold")

    def p(text, style=small):
        return Paragraph(escape(text or ""), style)

    def cell(column, value, column_width):
        """A phone number on one line; an e-mail address too long for its column broken at its @."""
        value = value or ""
        if column == "Phone":
            return p(value.replace(" ", "\u00a0"))
        too_long = stringWidth(value, small.fontName, small.fontSize) > column_width - 12
        if column == "E-mail" and "@" in value and too_long:
            mailbox, domain = value.split("@", 1)
            return Paragraph(f"{escape(mailbox)}<br/>@{escape(domain)}", small)
        return p(value)

    story = [
        Paragraph(escape(f"Health passport: {person['name']}"), styles["Title"]),
        p(f"Date of birth: {_date_text(person['date_of_birth'])}", styles["BodyText"]),
        p(f"NHS number: {person['nhs_number'] or 'not known'}", styles["BodyText"]),
        p(f"Prepared on {_date_text(content['prepared_on'])}"
          + (f", checked by {practitioner_name(passport.reviewed_by)}"
             if passport.reviewed_by_id else "")
          + (f" and given to you on {format_date(timezone.localtime(passport.released_at).date())}"
             if passport.released_at else "") + ".", styles["BodyText"]),
        p("This is a summary of your health record from your time in care. Show it to a new GP or nurse, "
          "and ask your GP practice if you want your full record.", styles["BodyText"]),
    ]
    for heading, columns, rows, empty in sections(content):
        story += [Spacer(1, 4 * mm), Paragraph(escape(heading), styles["Heading2"])]
        if not rows:
            story.append(p(empty, styles["BodyText"]))
            continue
        widths = [share * width for share in WIDTHS.get(heading, [1 / len(columns)] * len(columns))]
        cells = [[cell(c, v, w) for c, v, w in zip(columns, row, widths, strict=True)] for row in rows]
        table = Table([[p(c, bold) for c in columns]] + cells, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edee")),
        ]))
        story.append(table)
    doc.build(story, canvasmaker=export.canvas(margin=margin, note=PERSONAL))
    return buffer.getvalue()
