"""Waiting times from referral to first appointment and to treatment per service (R7.5), on a
known set of referrals with exact figures."""

import datetime

import pytest

from tests.cast import practitioner_as
from tests.pages import text
from tests.pathways.scenes import (
    Status,
    adhd_worker,
    alder_hey_lead,
    appointment,
    at,
    paediatrician,
    referred,
    young_person,
)
from thinkfamily.core import clock
from thinkfamily.organisations.models import Practitioner
from thinkfamily.pathways.queries import waits

D = datetime.date
NOW = at(2026, 12, 3, 10)
Role = Practitioner.Role


@pytest.fixture
def referrals(camhs):
    """CAMHS: A seen in 4 weeks, treated in 10; B seen in 6 (after a cancelled and a missed
    appointment), treated in 27; C seen in 4, waiting for treatment; D with no appointment yet
    (one attended in adult ADHD, which does not count); E whose only appointment was missed;
    F seen and treated two years ago. Adult ADHD: G seen in 21 weeks, not treated."""
    camhs_service = camhs.team.service
    adhd, paeds = adhd_worker(), paediatrician()
    people = {name: young_person(name, D(2012, 1, 1)) for name in "ABCDEF"}
    people["G"] = young_person("G", D(1990, 1, 1), kind="adult")
    a, b, c, d, e, f, g = (people[k] for k in "ABCDEFG")
    referred(a, camhs_service, D(2026, 6, 1))
    appointment(a, camhs_service, D(2026, 6, 29), by=camhs)
    appointment(a, camhs_service, D(2026, 8, 10), treatment=True, by=camhs)
    referred(b, camhs_service, D(2026, 3, 2))
    appointment(b, camhs_service, D(2026, 3, 16), Status.CANCELLED_BY_SERVICE, by=camhs)
    appointment(b, camhs_service, D(2026, 3, 30), Status.WAS_NOT_BROUGHT, by=camhs)
    appointment(b, camhs_service, D(2026, 4, 13), by=camhs)
    appointment(b, camhs_service, D(2026, 9, 7), treatment=True, by=camhs)
    referred(c, camhs_service, D(2026, 9, 7))
    appointment(c, camhs_service, D(2026, 10, 5), by=camhs)
    appointment(c, camhs_service, D(2026, 11, 2), Status.CANCELLED_BY_FAMILY, treatment=True, by=camhs)
    referred(d, camhs_service, D(2026, 7, 6))
    appointment(d, adhd.team.service, D(2026, 8, 3), by=adhd)
    referred(e, camhs_service, D(2026, 11, 2))
    appointment(e, camhs_service, D(2026, 11, 16), Status.WAS_NOT_BROUGHT, by=camhs)
    referred(f, camhs_service, D(2025, 1, 6), ended=D(2025, 6, 2))
    appointment(f, camhs_service, D(2025, 2, 3), by=camhs)
    appointment(f, camhs_service, D(2025, 3, 3), treatment=True, by=camhs)
    referred(g, adhd.team.service, D(2026, 1, 5))
    appointment(g, adhd.team.service, D(2026, 6, 1), by=adhd)
    return {"people": people, "camhs": camhs_service, "adhd": adhd, "paeds": paeds}


def _by_kind(rows):
    return {row["service"].kind: row for row in rows}


@pytest.mark.req("R7.5")
@pytest.mark.django_db
def test_waiting_times_per_service_on_a_known_set(referrals, django_assert_num_queries):
    with clock.travel_to(NOW):
        services = list(waits.wait_services())
        with django_assert_num_queries(1):  # one aggregate query, whatever the number of people
            rows = _by_kind(waits.figures(services, NOW))
    camhs = rows["camhs"]
    assert {k: camhs[k] for k in waits.FIGURES} == {
        "seen_first": 3, "treated": 2, "treated_breach": 1, "waiting_first": 2, "waiting_treatment": 3,
        "waiting_breach": 1,
    }
    # Days to first appointment 28, 42, 28; to treatment 70 and 189; waiting 87, 150 and 31 days.
    assert (camhs["first_median"], camhs["first_p90"]) == (4.0, 5.6)
    assert (camhs["treatment_median"], camhs["treatment_p90"]) == (18.5, 25.3)
    assert (camhs["waiting_median"], camhs["waiting_longest"]) == (12.4, 21.4)
    adhd = rows["adult_adhd"]
    assert (adhd["seen_first"], adhd["first_median"], adhd["treated"], adhd["treatment_median"]) == (1, 21.0, 0, None)
    assert (adhd["waiting_first"], adhd["waiting_treatment"], adhd["waiting_longest"], adhd["waiting_breach"]) == (
        0, 1, 47.4, 1)
    paeds = rows["paediatrics"]
    assert (paeds["seen_first"], paeds["waiting_treatment"], paeds["first_median"]) == (0, 0, None)


@pytest.mark.req("R7.5")
@pytest.mark.django_db
def test_the_longest_waits_are_listed_longest_first_and_drill_down_to_the_person(client, camhs, referrals):
    people = referrals["people"]
    client.force_login(camhs)
    with clock.travel_to(NOW):
        page = client.get(f"/waiting-times/{referrals['camhs'].pk}/?figure=waiting_treatment")
        assert page.status_code == 200
        html = page.content.decode()
        order = [html.index(f'data-person-id="{people[k].pk}"') for k in "DCE"]
        assert order == sorted(order)
        assert f'href="/people/{people["D"].pk}/"' in html
        words = text(page)
        assert "21 weeks, 3 days Over 18 weeks" in words and "Not yet seen" in words
        first = client.get(f"/waiting-times/{referrals['camhs'].pk}/?figure=waiting_first")
        words = text(first)
        assert "D Young" in words and "E Young" in words and "C Young" not in words
        assert client.get(f"/waiting-times/{referrals['camhs'].pk}/?figure=everyone").status_code == 400
        # Another service's people are not CAMHS's to see.
        assert client.get(f"/waiting-times/{referrals['adhd'].team.service.pk}/").status_code == 404


@pytest.mark.req("R7.5")
@pytest.mark.django_db
def test_who_sees_waiting_times(client, camhs, referrals, safeguarding_lead, health_visitor):
    camhs_service, adhd_service = referrals["camhs"], referrals["adhd"].team.service
    drill = f"/waiting-times/{camhs_service.pk}/?figure=waiting_breach"
    with clock.travel_to(NOW):
        client.force_login(camhs)  # their own service, with the people behind the figures
        page = client.get("/waiting-times/")
        assert page.status_code == 200
        assert camhs_service.name in text(page) and adhd_service.name not in text(page)
        assert "treatment within 18 weeks" in text(page) and drill in page.content.decode().replace("&amp;", "&")
        assert "/waiting-times/" in client.get("/").content.decode()

        client.force_login(safeguarding_lead)  # every service; the names of her own population only
        page = client.get("/waiting-times/")
        assert camhs_service.name in text(page) and adhd_service.name in text(page)
        assert "B Young" not in text(page)
        words = text(client.get(drill))
        assert "D Young" not in words and "1 more person is counted in this figure" in words
        client.force_login(alder_hey_lead())  # the lead of CAMHS's trust
        words = text(client.get(drill))
        assert "D Young" in words and "more person" not in words

        commissioner = practitioner_as(Role.COMMISSIONER)  # the figures, no names
        client.force_login(commissioner)
        page = client.get("/waiting-times/")
        assert page.status_code == 200 and camhs_service.name in text(page)
        assert f"/waiting-times/{camhs_service.pk}/" not in page.content.decode()
        assert "Waiting times from referral to treatment" in text(client.get("/"))
        refused = client.get(drill)
        assert refused.status_code == 403 and "Commissioners see the figures" in text(refused)

        client.force_login(health_visitor)
        refused = client.get("/waiting-times/")
        assert refused.status_code == 403 and "Waiting times are shown to" in text(refused)
        assert "/waiting-times/" not in client.get("/").content.decode()
