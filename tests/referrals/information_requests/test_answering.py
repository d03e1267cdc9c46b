"""The services answer the MASH's requests (R4.5, R4.6): each service sees its own requests
with their deadline and no other's; the GP practice answers on its own template, with its
analysis and the voice of the child, and a list of dates or "no concerns" is refused as an
analysis; an analysed answer reaches the MASH."""

import pytest
from django.urls import reverse

from tests.referrals.information_requests.scenes import ANALYSED, answer_url, at, close_to, send, service_key
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.referrals.information_requests.services import analysis_problems
from thinkfamily.referrals.models import InformationResponse


@pytest.mark.req("R4.5")
def test_green_requests_are_on_the_service_list_with_their_deadline(client, world):
    with clock.travel_to(at(2026, 11, 23, 10, 0)):
        [green] = send(client, world, [service_key(world, "camhs")], grade="green")
        client.force_login(world["camhs"])
        page = client.get(reverse("referrals:mash_requests")).content.decode()
    assert "Liam James Roberts" in page and "Green" in page and "26 November 2026 at 23:59" in page
    assert f'data-request-id="{green.pk}"' in page
    assert "MASH requests" in page  # the navigation offers the list while a request waits


@pytest.mark.req("R4.5")
def test_a_service_cannot_see_or_answer_another_services_request(client, world):
    [gp_request] = send(client, world, [service_key(world, "gp")])
    client.force_login(world["camhs"])
    assert client.get(answer_url(gp_request)).status_code == 404
    assert client.post(answer_url(gp_request), ANALYSED).status_code == 404
    assert client.get(reverse("referrals:mash_request", args=[gp_request.pk])).status_code == 404
    assert "Liam" not in client.get(reverse("referrals:mash_requests")).content.decode()
    assert not InformationResponse.objects.exists()


@pytest.mark.req("R4.6")
def test_the_gp_template_asks_for_the_gps_analysis_and_the_voice_of_the_child(client, world):
    [request] = send(client, world, [service_key(world, "gp")])
    client.force_login(world["practice_lead"])
    page = client.get(answer_url(request)).content.decode()
    assert "GP practice contribution to a MASH enquiry" in page
    assert "What the practice knows about the child and family" in page
    assert "Your analysis: what it means for the child (risk and need)" in page
    assert "The voice of the child" in page and "at consultations" in page
    assert "Recent consultations (optional)" in page


@pytest.mark.req("R4.6")
@pytest.mark.parametrize(
    "what_we_know, what_it_means",
    [
        ("Seen 12/10/2026, 03/09/2026 DNA, 14 July 2026 imms, 2/5/26 seen by GP", "No concerns."),
        ("Consultations: 12/10/2026; 03/09/2026; 14/07/2026", "No safeguarding concerns noted"),
        (ANALYSED["what_we_know"], "Nil of note, no concerns raised at any contact."),
        (ANALYSED["what_we_know"], "Seems fine."),
    ],
    ids=["dates and no concerns", "dates only", "no concerns, padded", "too short"],
)
def test_the_gp_template_refuses_a_list_of_dates_or_no_concerns(client, world, what_we_know, what_it_means):
    [request] = send(client, world, [service_key(world, "gp")])
    client.force_login(world["gp"])
    answer = ANALYSED | {"what_we_know": what_we_know, "what_it_means_for_the_child": what_it_means}
    response = client.post(answer_url(request), answer)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Say what what you know means for the child" in page
    assert "or a list of dates is not enough" in page
    request.refresh_from_db()
    assert request.answered_at is None and not InformationResponse.objects.exists()


@pytest.mark.req("R4.6")
def test_a_date_list_as_what_the_service_knows_is_refused_too(client, world):
    [request] = send(client, world, [service_key(world, "camhs")])
    client.force_login(world["camhs"])
    page = client.post(answer_url(request), ANALYSED | {"what_we_know": "Seen 3/4/26, 5/6/26, DNA 7/8/26"}).content
    assert "not only the dates of contact" in page.decode()
    assert not InformationResponse.objects.exists()


@pytest.mark.req("R4.6")
@pytest.mark.req("R4.5")
def test_an_analysed_gp_answer_reaches_the_mash_with_the_voice_of_the_child(client, world):
    with clock.travel_to(at(2026, 11, 27, 16, 0)):  # Friday 16:00
        [request] = send(client, world, [service_key(world, "gp")], grade="amber")
    client.force_login(world["gp"])
    with clock.travel_to(at(2026, 11, 30, 10, 30)):  # Monday 10:30
        response = client.post(answer_url(request), ANALYSED)
    assert response.status_code == 302
    request.refresh_from_db()
    assert close_to(request.answered_at, at(2026, 11, 30, 10, 30))
    assert request.response_working_hours == pytest.approx(2.5, abs=0.01)  # 1 h on Friday, 1.5 h on Monday
    assert Event.objects.filter(person=world["liam"], type="mash_request_answered").count() == 1
    client.force_login(world["mash"])
    page = client.get(reverse("referrals:mash_request", args=[request.pk])).content.decode()
    assert "The voice of the child" in page and "mummy sleeps a lot" in page
    assert "Missed asthma care" in page and "2.5 working hours after the request" in page
    # A second answer is refused, not written over the first.
    client.force_login(world["practice_lead"])
    again = client.post(answer_url(request), ANALYSED | {"what_we_know": "Something else entirely, at length."})
    assert again.status_code == 302 and InformationResponse.objects.count() == 1


def test_analysis_accepts_no_concerns_when_it_says_what_they_rest_on():
    assert not analysis_problems(ANALYSED)
    reasoned = ANALYSED | {
        "what_it_means_for_the_child": "No concerns for Liam's health care: he was brought to every asthma review "
        "this year, his growth is normal and he spoke happily about school when seen in October."
    }
    assert not analysis_problems(reasoned)
