"""The MASH dashboard (R4.5): an unanswered request shows overdue after its deadline; response
times by grade and service, in working hours, come from the rows; the dashboard is for the MASH
and the safeguarding leads, each seeing their own."""

import re

import pytest
from django.urls import reverse

from tests.referrals.information_requests.scenes import ANALYSED, answer_url, at, dashboard, figure, send, service_key
from thinkfamily.core import clock
from thinkfamily.referrals.information_requests.services import working_hours_between


@pytest.mark.req("R10.4")
def test_working_hours_between_counts_only_working_hours_of_working_days(db):
    assert working_hours_between(at(2026, 11, 27, 16, 0), at(2026, 11, 30, 10, 0)) == 2.0
    assert working_hours_between(at(2026, 11, 30, 8, 0), at(2026, 11, 30, 18, 0)) == 8.0
    # Christmas 2026: 24th (8 h), then 29th from 09:00 to 12:00.
    assert working_hours_between(at(2026, 12, 24, 9, 0), at(2026, 12, 29, 12, 0)) == 11.0
    assert working_hours_between(at(2026, 12, 1, 12, 0), at(2026, 12, 1, 11, 0)) == 0.0


# The dashboard ----------------------------------------------------------------------------------


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
def test_overdue_requests_come_first_on_the_dashboard(client, world):
    with clock.travel_to(at(2026, 11, 23, 10, 0)):
        [green] = send(client, world, [service_key(world, "camhs")], grade="green")
    with clock.travel_to(at(2026, 11, 27, 9, 0)):  # past its deadline
        page = dashboard(client, world["mash"])
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page.split("</h1>", 1)[1])
    assert headings[0] == "Overdue now"
    first_table = page.index('data-testid="overdue-requests"')
    assert first_table < page.index('data-testid="by-grade"') < page.index('data-testid="by-service"')
    assert f'data-request-id="{green.pk}"' in page[first_table:page.index('data-testid="by-grade"')]

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
        assert figure(page, "by-grade", "amber", "median") == "5 working hours"
        assert figure(page, "by-grade", "amber", "p90") == "1.9 working days"  # 15.1 h of 8-hour days
        assert figure(page, "by-grade", "amber", "within_deadline") == "75% (3 of 4)"
        gp_service = world["gp"].team.service
        assert figure(page, "by-service", gp_service.pk, "median") == "5 working hours"
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
