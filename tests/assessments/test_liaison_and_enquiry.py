"""16- and 17-year-olds in an adult ED (R7.4): seen as children, asked the child's questions and
listed for next-day paediatric liaison review until reviewed. Routine enquiry about domestic
abuse in pregnancy (R5.3)."""

import pytest
from django.urls import reverse

from tests import pages
from tests.assessments import scenes
from tests.cast import put_on_caseload
from tests.flags.scenes import look_up
from thinkfamily.assessments.models import Attendance, RoutineEnquiry
from thinkfamily.core import clock
from thinkfamily.referrals.models import Concern

pytestmark = pytest.mark.django_db


def _attend(client, nurse, person):
    look_up(client, nurse, person.nhs_number)
    return client.post(reverse("assessments:record_attendance", args=[person.pk]),
                       {"reason": "Cut hand", "action": "save"})


@pytest.mark.req("R7.4")
@pytest.mark.parametrize("years", [15, 16, 17])
def test_a_17_year_old_in_adult_ed_is_on_the_next_day_list(client, world, years):
    scenes.adults_only(world)
    young = scenes.young_person(years)
    look_up(client, world["ed"], young.nhs_number)
    form = client.get(reverse("assessments:record_attendance", args=[young.pk]))
    assert "Does the person with them hold parental responsibility?" in pages.text(form)
    assert "Self-harm?" in pages.text(form)
    _attend(client, world["ed"], young)
    attendance = Attendance.objects.get(person=young)
    assert attendance.as_child and attendance.liaison_review_due_at > attendance.attended_at

    nurse = scenes.liaison_nurse()
    client.force_login(nurse)
    assert reverse("assessments:attendance", args=[attendance.pk]) in client.get("/").content.decode()
    listed = client.get(reverse("assessments:liaison_list"))
    assert "Kyle Young" in pages.text(listed)
    refused = client.post(reverse("assessments:liaison_review", args=[attendance.pk]), {"note": ""})
    assert refused.status_code == 400 and "Say what the review found" in pages.text(refused, tidy=True)
    client.post(reverse("assessments:liaison_review", args=[attendance.pk]),
                {"note": "Spoke to mother; school nurse told"})
    attendance.refresh_from_db()
    assert attendance.liaison_reviewed_by == nurse
    assert "Kyle Young" not in pages.text(client.get(reverse("assessments:liaison_list")))


@pytest.mark.req("R7.4")
def test_an_18_year_old_in_adult_ed_is_not_on_the_list(client, world):
    scenes.adults_only(world)
    adult = scenes.young_person(18, name="Ryan")
    _attend(client, world["ed"], adult)
    attendance = Attendance.objects.get(person=adult)
    assert not attendance.as_child and attendance.liaison_review_due_at is None
    client.force_login(scenes.liaison_nurse())
    assert "Ryan" not in pages.text(client.get(reverse("assessments:liaison_list")))


@pytest.mark.req("R7.4")
def test_only_a_liaison_nurse_of_the_hospital_records_the_review(client, world, health_visitor):
    scenes.adults_only(world)
    young = scenes.young_person(17)
    _attend(client, world["ed"], young)
    attendance = Attendance.objects.get(person=young)
    for outsider in (scenes.liaison_nurse("RBS", "pln2"), health_visitor):
        client.force_login(outsider)
        assert client.post(reverse("assessments:liaison_review", args=[attendance.pk]),
                           {"note": "Seen"}).status_code == 403
    client.force_login(health_visitor)
    assert client.get(reverse("assessments:liaison_list")).status_code == 403
    attendance.refresh_from_db()
    assert attendance.liaison_reviewed_at is None


def _enquire(client, woman, unborn, **data):
    values = {"stage": "booking", "asked_on_0": clock.today().day, "asked_on_1": clock.today().month,
              "asked_on_2": clock.today().year, "seen_alone": "yes", "outcome": "no_disclosure", **data}
    url = reverse("assessments:routine_enquiry", args=[woman.pk])
    return client.post(f"{url}?pregnancy={unborn.pk}", values)


@pytest.mark.req("R5.3")
def test_a_pregnancy_with_one_enquiry_shows_the_next_as_due(client, world):
    sarah = world["sarah"]
    unborn = scenes.pregnancy(sarah, weeks_to_go=30)
    midwife = scenes.midwife(sarah, unborn)
    client.force_login(midwife)
    record = client.get(reverse("people:record", args=[sarah.pk]))
    assert "At booking: due now" in pages.text(record, tidy=True)
    not_said = _enquire(client, sarah, unborn, seen_alone="no", outcome="not_asked")
    assert "Say why she was not asked" in pages.text(not_said, tidy=True)
    alone = _enquire(client, sarah, unborn, seen_alone="no")
    assert "Ask only when she is seen alone" in pages.text(alone, tidy=True)
    assert not RoutineEnquiry.objects.exists()

    _enquire(client, sarah, unborn)
    for page in (reverse("people:record", args=[sarah.pk]), reverse("people:record", args=[unborn.pk])):
        text = pages.text(client.get(page), tidy=True)
        assert "Around 28 weeks of pregnancy: from" in text
        assert "Asked alone: Yes, seen alone" in text


@pytest.mark.req("R5.3")
def test_not_asked_keeps_the_enquiry_due_and_a_disclosure_prompts_a_concern(client, world):
    sarah = world["sarah"]
    unborn = scenes.pregnancy(sarah)
    client.force_login(scenes.midwife(sarah, unborn))
    _enquire(client, sarah, unborn, seen_alone="no", outcome="not_asked", not_asked_reason="Partner stayed in")
    text = pages.text(client.get(reverse("people:record", args=[sarah.pk])), tidy=True)
    assert "At booking: due now" in text and "No: not alone" in text
    _enquire(client, sarah, unborn, outcome="disclosure")
    record = client.get(reverse("people:record", args=[sarah.pk]))
    assert reverse("referrals:record_concern", args=[unborn.pk]) in record.content.decode()


@pytest.mark.req("R5.3")
def test_only_midwives_and_after_the_birth_health_visitors_record_an_enquiry(client, world, gp):
    sarah = world["sarah"]
    unborn = scenes.pregnancy(sarah)
    client.force_login(world["health_visitor"])  # Sarah is on her caseload (the family)
    put_on_caseload(world["health_visitor"], sarah)
    assert _enquire(client, sarah, unborn).status_code in (200, 400)
    assert not RoutineEnquiry.objects.exists()  # the antenatal stages are not offered to her
    _enquire(client, sarah, unborn, stage="after_birth")
    assert RoutineEnquiry.objects.filter(stage="after_birth").exists()
    client.force_login(gp)
    assert _enquire(client, sarah, unborn).status_code == 403


@pytest.mark.req("R4.2")
def test_a_concern_written_in_the_attendance_is_a_concern_with_a_decision_due(client, world):
    scenes.adults_only(world)
    young = scenes.young_person(17)
    look_up(client, world["ed"], young.nhs_number)
    refused = client.post(reverse("assessments:record_attendance", args=[young.pk]),
                          {"reason": "", "concern": "Says she is staying with a man of 30", "action": "save"})
    assert refused.status_code != 302 and not Concern.objects.exists()  # a bad attendance writes no concern
    client.post(reverse("assessments:record_attendance", args=[young.pk]),
                {"reason": "Cut hand", "concern": "Says she is staying with a man of 30", "action": "save"})
    attendance = Attendance.objects.get(person=young)
    concern = Concern.objects.get(child=young)
    assert concern.source == "assessment" and concern.decision == "" and concern.decision_due_at is not None
    assert concern.description == "Says she is staying with a man of 30" and concern.recorded_by == world["ed"]
    assert concern.source_id == str(attendance.pk) and concern.source_type == "assessments.Attendance"
