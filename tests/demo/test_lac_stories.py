"""The demo's looked-after children's health stories (thinkfamily.demo.lac_stories): after
``seed_demo`` the demo children-in-care nurse finds Jade's health plan, with exactly its
generic action flagged by the SMART check, her immunisations, asthma and family history, and
Keira's released health passport with its PDF; the same rows on every seed and size, and
``delete_people`` removes them."""

import datetime
import json
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.pages import text
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.demo.generator.population import delete_people
from thinkfamily.lac.models import (
    FamilyHealthHistory,
    HealthAssessment,
    HealthCondition,
    HealthPassport,
    HealthPlan,
    HealthPlanAction,
    Immunisation,
)
from thinkfamily.lac.services import passport, plans
from thinkfamily.organisations.models import Practitioner
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import LegalStatus, LegalStatusEntry, Person

LONDON = zoneinfo.ZoneInfo("Europe/London")
# The Monday after the demo's anchor date (1 November 2026).
MONDAY = datetime.datetime(2026, 11, 2, 10, tzinfo=LONDON)
GENERIC = "Continue to monitor emotional health"


def seed(children, seed_value):
    call_command("seed_demo", children=children, seed=seed_value, verbosity=0)


def featured(name) -> Person:
    return Person.objects.get(pk=FEATURED_IDS[name])


def as_nurse(client):
    nurse = Practitioner.objects.get(username="cic.demo")
    client.force_login(nurse)
    return nurse


def story_rows():
    """Every row the stories write, without database keys or bookkeeping timestamps."""
    return (
        sorted((p.child.full_name, p.assessment.kind, p.assessment.seen_on, p.created_at, p.created_by.username)
               for p in HealthPlan.objects.select_related("child", "assessment", "created_by")),
        sorted((a.plan.child.full_name, a.area, a.action, a.owner, a.due_on, a.done_on, json.dumps(a.smart_issues))
               for a in HealthPlanAction.objects.select_related("plan__child")),
        sorted((i.child.full_name, i.vaccine, i.given_on, i.recorded_by.username)
               for i in Immunisation.objects.select_related("child", "recorded_by")),
        sorted((c.child.full_name, c.name, c.since, c.ended_on, c.notes)
               for c in HealthCondition.objects.select_related("child")),
        sorted((f.child.full_name, f.relative, f.condition, f.details, f.may_share_with_young_person, f.source)
               for f in FamilyHealthHistory.objects.select_related("child")),
        sorted((p.child.full_name, json.dumps(p.content, sort_keys=True), p.created_at, p.reviewed_by.username,
                p.review_note, p.released_by.username, p.released_at.date())
               for p in HealthPassport.objects.select_related("child", "reviewed_by", "released_by")),
        sorted((a.kind, a.due_on, a.seen_on, a.completed_on, a.closed_on, a.closed_reason, a.steps.count())
               for a in HealthAssessment.objects.filter(child_id=FEATURED_IDS["Keira Molloy"])),
    )


@pytest.mark.req("R6.3")
def test_jades_health_plan_covers_the_required_areas_and_flags_exactly_the_generic_action(client, db):
    seed(40, 3)
    jade = featured("Jade Taylor")

    [plan] = HealthPlan.objects.filter(child=jade)
    latest = HealthAssessment.objects.filter(child=jade, completed_on__isnull=False).latest("completed_on")
    assert plan.assessment == latest and latest.kind == HealthAssessment.Kind.REVIEW
    assert plan.created_by.username == "cic.demo"
    actions = list(plan.actions.all())
    assert [a.action for a in actions if a.smart_issues] == [GENERIC]  # as saved
    with clock.travel_to(MONDAY):
        assert [a.action for a in actions if plans.action_issues(a)] == [GENERIC]  # as the page shows it
        [generic] = [a for a in actions if a.action == GENERIC]
        issues = plans.action_issues(generic)
        assert len(issues) == 3 and "not specific or measurable" in issues[0]
        assert issues[1].startswith("No owner") and issues[2].startswith("No due date")
        assert plans.plan_issues(plan) == []  # dental, immunisations, vision and hearing
        assert [(a.area, a.done_on) for a in actions if a.done_on] == [("dental", datetime.date(2026, 4, 14))]
        assert all(a.owner and a.due_on for a in actions if a.action != GENERIC)

        as_nurse(client)
        page = text(client.get(reverse("lac:plan", args=[jade.pk])))
    assert "1 of 6 actions not yet specific, measurable, owned and time-bound." in page
    assert "Covers dental health, immunisations, vision and hearing" in page
    assert "Started 20 February 2026" in page
    assert "Done 14 April 2026" in page


@pytest.mark.req("R6.6")
def test_jades_immunisations_condition_and_family_history_are_on_her_pages(client, db):
    seed(40, 3)
    jade = featured("Jade Taylor")

    assert Immunisation.objects.filter(child=jade).count() == 6
    assert list(HealthCondition.objects.filter(child=jade).values_list("name", flat=True)) == ["Asthma"]
    history = FamilyHealthHistory.objects.filter(child=jade)
    assert sorted(history.values_list("relative", "may_share_with_young_person")) == [
        ("father", False), ("mother", True)]

    with clock.travel_to(MONDAY):
        as_nurse(client)
        iha = HealthAssessment.objects.get(child=jade, kind=HealthAssessment.Kind.INITIAL)
        assessment_page = text(client.get(reverse("lac:assessment", args=[iha.pk])))
        passport_page = text(client.get(reverse("lac:passport", args=[jade.pk])))
    assert "Depression and anxiety" in assessment_page and "Schizophrenia" in assessment_page
    assert "MMR second dose" in passport_page and "Asthma" in passport_page
    assert "A health passport is prepared for a young person approaching 18" in passport_page  # she is 14


@pytest.mark.req("R6.6")
def test_the_care_leavers_passport_is_released_and_its_pdf_builds(client, db):
    seed(40, 3)
    keira = featured("Keira Molloy")

    with clock.travel_to(MONDAY):
        statuses = current_legal_statuses(LegalStatusEntry.objects.in_force().filter(person=keira))
        assert [s.status for s in statuses] == [LegalStatus.CARE_LEAVER]
        assert passport.eligibility(keira) == ""
    [released] = HealthPassport.objects.filter(child=keira)
    assert (released.generated_by.username, released.reviewed_by.username, released.released_by.username) == (
        "cic.demo", "cic.demo", "cic.demo")
    assert released.released_at.date() == datetime.date(2026, 10, 22)
    content = released.content
    assert [h["what"] for h in content["health_history"]] == [
        "Initial health assessment", *["Review health assessment"] * 3]
    assert len(content["immunisations"]) == 9
    assert [c["name"] for c in content["conditions"]] == ["Type 1 diabetes", "Anxiety"]
    # Only the family history she may be told: not her father's, which she may not.
    assert sorted(f["condition"] for f in content["family_history"]) == ["Breast cancer", "Depression"]
    assert FamilyHealthHistory.objects.filter(child=keira, may_share_with_young_person=False).count() == 1
    assert [c["role"] for c in content["contacts"]] == ["GP practice", "Children in care health team"]
    # Leaving care closed the review that was next due.
    closed = HealthAssessment.objects.get(child=keira, closed_on__isnull=False)
    assert closed.closed_on == datetime.date(2026, 6, 1) and not HealthAssessment.objects.open().filter(child=keira)

    with clock.travel_to(MONDAY):
        nurse = as_nurse(client)
        response = client.get(reverse("lac:passport", args=[keira.pk]))
        page = text(response)
        assert 'data-testid="passport-pdf"' in response.content.decode() and "Released 22 October 2026" in page
        assert "Passport prepared 19 October 2026" in page and "Bipolar disorder" not in page
        assert "Breast cancer" in page and "Type 1 diabetes" in page
        pdf = client.get(reverse("lac:passport_pdf", args=[keira.pk, released.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert passport.download_pdf(Auditor(nurse), released).startswith(b"%PDF")


@pytest.mark.req("R10.5")
def test_the_stories_are_the_same_on_every_seed_and_size_and_delete_removes_them(db):
    seed(20, 1)
    first = story_rows()
    assert [len(rows) for rows in first] == [1, 6, 15, 3, 5, 1, 5]
    delete_people()
    assert not any(model.objects.exists() for model in (HealthPlan, HealthPlanAction, Immunisation, HealthCondition,
                                                        FamilyHealthHistory, HealthPassport, HealthAssessment))

    seed(20, 1)
    assert story_rows() == first
    delete_people()

    seed(60, 2)
    assert story_rows() == first
