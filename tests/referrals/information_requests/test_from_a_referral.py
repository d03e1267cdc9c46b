"""From a referral it is working, the MASH asks the services that know the child (R4.5): the
referral's page offers "Send MASH information requests", the send page says which referral
the requests belong to, and the referral's page lists them with their grade and status, to
the MASH only (the referrer and her manager see the referral, not the MASH's enquiries)."""

import datetime
import html as html_lib
import re

import pytest
from django.urls import reverse

from tests.cast import practitioner
from tests.pages import text
from tests.referrals import scenes
from tests.referrals.scenes import at, sent_referral
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import EpisodeOfCare, Practitioner, Service
from thinkfamily.referrals.models import InformationRequest
from thinkfamily.referrals.services import lifecycle as services

pytestmark = pytest.mark.django_db
Role = Practitioner.Role

SENT_AT = at(2026, 11, 23, 10)  # Monday 10:00: a green request is due by the end of Thursday
QUESTION = "Liam (7) was brought to ED by his drunk mother. Is he known to you, and what do you know of his care?"


@pytest.fixture
def world(family, ed_nurse, council):
    """The referral scene, not the MASH requests' own (tests.referrals.scenes)."""
    return scenes.referral_world(family, ed_nurse, council)


@pytest.fixture
def camhs(world):
    """Callum, of Sefton CAMHS at Alder Hey, which has Liam in an open episode of care."""
    callum = practitioner("camhs", Role.CAMHS_PRACTITIONER, "RBS", Service.Kind.CAMHS, service_name="Sefton CAMHS",
                          service_phone="", team="CAMHS Sefton", first_name="Callum")
    EpisodeOfCare.objects.create(person=world["liam"], service=callum.team.service, start_at=at(2026, 6, 1),
                                 reason="low mood")
    return callum


@pytest.fixture
def referral(world):
    """Emma's referral about Liam, sent on Monday morning and acknowledged by the MASH."""
    sent = sent_referral(world, concern_at=SENT_AT - datetime.timedelta(hours=1), sent_at=SENT_AT)
    with clock.travel_to(SENT_AT + datetime.timedelta(minutes=30)):
        services.acknowledge(Auditor(world["mash"]), sent)
    return sent


def referral_page(client, user, referral):
    client.force_login(user)
    response = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 200
    return response.content.decode(), text(response)


def requests_table(html) -> str:
    """The text of the referral's table of information requests."""
    start = html.index('data-testid="referral-requests"')
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html[start: html.index("</table>", start)])).split())


def send_green_request_to_camhs(client, world, camhs):
    client.force_login(world["mash"])
    key = f"{camhs.team.service_id}:"
    with clock.travel_to(SENT_AT + datetime.timedelta(hours=1)):
        response = client.post(reverse("referrals:mash_send", args=[world["liam"].pk]),
                               {"services": [key], "grade": "green", "question": QUESTION})
    assert response.status_code == 302, response.content.decode()[:2000]
    return InformationRequest.objects.get(child=world["liam"], service=camhs.team.service)


@pytest.mark.req("R4.5")
def test_the_mash_worker_is_offered_information_requests_from_the_referral_it_is_working(client, world, camhs,
                                                                                          referral):
    html, page = referral_page(client, world["mash"], referral)

    assert f'href="{reverse("referrals:mash_send", args=[world["liam"].pk])}"' in html
    assert "Send MASH information requests about Liam James Roberts to the services that know Liam" in page
    assert "No information requests have been sent for this referral." in page


@pytest.mark.req("R4.5")
def test_the_send_page_names_the_referral_and_the_requests_sent_belong_to_it(client, world, camhs, referral):
    client.force_login(world["mash"])
    with clock.travel_to(SENT_AT + datetime.timedelta(hours=1)):
        response = client.get(reverse("referrals:mash_send", args=[world["liam"].pk]))
    page = text(response)
    assert "The requests are part of the referral from Southport ED (Southport and Ormskirk Hospitals NHS Trust)" in (
        page
    )
    assert f'href="{reverse("referrals:detail", args=[referral.pk])}"' in response.content.decode()

    request_obj = send_green_request_to_camhs(client, world, camhs)

    assert request_obj.referral == referral
    assert (request_obj.grade, request_obj.requested_by) == ("green", world["mash"])


@pytest.mark.req("R4.5")
def test_the_referral_lists_its_requests_for_the_mash_and_shows_one_overdue_after_its_deadline(client, world, camhs,
                                                                                                referral):
    request_obj = send_green_request_to_camhs(client, world, camhs)

    with clock.travel_to(SENT_AT + datetime.timedelta(hours=2)):
        html, _ = referral_page(client, world["mash"], referral)
    table = requests_table(html)
    assert f'href="{reverse("referrals:mash_request", args=[request_obj.pk])}"' in html
    assert "Sefton CAMHS Alder Hey Children's NHS Foundation Trust Green" in table
    assert "Open" in table and "Overdue" not in table

    with clock.travel_to(at(2026, 11, 30, 10)):  # the Monday after: Thursday's deadline has passed
        html, _ = referral_page(client, world["mash"], referral)
    table = requests_table(html)
    assert "Sefton CAMHS Alder Hey Children's NHS Foundation Trust Green" in table
    assert "Overdue" in table


@pytest.mark.req("R4.5")
def test_the_referrer_and_her_ward_manager_do_not_see_the_mashs_requests(client, world, camhs, referral):
    send_green_request_to_camhs(client, world, camhs)

    for user in (world["nurse"], world["ward_manager"]):
        html, page = referral_page(client, user, referral)
        assert "Sefton CAMHS" not in page, user.username
        assert reverse("referrals:mash_send", args=[world["liam"].pk]) not in html, user.username
        assert "MASH information requests" not in page, user.username


@pytest.mark.req("R4.5")
def test_once_the_outcome_is_recorded_no_more_requests_are_offered_and_those_sent_stay_listed(client, world, camhs,
                                                                                             referral):
    send_green_request_to_camhs(client, world, camhs)
    mash = Auditor(world["mash"])
    with clock.travel_to(SENT_AT + datetime.timedelta(hours=3)):
        services.record_decision(mash, referral, decision="Strategy discussion with police and health.")
        services.record_outcome(mash, referral, outcome="section_47")

    html, page = referral_page(client, world["mash"], referral)
    assert "Nothing more to do: the outcome is recorded." in page
    assert reverse("referrals:mash_send", args=[world["liam"].pk]) not in html
    assert "Sefton CAMHS Alder Hey Children's NHS Foundation Trust Green" in requests_table(html)


@pytest.mark.req("R4.5")
def test_a_mash_worker_of_another_council_sees_neither_the_referral_nor_its_requests(client, world, camhs, referral):
    send_green_request_to_camhs(client, world, camhs)
    client.force_login(world["liverpool_mash"])

    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 403
