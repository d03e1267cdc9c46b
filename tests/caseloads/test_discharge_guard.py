"""The discharge guard (R4.3, §3.15): a child is not discharged from a team's caseload while
a referral its service sent to the MASH has no known outcome, unless a manager overrides
with a reason, which is kept with the referral and audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.pages import text
from tests.referrals import scenes
from tests.referrals.scenes import at, decide, sent_referral
from thinkfamily.access.permissions import NotPermitted
from thinkfamily.chronology.models import Event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import CaseloadMembership
from thinkfamily.referrals.models import DischargeOverride
from thinkfamily.referrals.services import discharge as services

pytestmark = [pytest.mark.django_db, pytest.mark.req("R4.3")]

DISCHARGE_DAY = datetime.date(2026, 11, 20)
GUARD = (
    "Liam has a referral to the MASH sent on 19 November 2026 whose outcome is not known: chase it, or ask a "
    "manager to override with a reason."
)


@pytest.fixture
def world(family, ed_nurse, council):
    """The referral scene: Emma refers Liam from Southport ED (tests.referrals.scenes)."""
    return scenes.referral_world(family, ed_nurse, council)


@pytest.fixture
def on_caseload(world):
    nurse = world["nurse"]
    return CaseloadMembership.objects.create(
        person=world["liam"], practitioner=nurse, team=nurse.team, start_date=datetime.date(2026, 1, 5)
    )


@pytest.fixture
def open_referral(world, on_caseload):
    return sent_referral(world, concern_at=at(2026, 11, 19, 9))


def test_discharge_is_refused_while_the_outcome_of_a_referral_is_unknown(world, on_caseload, open_referral):
    with pytest.raises(ValidationError) as refused:
        services.discharge(Auditor(world["nurse"]), world["liam"], world["nurse"].team, DISCHARGE_DAY)
    assert refused.value.message_dict == {"override_reason": [GUARD]}
    on_caseload.refresh_from_db()
    assert on_caseload.end_date is None
    assert not DischargeOverride.objects.exists()


def test_a_practitioner_who_is_not_a_manager_cannot_override(world, on_caseload, open_referral):
    with pytest.raises(NotPermitted, match="Only the team's ward manager or a safeguarding lead can discharge before"):
        services.discharge(
            Auditor(world["nurse"]), world["liam"], world["nurse"].team, DISCHARGE_DAY, override_reason="Going home"
        )
    on_caseload.refresh_from_db()
    assert on_caseload.end_date is None
    assert not DischargeOverride.objects.exists()


def test_the_ward_manager_overrides_with_a_reason_which_is_kept_and_audited(world, on_caseload, open_referral):
    manager, liam, team = world["ward_manager"], world["liam"], world["nurse"].team
    with pytest.raises(ValidationError) as no_reason:
        services.discharge(Auditor(manager), liam, team, DISCHARGE_DAY, override_reason="  ")
    assert no_reason.value.message_dict == {"override_reason": [GUARD]}
    reason = "Medically fit; MASH duty manager says the strategy discussion is today and will ring us."
    (override,) = services.discharge(Auditor(manager), liam, team, DISCHARGE_DAY, override_reason=reason)
    assert (override.referral, override.manager, override.team, override.reason) == (
        open_referral,
        manager,
        team,
        reason,
    )
    on_caseload.refresh_from_db()
    assert on_caseload.end_date == DISCHARGE_DAY
    audit = AuditEvent.objects.get(object_type="referrals.DischargeOverride", action="create")
    assert audit.actor == manager and audit.subject_id == str(liam.pk)
    assert AuditEvent.objects.filter(object_type="organisations.CaseloadMembership", action="write").exists()
    event = Event.objects.get(person=liam, type="caseload_discharge")
    assert "overriding the discharge guard" in event.summary and reason in event.summary


def test_the_trusts_safeguarding_lead_may_override_and_another_wards_manager_may_not(world, on_caseload, open_referral):
    liam, team = world["liam"], world["nurse"].team
    with pytest.raises(NotPermitted, match="Only a member of the team or its manager"):
        services.discharge(Auditor(world["other_manager"]), liam, team, DISCHARGE_DAY, override_reason="Fit")
    services.discharge(Auditor(world["lead"]), liam, team, DISCHARGE_DAY, override_reason="Agreed with the MASH")
    assert DischargeOverride.objects.get().manager == world["lead"]


def test_discharge_goes_ahead_once_the_outcome_is_known(world, on_caseload, open_referral):
    decide(world, open_referral)
    assert services.discharge(Auditor(world["nurse"]), world["liam"], world["nurse"].team, DISCHARGE_DAY) == []
    on_caseload.refresh_from_db()
    assert on_caseload.end_date == DISCHARGE_DAY
    assert not DischargeOverride.objects.exists()


def test_a_referral_by_another_service_does_not_hold_this_teams_discharge(world, on_caseload):
    sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 11, 19, 9))
    services.discharge(Auditor(world["nurse"]), world["liam"], world["nurse"].team, DISCHARGE_DAY)
    on_caseload.refresh_from_db()
    assert on_caseload.end_date == DISCHARGE_DAY


def test_the_discharge_page_shows_the_guard_and_refuses_the_nurse(client, world, on_caseload, open_referral):
    """The nurse is offered "Chase the outcome", not a discharge button that would fail; a
    discharge sent anyway is refused with what to do, and nothing is written."""
    liam, team = world["liam"], world["nurse"].team
    client.force_login(world["nurse"])
    record = text(client.get(reverse("people:record", args=[liam.pk])))
    assert "Discharge from my team's caseload" in record
    url = reverse("referrals:discharge", args=[liam.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "Outcome of a referral not known" in text(page)
    assert "override_reason" not in html and 'data-testid="discharge-form"' not in html
    assert reverse("referrals:chase", args=[open_referral.pk]) in html and "Chase the outcome" in text(page)
    assert "Only the ward manager or a safeguarding lead can discharge Liam before the outcome is known" in text(page)
    form = {"team": team.pk, "on_0": "20", "on_1": "11", "on_2": "2026"}
    refused = client.post(url, form)
    assert refused.status_code == 403
    assert "Only the team's ward manager or a safeguarding lead can discharge before the outcome" in text(refused)
    on_caseload.refresh_from_db()
    assert on_caseload.end_date is None
    assert not DischargeOverride.objects.exists()


def test_the_manager_overrides_on_the_discharge_page(client, world, on_caseload, open_referral):
    liam, team = world["liam"], world["nurse"].team
    client.force_login(world["ward_manager"])
    url = reverse("referrals:discharge", args=[liam.pk])
    assert "override_reason" in client.get(url).content.decode()
    form = {"team": team.pk, "on_0": "20", "on_1": "11", "on_2": "2026", "override_reason": "Fit to go home"}
    response = client.post(url, form)
    assert response.status_code == 302
    assert DischargeOverride.objects.get().reason == "Fit to go home"
    client.force_login(world["nurse"])
    page = text(client.get(reverse("referrals:detail", args=[open_referral.pk])))
    assert "Discharged before the outcome was known" in page and "Reason: Fit to go home" in page


def test_someone_whose_team_does_not_hold_the_child_is_told_so(client, world):
    client.force_login(world["nurse"])
    page = text(client.get(reverse("referrals:discharge", args=[world["liam"].pk])))
    assert "Liam James Roberts is not on your team's caseload." in page
