"""Every child protection page opens for whom it is for and reads as a practitioner's page: no
timescale key, model name, sign-in name or Python value on it (tests/pages_text.py). The council
records a strategy discussion and arranges the initial conference through the pages; the
conference page and the child's page show the due dates in words."""

import datetime

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import works_with
from tests.pages_text import problems, visible_text
from tests.protection.conftest import CONFERENCE_DAY, DISCUSSED
from tests.protection.scenes import at, hold, practice_lead
from thinkfamily.core import clock
from thinkfamily.protection.models import Conference, Invitation, StrategyDiscussion

pytestmark = pytest.mark.django_db
USERS = ("sefton.sw", "gp", "gplead", "hv", "camhs", "amh", "lead")


def _read(client, user, url) -> str:
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200, url
    text = visible_text(page)
    assert not problems(text, USERS), (url, problems(text, USERS))
    return text


@pytest.mark.req("R5.1")
def test_the_council_records_a_discussion_and_arranges_the_conference_through_the_pages(
    client, known, social_worker, gp, health_visitor, camhs, amh, safeguarding_lead
):
    liam, mia = known["liam"], known["mia"]
    works_with(social_worker, liam, mia)
    record_url = reverse("protection:record_strategy_discussion", args=[liam.pk])
    with clock.travel_to(at(DISCUSSED, 15)):
        form_text = _read(client, social_worker, record_url)
        assert "Mia" in form_text and "Crosby Village Surgery" in form_text
        agencies = [f"{gp.team.service_id}:", f"{health_visitor.team.service_id}:"]
        response = client.post(record_url, {**pages.date_fields("held_on", DISCUSSED), "section_47": "yes",
                                            "summary": "Bruising seen at nursery.", "other_children": [str(mia.pk)],
                                            "agencies": agencies})
    assert response.status_code == 302
    strategy = StrategyDiscussion.objects.get()
    assert set(strategy.children.all()) == {liam, mia}
    assert {s.pk for s in strategy.agencies.all()} == {gp.team.service_id, health_visitor.team.service_id}

    with clock.travel_to(at(DISCUSSED + datetime.timedelta(days=1))):
        text = _read(client, social_worker, response.url)
        assert "Initial conference due by 23 March 2026" in text and "Section 47 enquiry Started" in text
        arrange = reverse("protection:arrange_initial", args=[strategy.pk])
        text = _read(client, social_worker, arrange)
        assert "Sarah Roberts (mother of " in text  # her adult mental health service is offered
        form = {**pages.date_fields("scheduled_on", CONFERENCE_DAY),
                "invited": [f"{u.team.service_id}:" for u in (gp, health_visitor, camhs)]}
        response = client.post(arrange, form)
        assert response.status_code == 302
        assert client.post(arrange, form).status_code == 302  # sent twice: one conference
    conference = Conference.objects.get()
    assert Invitation.objects.filter(conference=conference).count() == 3

    with clock.travel_to(at(CONFERENCE_DAY - datetime.timedelta(days=2))):
        text = _read(client, social_worker, response.url)
        assert "Due by 23 March 2026" in text
        _read(client, social_worker, reverse("protection:record_held", args=[conference.pk]))
        _read(client, gp, reverse("protection:invitation", args=[conference.invitations.get(
            service=gp.team.service).pk]))
        _read(client, gp, reverse("protection:conference", args=[conference.pk]))
        _read(client, health_visitor, reverse("protection:child", args=[liam.pk]))

    hold(social_worker, conference, CONFERENCE_DAY, {liam.pk: ("plan", "neglect"), mia.pk: ("plan", "neglect")})
    with clock.travel_to(at(CONFERENCE_DAY + datetime.timedelta(days=60))):
        text = _read(client, social_worker, reverse("protection:conference", args=[conference.pk]))
        assert "Arrange the review child protection conference" in text
        assert "Arrange the core group meeting" in text
        _read(client, social_worker, reverse("protection:record_minutes", args=[conference.pk]))
        _read(client, social_worker, reverse("protection:arrange_next", args=[conference.pk, "review"]))
        for lead in (safeguarding_lead, practice_lead()):
            text = _read(client, lead, reverse("protection:overdue_minutes"))
            assert "Liam James Roberts" in text
        _read(client, social_worker, reverse("people:record", args=[liam.pk]))
