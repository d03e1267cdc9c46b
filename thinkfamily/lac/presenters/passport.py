"""The health passport as the young person reads it (R6.6): the parts of its snapshot as the
page and the PDF show them, and the PDF itself, drawn from the snapshot, never from the live
record."""

import datetime
import io
from xml.sax.saxutils import escape

from django.utils import timezone

from thinkfamily.core.presenters import format_date
from thinkfamily.lac.models import HealthPassport

MARKING = "Personal: this is your health information. Keep it safe."


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


def passport_pdf(passport: HealthPassport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    content = passport.content
    person = content["young_person"]
    buffer = io.BytesIO()
    margin = 18 * mm

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, 10 * mm, MARKING)
        canvas.drawRightString(A4[0] - margin, 10 * mm, f"{person['name']}: page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=f"Health passport: {person['name']}", author="ThinkFamily",
                            subject=MARKING)
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=9, leading=11)
    bold = small.clone("small_bold", fontName="Helvetica-Bold")

    def p(text, style=small):
        return Paragraph(escape(text or ""), style)

    story = [
        Paragraph(escape(f"Health passport: {person['name']}"), styles["Title"]),
        p(f"Date of birth: {_date_text(person['date_of_birth'])}", styles["BodyText"]),
        p(f"NHS number: {person['nhs_number'] or 'not known'}", styles["BodyText"]),
        p(f"Prepared on {_date_text(content['prepared_on'])}"
          + (f", checked by {passport.reviewed_by.get_full_name() or passport.reviewed_by.get_username()}"
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
        table = Table([[p(c, bold) for c in columns]] + [[p(v) for v in row] for row in rows], repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edee")),
        ]))
        story.append(table)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
