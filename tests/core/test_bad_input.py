"""Bad input gets a clear refusal, never a server error (issue 11, defect 10): each case the
issue found, by hand. tests/core/test_fuzz_input.py looks for the next one over every URL."""

import datetime

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import put_on_caseload
from tests.factories import PractitionerFactory
from tests.referrals.information_requests.scenes import at, build_mash_world, figure, send, service_key
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.flags.models import Flag
from thinkfamily.organisations.models import Practitioner

NINE_NINE_NINE_NINE = {"date_to_0": "31", "date_to_1": "12", "date_to_2": "9999"}
YEAR_RANGE = "the year must be between 1900 and 2099"
BAD_ADDRESS = "There is a problem with this page's address"


@pytest.fixture
def world(family, health_visitor, council):
    return build_mash_world(family, health_visitor, council)


@pytest.mark.req("R4.5")
def test_the_mash_dashboard_over_all_time_counts_requests_older_than_a_year(client, world):
    with clock.travel_to(at(2025, 10, 6, 10)):  # 13 months before
        send(client, world, [service_key(world, "gp")], grade="green")
    with clock.travel_to(at(2026, 11, 23, 10)):
        send(client, world, [service_key(world, "camhs")], grade="green")
        client.force_login(world["mash"])
        last_year = client.get(reverse("referrals:mash_dashboard"), {"period": "365"})
        all_time = client.get(reverse("referrals:mash_dashboard"), {"period": "all"})
        older = client.get(reverse("referrals:mash_dashboard_requests"), {"period": "all", "figure": "requested"})
    assert all_time.status_code == 200
    assert figure(last_year.content.decode(), "by-grade", "green", "requested") == "1"  # this year's only
    assert figure(all_time.content.decode(), "by-grade", "green", "requested") == "2"
    gp_service = world["gp"].team.service
    assert figure(all_time.content.decode(), "by-service", gp_service.pk, "requested") == "1"
    assert older.content.decode().count('data-testid="request-row"') == 2


@pytest.mark.parametrize("query", [{"service": "²"}, {"service": "99999999999999999999"}, {"period": "forever"},
                                   {"figure": "everything"}, {"grade": "\x00"}])
def test_a_mash_dashboard_address_edited_by_hand_is_a_400_that_says_what_to_do(client, world, query):
    client.force_login(world["mash"])
    response = client.get(reverse("referrals:mash_dashboard_requests"), {"figure": "requested", **query})
    assert response.status_code == 400
    assert BAD_ADDRESS in pages.text(response)
    assert "use the page's own links" in pages.text(response)


@pytest.mark.parametrize("query", [
    {"figure": "iha", "month": "9999-12"},
    {"figure": "iha", "month": "2026-²"},
    {"figure": "iha"},
    {"figure": "qa", "practitioner": "²"},
    {"figure": "qa", "service": "99999999999999999999"},
    {"figure": "qa", "outcome": "in_time"},
    {"figure": "rha", "band": "\x00"},
    {"figure": "step", "step": "made_up"},
])
def test_a_children_in_care_drill_down_edited_by_hand_is_a_400(client, db, query):
    cic_nurse = PractitionerFactory(username="cic", role=Practitioner.Role.CIC_NURSE)
    client.force_login(cic_nurse)
    response = client.get(reverse("lac:dashboard_children"), query)
    assert response.status_code == 400
    assert BAD_ADDRESS in pages.text(response)


def test_the_drill_down_a_practitioner_follows_still_lists_its_children(client, db):
    cic_nurse = PractitionerFactory(username="cic", role=Practitioner.Role.CIC_NURSE)
    client.force_login(cic_nurse)
    for query in [{"figure": "qa", "practitioner": "none"}, {"figure": "iha", "month": "2026-03", "outcome": "due"},
                  {"figure": "rha", "band": "under 5", "outcome": "overdue"}, {"figure": "sdq", "band": "normal"}]:
        assert client.get(reverse("lac:dashboard_children"), query).status_code == 200, query


@pytest.mark.req("R3.1")
@pytest.mark.parametrize("name", ["chronology:person", "chronology:export_csv", "chronology:export_pdf"])
def test_a_chronology_date_of_31_12_9999_is_refused_on_the_page_and_its_exports(signed_in, family, name):
    response = signed_in.get(reverse(name, args=[family["liam"].pk]), NINE_NINE_NINE_NINE)
    assert response.status_code == 200
    assert f"The to date: {YEAR_RANGE}" in pages.text(response)
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.req("R10.2")
def test_an_access_history_date_of_31_12_9999_is_refused(client, world):
    client.force_login(world["mash"])
    for query in [NINE_NINE_NINE_NINE, {**NINE_NINE_NINE_NINE, "format": "csv"}]:
        response = client.get(reverse("access:history", args=[world["liam"].pk]), query)
        assert response.status_code == 200
        assert f"The to date: {YEAR_RANGE}" in pages.text(response)
    assert client.get(reverse("access:history", args=[world["liam"].pk]), {"format": "xls"}).status_code == 400


@pytest.mark.parametrize("day, month, year, message", [
    ("²", "3", "2019", "must be a real date, written in numbers"),
    ("１４", "3", "2019", "must be a real date, written in numbers"),
    ("99999999999999999999", "3", "2019", "must be a real date, written in numbers"),
    ("14", "3", "1850", YEAR_RANGE),
    ("14", "3", "\x002019", "must be a real date, written in numbers"),
])
def test_a_date_typed_in_other_digits_or_out_of_range_is_refused_and_nothing_is_written(
    signed_in, family, day, month, year, message
):
    liam = family["liam"]
    response = signed_in.post(reverse("people:correct", args=[liam.pk]), {
        "given_name": "Liam", "family_name": "Roberts", "date_of_birth_0": day, "date_of_birth_1": month,
        "date_of_birth_2": year, "sex": "male", "kind": "child", "reason": "Typo", "version": liam.version,
    })
    assert response.status_code == 200
    assert f"Date of birth {message}" in pages.text(response) or f"Date of birth: {message}" in pages.text(response)
    liam.refresh_from_db()
    assert liam.date_of_birth == datetime.date(2019, 3, 14)


@pytest.mark.req("R2.1")
def test_a_flag_type_with_a_nul_byte_is_refused_and_nothing_is_raised(client, family, council):
    lead = PractitionerFactory(username="lead", role=Practitioner.Role.SAFEGUARDING_LEAD)
    put_on_caseload(lead, family["liam"])
    client.force_login(lead)
    response = client.post(reverse("flags:raise", args=[family["liam"].pk]), {
        "type": "marac\x00", "start_date_0": "1", "start_date_1": "3", "start_date_2": "2026",
        "contact_name": "Sefton IDVA service", "contact_phone": "0151 000 0000", "visibility": "everyone",
    })
    assert response.status_code == 200
    assert "Choose a type of flag from the list." in pages.text(response)
    assert not Flag.objects.filter(person=family["liam"]).exists()
