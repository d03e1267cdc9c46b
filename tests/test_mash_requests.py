"""MASH information requests (R4.5, R4.6): the MASH asks the services that know a child,
each request graded with its deadline from the calendar; the services answer with an
analysis, the GP practice on its own template; the MASH sees the answers and the response
times."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import put_on_caseload
from tests.factories import OrganisationFactory, PractitionerFactory, ServiceFactory, TeamFactory
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.aggregates import percentile_cont
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatusEntry
from thinkfamily.referrals.information_requests.services import analysis_problems, working_hours_between
from thinkfamily.referrals.models import InformationRequest, InformationResponse

Role = Practitioner.Role


def at(year, month, day, hour=0, minute=0, second=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


def close_to(moment, expected, seconds=5):
    """``clock.travel_to`` sets the clock and lets it run on: moments match to the second."""
    return abs((moment - expected).total_seconds()) < seconds


def practitioner(username, role, org, service_kind, team_name=None):
    service = Service.objects.filter(organisation=org, kind=service_kind).first() or ServiceFactory(
        organisation=org, kind=service_kind, name=service_kind.label
    )
    team = TeamFactory(service=service, name=team_name or f"{service_kind.label} team")
    return PractitionerFactory(username=username, role=role, team=team, first_name=username.title(),
                               last_name="Practitioner", email=f"{username}@example.nhs.uk")


def build_mash_world(family, health_visitor, council):
    """Liam is a child in need of Sefton Council; its MASH social worker may open his record.
    He is on the health visitor's caseload, registered at Marine Practice, in an open CAMHS
    episode at Alder Hey; his mother Sarah is on an adult mental health caseload at Mersey
    Care. Each organisation has a safeguarding lead."""
    liam, sarah = family["liam"], family["sarah"]
    LegalStatusEntry.objects.create(person=liam, status="child_in_need", change="start",
                                    effective_date=datetime.date(2025, 9, 2), responsible_authority=council)
    mash = practitioner("mash", Role.MASH_SOCIAL_WORKER, council, Service.Kind.MASH, "Sefton MASH")
    put_on_caseload(health_visitor, liam)

    alder_hey = OrganisationFactory(code="RBS", name="Alder Hey Children's NHS Foundation Trust")
    camhs = practitioner("camhs", Role.CAMHS_PRACTITIONER, alder_hey, Service.Kind.CAMHS, "CAMHS Sefton")
    EpisodeOfCare.objects.create(person=liam, service=camhs.team.service, start_at=at(2026, 6, 1, 10),
                                 reason="low mood")
    alder_hey_lead = practitioner("ahlead", Role.SAFEGUARDING_LEAD, alder_hey, Service.Kind.SAFEGUARDING)

    practice = OrganisationFactory(code="N84001", name="Marine Practice", kind=Organisation.Kind.GP_PRACTICE)
    gp = practitioner("gp", Role.GP, practice, Service.Kind.GENERAL_PRACTICE, "Marine Practice GPs")
    practice_lead = practitioner("gplead", Role.PRACTICE_SAFEGUARDING_LEAD, practice, Service.Kind.GENERAL_PRACTICE,
                                 "Marine Practice safeguarding")
    GPRegistration.objects.create(person=liam, practice=practice, start_date=datetime.date(2019, 4, 1))

    mersey_care = OrganisationFactory(code="RW4", name="Mersey Care NHS Foundation Trust")
    adult_mh = practitioner("amh", Role.ADULT_MH_PRACTITIONER, mersey_care, Service.Kind.ADULT_MENTAL_HEALTH,
                            "South Sefton community mental health team")
    put_on_caseload(adult_mh, sarah)

    ed = OrganisationFactory(code="RVY", name="Southport and Ormskirk Hospitals NHS Trust")
    ed_nurse = practitioner("ednurse", Role.ED_NURSE, ed, Service.Kind.EMERGENCY_DEPARTMENT, "Southport ED")
    return {
        "liam": liam, "sarah": sarah, "mash": mash, "health_visitor": health_visitor, "camhs": camhs,
        "alder_hey_lead": alder_hey_lead, "gp": gp, "practice_lead": practice_lead, "adult_mh": adult_mh,
        "ed_nurse": ed_nurse, "council": council,
    }


@pytest.fixture
def world(family, health_visitor, council):
    return build_mash_world(family, health_visitor, council)


def send_page(world):
    return reverse("referrals:mash_send", args=[world["liam"].pk])


def service_key(world, name, through=None):
    service = world[name].team.service
    return f"{service.pk}:{world[through].pk if through else ''}"


def send(client, world, keys, grade="green", question="Liam (7) was seen with bruising to his arm; is he known "
         "to you and what do you know of his care at home?"):
    client.force_login(world["mash"])
    response = client.post(send_page(world), {"services": keys, "grade": grade, "question": question})
    assert response.status_code == 302, response.content.decode()[:3000]
    return list(InformationRequest.objects.order_by("-id")[: len(keys)])[::-1]


ANALYSED = {
    "what_we_know": "Liam was seen by the practice nurse in October with a burn to his hand; his mother said he "
    "touched the oven. He has missed two asthma reviews this year and his inhaler was not collected in August.",
    "what_it_means_for_the_child": "Missed asthma care and an injury explained late suggest Liam's health needs are "
    "not reliably met at home; with his mother's low mood this points to a risk of neglect that needs assessing.",
    "voice_of_the_child": "Liam told the nurse 'mummy sleeps a lot' and that he makes his own breakfast.",
    "parental_capacity": "Sarah is being treated for depression; she has cancelled two of her own reviews.",
    "recent_contacts": "12/10/2026 nurse; 03/09/2026 DNA asthma review",
}


# Sending ---------------------------------------------------------------------------------------


@pytest.mark.req("R4.5")
def test_the_mash_is_offered_the_services_that_know_the_child_and_the_mother(client, world):
    client.force_login(world["mash"])
    page = client.get(send_page(world)).content.decode()
    assert "Child and adolescent mental health, Alder Hey" in page and "open episode of care" in page
    assert "Health visiting, North West Boroughs" in page and "on the caseload of Bootle health visiting team" in page
    assert "General practice, Marine Practice" in page and "registered with Marine Practice" in page
    # Think Family: the mother's adult mental health service, asked about Liam through Sarah.
    assert "Adult mental health, Mersey Care" in page and "(about Sarah Roberts)" in page
    assert service_key(world, "adult_mh", "sarah") in page
    assert "Emergency department" not in page  # no relationship with the child or family


@pytest.mark.req("R4.5")
def test_only_the_mash_sends_requests(client, world):
    client.force_login(world["health_visitor"])
    assert client.get(send_page(world)).status_code == 403
    client.force_login(world["mash"])
    record = client.get(reverse("people:record", args=[world["liam"].pk])).content.decode()
    assert "Send MASH information requests" in record


@pytest.mark.req("R4.5")
@pytest.mark.req("R10.4")
def test_a_red_request_late_on_a_friday_is_due_at_noon_on_monday(client, world):
    with clock.travel_to(at(2026, 11, 27, 16, 0)):  # Friday 16:00: one working hour left that day
        [request] = send(client, world, [service_key(world, "camhs")], grade="red")
    assert close_to(request.due_at, at(2026, 11, 30, 12, 0))
    assert request.due_rule == "mash.red = 4 working hours (local default)"


@pytest.mark.req("R4.5")
@pytest.mark.req("R10.4")
def test_an_amber_request_across_christmas_2026_is_due_on_the_29th(client, world):
    # Thursday 24 December: Christmas Day, the weekend and Boxing Day observed on Monday 28th
    # are not working days, so one working day later is Tuesday 29 December.
    with clock.travel_to(at(2026, 12, 24, 11, 0)):
        [request] = send(client, world, [service_key(world, "gp")], grade="amber")
    assert timezone.localtime(request.due_at).date() == datetime.date(2026, 12, 29)
    assert request.due_rule == "mash.amber = 1 working days (local default)"


@pytest.mark.req("R4.5")
@pytest.mark.req("R10.4")
def test_green_is_three_working_days_and_blue_has_no_deadline(client, world):
    with clock.travel_to(at(2026, 12, 23, 9, 30)):
        [green] = send(client, world, [service_key(world, "camhs")], grade="green")
        [blue] = send(client, world, [service_key(world, "gp")], grade="blue")
    # 24 December, then 29 and 30 December (25, 26-27 weekend, 28 Boxing Day observed).
    assert timezone.localtime(green.due_at).date() == datetime.date(2026, 12, 30)
    assert blue.due_at is None and blue.due_rule == "mash.blue = None (local default)"


@pytest.mark.req("R4.5")
def test_each_request_is_on_the_chronology_audited_and_told_to_the_service(client, world):
    keys = [service_key(world, "camhs"), service_key(world, "gp"), service_key(world, "adult_mh", "sarah")]
    camhs, gp, adult_mh = send(client, world, keys, grade="amber")
    assert adult_mh.known_through == world["sarah"] and camhs.known_through is None
    assert all(r.mash == world["council"] and r.requested_by == world["mash"] for r in (camhs, gp, adult_mh))
    events = Event.objects.filter(person=world["liam"], type="mash_request_sent")
    assert events.count() == 3
    assert AuditEvent.objects.filter(object_type="referrals.InformationRequest", action="create").count() == 3
    told = {(n.recipient.username, n.cause) for n in Notification.objects.filter(cause="mash_request")}
    # CAMHS: nobody has Liam on a caseload (an episode), so the service's team; the practice:
    # its safeguarding lead, not every GP; adult mental health: Sarah's practitioner.
    assert told == {("camhs", "mash_request"), ("gplead", "mash_request"), ("amh", "mash_request")}
    message = Notification.objects.get(recipient=world["adult_mh"]).message
    assert "through Sarah Roberts" in message and "amber" in message


@pytest.mark.req("R4.5")
def test_a_request_names_the_grade_and_needs_a_question_and_a_service(client, world):
    client.force_login(world["mash"])
    response = client.post(send_page(world), {"services": [], "grade": "", "question": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one service to ask." in page and "Choose a grade" in page
    assert "Enter the question the services are asked." in page
    assert not InformationRequest.objects.exists()


# Answering ----------------------------------------------------------------------------------------


def answer_url(request):
    return reverse("referrals:mash_answer", args=[request.pk])


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


# The calendar for durations --------------------------------------------------------------------


@pytest.mark.req("R10.4")
def test_working_hours_between_counts_only_working_hours_of_working_days(db):
    assert working_hours_between(at(2026, 11, 27, 16, 0), at(2026, 11, 30, 10, 0)) == 2.0
    assert working_hours_between(at(2026, 11, 30, 8, 0), at(2026, 11, 30, 18, 0)) == 8.0
    # Christmas 2026: 24th (8 h), then 29th from 09:00 to 12:00.
    assert working_hours_between(at(2026, 12, 24, 9, 0), at(2026, 12, 29, 12, 0)) == 11.0
    assert working_hours_between(at(2026, 12, 1, 12, 0), at(2026, 12, 1, 11, 0)) == 0.0


def test_percentiles_are_those_of_postgresql():
    assert percentile_cont([1, 2, 3, 4], 0.5) == 2.5
    assert percentile_cont([10], 0.9) == 10
    assert percentile_cont(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert percentile_cont([], 0.5) is None


# The dashboard ----------------------------------------------------------------------------------


def dashboard(client, user, **query):
    client.force_login(user)
    return client.get(reverse("referrals:mash_dashboard"), query).content.decode()


def figure(page, testid, key, name):
    table = page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    row = table.split(f'data-key="{key}"', 1)[1].split("</tr>", 1)[0]
    cell = row.split(f'data-figure="{name}"', 1)[1].split("</td>", 1)[0]
    return re.sub(r"<[^>]+>", "", cell.split(">", 1)[1]).strip()


@pytest.mark.req("R4.5")
def test_an_unanswered_green_request_shows_as_overdue_after_its_deadline(client, world):
    with clock.travel_to(at(2026, 11, 23, 10, 0)):  # Monday: due by the end of Thursday
        [green] = send(client, world, [service_key(world, "camhs")], grade="green")
        page = dashboard(client, world["mash"])
    assert figure(page, "by-grade", "green", "open") == "1"
    assert figure(page, "by-grade", "green", "overdue") == "0"
    assert "No request is overdue." in page
    with clock.travel_to(at(2026, 11, 27, 9, 0)):  # Friday morning
        page = dashboard(client, world["mash"])
        camhs_service = world["camhs"].team.service
        assert figure(page, "by-grade", "green", "overdue") == "1"
        assert figure(page, "by-service", camhs_service.pk, "overdue") == "1"
        overdue_list = page.split('data-testid="overdue-requests"', 1)[1]
        assert f'data-request-id="{green.pk}"' in overdue_list and "Overdue" in overdue_list
        drill = client.get(reverse("referrals:mash_dashboard_requests"), {"figure": "overdue", "grade": "green"})
        assert f'data-request-id="{green.pk}"' in drill.content.decode()


@pytest.mark.req("R4.5")
def test_response_times_by_grade_and_service_come_from_the_rows(client, world):
    # Four amber requests to the practice, answered after 2, 4, 6 and 19 working hours:
    # median 5 h, 90th percentile 6 + 0.7 x 13 = 15.1 h; the last one after its deadline.
    gp_key = service_key(world, "gp")
    requests = []
    with clock.travel_to(at(2026, 11, 23, 9, 0)):  # Monday 09:00, due by the end of Tuesday
        for number in range(4):  # four questions: the same one, still unanswered, is not sent again
            requests += send(client, world, [gp_key], grade="amber", question=f"Question {number + 1}: is Liam "
                             "known to you, and what do you know of his care at home?")
    client.force_login(world["gp"])
    for request, answered in zip(
        requests,
        [at(2026, 11, 23, 11), at(2026, 11, 23, 13), at(2026, 11, 23, 15), at(2026, 11, 25, 12)],
        strict=True,
    ):
        with clock.travel_to(answered):
            assert client.post(answer_url(request), ANALYSED).status_code == 302
    with clock.travel_to(at(2026, 11, 26, 9, 0)):
        page = dashboard(client, world["mash"])
        assert figure(page, "by-grade", "amber", "requested") == "4"
        assert figure(page, "by-grade", "amber", "answered") == "4"
        assert figure(page, "by-grade", "amber", "median") == "5.0 working hours"
        assert figure(page, "by-grade", "amber", "p90") == "1.9 working days"  # 15.1 h of 8-hour days
        assert figure(page, "by-grade", "amber", "within_deadline") == "75% (3 of 4)"
        gp_service = world["gp"].team.service
        assert figure(page, "by-service", gp_service.pk, "median") == "5.0 working hours"
        late = client.get(reverse("referrals:mash_dashboard_requests"), {"figure": "late", "grade": "amber"})
        assert late.content.decode().count('data-testid="request-row"') == 1
        assert f'data-request-id="{requests[3].pk}"' in late.content.decode()


@pytest.mark.req("R4.5")
def test_the_dashboard_is_for_the_mash_and_safeguarding_leads_each_seeing_their_own(client, world):
    send(client, world, [service_key(world, "camhs"), service_key(world, "gp")], grade="red")
    client.force_login(world["health_visitor"])
    assert client.get(reverse("referrals:mash_dashboard")).status_code == 403
    assert client.get(reverse("referrals:mash_dashboard_requests"), {"figure": "open"}).status_code == 403
    lead_page = dashboard(client, world["alder_hey_lead"])
    assert "Child and adolescent mental health" in lead_page and "Marine Practice" not in lead_page
    mash_page = dashboard(client, world["mash"])
    assert "Child and adolescent mental health" in mash_page and "Marine Practice" in mash_page
