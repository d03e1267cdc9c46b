"""Health plans of looked-after children (R6.3): each action is checked for being specific,
measurable, owned and time-bound, in words a nurse can act on, and the plan for covering
dental health, immunisations, vision and hearing (Regulations 2010, Schedule 1)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.cast import practitioner, put_on_caseload
from tests.lac.scenes import at
from thinkfamily.chronology.models import Event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import HealthArea, HealthAssessment, HealthPlan, HealthPlanAction
from thinkfamily.lac.queries.plans import weak_action_count
from thinkfamily.lac.services import plans
from thinkfamily.organisations.models import Practitioner, Service

Role = Practitioner.Role
TODAY = datetime.date(2026, 11, 20)
GOOD = "Book a dental check-up at Crosby dental practice and confirm attendance with the carer"


# The SMART check: a pure function ----------------------------------------------------------


@pytest.mark.req("R6.3")
def test_a_specific_owned_dated_action_passes():
    assert plans.check_action(GOOD, "Foster carer, Mrs Byrne", datetime.date(2026, 12, 18), None, TODAY) == []


@pytest.mark.req("R6.3")
def test_an_action_without_an_owner_is_flagged_with_what_to_do():
    issues = plans.check_action(GOOD, "  ", datetime.date(2026, 12, 18), None, TODAY)
    assert len(issues) == 1 and issues[0].startswith("No owner: name the person or role")


@pytest.mark.req("R6.3")
def test_an_action_without_a_due_date_is_flagged():
    issues = plans.check_action(GOOD, "Children-in-care nurse", None, None, TODAY)
    assert issues == ["No due date: say by when this will be done."]


@pytest.mark.req("R6.3")
def test_an_open_action_past_its_date_is_flagged_but_not_once_done():
    past = datetime.date(2026, 11, 19)
    issues = plans.check_action(GOOD, "Carer", past, None, TODAY)
    assert len(issues) == 1 and "19 November 2026" in issues[0] and "has passed" in issues[0]
    assert plans.check_action(GOOD, "Carer", past, datetime.date(2026, 11, 18), TODAY) == []
    # Due today is not yet late.
    assert plans.check_action(GOOD, "Carer", TODAY, None, TODAY) == []


@pytest.mark.req("R6.3")
@pytest.mark.parametrize(
    "text",
    ["Monitor", "monitor.", "Continue to support", "Review as needed", "Ongoing", "ongoing support",
     "Monitor weight", "Continue to support placement", "See optician", "N/A"],
)
def test_a_generic_or_too_short_action_is_flagged_as_not_specific_or_measurable(text):
    issues = plans.check_action(text, "Carer", datetime.date(2026, 12, 18), None, TODAY)
    assert len(issues) == 1
    assert "not specific" in issues[0] or "too short to be specific" in issues[0]


@pytest.mark.req("R6.3")
@pytest.mark.parametrize(
    "text",
    ["Monitor weight monthly at the GP practice and refer to the dietitian if it falls",
     "Continue to see the orthoptist every six months at Aintree eye clinic",
     "Give MMR second dose at the practice nurse clinic"],
)
def test_an_action_that_starts_with_a_common_word_but_says_what_will_be_done_passes(text):
    assert plans.check_action(text, "Carer", datetime.date(2026, 12, 18), None, TODAY) == []


@pytest.mark.req("R6.3")
def test_every_missing_piece_is_listed_at_once():
    issues = plans.check_action("Monitor", "", None, None, TODAY)
    assert len(issues) == 3


@pytest.mark.req("R6.3")
def test_the_plan_must_cover_dental_health_immunisations_vision_and_hearing():
    assert plans.check_coverage(["dental", "immunisations", "vision", "hearing", "emotional"]) == []
    issues = plans.check_coverage(["dental", "emotional"])
    assert len(issues) == 1
    assert "no action for immunisations, vision and hearing" in issues[0]
    assert "Schedule 1" in issues[0]
    assert "no action for dental health, immunisations, vision and hearing" in plans.check_coverage([])[0]
    assert "no action for hearing." in plans.check_coverage(["dental", "immunisations", "vision"])[0]


# Services and pages ----------------------------------------------------------------------

@pytest.fixture
def cic(family, cic_nurse):
    put_on_caseload(cic_nurse, family["liam"])
    return cic_nurse


@pytest.mark.req("R6.3")
def test_actions_are_saved_with_their_findings_so_weak_ones_can_be_counted(cic, family):
    liam = family["liam"]
    auditor = Auditor(actor=cic)
    with at(TODAY):
        plan = plans.create_plan(auditor, liam)
        good = plans.add_action(auditor, plan, area=HealthArea.DENTAL, action=GOOD, owner="Carer",
                                due_on=datetime.date(2026, 12, 18))
        weak = plans.add_action(auditor, plan, area=HealthArea.VISION, action="Monitor", owner="", due_on=None)
    assert good.smart_issues == []
    assert len(HealthPlanAction.objects.get(pk=weak.pk).smart_issues) == 3
    assert weak_action_count(HealthPlanAction.objects.filter(plan=plan)) == 1
    assert AuditEvent.objects.filter(object_type="lac.HealthPlanAction", subject_id=str(liam.pk),
                                     action="create").count() == 2
    assert Event.objects.filter(person=liam, type="health_plan_action_added").count() == 2
    assert Event.objects.filter(person=liam, type="health_plan_created").exists()


@pytest.mark.req("R6.3")
def test_completing_an_action_clears_its_past_date_flag(cic, family):
    auditor = Auditor(actor=cic)
    with at(TODAY):
        plan = plans.create_plan(auditor, family["liam"])
        action = plans.add_action(auditor, plan, area=HealthArea.HEARING, action=GOOD, owner="Carer",
                                  due_on=datetime.date(2026, 12, 1))
    with at(datetime.date(2026, 12, 10)):
        assert "has passed" in plans.action_issues(action)[0]
        done = plans.complete_action(auditor, action, done_on=datetime.date(2026, 12, 9))
    assert done.done_on == datetime.date(2026, 12, 9) and done.smart_issues == []
    with at(datetime.date(2026, 12, 10)), pytest.raises(ValidationError, match="already marked done"):
        plans.complete_action(auditor, action, done_on=datetime.date(2026, 12, 10))


@pytest.mark.req("R6.3")
def test_bad_input_is_refused_and_nothing_is_written(cic, family, health_visitor):
    liam = family["liam"]
    auditor = Auditor(actor=cic)
    with at(TODAY):
        plan = plans.create_plan(auditor, liam)
        audit_before = AuditEvent.objects.count()
        with pytest.raises(ValidationError, match="Say what will be done"):
            plans.add_action(auditor, plan, area=HealthArea.DENTAL, action="   ", owner="Carer")
        with pytest.raises(ValidationError, match="Choose the area"):
            plans.add_action(auditor, plan, area="teeth", action=GOOD, owner="Carer")
        action = plans.add_action(auditor, plan, area=HealthArea.DENTAL, action=GOOD, owner="Carer",
                                  due_on=datetime.date(2026, 12, 1))
        with pytest.raises(ValidationError, match="cannot be in the future"):
            plans.complete_action(auditor, action, done_on=datetime.date(2026, 11, 21))
        other = HealthAssessment.objects.create(child=family["mia"], kind="rha", due_on=TODAY, due_rule="x")
        with pytest.raises(ValidationError, match="another child"):
            plans.create_plan(auditor, liam, assessment=other)
        # A children's social worker cannot write a health plan.
        social_worker = practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", Service.Kind.CHILDRENS_SOCIAL_CARE, team="CiC")
        with pytest.raises(PermissionDenied):
            plans.add_action(Auditor(actor=social_worker), plan, area=HealthArea.DENTAL, action=GOOD, owner="x")
    assert HealthPlanAction.objects.filter(plan=plan).count() == 1
    assert HealthPlan.objects.filter(child=liam).count() == 1
    assert HealthPlanAction.objects.get(pk=action.pk).done_on is None
    assert AuditEvent.objects.count() == audit_before + 1  # only the one good action


@pytest.mark.req("R6.3")
def test_the_plan_page_flags_each_weak_action_and_the_missing_areas(client, cic, family):
    liam = family["liam"]
    client.force_login(cic)
    with at(TODAY):
        response = client.post(reverse("lac:plan_start", args=[liam.pk]), {"assessment": ""})
        assert response.status_code == 302
        plan = HealthPlan.objects.get(child=liam)
        add = reverse("lac:plan_action_add", args=[liam.pk, plan.pk])
        response = client.post(add, {"area": "dental", "action": GOOD, "owner": "Carer",
                                     "due_on_0": "18", "due_on_1": "12", "due_on_2": "2026"})
        assert response.status_code == 302
        client.post(add, {"area": "vision", "action": "Monitor", "owner": ""})
        # Bad input: no words, no area, a date that is not real; nothing written.
        response = client.post(add, {"area": "", "action": "", "due_on_0": "31", "due_on_1": "2", "due_on_2": "2027"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "There is a problem" in body and "Say what will be done." in body
        assert "must be a real date" in body
        page = client.get(reverse("lac:plan", args=[liam.pk])).content.decode()
    assert HealthPlanAction.objects.filter(plan=plan).count() == 2
    assert 'data-testid="smart-issues"' in page
    assert "No owner: name the person or role" in page and "No due date" in page
    assert "1 of 2 actions not yet specific, measurable, owned and time-bound" in page
    assert "no action for immunisations and hearing" in page
    assert AuditEvent.objects.filter(action="read", subject_id=str(liam.pk), actor_username="cic").exists()


@pytest.mark.req("R6.3")
def test_a_practitioner_with_no_relationship_cannot_open_the_plan(client, family, ed_nurse):
    client.force_login(ed_nurse)
    assert client.get(reverse("lac:plan", args=[family["liam"].pk])).status_code == 403


@pytest.mark.req("R6.3")
def test_someone_who_may_read_but_not_record_sees_the_plan_but_cannot_add(client, family, council):
    liam = family["liam"]
    school_nurse = practitioner("sn", Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING, team="School nursing")
    put_on_caseload(school_nurse, liam)
    client.force_login(school_nurse)
    page = client.get(reverse("lac:plan", args=[liam.pk]))
    assert page.status_code == 200 and "Start a health plan" not in page.content.decode()
    assert client.post(reverse("lac:plan_start", args=[liam.pk]), {"assessment": ""}).status_code == 403
    assert not HealthPlan.objects.filter(child=liam).exists()
