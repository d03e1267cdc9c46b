"""What the assessment page shows beside the steps (R6.5-R6.7): the family health history
recorded in the initial assessment, the latest SDQ score and its band (in the review too), and
the child's CAMHS involvement for the nurse preparing the review, a restricted contact shown in
full only to CAMHS."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import pages
from tests.lac.scenes import at, enter_care, in_care_and_assessed, initial_assessment
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import FamilyHealthHistory, HealthAssessment, SDQScore
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Organisation
from thinkfamily.people.models import GPRegistration

pytestmark = pytest.mark.django_db
CAMHS_CONTACT = register("camhs_contact_test", "CAMHS appointment", Significance.MEDIUM)


@pytest.mark.req("R6.6")
def test_the_family_health_history_is_recorded_and_shown_in_the_initial_assessment(client, team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = initial_assessment(liam)
        client.force_login(team["cic"])
        url = reverse("lac:family_history", args=[iha.pk])
        refused = client.post(url, {"relative": "mother", "condition": " ", "source": ""})
        assert "There is a problem" in pages.text(refused) and "Enter the condition" in pages.text(refused)
        assert "Say where this came from" in pages.text(refused)
        assert not FamilyHealthHistory.objects.exists()
        response = client.post(url, {"relative": "mother", "condition": "Type 1 diabetes", "details": "Since age 9",
                                     "source": "Council's placement information form",
                                     "may_share_with_young_person": "on"})
        assert response.status_code == 302
        page = pages.text(client.get(reverse("lac:assessment", args=[iha.pk])))
    assert "Family and parental health history" in page
    assert "Birth mother" in page and "Type 1 diabetes" in page and "Council's placement information form" in page
    entry = FamilyHealthHistory.objects.get(child=liam)
    assert entry.may_share_with_young_person and entry.recorded_by == team["cic"]
    assert AuditEvent.objects.filter(object_type="lac.FamilyHealthHistory", subject_id=str(liam.pk)).exists()
    # A GP who may read the record cannot add to it.
    client.force_login(team["gp"])
    GPRegistration.objects.create(person=liam, practice=Organisation.objects.get(code="N84001"),
                                  start_date=datetime.date(2020, 1, 1))
    assert client.get(reverse("lac:family_history", args=[iha.pk])).status_code == 403


@pytest.mark.req("R6.5")
def test_the_latest_sdq_score_and_its_band_are_shown_in_the_initial_assessment(client, team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        scheme = {"normal": [0, 13], "borderline": [14, 16], "cause for concern": [17, 40]}
        for on, total, band in [(datetime.date(2025, 11, 1), 12, "normal"),
                                (datetime.date(2026, 11, 5), 18, "cause for concern")]:
            SDQScore.objects.create(child=liam, completed_on=on, total_difficulties=total, band=band, scheme=scheme,
                                    scheme_rule="sdq.bands = 3-band (local authority default)",
                                    recorded_by=team["sw"])
        client.force_login(team["cic"])
        page = pages.text(client.get(reverse("lac:assessment", args=[initial_assessment(liam).pk])))
    assert "Latest total difficulties score: 18 out of 40" in page and "Cause for concern" in page
    assert "completed 5 November 2026" in page


@pytest.mark.req("R6.7")
def test_the_cic_nurse_preparing_a_review_sees_the_childs_camhs_involvement(client, team, family):
    liam = family["liam"]
    camhs = team["camhs"]
    with at(datetime.date(2026, 11, 20)):
        iha, review = in_care_and_assessed(team, liam)
        client.force_login(team["cic"])
        before = pages.text(client.get(reverse("lac:assessment", args=[review.pk])))
        assert "No open CAMHS referral or caseload is recorded" in before
        EpisodeOfCare.objects.create(person=liam, service=camhs.team.service, reason="Low mood, self-harm",
                                     start_at=timezone.make_aware(datetime.datetime(2026, 6, 1, 9)))
        CaseloadMembership.objects.create(person=liam, practitioner=camhs, team=camhs.team,
                                          start_date=datetime.date(2026, 6, 8))
        record_event(liam, CAMHS_CONTACT, "Follow-up appointment: attended with foster carer",
                     occurred_at=datetime.date(2026, 10, 14), author=camhs)
        # A later restricted CAMHS contact shows that it happened, not what it was (R2.4).
        record_event(liam, CAMHS_CONTACT, "Disclosure in session", occurred_at=datetime.date(2026, 11, 3),
                     author=camhs, restricted_to_service=camhs.team.service)
        # A closed episode with another service is not CAMHS involvement.
        page = pages.text(client.get(reverse("lac:assessment", args=[review.pk])))
    assert "Child and adolescent mental health (CAMHS)" in page
    assert "Open referral to Child and adolescent mental health" in page and "since 1 June 2026" in page
    assert "Low mood, self-harm" in page
    assert "named practitioner Camhs Practitioner" in page and "since 8 June 2026" in page
    assert "Last CAMHS contact: 3 November 2026" in page and "restricted" in page
    assert "Disclosure in session" not in page
    # The paediatrician doing the initial assessment sees it too; the family health history
    # taken on entry to care is the initial assessment's alone.
    with at(datetime.date(2026, 11, 20)):
        initial = pages.text(client.get(reverse("lac:assessment", args=[iha.pk])))
    assert "Open referral to Child and adolescent mental health" in initial
    assert "Family and parental health history" in initial and "Family and parental health history" not in page


@pytest.mark.req("R6.5")
def test_an_sdq_received_after_the_initial_assessment_is_shown_in_the_review(client, team, family):
    """The SDQ is completed before the review each year: the nurse preparing the review sees
    the latest score and its band, not only at the initial assessment."""
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        _, review = in_care_and_assessed(team, liam)
        client.force_login(team["cic"])
        before = pages.text(client.get(reverse("lac:assessment", args=[review.pk])))
        SDQScore.objects.create(child=liam, completed_on=datetime.date(2026, 2, 10), total_difficulties=15,
                                band="borderline",
                                scheme={"normal": [0, 13], "borderline": [14, 16], "cause for concern": [17, 40]},
                                scheme_rule="sdq.bands = 3-band (local authority default)", recorded_by=team["sw"])
        after = pages.text(client.get(reverse("lac:assessment", args=[review.pk])))
    assert "No SDQ score has been received from social care" in before
    assert "Latest total difficulties score: 15 out of 40" in after and "Borderline" in after
    assert "completed 10 February 2026" in after


def test_the_camhs_practitioner_sees_the_full_last_contact_their_service_restricted(client, team, family):
    liam = family["liam"]
    camhs = team["camhs"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2025, 3, 3))
        iha = initial_assessment(liam)
        HealthAssessment.objects.create(child=liam, kind=HealthAssessment.Kind.REVIEW, previous=iha,
                                        due_on=datetime.date(2027, 3, 20), due_rule="lac.rha_5plus")
        EpisodeOfCare.objects.create(person=liam, service=camhs.team.service,
                                     start_at=timezone.make_aware(datetime.datetime(2026, 6, 1, 9)))
        record_event(liam, CAMHS_CONTACT, "Disclosure in session", occurred_at=datetime.date(2026, 11, 3),
                     author=camhs, restricted_to_service=camhs.team.service)
        client.force_login(camhs)
        review = HealthAssessment.objects.get(child=liam, kind=HealthAssessment.Kind.REVIEW)
        page = pages.text(client.get(reverse("lac:assessment", args=[review.pk])))
    assert "Last CAMHS contact: 3 November 2026, Disclosure in session" in page
    assert "You can read this assessment" in page  # CAMHS reads; it does not run the pipeline
