"""One chronology per person (R3.1): significant events from every service in one time
line, newest first, with their source and author; filtered by significance, service and
dates; paginated with one indexed query per page; exported as PDF and CSV (audited);
restricted entries shown only to their service."""

import csv
import datetime
import html as html_lib
import importlib.util
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.cast import practitioner, put_on_caseload
from tests.factories import ServiceFactory
from tests.pages import text
from thinkfamily.chronology import types
from thinkfamily.chronology.models import Event
from thinkfamily.chronology.services import record_event
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import Practitioner, Service

pytestmark = [pytest.mark.django_db, pytest.mark.req("R3.1")]


def at(year, month, day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def staff(health_visitor):
    return {
        "hv": health_visitor,
        "ed": practitioner("edna", Practitioner.Role.ED_NURSE, "RVY", Service.Kind.EMERGENCY_DEPARTMENT,
                           service_name="Southport ED", service_phone="", team="Southport ED team"),
        "camhs": practitioner("carl", Practitioner.Role.CAMHS_PRACTITIONER, "RBS", Service.Kind.CAMHS,
                              service_name="Sefton CAMHS", service_phone="", team="Sefton CAMHS team"),
        "mash": practitioner("mandy", Practitioner.Role.MASH_SOCIAL_WORKER, "SEFTON", Service.Kind.MASH,
                             service_name="Sefton MASH", service_phone="", team="Sefton MASH team"),
        "gp": practitioner("gita", Practitioner.Role.GP, "N82001", Service.Kind.GENERAL_PRACTICE,
                           service_name="Crosby Village GPs", service_phone="", team="Crosby Village GPs team"),
        "sexual_health": practitioner("shona", Practitioner.Role.SEXUAL_HEALTH_NURSE, "RVY", Service.Kind.SEXUAL_HEALTH,
                                      service_name="Sexual health clinic", service_phone="0151 496 0456",
                                      team="Sexual health clinic team"),
    }


@pytest.fixture
def chronology(signed_in, family, staff):
    """Liam's chronology: events from five services, written by their services."""
    liam = family["liam"]
    events = [
        (staff["hv"], types.HOUSEHOLD_MOVE, "Moved to Waterloo with mother and step-father", at(2023, 4, 1), None),
        (staff["gp"], types.UNBORN_RECORDED, "Missed two immunisation appointments", at(2024, 1, 10), "low"),
        (staff["mash"], types.LEGAL_STATUS_STARTED, "Child protection plan started: neglect", at(2024, 6, 1), None),
        (staff["camhs"], types.SCHOOL_MOVE, "Moved to Bootle Primary: exclusion", at(2024, 12, 31, 23, 30), None),
        (
            staff["ed"],
            types.ED_ATTENDANCE,
            "Attended Southport ED at 02:14 with a head injury",
            at(2025, 1, 1, 0, 10),
            None,
        ),
    ]
    for author, event_type, summary, occurred_at, significance in events:
        record_event(liam, event_type, summary, occurred_at=occurred_at, author=author, significance=significance)
    return liam


def entries(response) -> list[str]:
    return re.findall(r'data-testid="chronology-entry">(.*?)</tr>', response.content.decode(), flags=re.S)


def test_a_child_with_events_from_five_services_sees_them_newest_first_with_their_sources(signed_in, chronology):
    response = signed_in.get(reverse("chronology:person", args=[chronology.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Liam James Roberts" in page and "Chronology" in page
    rows = [text(row) for row in entries(response)]
    expected = [
        ("1 January 2025 at 00:10", "Attended an emergency department", "Southport ED, Southport and Ormskirk"),
        ("31 December 2024 at 23:30", "Changed school", "Sefton CAMHS, Alder Hey Children's NHS Foundation Trust"),
        ("1 June 2024 at 12:00", "Legal status started", "Sefton MASH, Sefton Council"),
        ("10 January 2024 at 12:00", "Pregnancy recorded", "Crosby Village GPs, Crosby Village Surgery"),
        ("1 April 2023 at 12:00", "Moved home", "Health visiting, North West Boroughs Healthcare"),
    ]
    assert len(rows) == 5
    for row, (when, label, source) in zip(rows, expected, strict=True):
        assert when in row and label in row and source in row
    assert "Edna Practitioner (Emergency department nurse)" in rows[0]
    assert "Helen Visitor (Health visitor)" in rows[4]
    # Breadcrumbs back to the record; the page read is audited like any other.
    assert reverse("people:record", args=[chronology.pk]) in response.content.decode()
    read = AuditEvent.objects.filter(action="read", subject_id=str(chronology.pk)).latest("sequence")
    assert read.detail["path"] == reverse("chronology:person", args=[chronology.pk])


def test_the_record_links_to_the_chronology(signed_in, chronology):
    record = signed_in.get(reverse("people:record", args=[chronology.pk]))
    assert reverse("chronology:person", args=[chronology.pk]) in record.content.decode()


def test_filtering_by_significance(signed_in, chronology):
    path = reverse("chronology:person", args=[chronology.pk])
    high = [text(r) for r in entries(signed_in.get(path, {"significance": ["high"]}))]
    assert len(high) == 2 and "emergency department" in high[0] and "Legal status started" in high[1]
    rest = [text(r) for r in entries(signed_in.get(path, {"significance": ["medium", "low"]}))]
    assert [("Changed school" in rest[0]), ("Pregnancy" in rest[1]), ("Moved home" in rest[2])] == [True] * 3
    assert len(rest) == 3
    page = text(signed_in.get(path, {"significance": ["low"]}))
    assert "Showing entries matching: Significance: Low" in page


def test_filtering_by_service_offers_only_the_services_in_the_chronology(signed_in, chronology, staff):
    path = reverse("chronology:person", args=[chronology.pk])
    page = signed_in.get(path).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', page)
    assert len(options) == 6 and options[0] == ("", "All services")  # five services and "all"
    assert "Sexual health clinic" not in page  # has written nothing about Liam
    camhs = staff["camhs"].team.service
    rows = [text(r) for r in entries(signed_in.get(path, {"service": camhs.pk}))]
    assert len(rows) == 1 and "Changed school" in rows[0]
    refused = text(signed_in.get(path, {"service": staff["sexual_health"].team.service_id}))
    assert "There is a problem" in refused and "Choose a service from the list." in refused


def test_filtering_by_date_range_includes_whole_days(signed_in, chronology):
    path = reverse("chronology:person", args=[chronology.pk])
    dates = {
        "date_from_0": "1",
        "date_from_1": "3",
        "date_from_2": "2024",
        "date_to_0": "31",
        "date_to_1": "12",
        "date_to_2": "2024",
    }
    rows = [text(r) for r in entries(signed_in.get(path, dates))]
    assert len(rows) == 2
    assert "31 December 2024 at 23:30" in rows[0] and "1 June 2024" in rows[1]
    only_from = [text(r) for r in entries(signed_in.get(path, {k: v for k, v in dates.items() if "from" in k}))]
    assert len(only_from) == 3
    page = text(signed_in.get(path, dates))
    assert "From: 01/03/2024; To: 31/12/2024" in page


def test_invalid_dates_show_the_nhs_error_summary(signed_in, chronology):
    path = reverse("chronology:person", args=[chronology.pk])
    response = signed_in.get(path, {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2024"})
    page = text(response)
    assert response.status_code == 200
    assert "Error: Chronology" in page and "There is a problem" in page
    assert "The from date must be a real date." in page
    assert 'href="#id_date_from_0"' in response.content.decode()
    assert entries(response) == [] and "Correct the filters to see the chronology." in page
    backwards = text(
        signed_in.get(
            path,
            {
                "date_from_0": "2",
                "date_from_1": "2",
                "date_from_2": "2025",
                "date_to_0": "1",
                "date_to_1": "2",
                "date_to_2": "2025",
            },
        )
    )
    assert "The to date must be the same as or after the from date." in backwards
    missing = text(signed_in.get(path, {"date_to_0": "1", "date_to_2": "2025"}))
    assert "The to date must include a month." in missing


def _bulk_events(person, service, count, *, start=None, significance="medium", restricted_to=None):
    start = start or at(2015, 1, 1)
    Event.objects.bulk_create(
        Event(
            person=person,
            occurred_at=start + datetime.timedelta(hours=7 * i),
            type=types.HOUSEHOLD_MOVE.code,
            significance=significance,
            summary=f"Event number {i:04d}",
            service=service,
            restricted_to_service=restricted_to,
        )
        for i in range(count)
    )


def test_pages_of_fifty_walk_older_and_back_newer_without_gaps_or_repeats(signed_in, family, health_visitor):
    liam = family["liam"]
    _bulk_events(liam, health_visitor.team.service, 120)
    # Events 0070 and 0069 at the same moment, either side of the first page's end: the id
    # breaks the tie, so neither is lost or repeated between pages.
    Event.objects.filter(summary="Event number 0069").update(occurred_at=at(2015, 1, 1) + datetime.timedelta(hours=490))
    path = reverse("chronology:person", args=[liam.pk])
    seen, pages, links = [], [], []
    response = signed_in.get(path, {"significance": ["medium"]})
    while True:
        rows = [re.search(r"Event number \d{4}", r).group() for r in entries(response)]
        pages.append(rows)
        seen += rows
        older = re.search(r'href="([^"]+)" rel="next"', response.content.decode())
        if not older:
            break
        links.append(html_lib.unescape(older.group(1)))
        response = signed_in.get(links[-1])
    assert [len(p) for p in pages] == [50, 50, 20]
    assert len(seen) == len(set(seen)) == 120
    assert seen[0] == "Event number 0119" and seen[-1] == "Event number 0000"
    assert all("significance=medium" in link for link in links)  # the filters travel with the page
    newer = re.search(r'href="([^"]+)" rel="prev"', response.content.decode())
    back = [re.search(r"Event number \d{4}", r).group() for r in entries(signed_in.get(html_lib.unescape(newer[1])))]
    assert back == pages[1]


def test_restricted_events_are_hidden_from_other_services_but_shown_to_exist(client, chronology, staff):
    sexual_health = staff["sexual_health"]
    put_on_caseload(sexual_health, chronology)
    service = sexual_health.team.service
    record_event(
        chronology,
        types.ED_ATTENDANCE,
        "Attended clinic with an older male, not family",
        occurred_at=at(2025, 2, 1),
        author=sexual_health,
        restricted_to_service=service,
    )
    path = reverse("chronology:person", args=[chronology.pk])

    client.force_login(staff["hv"])
    page = text(client.get(path))
    assert "older male" not in page
    assert "Restricted entry from Sexual health clinic (Southport and Ormskirk Hospitals NHS Trust)" in page
    assert "0151 496 0456" in page and "Shona" not in page
    # Filtering by significance cannot reveal a restricted entry's significance: it stays.
    assert "Restricted entry from" in text(client.get(path, {"significance": ["low"]}))

    client.force_login(sexual_health)
    page = text(client.get(path))
    assert "Attended clinic with an older male, not family" in page and "Restricted entry from" not in page


def _export(client, name, liam, params=None):
    response = client.get(reverse(f"chronology:{name}", args=[liam.pk]), params or {})
    assert response.status_code == 200
    return response


def test_the_pdf_is_a_real_document_about_the_child_with_the_marking_on_every_page(signed_in, chronology, staff):
    _bulk_events(chronology, staff["hv"].team.service, 150, start=at(2010, 1, 1))  # several pages
    response = _export(signed_in, "export_pdf", chronology, {"significance": ["high"]})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    whole = " ".join(pages)
    assert "Chronology: Liam James Roberts" in whole
    assert chronology.formatted_nhs_number in whole and "14 March 2019" in whole
    assert "Significance: High" in whole and "Generated by Helen Visitor at" in whole
    assert "Southport ED" in whole and "Event number" not in whole  # filtered: medium ones left out
    assert all("OFFICIAL-SENSITIVE: contains personal data" in page for page in pages)

    everything = PdfReader(io.BytesIO(_export(signed_in, "export_pdf", chronology).content))
    assert len(everything.pages) > 1
    assert all("OFFICIAL-SENSITIVE: contains personal data" in page.extract_text() for page in everything.pages)
    assert f"Page {len(everything.pages)} of {len(everything.pages)}" in everything.pages[-1].extract_text()


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
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Date and time", "Event", "Significance", "Summary", "Service", "Organisation", "Recorded by"]
    assert rows[1:] == [
        [
            "31 December 2024 at 23:30",
            "Changed school",
            "Medium",
            "Moved to Bootle Primary: exclusion",
            "Sefton CAMHS",
            "Alder Hey Children's NHS Foundation Trust",
            "Carl Practitioner",
        ],
        ["1 August 2024 at 12:00", "Restricted entry", "", "", "", "", ""],
        [
            "1 June 2024 at 12:00",
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
    rows = list(csv.reader(io.StringIO(_export(signed_in, "export_csv", chronology).content.decode())))
    assert rows[1][3] == '\'=HYPERLINK("http://example.invalid")'


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


def test_the_page_costs_the_same_queries_for_20_events_as_for_2000(signed_in, family, health_visitor):
    service = health_visitor.team.service
    small, large = family["liam"], family["mia"]
    _bulk_events(small, service, 20)
    _bulk_events(large, service, 2000)
    other = ServiceFactory(organisation=service.organisation, kind=Service.Kind.SCHOOL_NURSING)
    _bulk_events(large, other, 30, significance="high", restricted_to=other)

    def queries_for(person, **params):
        with CaptureQueriesContext(connection) as captured:
            response = signed_in.get(reverse("chronology:person", args=[person.pk]), params)
        assert response.status_code == 200
        return captured.captured_queries

    small_queries = queries_for(small)
    large_queries = queries_for(large)
    assert len(small_queries) == len(large_queries)
    assert len(entries(signed_in.get(reverse("chronology:person", args=[large.pk])))) == 50
    # One query reads the page of events (with source and author); one lists the services.
    page_queries = [q["sql"] for q in large_queries if q["sql"].startswith('SELECT "chronology_event"')]
    assert len(page_queries) == 1 and "LIMIT 51" in page_queries[0]
    filtered = queries_for(large, significance=["high"], date_from_0="1", date_from_1="1", date_from_2="2015")
    assert len(filtered) == len(small_queries)


def test_the_page_query_count_has_a_ceiling(signed_in, family, health_visitor, django_assert_max_num_queries):
    _bulk_events(family["liam"], health_visitor.team.service, 200)
    with django_assert_max_num_queries(30):
        signed_in.get(reverse("chronology:person", args=[family["liam"].pk]))


@pytest.mark.parametrize("name", ["person", "export_pdf", "export_csv"])
def test_someone_without_a_care_relationship_gets_403_and_nothing_personal(client, chronology, ed_nurse, name):
    client.force_login(ed_nurse)
    response = client.get(reverse(f"chronology:{name}", args=[chronology.pk]))
    assert response.status_code == 403
    body = response.content.decode() + text(response)
    assert "Liam" not in body and chronology.nhs_number not in body and chronology.formatted_nhs_number not in body
    assert "head injury" not in body and "Southport ED" not in body
    assert AuditEvent.objects.filter(action="refused", subject_id=str(chronology.pk), actor=ed_nurse).exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_unknown_person_is_404(signed_in):
    import uuid

    assert signed_in.get(reverse("chronology:person", args=[uuid.uuid4()])).status_code == 404


def test_the_lint_counts_the_chronology_as_personal_data():
    spec = importlib.util.spec_from_file_location("lint_person_access", "scripts/lint_person_access.py")
    lint = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lint)
    assert lint.problems_in("from x import Event\nEvent.objects.all()\n", "thinkfamily/x/views.py")


def test_a_service_writes_events_as_things_happen(signed_in, family):
    """Moving a child's household writes its event in the same transaction (people.services)."""
    liam = family["liam"]
    signed_in.post(
        reverse("people:move", args=[liam.pk]),
        {
            "move_date_0": "3",
            "move_date_1": "2",
            "move_date_2": "2025",
            "destination": "new",
            "address_line_1": "7 Seafield Road",
            "town": "Bootle",
            "postcode": "L20 4AA",
            "reason": "Eviction",
        },
    )
    page = text(signed_in.get(reverse("chronology:person", args=[liam.pk])))
    assert "Moved home" in page and "Moved to Bootle: Eviction" in page
