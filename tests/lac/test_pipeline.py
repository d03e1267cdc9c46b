"""The health assessment pipeline (R6.1, R6.2): entering care opens the initial health
assessment with its due date on the working-day calendar; each step is measured against its
own target; missed appointments and quality returns are counted with reasons; the report
reaches the children-in-care nurse and the GP; the next review falls due 6 or 12 months
later depending on the child's age; leaving care closes what is open."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.cast import works_with
from tests.factories import PersonFactory
from tests.lac.scenes import at, complete_assessment, enter_care
from thinkfamily.chronology.models import Event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import AssessmentStep, HealthAssessment
from thinkfamily.lac.services import pipeline
from thinkfamily.legal_status.services import correct_legal_status, record_legal_status
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatus, LegalStatusEntry

pytestmark = pytest.mark.django_db
Step = AssessmentStep.Step
Role = Practitioner.Role
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"


@pytest.mark.req("R6.1")
@pytest.mark.req("R10.4")
def test_entering_care_before_christmas_opens_an_iha_due_20_working_days_later_after_the_holidays(team, family):
    liam = family["liam"]
    with at(datetime.date(2027, 2, 1)):
        enter_care(team, liam, datetime.date(2026, 12, 10))
    iha = HealthAssessment.objects.get(child=liam)
    assert iha.kind == HealthAssessment.Kind.INITIAL
    # 11 Dec is day 1; Christmas Day, Boxing Day observed on Monday 28 December and New Year's
    # Day are not working days, so the 20th working day is Tuesday 12 January 2027.
    assert iha.due_on == datetime.date(2027, 1, 12)
    assert "lac.iha_due = 20 working days (national default)" in iha.due_rule
    assert Event.objects.filter(person=liam, type="health_assessment_due").exists()


@pytest.mark.req("R6.1")
def test_each_step_is_measured_against_its_own_target_so_the_slow_step_shows(team, family):
    liam = family["liam"]
    GPRegistration.objects.create(person=liam, practice=Organisation.objects.get(code="N84001"),
                                  start_date=datetime.date(2020, 1, 1))
    cic, doctor = Auditor(actor=team["cic"]), Auditor(actor=team["doctor"])
    with at(datetime.date(2026, 11, 2)):
        enter_care(team, liam, datetime.date(2026, 11, 2))  # Monday
    iha = HealthAssessment.objects.get(child=liam)
    assert iha.due_on == datetime.date(2026, 11, 30)
    with at(datetime.date(2026, 12, 31)):
        # The council takes 6 working days to tell health (target 3): that step is late.
        pipeline.record_step(cic, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 11, 10))
        pipeline.record_step(cic, iha, Step.REQUESTED, occurred_on=datetime.date(2026, 11, 10))
        pipeline.record_step(cic, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 11),
                             appointment_on=datetime.date(2026, 11, 16))
        pipeline.record_step(doctor, iha, Step.NOT_BROUGHT, occurred_on=datetime.date(2026, 11, 16),
                             reason="Foster carer's car broke down")
        pipeline.record_step(cic, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 16),
                             appointment_on=datetime.date(2026, 11, 18))
        pipeline.record_step(doctor, iha, Step.SEEN, occurred_on=datetime.date(2026, 11, 18))
        # Typed report due 3 working days after the clinic (23 Nov); typed on 26 Nov: 3 days late.
        pipeline.record_step(doctor, iha, Step.REPORT_TYPED, occurred_on=datetime.date(2026, 11, 26))
        pipeline.record_step(cic, iha, Step.QA_RETURNED, occurred_on=datetime.date(2026, 11, 27),
                             reason="Health plan actions have no owners")
        pipeline.record_step(doctor, iha, Step.REPORT_TYPED, occurred_on=datetime.date(2026, 11, 30))
        pipeline.record_step(cic, iha, Step.QA_ACCEPTED, occurred_on=datetime.date(2026, 12, 1))
        pipeline.record_step(doctor, iha, Step.SHARED, occurred_on=datetime.date(2026, 12, 1))

    iha.refresh_from_db()
    steps = {s.step: s for s in iha.steps.order_by("id")}  # the last of each kind
    first = iha.steps.order_by("id").first()
    assert (first.working_days, first.late_by_working_days, first.target_due_on) == (6, 3, datetime.date(2026, 11, 5))
    assert iha.steps.filter(step=Step.REPORT_TYPED).order_by("id").first().late_by_working_days == 3
    assert steps[Step.SEEN].late_by_working_days == 0
    assert (iha.not_brought_count, iha.rescheduled_count, iha.qa_return_count) == (1, 0, 1)
    assert iha.report_due_on == datetime.date(2026, 11, 23)
    assert iha.completed_on == datetime.date(2026, 12, 1) and iha.completed_in_time is False
    assert iha.assessing_clinician == team["doctor"]
    assert iha.assessing_service.kind == Service.Kind.LAC_MEDICAL
    # The report reaches the children-in-care nurse and the GP practice, nobody else.
    told = set(
        Notification.objects.filter(cause=Notification.Cause.HEALTH_ASSESSMENT_SHARED).values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"cic", "gp"}
    # Liam (7 on the day he was seen) is reviewed 12 months later.
    review = HealthAssessment.objects.get(child=liam, kind=HealthAssessment.Kind.REVIEW)
    assert review.previous == iha and review.due_on == datetime.date(2027, 11, 18)
    assert "lac.rha_5plus" in review.due_rule
    # Each step left an audit event and a chronology entry; not brought is significant.
    assert AuditEvent.objects.filter(object_type="lac.AssessmentStep", subject_id=str(liam.pk)).count() == 11
    assert Event.objects.filter(person=liam, type="health_assessment_not_brought", significance="high").exists()


@pytest.mark.req("R6.1")
def test_a_step_out_of_order_or_without_its_reason_is_refused_and_changes_nothing(team, family):
    liam = family["liam"]
    cic = Auditor(actor=team["cic"])
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = HealthAssessment.objects.get(child=liam)
        with pytest.raises(ValidationError) as refused:
            pipeline.record_step(cic, iha, Step.SEEN, occurred_on=datetime.date(2026, 11, 5))
        assert "cannot come first" in str(refused.value)
        pipeline.record_step(cic, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(cic, iha, Step.REQUESTED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(cic, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 11, 4),
                             appointment_on=datetime.date(2026, 11, 9))
        with pytest.raises(ValidationError) as refused:
            pipeline.record_step(cic, iha, Step.NOT_BROUGHT, occurred_on=datetime.date(2026, 11, 9), reason=" ")
        assert "Say why" in str(refused.value)
        with pytest.raises(ValidationError) as refused:
            pipeline.record_step(cic, iha, Step.SEEN, occurred_on=datetime.date(2026, 11, 21))
        assert "future" in str(refused.value)
        with pytest.raises(ValidationError) as refused:
            pipeline.record_step(cic, iha, Step.SEEN, occurred_on=datetime.date(2026, 11, 1))
        assert "on or after the last step" in str(refused.value)
    iha.refresh_from_db()
    assert iha.steps.count() == 3 and iha.not_brought_count == 0 and iha.seen_on is None


@pytest.mark.req("R6.2")
def test_reviews_fall_due_every_6_months_under_5_and_every_12_months_from_the_5th_birthday(team):
    # Ava is 5 on 10 June 2026.
    ava = PersonFactory(given_name="Ava", family_name="Jones", date_of_birth=datetime.date(2021, 6, 10))
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, ava, datetime.date(2025, 3, 3))
        iha = HealthAssessment.objects.get(child=ava)
        auditor = Auditor(actor=team["cic"])
        first_review = complete_assessment(auditor, iha, notified_on=datetime.date(2025, 3, 4),
                                           seen_on=datetime.date(2025, 3, 20))  # aged 3y9m
        assert first_review.due_on == datetime.date(2025, 9, 20) and "lac.rha_under5" in first_review.due_rule
        second = complete_assessment(auditor, first_review, seen_on=datetime.date(2025, 9, 15))  # 4y3m
        assert second.due_on == datetime.date(2026, 3, 15)
        third = complete_assessment(auditor, second, seen_on=datetime.date(2026, 6, 9))  # the day before she is 5
        assert third.due_on == datetime.date(2026, 12, 9) and third.child_age_band == "under 5"
        fourth = complete_assessment(auditor, third, seen_on=datetime.date(2026, 6, 10))  # on her 5th birthday
        assert fourth.due_on == datetime.date(2027, 6, 10) and "lac.rha_5plus" in fourth.due_rule
        assert fourth.child_age_band == "5 and over"


@pytest.mark.req("R6.1")
def test_leaving_care_closes_the_open_assessment_and_no_review_is_scheduled(team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        record_legal_status(works_with(team["sw"], liam), liam, status=LegalStatus.LOOKED_AFTER,
                                            change="end", effective_date=datetime.date(2026, 11, 9))
    iha = HealthAssessment.objects.get(child=liam)
    assert iha.closed_on == datetime.date(2026, 11, 9) and "left care" in iha.closed_reason
    assert HealthAssessment.objects.open().filter(child=liam).count() == 0


@pytest.mark.req("R6.1")
@pytest.mark.req("R6.2")
def test_a_change_of_placement_keeps_the_assessments_due_and_opens_no_new_iha(team, family):
    """A new placement is recorded as the looked-after status ended and started again the same
    day: the child has not left care, so the open review stays due when it was and no initial
    assessment opens; leaving care and coming back another day is a new period of care."""
    liam = family["liam"]
    sw = Auditor(actor=team["sw"])
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2025, 3, 3))
        review = complete_assessment(
            Auditor(actor=team["cic"]), HealthAssessment.objects.get(child=liam),
            notified_on=datetime.date(2025, 3, 4), booked_on=datetime.date(2025, 3, 5),
            seen_on=datetime.date(2025, 3, 20),
        )
        assert review.due_on == datetime.date(2026, 3, 20)

        moved = datetime.date(2025, 9, 1)
        record_legal_status(sw, liam, status=LegalStatus.LOOKED_AFTER, change="end",
                                            effective_date=moved)
        record_legal_status(sw, liam, status=LegalStatus.LOOKED_AFTER, change="start",
                                            effective_date=moved, responsible_authority=team["council"],
                                            placement_type="Residential home")
    review.refresh_from_db()
    assert review.is_open and review.due_on == datetime.date(2026, 3, 20) and review.closed_reason == ""
    assert HealthAssessment.objects.filter(child=liam, kind=HealthAssessment.Kind.INITIAL).count() == 1
    assert Event.objects.filter(person=liam, summary__contains="was a new placement (Residential home)").exists()
    assert AuditEvent.objects.filter(action="write", object_id=str(review.pk), detail__reason="change of placement")

    # Leaving care, and coming back three months later, is a new period: a new IHA is due.
    with at(datetime.date(2026, 11, 20)):
        record_legal_status(sw, liam, status=LegalStatus.LOOKED_AFTER, change="end",
                                            effective_date=datetime.date(2026, 1, 5))
        record_legal_status(sw, liam, status=LegalStatus.LOOKED_AFTER, change="start",
                                            effective_date=datetime.date(2026, 4, 6),
                                            responsible_authority=team["council"])
    review.refresh_from_db()
    assert review.closed_on == datetime.date(2026, 1, 5)
    assert HealthAssessment.objects.open().get(child=liam).entered_care_on == datetime.date(2026, 4, 6)


def correct(team, entry, reason="Date entered care was wrong", **changes):
    return correct_legal_status(Auditor(actor=team["sw"]), entry, reason=reason, **changes)


@pytest.mark.req("R6.1")
def test_correcting_the_date_of_entering_care_moves_the_open_iha_and_its_due_date(team, family):
    liam = family["liam"]
    cic = Auditor(actor=team["cic"])
    with at(datetime.date(2026, 11, 20)):
        wrong = enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = HealthAssessment.objects.get(child=liam)
        assert iha.due_on == datetime.date(2026, 11, 30)
        pipeline.record_step(cic, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 11, 3))
        # He came into care on Friday 30 October, not Monday 2 November: due 20 working days
        # from then, on Friday 27 November.
        right = correct(team, wrong, effective_date=datetime.date(2026, 10, 30))
        iha.refresh_from_db()
        assert (iha.entered_care_on, iha.due_on) == (datetime.date(2026, 10, 30), datetime.date(2026, 11, 27))
        assert "lac.iha_due = 20 working days" in iha.due_rule
        assert iha.legal_status_entry == right and iha.is_open
        # Corrected again (the 2nd after all): it follows again, still one assessment.
        again = correct(team, right, reason="It was the 2nd after all", effective_date=datetime.date(2026, 11, 2))
    iha.refresh_from_db()
    assert (iha.entered_care_on, iha.due_on, iha.legal_status_entry) == (
        datetime.date(2026, 11, 2), datetime.date(2026, 11, 30), again)
    assert HealthAssessment.objects.filter(child=liam).count() == 1  # moved, not a second one opened
    moved = AuditEvent.objects.filter(object_type="lac.HealthAssessment", object_id=str(iha.pk), action="write",
                                      actor_username="sw")
    assert moved.count() == 2 and all("due_on" in event.fields for event in moved)
    summaries = list(Event.objects.filter(person=liam, type="health_assessment_due").values_list("summary", flat=True))
    assert "Initial health assessment now due by 27 November 2026, not 30 November 2026: the date of entering " \
           "care was corrected to 30 October 2026" in summaries


@pytest.mark.req("R6.1")
def test_correcting_entering_care_to_after_a_recorded_step_is_refused_and_changes_nothing(team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        wrong = enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = HealthAssessment.objects.get(child=liam)
        pipeline.record_step(Auditor(actor=team["cic"]), iha, Step.NOTIFICATION_RECEIVED,
                             occurred_on=datetime.date(2026, 11, 3))
        audits, events = AuditEvent.objects.count(), Event.objects.count()
        with pytest.raises(ValidationError) as refused:
            correct(team, wrong, effective_date=datetime.date(2026, 11, 9))
    assert "already has 'Notification from the council received by health' on 3 November 2026, before " \
           "9 November 2026" in str(refused.value)
    assert "effective_date" in refused.value.message_dict
    iha.refresh_from_db()
    assert (iha.entered_care_on, iha.due_on, iha.legal_status_entry_id) == (
        datetime.date(2026, 11, 2), datetime.date(2026, 11, 30), wrong.pk)
    assert not LegalStatusEntry.objects.filter(supersedes=wrong).exists()
    assert (AuditEvent.objects.count(), Event.objects.count()) == (audits, events)


@pytest.mark.req("R6.1")
def test_correcting_looked_after_to_another_status_closes_the_iha_and_back_again_opens_one(team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        wrong = enter_care(team, liam, datetime.date(2026, 11, 2))
        plan = correct(team, wrong, reason="It was a child protection plan, he stayed at home",
                       status=LegalStatus.CHILD_PROTECTION_PLAN, cp_category="neglect")
        iha = HealthAssessment.objects.get(child=liam)
        assert iha.closed_on == datetime.date(2026, 11, 20) and not iha.is_open
        assert "corrected to child protection plan: neglect started" in iha.closed_reason
        assert "he stayed at home" in iha.closed_reason
        assert Event.objects.filter(person=liam, type="health_assessment_closed").count() == 1

        # Corrected back: he is looked after from the 2nd, so an IHA is due from then.
        right = correct(team, plan, reason="Looked after after all", status=LegalStatus.LOOKED_AFTER, cp_category="")
    reopened = HealthAssessment.objects.open().get(child=liam)
    assert reopened.pk != iha.pk and reopened.legal_status_entry == right
    assert (reopened.entered_care_on, reopened.due_on) == (datetime.date(2026, 11, 2), datetime.date(2026, 11, 30))


@pytest.mark.req("R6.1")
def test_a_finished_iha_is_left_as_it_is_when_entering_care_is_corrected(team, family):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        wrong = enter_care(team, liam, datetime.date(2026, 11, 2))
        iha = HealthAssessment.objects.get(child=liam)
        auditor = Auditor(actor=team["cic"])
        pipeline.record_step(auditor, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 11, 3))
        pipeline.record_step(auditor, iha, Step.REQUESTED, occurred_on=datetime.date(2026, 11, 3))
        complete_assessment(Auditor(actor=team["cic"]), iha, seen_on=datetime.date(2026, 11, 5))
        # Its steps are before the corrected date, but it is shared: history, not refused.
        right = correct(team, wrong, effective_date=datetime.date(2026, 11, 9))
    iha.refresh_from_db()
    assert right.supersedes == wrong
    assert (iha.entered_care_on, iha.due_on, iha.shared_on) == (
        datetime.date(2026, 11, 2), datetime.date(2026, 11, 30), datetime.date(2026, 11, 5))


@pytest.mark.req("R6.1")
def test_not_brought_cannot_be_dated_before_the_appointment_and_changes_nothing(team, family):
    liam = family["liam"]
    cic = Auditor(actor=team["cic"])
    with at(datetime.date(2026, 10, 20)):
        enter_care(team, liam, datetime.date(2026, 10, 1))
        iha = HealthAssessment.objects.get(child=liam)
        pipeline.record_step(cic, iha, Step.NOTIFICATION_RECEIVED, occurred_on=datetime.date(2026, 10, 2))
        pipeline.record_step(cic, iha, Step.REQUESTED, occurred_on=datetime.date(2026, 10, 5))
        pipeline.record_step(cic, iha, Step.APPOINTMENT_BOOKED, occurred_on=datetime.date(2026, 10, 6),
                             appointment_on=datetime.date(2026, 10, 16))
        with pytest.raises(ValidationError) as refused:
            pipeline.record_step(cic, iha, Step.NOT_BROUGHT, occurred_on=datetime.date(2026, 10, 15),
                                 reason="Carer forgot")
        assert refused.value.message_dict == {
            "occurred_on": ["The child cannot be recorded as not brought before the appointment on 16 October 2026."]
        }
        iha.refresh_from_db()
        assert iha.not_brought_count == 0 and iha.appointment_on == datetime.date(2026, 10, 16)
        assert iha.steps.count() == 3
        pipeline.record_step(cic, iha, Step.NOT_BROUGHT, occurred_on=datetime.date(2026, 10, 16), reason="Carer forgot")
    iha.refresh_from_db()
    assert iha.not_brought_count == 1
