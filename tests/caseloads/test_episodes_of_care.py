"""Episodes of care opened and closed on pages by the service's staff (issue 12): CAMHS accepts
a referral and the record opens to its staff while the episode is open, it shows on the record,
and the children-in-care nurse's review of the child's health assessment shows the CAMHS
involvement recorded this way (R6.7), not only from seed data."""

import datetime

import pytest
from django.urls import reverse

from tests import pages
from tests.caseloads.scenes import identity_form
from tests.lac import scenes
from tests.lac.scenes import at, enter_care, in_care_and_assessed
from tests.pages import date_fields, text
from thinkfamily.caseloads import services
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import EpisodeOfCare

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def team(council, cic_nurse, camhs):
    """The people around a Sefton child in care (tests.lac.scenes.children_in_care_team)."""
    return scenes.children_in_care_team(council, cic_nurse, camhs)


@pytest.mark.req("R6.7")
def test_a_camhs_episode_opened_on_a_page_shows_on_the_children_in_care_nurses_review(client, team, family):
    liam, camhs = family["liam"], team["camhs"]
    with at(TODAY):
        _, review = in_care_and_assessed(team, liam)
        client.force_login(team["cic"])
        assert "No open CAMHS referral or caseload is recorded" in pages.text(
            client.get(reverse("lac:assessment", args=[review.pk])))

        # CAMHS accepts the referral: the practitioner finds Liam by NHS number and date of birth,
        # then takes him on in the service from his record.
        client.force_login(camhs)
        assert client.post(reverse("care:add_by_identity"),
                           identity_form(liam, reason="Referral accepted")).status_code == 302
        record = text(client.get(reverse("people:record", args=[liam.pk])))
        assert "Take on in Child and adolescent mental health (open an episode of care)" in record
        response = client.post(reverse("care:open_episode", args=[liam.pk]), {
            **date_fields("start_date", datetime.date(2026, 11, 2)),
            "reason": "Referral accepted: low mood, self-harm"})
        assert response.status_code == 302
        record = text(client.get(reverse("people:record", args=[liam.pk])))
        assert "Episode of care with Child and adolescent mental health" in record

        client.force_login(team["cic"])
        page = pages.text(client.get(reverse("lac:assessment", args=[review.pk])))
    assert "Open referral to Child and adolescent mental health" in page and "since 2 November 2026" in page
    assert "Referral accepted: low mood, self-harm" in page
    [episode] = EpisodeOfCare.objects.filter(person=liam, kind=EpisodeOfCare.Kind.CARE)
    assert episode.service == camhs.team.service and episode.end_at is None
    assert Event.objects.filter(person=liam, type="episode_opened").count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="organisations.EpisodeOfCare").count() == 1


def test_an_open_episode_gives_the_service_access_to_write_and_closing_it_ends_it_at_once(team, family):
    from thinkfamily.access import permissions
    from thinkfamily.access.rules import basis_for

    liam, camhs = family["liam"], team["camhs"]
    assert basis_for(camhs, liam) is None
    episode = services.open_episode(Auditor(actor=camhs), liam, service=camhs.team.service,
                                    start_date=clock.today(), reason="Admitted")
    assert basis_for(camhs, liam).code == "episode"
    assert permissions.may(camhs, "people.change_record", liam)
    services.close_episode(Auditor(actor=camhs), episode, end_date=clock.today(), reason="Discharged: goals met")
    assert basis_for(camhs, liam) is None
    episode.refresh_from_db()
    assert episode.end_reason == "Discharged: goals met" and episode.ended_on == clock.today()
    assert Event.objects.filter(person=liam, type="episode_closed").count() == 1


def test_opening_twice_writes_once(team, family):
    liam, camhs = family["liam"], team["camhs"]
    services.open_episode(Auditor(actor=camhs), liam, service=camhs.team.service, start_date=clock.today(),
                          reason="Referral accepted")
    with pytest.raises(AlreadyRecorded):
        services.open_episode(Auditor(actor=camhs), liam, service=camhs.team.service, start_date=clock.today(),
                              reason="Referral accepted")
    assert EpisodeOfCare.objects.count() == 1 and Event.objects.filter(type="episode_opened").count() == 1


def test_closing_before_the_start_is_refused_on_the_page_and_nothing_is_written(client, team, family):
    liam, camhs = family["liam"], team["camhs"]
    episode = services.open_episode(Auditor(actor=camhs), liam, service=camhs.team.service,
                                    start_date=datetime.date(2026, 1, 5), reason="Referral accepted")
    client.force_login(camhs)
    page = text(client.post(reverse("care:close_episode", args=[liam.pk, episode.pk]),
                            {**date_fields("end_date", datetime.date(2025, 12, 1)), "reason": "Discharged"}))
    assert "There is a problem" in page and "The end date must be on or after the start, 5 January 2026." in page
    episode.refresh_from_db()
    assert episode.end_at is None and not Event.objects.filter(type="episode_closed").exists()


def test_staff_of_another_service_are_refused_opening_and_closing(client, team, family):
    liam, camhs, cic = family["liam"], team["camhs"], team["cic"]
    episode = services.open_episode(Auditor(actor=camhs), liam, service=camhs.team.service,
                                    start_date=clock.today(), reason="Referral accepted")
    enter_care(team, liam, datetime.date(2025, 3, 3))  # the CIC nurse may open Liam's record
    client.force_login(cic)
    response = client.post(reverse("care:close_episode", args=[liam.pk, episode.pk]),
                           {**date_fields("end_date", clock.today()), "reason": "Discharged"})
    assert response.status_code == 403
    episode.refresh_from_db()
    assert episode.end_at is None
    # The children-in-care nurses reach children in care by their area, not by episodes of care.
    assert client.post(reverse("care:open_episode", args=[liam.pk]), {
        **date_fields("start_date", clock.today()), "reason": "Health assessment"}).status_code == 403
    assert EpisodeOfCare.objects.count() == 1
