"""The health assessment page of a looked-after child (R6.1, Rec 10.1): the LAC paediatrician of a
commissioned team opens the child's record and others do not; the nurse and the doctor record
each step from the page and see its delay against its target; bad input is refused in the
error summary with nothing written; a step recorded by someone else meanwhile is not
overwritten; those who may see but not record get the page read-only."""

import datetime
import re

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import organisation, practitioner
from tests.lac.scenes import at, enter_care, initial_assessment
from tests.pages import date_fields
from thinkfamily.access.rules import basis_for
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import AssessmentStep
from thinkfamily.lac.services import pipeline
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration

pytestmark = pytest.mark.django_db
Step = AssessmentStep.Step
Role = Practitioner.Role


def _offered(page) -> list[str]:
    return re.findall(r'name="step" type="radio" value="(\w+)"', page.content.decode())


def _post_step(client, assessment, step, occurred_on=None, version=None, **extra):
    data = {"step": step, "version": str(version if version is not None else assessment.version)}
    if occurred_on is not None:
        data |= date_fields("occurred_on", occurred_on)
    if "appointment_on" in extra:
        data |= date_fields("appointment_on", extra.pop("appointment_on"))
    data |= extra
    return client.post(reverse("lac:assessment", args=[assessment.pk]), data)


@pytest.mark.req("R6.1")
@pytest.mark.req("R10.1")
def test_the_lac_paediatrician_of_a_commissioned_team_opens_a_looked_after_child_and_others_do_not(
    client, team, family
):
    liam = family["liam"]
    wirral_doctor = practitioner("lacdoc_wirral", Role.LAC_PAEDIATRICIAN,
                                 organisation("WIRRAL-LAC", "Wirral University Hospital"), Service.Kind.LAC_MEDICAL,
                                 team="Wirral LAC medical")
    assert basis_for(team["doctor"], liam) is None  # not in care yet: no relationship
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        assert basis_for(team["doctor"], liam).code == "children_in_care"
        assert basis_for(wirral_doctor, liam) is None  # its organisation is not commissioned by Sefton
        client.force_login(team["doctor"])
        assert client.get(reverse("lac:assessment", args=[initial_assessment(liam).pk])).status_code == 200
        client.force_login(wirral_doctor)
        refused = client.get(reverse("lac:assessment", args=[initial_assessment(liam).pk]))
        assert refused.status_code == 403 and "Liam" not in pages.text(refused)


# Recording steps -------------------------------------------------------------------------------


@pytest.mark.req("R6.1")
def test_the_nurse_and_the_doctor_record_each_step_from_the_page_and_see_its_delay_against_its_target(
    client, team, family
):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 2)):
        enter_care(team, liam, datetime.date(2026, 11, 2))  # Monday; IHA due Monday 30 November
    iha = initial_assessment(liam)
    client.force_login(team["cic"])
    with at(datetime.date(2026, 11, 27)):
        page = client.get(reverse("lac:assessment", args=[iha.pk]))
        assert page.status_code == 200
        # Only the first step of an initial assessment is offered.
        assert _offered(page) == ["notified"]
        # The council takes 6 working days to tell health (target 3 working days).
        response = _post_step(client, iha, Step.NOTIFICATION_RECEIVED, datetime.date(2026, 11, 10))
        assert response.status_code == 302
        iha.refresh_from_db()
        _post_step(client, iha, Step.REQUESTED, datetime.date(2026, 11, 10))
        iha.refresh_from_db()
        _post_step(client, iha, Step.APPOINTMENT_BOOKED, datetime.date(2026, 11, 11),
                   appointment_on=datetime.date(2026, 11, 16))
        iha.refresh_from_db()
        # Once booked: not brought, rescheduled or seen, in the pipeline's order.
        assert _offered(client.get(reverse("lac:assessment", args=[iha.pk]))) == ["not_brought", "rescheduled", "seen"]
        _post_step(client, iha, Step.NOT_BROUGHT, datetime.date(2026, 11, 16), reason="Foster carer's car broke down")
        iha.refresh_from_db()
        _post_step(client, iha, Step.APPOINTMENT_BOOKED, datetime.date(2026, 11, 16),
                   appointment_on=datetime.date(2026, 11, 18))
        iha.refresh_from_db()
        client.force_login(team["doctor"])
        response = _post_step(client, iha, Step.SEEN, datetime.date(2026, 11, 18))
        assert response.status_code == 302
        page = client.get(reverse("lac:assessment", args=[iha.pk]))
    text = pages.text(page)
    iha.refresh_from_db()
    assert [s.step for s in iha.steps.order_by("id")] == [
        "notified", "requested", "booked", "not_brought", "booked", "seen"]
    assert iha.assessing_clinician == team["doctor"] and iha.not_brought_count == 1
    assert "6 working days" in text and "3 working days late" in text  # the slow notification shows
    assert "1 not brought, 0 rescheduled" in text
    assert "Foster carer's car broke down" in text
    # Typed report due 3 working days after the clinic (Monday 23 November); not typed by the 27th.
    assert "Typed report due 23 November 2026" in text and "Not typed yet: 4 working days late" in text
    # Every step left an audit event with the basis on which the record was opened.
    audits = AuditEvent.objects.filter(object_type="lac.AssessmentStep", subject_id=str(liam.pk))
    assert audits.count() == 6
    assert set(audits.values_list("actor_username", flat=True)) == {"cic", "lacdoc"}


@pytest.mark.req("R6.1")
def test_bad_input_is_refused_in_the_error_summary_and_nothing_is_written(client, team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = initial_assessment(liam)
        auditor = Auditor(actor=team["cic"])
        pipeline.record_step(auditor, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(auditor, iha, Step.REQUESTED, occurred_on=datetime.date(2026, 11, 3))
        iha.refresh_from_db()
        before = (AssessmentStep.objects.count(), AuditEvent.objects.filter(action="create").count())
        client.force_login(team["cic"])
        cases = [
            (_post_step(client, iha, Step.APPOINTMENT_BOOKED), "Enter date it happened"),
            (_post_step(client, iha, Step.APPOINTMENT_BOOKED, datetime.date(2026, 11, 4)),
             "Enter the date of the appointment"),
            (_post_step(client, iha, Step.APPOINTMENT_BOOKED, datetime.date(2026, 11, 4),
                        appointment_on=datetime.date(2026, 11, 3)),
             "The appointment cannot be before the day it was booked"),
            (_post_step(client, iha, Step.APPOINTMENT_BOOKED, datetime.date(2026, 11, 23),
                        appointment_on=datetime.date(2026, 11, 25)), "The date cannot be in the future"),
            (_post_step(client, iha, Step.SEEN, datetime.date(2026, 11, 4)), "Choose one of the steps shown"),
            (client.post(reverse("lac:assessment", args=[iha.pk]),
                         {"step": "booked", "version": str(iha.version), "occurred_on_0": "31",
                          "occurred_on_1": "11", "occurred_on_2": "2026"}), "must be a real date"),
        ]
    for response, message in cases:
        assert response.status_code == 200
        text = pages.text(response)
        assert "There is a problem" in text and message in text, message
    assert (AssessmentStep.objects.count(), AuditEvent.objects.filter(action="create").count()) == before
    iha.refresh_from_db()
    assert iha.booked_on is None and iha.appointment_on is None


@pytest.mark.req("R6.1")
def test_a_step_recorded_by_someone_else_after_the_page_was_opened_is_not_overwritten(client, team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = initial_assessment(liam)
        auditor = Auditor(actor=team["cic"])
        for step in (Step.NOTIFICATION_RECEIVED, Step.REQUESTED):
            pipeline.record_step(auditor, iha, step, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(auditor, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 4),
                             appointment_on=datetime.date(2026, 11, 9))
        iha.refresh_from_db()
        seen_version = iha.version  # the doctor opens the page
        # Meanwhile the nurse records that Liam was not brought and books again.
        pipeline.record_step(auditor, iha, Step.NOT_BROUGHT, occurred_on=datetime.date(2026, 11, 9), reason="Ill")
        pipeline.record_step(auditor, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 9),
                             appointment_on=datetime.date(2026, 11, 12))
        client.force_login(team["doctor"])
        response = _post_step(client, iha, Step.SEEN, datetime.date(2026, 11, 9), version=seen_version)
    assert response.status_code == 200
    assert "Someone else recorded a step on this assessment" in pages.text(response)
    iha.refresh_from_db()
    assert iha.seen_on is None and not iha.steps.filter(step=Step.SEEN).exists()


@pytest.mark.req("R6.1")
def test_people_who_may_see_but_not_record_get_the_page_read_only_and_cannot_post(client, team, family):
    liam = family["liam"]
    GPRegistration.objects.create(person=liam, practice=Organisation.objects.get(code="N84001"),
                                  start_date=datetime.date(2020, 1, 1))
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = initial_assessment(liam)
        for user in (team["gp"], team["sw"]):
            client.force_login(user)
            page = client.get(reverse("lac:assessment", args=[iha.pk]))
            assert page.status_code == 200
            assert "Record the next step" not in pages.text(page)
            assert 'data-testid="step-form"' not in page.content.decode()
            assert "You can read this assessment" in pages.text(page)
            refused = _post_step(client, iha, Step.NOTIFICATION_RECEIVED, datetime.date(2026, 11, 3))
            assert refused.status_code == 403
        client.force_login(team["cic"])
        assert 'data-testid="step-form"' in client.get(reverse("lac:assessment", args=[iha.pk])).content.decode()
    assert not AssessmentStep.objects.filter(assessment=iha).exists()
