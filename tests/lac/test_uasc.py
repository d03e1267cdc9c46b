"""An unaccompanied asylum-seeking child's health assessment (R6.1) records its UASC part and
warns when the clinician has no UASC training; a child without a UASC status has no UASC part."""

import datetime

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import works_with
from tests.factories import PersonFactory
from tests.lac.scenes import at, enter_care, initial_assessment
from tests.pages import date_fields
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import AssessmentStep, UASCAssessment, UASCTraining
from thinkfamily.lac.services import pipeline
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.people.models import LegalStatus

pytestmark = pytest.mark.django_db
Step = AssessmentStep.Step


def test_a_uasc_childs_assessment_records_the_uasc_part_and_warns_when_the_clinician_has_no_uasc_training(
    client, team
):
    amir = PersonFactory(given_name="Amir", family_name="Testchild", date_of_birth=datetime.date(2010, 2, 2))
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, amir, datetime.date(2026, 11, 2))
        legal_status_services.record_legal_status(
            works_with(team["sw"], amir), amir, status=LegalStatus.UASC, change="start",
            effective_date=datetime.date(2026, 11, 2), responsible_authority=team["council"],
        )
        iha = initial_assessment(amir)
        auditor = Auditor(actor=team["cic"])
        pipeline.record_step(auditor, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(auditor, iha, Step.REQUESTED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(auditor, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 4),
                             appointment_on=datetime.date(2026, 11, 12))
        pipeline.record_step(Auditor(actor=team["doctor"]), iha, Step.SEEN, occurred_on=datetime.date(2026, 11, 12))
        client.force_login(team["doctor"])
        url = reverse("lac:assessment", args=[iha.pk])
        page = pages.text(client.get(url))
        assert "Unaccompanied asylum-seeking child" in page and "has not been recorded" in page
        assert "No UASC training recorded" in page and "Lacdoc Practitioner has no training" in page

        uasc_url = reverse("lac:uasc_part", args=[iha.pk])
        refused = client.post(uasc_url, {"journey": "", "trauma": "", "updated_at": ""})
        assert "There is a problem" in pages.text(refused) and "Describe the journey" in pages.text(refused)
        assert "Choose where the age assessment stands" in pages.text(refused)
        assert not UASCAssessment.objects.exists()
        form = {"journey": "Overland through Libya and by boat to Italy, then by lorry", "trauma": "Nightmares; "
                "referred to the refugee wellbeing service", "age_assessment": "pending",
                "immigration_status": "claim_pending", "interpreter_used": "on", "updated_at": ""}
        assert client.post(uasc_url, form).status_code == 302
        # A second clinician with a stale form does not overwrite the first.
        stale = client.post(uasc_url, form | {"age_assessment": "disputed"})
        assert "Someone else saved the UASC part" in pages.text(stale)

        training_url = reverse("lac:uasc_training")
        refused = client.post(training_url, {"practitioner": str(team["doctor"].pk), "course": "",
                                             **date_fields("completed_on", datetime.date(2026, 12, 1))})
        refusal = pages.text(refused)
        assert "Enter the name of the course" in refusal and "must be today or in the past" in refusal
        assert not UASCTraining.objects.exists()
        assert client.post(training_url, {"practitioner": str(team["doctor"].pk),
                                          "course": "Health assessment of UASC (CoramBAAF)",
                                          **date_fields("completed_on", datetime.date(2026, 3, 9))}).status_code == 302
        page = pages.text(client.get(url))
    part = UASCAssessment.objects.get(assessment=iha)
    assert part.age_assessment == "pending" and part.interpreter_used and part.recorded_by == team["doctor"]
    assert "Overland through Libya" in page and "Age assessment pending" in page and "Asylum claim pending" in page
    assert "No UASC training recorded" not in page
    assert "Health assessment of UASC (CoramBAAF), completed 9 March 2026" in page
    assert AuditEvent.objects.filter(object_type="lac.UASCTraining", action="create").count() == 1


def test_a_child_without_a_uasc_status_has_no_uasc_part(client, team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        client.force_login(team["cic"])
        iha = initial_assessment(liam)
        assessment = pages.text(client.get(reverse("lac:assessment", args=[iha.pk])))
        assert "Unaccompanied asylum-seeking child" not in assessment
        assert client.get(reverse("lac:uasc_part", args=[iha.pk])).status_code == 404
