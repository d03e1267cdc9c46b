"""One chronology per person (R3.1): significant events from every service in one time line,
newest first, with their source and author; filtered by significance, service and dates (bad
dates get the NHS error summary); paginated by fifty without gaps or repeats, at the same cost
in queries for 20 events as for 2000; written by the services as things happen."""

import datetime
import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.chronology.scenes import ONE_CHRONOLOGY, at, entries, many_events
from tests.factories import ServiceFactory
from tests.pages import text
from tests.people.scenes import move_form
from thinkfamily.chronology.models import Event
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import Service

pytestmark = [pytest.mark.django_db, ONE_CHRONOLOGY]


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


def test_pages_of_fifty_walk_older_and_back_newer_without_gaps_or_repeats(signed_in, family, health_visitor):
    liam = family["liam"]
    many_events(liam, health_visitor.team.service, 120)
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


def test_the_page_costs_the_same_queries_for_20_events_as_for_2000(signed_in, family, health_visitor):
    service = health_visitor.team.service
    small, large = family["liam"], family["mia"]
    many_events(small, service, 20)
    many_events(large, service, 2000)
    other = ServiceFactory(organisation=service.organisation, kind=Service.Kind.SCHOOL_NURSING)
    many_events(large, other, 30, significance="high", restricted_to=other)

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
    many_events(family["liam"], health_visitor.team.service, 200)
    with django_assert_max_num_queries(30):
        signed_in.get(reverse("chronology:person", args=[family["liam"].pk]))


def test_a_service_writes_events_as_things_happen(signed_in, family):
    """Moving a child's household writes its event in the same transaction (people.services)."""
    liam = family["liam"]
    signed_in.post(
        reverse("people:move", args=[liam.pk]),
        move_form(("3", "2", "2025"), "7 Seafield Road", "Bootle", "L20 4AA", reason="Eviction"),
    )
    page = text(signed_in.get(reverse("chronology:person", args=[liam.pk])))
    assert "Moved home" in page and "Moved to Bootle: Eviction" in page
