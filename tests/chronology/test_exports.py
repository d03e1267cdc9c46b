"""The chronology exported (R3.1): a real PDF about the child with the marking, the child and
page numbers on every page; CSV rows (after the rows that say whose it is) that match the
filtered events (a restricted one says only that it exists) and no cell a spreadsheet would
run; each export audited once with its filters, and an invalid filter exports nothing."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.chronology.scenes import ONE_CHRONOLOGY, at, many_events
from tests.exports import assert_every_page_identifies, csv_rows, split_csv
from tests.pages import text
from thinkfamily.chronology import types
from thinkfamily.chronology.services import record_event
from thinkfamily.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, ONE_CHRONOLOGY]


def _export(client, name, liam, params=None):
    response = client.get(reverse(f"chronology:{name}", args=[liam.pk]), params or {})
    assert response.status_code == 200
    return response


def test_the_pdf_is_a_real_document_about_the_child_with_the_marking_on_every_page(signed_in, chronology, staff):
    many_events(chronology, staff["hv"].team.service, 150, start=at(2010, 1, 1))  # several pages
    response = _export(signed_in, "export_pdf", chronology, {"significance": ["high"]})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    whole = " ".join(pages)
    assert "Chronology: Liam James Roberts" in whole
    assert chronology.formatted_nhs_number in whole and "14 March 2019" in whole
    assert "Significance: High" in whole and "Exported by Helen Visitor on" in whole
    assert "Southport ED" in whole and "Event number" not in whole  # filtered: medium ones left out
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)

    everything = PdfReader(io.BytesIO(_export(signed_in, "export_pdf", chronology).content))
    assert len(everything.pages) > 1
    assert_every_page_identifies([" ".join(page.extract_text().split()) for page in everything.pages], chronology,
                                 "Exported by Helen Visitor on")


def test_csv_rows_match_the_filtered_events_and_restricted_ones_say_only_that(client, chronology, staff):
    sexual_health = staff["sexual_health"]
    record_event(
        chronology,
        types.ED_ATTENDANCE,
        "Attended clinic with an older male, not family",
        occurred_at=at(2024, 8, 1),
        author=sexual_health,
        restricted_to_service=sexual_health.team.service,
    )
    client.force_login(staff["hv"])
    params = {
        "date_from_0": "1",
        "date_from_1": "3",
        "date_from_2": "2024",
        "date_to_0": "31",
        "date_to_1": "12",
        "date_to_2": "2024",
    }
    response = _export(client, "export_csv", chronology, params)
    assert response["Content-Type"].startswith("text/csv")
    head, columns, rows = split_csv(csv_rows(response))
    assert head[-1] == ["Filters", "From: 2024-03-01; To: 2024-12-31"]
    assert columns == ["Date and time", "Event", "Significance", "Summary", "Service", "Organisation", "Recorded by"]
    assert rows == [
        [
            "2024-12-31T23:30",
            "Changed school",
            "Medium",
            "Moved to Bootle Primary: exclusion",
            "Sefton CAMHS",
            "Alder Hey Children's NHS Foundation Trust",
            "Carl Practitioner",
        ],
        ["2024-08-01T12:00", "Restricted entry", "", "", "", "", ""],
        [
            "2024-06-01T12:00",
            "Legal status started",
            "High",
            "Child protection plan started: neglect",
            "Sefton MASH",
            "Sefton Council",
            "Mandy Practitioner",
        ],
    ]
    assert "older male" not in response.content.decode()


def test_a_csv_cell_never_starts_a_spreadsheet_formula(signed_in, chronology, staff):
    record_event(
        chronology,
        types.HOUSEHOLD_MOVE,
        '=HYPERLINK("http://example.invalid")',
        occurred_at=at(2025, 3, 1),
        author=staff["hv"],
    )
    rows = split_csv(csv_rows(_export(signed_in, "export_csv", chronology)))[2]
    assert rows[0][3] == '\'=HYPERLINK("http://example.invalid")'


@pytest.mark.parametrize("name", ["export_pdf", "export_csv"])
def test_each_export_is_audited_exactly_once_with_its_filters(signed_in, chronology, staff, health_visitor, name):
    camhs = staff["camhs"].team.service
    before = AuditEvent.objects.filter(action="export").count()
    _export(
        signed_in,
        name,
        chronology,
        {
            "significance": ["high", "medium"],
            "service": camhs.pk,
            "date_from_0": "1",
            "date_from_1": "1",
            "date_from_2": "2024",
        },
    )
    exports = AuditEvent.objects.filter(action="export")
    assert exports.count() == before + 1
    event = exports.latest("sequence")
    assert event.actor == health_visitor and event.subject_id == str(chronology.pk)
    assert event.detail["format"] == name.removeprefix("export_")
    assert event.detail["filters"] == {
        "significance": ["high", "medium"],
        "service": camhs.pk,
        "date_from": "2024-01-01",
        "date_to": None,
    }
    assert event.detail["entries"] == 1
    assert event.basis  # the legitimate relationship on which the record was opened


def test_an_invalid_filter_exports_nothing_and_audits_no_export(signed_in, chronology):
    response = signed_in.get(
        reverse("chronology:export_csv", args=[chronology.pk]),
        {"date_from_0": "40", "date_from_1": "1", "date_from_2": "2024"},
    )
    assert "There is a problem" in text(response)
    assert not AuditEvent.objects.filter(action="export").exists()
