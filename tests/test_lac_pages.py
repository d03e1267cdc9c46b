"""The health assessment pages of a looked-after child (R6.1, R6.5-R6.7, Rec 10.1) and the
children-in-care team's work list: a nurse records each step from the page, bad input is
refused with nothing written, the work list puts the most late first and shows only children
the user may see, and the review shows the child's CAMHS involvement."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import works_with
from tests.factories import PersonFactory
from tests.test_access import _practitioner
from tests.test_lac_pipeline import complete_initial_assessment
from thinkfamily.access.rules import basis_for
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import (
    AssessmentStep,
    FamilyHealthHistory,
    HealthAssessment,
    SDQScore,
    UASCAssessment,
    UASCTraining,
)
from thinkfamily.lac.services import pipeline
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.organisations.models import (
    CaseloadMembership,
    EpisodeOfCare,
    Organisation,
    Practitioner,
    Service,
)
from thinkfamily.people.models import GPRegistration, LegalStatus

pytestmark = pytest.mark.django_db
Step = AssessmentStep.Step
Role = Practitioner.Role
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"
CAMHS_CONTACT = register("camhs_contact_test", "CAMHS appointment", Significance.MEDIUM)


def at(day: datetime.date):
    return clock.travel_to(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))))


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.fixture
def team(council):
    """Sefton commissions the children-in-care nurses of North West Boroughs and the LAC
    medical team at Alder Hey; Wirral's children-in-care nurse serves another area."""
    cic = _practitioner("cic", Role.CIC_NURSE, "RTV", TRUST, Organisation.Kind.NHS_TRUST,
                        Service.Kind.CHILDREN_IN_CARE, "Children in care health team")
    doctor = _practitioner("lacdoc", Role.LAC_PAEDIATRICIAN, "RBS", "Alder Hey Children's NHS Foundation Trust",
                           Organisation.Kind.NHS_TRUST, Service.Kind.LAC_MEDICAL, "LAC medical team")
    gp = _practitioner("gp", Role.GP, "N84001", "Bootle Village Surgery",
                       Organisation.Kind.GP_PRACTICE, Service.Kind.GENERAL_PRACTICE, "Bootle Village Surgery")
    social_worker = _practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", "Sefton Council",
                                  Organisation.Kind.LOCAL_AUTHORITY, Service.Kind.CHILDRENS_SOCIAL_CARE, "CiC team")
    elsewhere = _practitioner("cic_elsewhere", Role.CIC_NURSE, "WIRRAL-CIC", "Wirral Community NHS Trust",
                              Organisation.Kind.NHS_TRUST, Service.Kind.CHILDREN_IN_CARE, "Wirral CIC")
    camhs = _practitioner("camhs", Role.CAMHS_PRACTITIONER, "RBS", "Alder Hey Children's NHS Foundation Trust",
                          Organisation.Kind.NHS_TRUST, Service.Kind.CAMHS, "Sefton CAMHS")
    cic.organisation.commissioned_by.add(council)
    doctor.organisation.commissioned_by.add(council)
    return {"cic": cic, "doctor": doctor, "gp": gp, "sw": social_worker, "elsewhere": elsewhere, "camhs": camhs,
            "council": council}


def enter_care(team, child, on: datetime.date, status=LegalStatus.LOOKED_AFTER):
    return record_legal_status(
        works_with(team["sw"], child), child, status=status, change="start", effective_date=on,
        responsible_authority=team["council"], placement_type="Foster care",
    )


def _iha(child):
    return HealthAssessment.objects.get(child=child, kind=HealthAssessment.Kind.INITIAL)


def _offered(page) -> list[str]:
    return re.findall(r'name="step" type="radio" value="(\w+)"', page.content.decode())


def _post_step(client, assessment, step, occurred_on=None, version=None, **extra):
    data = {"step": step, "version": str(version if version is not None else assessment.version)}
    if occurred_on is not None:
        data |= _date("occurred_on", occurred_on)
    if "appointment_on" in extra:
        data |= _date("appointment_on", extra.pop("appointment_on"))
    data |= extra
    return client.post(reverse("lac:assessment", args=[assessment.pk]), data)


# Access ----------------------------------------------------------------------------------------


@pytest.mark.req("R6.1")
@pytest.mark.req("R10.1")
def test_the_lac_paediatrician_of_a_commissioned_team_opens_a_looked_after_child_and_others_do_not(
    client, team, family
):
    liam = family["liam"]
    wirral_doctor = _practitioner("lacdoc_wirral", Role.LAC_PAEDIATRICIAN, "WIRRAL-LAC", "Wirral University Hospital",
                                  Organisation.Kind.NHS_TRUST, Service.Kind.LAC_MEDICAL, "Wirral LAC medical")
    assert basis_for(team["doctor"], liam) is None  # not in care yet: no relationship
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        assert basis_for(team["doctor"], liam).code == "children_in_care"
        assert basis_for(wirral_doctor, liam) is None  # its organisation is not commissioned by Sefton
        client.force_login(team["doctor"])
        assert client.get(reverse("lac:assessment", args=[_iha(liam).pk])).status_code == 200
        client.force_login(wirral_doctor)
        refused = client.get(reverse("lac:assessment", args=[_iha(liam).pk]))
        assert refused.status_code == 403 and "Liam" not in _text(refused)


# Recording steps -------------------------------------------------------------------------------


@pytest.mark.req("R6.1")
def test_the_nurse_and_the_doctor_record_each_step_from_the_page_and_see_its_delay_against_its_target(
    client, team, family
):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 2)):
        enter_care(team, liam, datetime.date(2026, 11, 2))  # Monday; IHA due Monday 30 November
    iha = _iha(liam)
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
    text = _text(page)
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
        iha = _iha(liam)
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
        text = _text(response)
        assert "There is a problem" in text and message in text, message
    assert (AssessmentStep.objects.count(), AuditEvent.objects.filter(action="create").count()) == before
    iha.refresh_from_db()
    assert iha.booked_on is None and iha.appointment_on is None


@pytest.mark.req("R6.1")
def test_a_step_recorded_by_someone_else_after_the_page_was_opened_is_not_overwritten(client, team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = _iha(liam)
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
    assert "Someone else recorded a step on this assessment" in _text(response)
    iha.refresh_from_db()
    assert iha.seen_on is None and not iha.steps.filter(step=Step.SEEN).exists()


@pytest.mark.req("R6.1")
def test_people_who_may_see_but_not_record_get_the_page_read_only_and_cannot_post(client, team, family):
    liam = family["liam"]
    GPRegistration.objects.create(person=liam, practice=Organisation.objects.get(code="N84001"),
                                  start_date=datetime.date(2020, 1, 1))
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = _iha(liam)
        for user in (team["gp"], team["sw"]):
            client.force_login(user)
            page = client.get(reverse("lac:assessment", args=[iha.pk]))
            assert page.status_code == 200
            assert "Record the next step" not in _text(page) and 'data-testid="step-form"' not in page.content.decode()
            assert "You can read this assessment" in _text(page)
            refused = _post_step(client, iha, Step.NOTIFICATION_RECEIVED, datetime.date(2026, 11, 3))
            assert refused.status_code == 403
        client.force_login(team["cic"])
        assert 'data-testid="step-form"' in client.get(reverse("lac:assessment", args=[iha.pk])).content.decode()
    assert not AssessmentStep.objects.filter(assessment=iha).exists()


# The work list ---------------------------------------------------------------------------------


def _looked_after_child(team, name, entered_on, **steps):
    child = PersonFactory(given_name=name, family_name="Testchild", date_of_birth=datetime.date(2016, 5, 5))
    enter_care(team, child, entered_on)
    iha = _iha(child)
    auditor = Auditor(actor=team["cic"])
    for step, on in steps.items():
        extra = {"appointment_on": on + datetime.timedelta(days=14)} if step == "booked" else {}
        pipeline.record_step(auditor, iha, step, occurred_on=on, **extra)
    return child


@pytest.mark.req("R6.1")
def test_the_work_list_shows_overdue_and_at_risk_assessments_most_late_first_and_only_children_the_user_may_see(
    client, team, django_assert_max_num_queries
):
    today = datetime.date(2026, 11, 25)  # Wednesday
    with at(today):
        # Overdue: entered care 2 October, due 30 October (26 days late).
        ava = _looked_after_child(team, "Ava", datetime.date(2026, 10, 2))
        # Overdue less: entered 12 October, due 9 November.
        ben = _looked_after_child(team, "Ben", datetime.date(2026, 10, 12), notified=datetime.date(2026, 10, 13))
        # At risk by its due date: entered 30 October, due 27 November (2 working days away); steps on time.
        # Seen on the 24th, so it waits for the typed report (target 27 November): that step is on time.
        cara = _looked_after_child(team, "Cara", datetime.date(2026, 10, 30), notified=datetime.date(2026, 11, 2),
                                   requested=datetime.date(2026, 11, 2), booked=datetime.date(2026, 11, 3),
                                   seen=datetime.date(2026, 11, 24))
        # At risk by a step: entered 16 November, due 14 December, but no notification 3 working days later.
        dan = _looked_after_child(team, "Dan", datetime.date(2026, 11, 16))
        # Not at risk: entered 23 November, notified the next day, due 21 December.
        _looked_after_child(team, "Eve", datetime.date(2026, 11, 23), notified=datetime.date(2026, 11, 24))
        # Overdue, but for a council that does not commission this team: not the nurse's to see.
        other = _practitioner("sw2", Role.SOCIAL_WORKER, "WIRRAL", "Wirral Council",
                              Organisation.Kind.LOCAL_AUTHORITY, Service.Kind.CHILDRENS_SOCIAL_CARE, "Wirral CiC")
        fay = PersonFactory(given_name="Fay", family_name="Testchild", date_of_birth=datetime.date(2015, 1, 1))
        record_legal_status(
            works_with(other, fay), fay, status=LegalStatus.LOOKED_AFTER, change="start",
            effective_date=datetime.date(2026, 9, 1), responsible_authority=other.organisation,
        )
        client.force_login(team["cic"])
        with django_assert_max_num_queries(25):
            page = client.get(reverse("lac:worklist"))
    assert page.status_code == 200
    rows = re.findall(r'<tr class="nhsuk-table__row" data-testid="worklist-row">(.*?)</tr>', page.content.decode(),
                      re.S)
    names = [re.search(r"(\w+) Testchild", row).group(1) for row in rows]
    assert names == ["Ava", "Ben", "Cara", "Dan"]
    text = _text(page)
    assert "26 days late" in text and "16 days late" in text
    dan_row = html.unescape(re.sub(r"<[^>]+>", " ", rows[3]))
    # Dan's notification (target 19 November) is 4 working days late.
    assert "Notification from the council received by health" in dan_row and "4 working days late" in dan_row
    cara_row = html.unescape(re.sub(r"<[^>]+>", " ", rows[2]))
    assert "Not yet due" in cara_row and "Typed report completed" in cara_row and "On time" in cara_row
    assert AuditEvent.objects.filter(action="read", detail__page="lac_worklist").exists()
    del ava, ben, cara, dan

    # Nobody sees another area's children, whatever the list holds.
    client.force_login(team["elsewhere"])
    with at(today):
        assert "Testchild" not in _text(client.get(reverse("lac:worklist")))


@pytest.mark.req("R6.1")
def test_the_work_list_takes_the_same_number_of_queries_for_many_children(client, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = datetime.date(2026, 11, 25)
    client.force_login(team["cic"])
    counts = []
    with at(today):
        for batch in range(2):
            for n in range(3 + batch * 9):
                _looked_after_child(team, f"Child{batch}x{n}", datetime.date(2026, 10, 1) + datetime.timedelta(days=n),
                                    notified=datetime.date(2026, 10, 20))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("lac:worklist"))
            assert response.status_code == 200
            counts.append(len(queries))
    assert len(re.findall(r'data-testid="worklist-row"', response.content.decode())) == 15
    assert counts[0] == counts[1]


# What the assessment page shows beside the steps ------------------------------------------------


@pytest.mark.req("R6.6")
def test_the_family_health_history_is_recorded_and_shown_in_the_initial_assessment(client, team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = _iha(liam)
        client.force_login(team["cic"])
        url = reverse("lac:family_history", args=[iha.pk])
        refused = client.post(url, {"relative": "mother", "condition": " ", "source": ""})
        assert "There is a problem" in _text(refused) and "Enter the condition" in _text(refused)
        assert "Say where this came from" in _text(refused)
        assert not FamilyHealthHistory.objects.exists()
        response = client.post(url, {"relative": "mother", "condition": "Type 1 diabetes", "details": "Since age 9",
                                     "source": "Council's placement information form",
                                     "may_share_with_young_person": "on"})
        assert response.status_code == 302
        page = _text(client.get(reverse("lac:assessment", args=[iha.pk])))
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
        page = _text(client.get(reverse("lac:assessment", args=[_iha(liam).pk])))
    assert "Latest total difficulties score: 18 out of 40" in page and "Cause for concern" in page
    assert "completed 5 November 2026" in page


@pytest.mark.req("R6.7")
def test_the_cic_nurse_preparing_a_review_sees_the_childs_camhs_involvement(client, team, family):
    liam = family["liam"]
    camhs = team["camhs"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2025, 3, 3))
        iha = _iha(liam)
        review = complete_initial_assessment(
            Auditor(actor=team["cic"]), iha, notified_on=datetime.date(2025, 3, 4),
            booked_on=datetime.date(2025, 3, 5), seen_on=datetime.date(2025, 3, 20),
        )
        client.force_login(team["cic"])
        before = _text(client.get(reverse("lac:assessment", args=[review.pk])))
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
        page = _text(client.get(reverse("lac:assessment", args=[review.pk])))
    assert "Child and adolescent mental health (CAMHS)" in page
    assert "Open referral to Child and adolescent mental health" in page and "since 1 June 2026" in page
    assert "Low mood, self-harm" in page
    assert "named practitioner Camhs Practitioner" in page and "since 8 June 2026" in page
    assert "Last CAMHS contact: 3 November 2026" in page and "restricted" in page
    assert "Disclosure in session" not in page
    # The paediatrician doing the initial assessment sees it too; the family health history
    # taken on entry to care is the initial assessment's alone.
    with at(datetime.date(2026, 11, 20)):
        initial = _text(client.get(reverse("lac:assessment", args=[iha.pk])))
    assert "Open referral to Child and adolescent mental health" in initial
    assert "Family and parental health history" in initial and "Family and parental health history" not in page


@pytest.mark.req("R6.5")
def test_an_sdq_received_after_the_initial_assessment_is_shown_in_the_review(client, team, family):
    """The SDQ is completed before the review each year: the nurse preparing the review sees
    the latest score and its band, not only at the initial assessment."""
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2025, 3, 3))
        iha = _iha(liam)
        review = complete_initial_assessment(
            Auditor(actor=team["cic"]), iha, notified_on=datetime.date(2025, 3, 4),
            booked_on=datetime.date(2025, 3, 5), seen_on=datetime.date(2025, 3, 20),
        )
        client.force_login(team["cic"])
        before = _text(client.get(reverse("lac:assessment", args=[review.pk])))
        SDQScore.objects.create(child=liam, completed_on=datetime.date(2026, 2, 10), total_difficulties=15,
                                band="borderline",
                                scheme={"normal": [0, 13], "borderline": [14, 16], "cause for concern": [17, 40]},
                                scheme_rule="sdq.bands = 3-band (local authority default)", recorded_by=team["sw"])
        after = _text(client.get(reverse("lac:assessment", args=[review.pk])))
    assert "No SDQ score has been received from social care" in before
    assert "Latest total difficulties score: 15 out of 40" in after and "Borderline" in after
    assert "completed 10 February 2026" in after


def test_the_camhs_practitioner_sees_the_full_last_contact_their_service_restricted(client, team, family):
    liam = family["liam"]
    camhs = team["camhs"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2025, 3, 3))
        iha = _iha(liam)
        HealthAssessment.objects.create(child=liam, kind=HealthAssessment.Kind.REVIEW, previous=iha,
                                        due_on=datetime.date(2027, 3, 20), due_rule="lac.rha_5plus")
        EpisodeOfCare.objects.create(person=liam, service=camhs.team.service,
                                     start_at=timezone.make_aware(datetime.datetime(2026, 6, 1, 9)))
        record_event(liam, CAMHS_CONTACT, "Disclosure in session", occurred_at=datetime.date(2026, 11, 3),
                     author=camhs, restricted_to_service=camhs.team.service)
        client.force_login(camhs)
        review = HealthAssessment.objects.get(child=liam, kind=HealthAssessment.Kind.REVIEW)
        page = _text(client.get(reverse("lac:assessment", args=[review.pk])))
    assert "Last CAMHS contact: 3 November 2026, Disclosure in session" in page
    assert "You can read this assessment" in page  # CAMHS reads; it does not run the pipeline


def test_a_uasc_childs_assessment_records_the_uasc_part_and_warns_when_the_clinician_has_no_uasc_training(
    client, team
):
    amir = PersonFactory(given_name="Amir", family_name="Testchild", date_of_birth=datetime.date(2010, 2, 2))
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, amir, datetime.date(2026, 11, 2))
        record_legal_status(
            works_with(team["sw"], amir), amir, status=LegalStatus.UASC, change="start",
            effective_date=datetime.date(2026, 11, 2), responsible_authority=team["council"],
        )
        iha = _iha(amir)
        auditor = Auditor(actor=team["cic"])
        pipeline.record_step(auditor, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(auditor, iha, Step.REQUESTED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(auditor, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 4),
                             appointment_on=datetime.date(2026, 11, 12))
        pipeline.record_step(Auditor(actor=team["doctor"]), iha, Step.SEEN, occurred_on=datetime.date(2026, 11, 12))
        client.force_login(team["doctor"])
        url = reverse("lac:assessment", args=[iha.pk])
        page = _text(client.get(url))
        assert "Unaccompanied asylum-seeking child" in page and "has not been recorded" in page
        assert "No UASC training recorded" in page and "Lacdoc Practitioner has no training" in page

        uasc_url = reverse("lac:uasc_part", args=[iha.pk])
        refused = client.post(uasc_url, {"journey": "", "trauma": "", "updated_at": ""})
        assert "There is a problem" in _text(refused) and "Describe the journey" in _text(refused)
        assert "Choose where the age assessment stands" in _text(refused)
        assert not UASCAssessment.objects.exists()
        form = {"journey": "Overland through Libya and by boat to Italy, then by lorry", "trauma": "Nightmares; "
                "referred to the refugee wellbeing service", "age_assessment": "pending",
                "immigration_status": "claim_pending", "interpreter_used": "on", "updated_at": ""}
        assert client.post(uasc_url, form).status_code == 302
        # A second clinician with a stale form does not overwrite the first.
        stale = client.post(uasc_url, form | {"age_assessment": "disputed"})
        assert "Someone else saved the UASC part" in _text(stale)

        training_url = reverse("lac:uasc_training")
        refused = client.post(training_url, {"practitioner": str(team["doctor"].pk), "course": "",
                                             **_date("completed_on", datetime.date(2026, 12, 1))})
        assert "Enter the name of the course" in _text(refused) and "must be today or in the past" in _text(refused)
        assert not UASCTraining.objects.exists()
        assert client.post(training_url, {"practitioner": str(team["doctor"].pk),
                                          "course": "Health assessment of UASC (CoramBAAF)",
                                          **_date("completed_on", datetime.date(2026, 3, 9))}).status_code == 302
        page = _text(client.get(url))
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
        iha = _iha(liam)
        assert "Unaccompanied asylum-seeking child" not in _text(client.get(reverse("lac:assessment", args=[iha.pk])))
        assert client.get(reverse("lac:uasc_part", args=[iha.pk])).status_code == 404


@pytest.mark.req("R6.1")
def test_the_childs_record_lists_their_health_assessments_and_the_cic_nurse_has_the_work_list_in_the_header(
    client, team, family
):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        client.force_login(team["cic"])
        record = client.get(reverse("people:record", args=[liam.pk]))
    body = record.content.decode()
    assert "Health assessments" in _text(record)
    assert reverse("lac:assessment", args=[_iha(liam).pk]) in body
    assert reverse("lac:worklist") in body
    client.force_login(team["gp"])
    GPRegistration.objects.create(person=liam, practice=Organisation.objects.get(code="N84001"),
                                  start_date=datetime.date(2020, 1, 1))
    with at(datetime.date(2026, 11, 20)):
        assert reverse("lac:worklist") not in client.get(reverse("people:record", args=[liam.pk])).content.decode()
