"""Every export can be identified once it is saved (issue 15): the chronology (CSV and PDF) and
'who has looked at this record' (CSV), for a child with an NHS number, an unborn baby without
one and an adult, with an apostrophe or an accent in their name. The file is named with the
marking, what it is, the person's name, their NHS number and the day (the application's
clock); inside, the same and who exported it (by name, never a sign-in name) and when; CSV
times are ISO. The health passport's PDF is checked in tests/lac/test_passport.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cast import works_with
from tests.exports import (
    DATE_IN_WORDS,
    ISO_DATETIME,
    assert_every_page_identifies,
    csv_rows,
    expected_name,
    identifying_rows,
    pdf_pages,
    saved_name,
    split_csv,
)
from tests.factories import PersonFactory
from tests.pages_text import patterns
from thinkfamily.chronology import types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.exports import Export, Subject, content_disposition
from thinkfamily.organisations.models import Practitioner

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 30))
SHAPES = {
    "a child with an NHS number": dict(kind="child", given_name="Maya", family_name="O'Neill",
                                       date_of_birth=datetime.date(2019, 3, 14)),
    "an unborn baby without one": dict(kind="unborn", given_name="", family_name="Bennett", nhs_number=None,
                                       date_of_birth=None, expected_delivery_date=datetime.date(2027, 2, 14)),
    "an adult": dict(kind="adult", given_name="Zoë", family_name="Åberg", date_of_birth=datetime.date(1990, 7, 9)),
}


@pytest.fixture(params=SHAPES, ids=list(SHAPES))
def person(request, social_worker, health_visitor):
    """The person, on the social worker's caseload, with a chronology entry the health visitor
    recorded and her read of the record."""
    person = PersonFactory(**SHAPES[request.param])
    works_with(social_worker, person)
    works_with(health_visitor, person)
    record_event(person, types.HOUSEHOLD_MOVE, "Moved to Seaforth", author=health_visitor,
                 occurred_at=timezone.make_aware(datetime.datetime(2026, 11, 3, 9, 15)))
    Auditor(actor=health_visitor, request_id="test").read(person)
    return person


def _export(client, social_worker, url, **params):
    client.force_login(social_worker)
    with clock.travel_to(NOW):
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return response


def _no_sign_in_names(text: str) -> None:
    usernames = Practitioner.objects.values_list("username", flat=True)
    assert not patterns(usernames)["sign-in name"].findall(text), text


def test_the_chronology_csv_is_named_and_headed_for_the_person_with_iso_times(client, social_worker, person):
    response = _export(client, social_worker, reverse("chronology:export_csv", args=[person.pk]))
    assert saved_name(response) == expected_name("chronology", person, "2026-12-04", "csv")
    head, columns, rows = split_csv(csv_rows(response))
    assert head == identifying_rows("Chronology", person, "Sam Worker", "2026-12-04T10:30") + [
        ["Filters", "none (every entry)"]]
    assert columns[0] == "Date and time"
    assert ["2026-11-03T09:15", "Moved home", "Medium", "Moved to Seaforth"] in [row[:4] for row in rows]
    assert rows and all(ISO_DATETIME.match(row[0]) for row in rows), rows
    assert "Helen Visitor" in [row[6] for row in rows]
    assert not DATE_IN_WORDS.search(response.content.decode())
    _no_sign_in_names(response.content.decode())


def test_the_chronology_pdf_is_named_for_the_person_and_every_page_says_whose_it_is(client, social_worker, person):
    response = _export(client, social_worker, reverse("chronology:export_pdf", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert saved_name(response) == expected_name("chronology", person, "2026-12-04", "pdf")
    pages = pdf_pages(response.content)
    assert_every_page_identifies(pages, person, "Exported by Sam Worker on 4 December 2026 at 10:30")
    assert "Moved to Seaforth" in " ".join(pages) and "Helen Visitor" in " ".join(pages)
    _no_sign_in_names(" ".join(pages))


def test_the_access_history_csv_is_named_and_headed_and_says_who_and_what_in_words(client, social_worker, person):
    url = reverse("access:history", args=[person.pk])
    response = _export(client, social_worker, url, format="csv", action="read")
    assert saved_name(response) == expected_name("access history", person, "2026-12-04", "csv")
    head, columns, rows = split_csv(csv_rows(response))
    assert head == identifying_rows("Access history", person, "Sam Worker", "2026-12-04T10:30") + [
        ["Filters", "Kind of access: Read"]]
    assert columns == ["When", "Who", "Role", "Team", "Organisation", "What", "Basis", "Audit reference"]
    assert rows and all(ISO_DATETIME.match(row[0]) for row in rows), rows
    read = next(row for row in rows if row[1] == "Helen Visitor")
    assert read[2:6] == ["Health visitor", "Bootle health visiting team", "North West Boroughs Healthcare NHS "
                         "Foundation Trust", "Opened the record"]
    _no_sign_in_names(response.content.decode())


@pytest.mark.parametrize(("subject", "name"), [
    (Subject("Maya Bennett", "943 476 5919", datetime.date(2019, 3, 14)),
     "OFFICIAL-SENSITIVE chronology Maya Bennett 9434765919 2026-12-04.csv"),
    (Subject("Unborn baby O'Neill", "", None, datetime.date(2027, 2, 14)),
     "OFFICIAL-SENSITIVE chronology Unborn baby O\u2019Neill no-NHS-number 2026-12-04.csv"),
    (Subject('Zoë "Zed" Smith/Jones', "9434765919"),
     "OFFICIAL-SENSITIVE chronology Zoë Zed Smith Jones 9434765919 2026-12-04.csv"),
])
def test_a_name_is_safe_for_any_file_system_and_sent_as_rfc_6266_says(subject, name):
    export = Export("chronology", "Sam Worker", subject, exported_at=NOW)
    assert export.filename("csv") == name
    header = content_disposition(name)
    assert saved_name(header) == name
    assert header.isascii()
    assert ("filename*=" in header) == (not name.isascii())


def test_an_export_about_no_one_person_names_what_it_is_the_area_and_the_day():
    export = Export("MASH dashboard", "Sam Worker", about="Sefton Council", exported_at=NOW)
    assert export.filename("csv") == "OFFICIAL-SENSITIVE MASH dashboard Sefton Council 2026-12-04.csv"
    assert export.csv_rows()[:3] == [["OFFICIAL-SENSITIVE"], ["MASH dashboard"], ["Organisation or area",
                                                                                  "Sefton Council"]]
