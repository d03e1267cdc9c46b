"""Concerns that never become referrals (issue 14, R4.2): a concern written in a case note is due
a decision within the local number of working days (health.referral_delay); undecided past it,
it is on the recorder's home page and on the safeguarding lead's list, counted on the referrals
dashboard, until a decision is recorded, once, by someone who may."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.pages import text
from tests.referrals.concern_scene import CONCERN, concern_world, note_with_concern
from tests.referrals.scenes import GOOD, at, send
from thinkfamily.access.permissions import NotPermitted
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.models import AuditEvent
from thinkfamily.referrals.models import Concern, ConcernDecision
from thinkfamily.referrals.services import concerns, lifecycle

pytestmark = pytest.mark.django_db
LIST = reverse("referrals:concerns")


@pytest.fixture
def world(family, health_visitor, safeguarding_lead):
    return concern_world(family, health_visitor, safeguarding_lead)


def on_leads_list(client, world, when, concern) -> bool:
    client.force_login(world["lead"])
    with clock.travel_to(when):
        page = client.get(LIST).content.decode()
    return reverse("referrals:concern", args=[concern.pk]) in page


def on_home_page(client, world, when, concern) -> bool:
    """In the home page's list of the user's concerns past their decision date."""
    client.force_login(world["hv"])
    with clock.travel_to(when):
        page = client.get("/").content.decode()
    if 'data-testid="concerns-home"' not in page:
        return False
    return reverse("referrals:concern", args=[concern.pk]) in page[page.index('data-testid="concerns-home"'):]


@pytest.mark.req("R4.2")
@pytest.mark.parametrize("shape", ["liam", "unborn", "seventeen"])
def test_an_undecided_concern_is_on_the_leads_list_after_the_working_days_not_before(client, world, shape):
    # Friday afternoon: one working day is Monday, so the decision is due by Monday's end.
    concern = note_with_concern(world, world[shape], at(2026, 11, 20, 15))
    assert not on_leads_list(client, world, at(2026, 11, 21, 10), concern)  # Saturday
    assert not on_leads_list(client, world, at(2026, 11, 23, 18), concern)  # Monday evening
    assert not on_home_page(client, world, at(2026, 11, 23, 18), concern)
    assert on_leads_list(client, world, at(2026, 11, 24, 9), concern)  # Tuesday morning
    assert on_home_page(client, world, at(2026, 11, 24, 9), concern)
    record = client.get(reverse("people:record", args=[world[shape].pk])).content.decode()
    assert reverse("referrals:concern", args=[concern.pk]) in record  # and on the child's record, for her
    client.force_login(world["lead"])
    with clock.travel_to(at(2026, 11, 24, 9)):
        page = text(client.get(LIST))
    assert world[shape].full_name in page and "Overdue" in page and "A case note" in page


@pytest.mark.req("R4.2")
def test_over_christmas_the_bank_holidays_do_not_count(client, world):
    # Thursday 24 December 2026: Christmas Day, the weekend and Boxing Day (observed Monday 28th).
    concern = note_with_concern(world, world["liam"], at(2026, 12, 24, 11))
    assert not on_leads_list(client, world, at(2026, 12, 29, 17), concern)
    assert on_leads_list(client, world, at(2026, 12, 30, 9), concern)


@pytest.mark.req("R4.2")
def test_a_changed_local_setting_moves_the_decision_date_of_concerns_recorded_after_it(client, world):
    with clock.travel_to(at(2026, 11, 13, 9)):
        timescales.change_local_setting(Auditor(world["lead"]), "health.referral_delay", 3,
                                        effective_from=at(2026, 11, 14, 0), reason="Partnership agreed 3 days")
    before = note_with_concern(world, world["liam"], at(2026, 11, 13, 10))
    after = note_with_concern(world, world["liam"], at(2026, 11, 16, 10), description="Another concern.")
    # Monday's concern is due by Thursday's end under the new setting; Friday's by Monday's end under the old.
    assert on_leads_list(client, world, at(2026, 11, 17, 9), before)
    assert not on_leads_list(client, world, at(2026, 11, 19, 18), after)
    assert on_leads_list(client, world, at(2026, 11, 20, 9), after)
    client.force_login(world["hv"])
    page = text(client.get(reverse("referrals:concern", args=[after.pk])))
    assert "within 3 working days of a concern being recorded" in page
    assert "health.referral_delay" not in page and "working days (" not in page


@pytest.mark.req("R4.2")
def test_a_decision_takes_it_off_the_list_and_the_home_page_and_goes_in_the_chronology(client, world):
    concern = note_with_concern(world, world["liam"], at(2026, 11, 20, 15))
    assert on_leads_list(client, world, at(2026, 11, 25, 9), concern)
    client.force_login(world["hv"])
    with clock.travel_to(at(2026, 11, 25, 10)):
        response = client.post(reverse("referrals:concern", args=[concern.pk]),
                               {"decision": ConcernDecision.NO_REFERRAL, "reason": "Mum has left Dean; early help "
                                                                                    "already working with the family."})
    assert response.status_code == 302
    assert not on_leads_list(client, world, at(2026, 11, 25, 11), concern)
    assert not on_home_page(client, world, at(2026, 11, 25, 11), concern)
    concern.refresh_from_db()
    assert concern.decision == ConcernDecision.NO_REFERRAL and concern.decided_by == world["hv"]
    events = list(Event.objects.filter(person=world["liam"]).values_list("type", flat=True))
    assert "concern_recorded" in events and "concern_decided" in events
    assert AuditEvent.objects.filter(object_type="referrals.Concern", action=AuditEvent.Action.WRITE).count() == 1
    page = text(client.get(reverse("referrals:concern", args=[concern.pk])))
    assert "No referral: Mum has left Dean" in page


@pytest.mark.req("R4.2")
def test_no_referral_without_a_reason_is_refused_and_nothing_is_written(client, world):
    concern = note_with_concern(world, world["liam"], at(2026, 11, 20, 15))
    with pytest.raises(ValidationError, match="Say why no referral is being made"):
        concerns.record_decision(Auditor(world["hv"]), concern, decision=ConcernDecision.NO_REFERRAL, reason="  ")
    client.force_login(world["hv"])
    response = client.post(reverse("referrals:concern", args=[concern.pk]), {"decision": ConcernDecision.NO_REFERRAL})
    assert response.status_code == 200 and "Say why no referral is being made" in text(response)
    concern.refresh_from_db()
    assert concern.decision == "" and concern.decided_at is None
    assert not Event.objects.filter(type="concern_decided").exists()
    assert not AuditEvent.objects.filter(object_type="referrals.Concern", action=AuditEvent.Action.WRITE).exists()


@pytest.mark.req("R4.2")
def test_discussed_with_the_lead_says_who_and_when(client, world):
    concern = note_with_concern(world, world["unborn"], at(2026, 11, 20, 15))
    client.force_login(world["hv"])
    with clock.travel_to(at(2026, 11, 23, 12)):
        refused = client.post(reverse("referrals:concern", args=[concern.pk]),
                              {"decision": ConcernDecision.DISCUSSED_WITH_LEAD})
        page = text(refused)
        assert "Choose the safeguarding lead" in page and "Enter the date you discussed the concern" in page
        client.post(reverse("referrals:concern", args=[concern.pk]), {
            "decision": ConcernDecision.DISCUSSED_WITH_LEAD, "discussed_with": str(world["lead"].pk),
            "discussed_on_0": "23", "discussed_on_1": "11", "discussed_on_2": "2026",
        })
    concern.refresh_from_db()
    assert (concern.discussed_with, concern.discussed_on) == (world["lead"], datetime.date(2026, 11, 23))
    assert not on_leads_list(client, world, at(2026, 11, 30, 9), concern)


@pytest.mark.req("R4.2")
@pytest.mark.parametrize("who, allowed", [("hv", True), ("manager", True), ("lead", True), ("colleague", False),
                                          ("stranger", False)])
def test_only_the_recorder_their_manager_or_the_lead_record_the_decision(client, world, who, allowed):
    concern = note_with_concern(world, world["seventeen"], at(2026, 11, 20, 15))
    client.force_login(world[who])
    response = client.post(reverse("referrals:concern", args=[concern.pk]),
                           {"decision": ConcernDecision.NO_REFERRAL, "reason": "Kayla is 17 and safe at her aunt's."})
    concern.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and concern.decision == ConcernDecision.NO_REFERRAL
        assert concern.decided_by == world[who]
    else:
        assert response.status_code == 403
        assert "Only the practitioner who recorded this concern, their team or ward manager" in text(response)
        assert concern.decision == ""
        assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSED, object_type="referrals.Concern",
                                         object_id=str(concern.pk), actor=world[who]).exists()
        with pytest.raises(NotPermitted):
            concerns.record_decision(Auditor(world[who]), concern, decision=ConcernDecision.NO_REFERRAL, reason="x")
        assert Concern.objects.get(pk=concern.pk).decision == ""


@pytest.mark.req("R4.2")
def test_a_decision_submitted_twice_is_written_once(client, world):
    concern = note_with_concern(world, world["liam"], at(2026, 11, 20, 15))
    first = Concern.objects.get(pk=concern.pk)
    second = Concern.objects.get(pk=concern.pk)  # the same page open in two windows
    concerns.record_decision(Auditor(world["hv"]), first, decision=ConcernDecision.NO_REFERRAL, reason="First.")
    with pytest.raises(AlreadyRecorded, match="already recorded by Helen Visitor"):
        concerns.record_decision(Auditor(world["lead"]), second, decision=ConcernDecision.NO_REFERRAL,
                                 reason="Second.")
    client.force_login(world["hv"])
    response = client.post(reverse("referrals:concern", args=[concern.pk]),
                           {"decision": ConcernDecision.NO_REFERRAL, "reason": "Third."}, follow=True)
    assert "already recorded" in text(response)
    concern.refresh_from_db()
    assert concern.no_referral_reason == "First."
    assert Event.objects.filter(type="concern_decided").count() == 1
    assert AuditEvent.objects.filter(object_type="referrals.Concern", action=AuditEvent.Action.WRITE).count() == 1


def test_one_decision_per_concern_is_also_the_databases_rule(world):
    concern = note_with_concern(world, world["liam"], at(2026, 11, 20, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(decision=ConcernDecision.NO_REFERRAL, decided_at=clock.now())


@pytest.mark.req("R4.2")
def test_a_referral_made_from_the_concern_decides_it_when_sent(client, world, council, mash_worker):
    world["hv"].organisation.commissioned_by.add(council)
    concern = note_with_concern(world, world["liam"], at(2026, 11, 20, 15))
    client.force_login(world["hv"])
    with clock.travel_to(at(2026, 11, 23, 9)):
        response = client.post(reverse("referrals:refer_concern", args=[concern.pk]))
        referral = concern.referral
        assert response.status_code == 302 and response.url == reverse("referrals:edit", args=[referral.pk])
        again = client.post(reverse("referrals:refer_concern", args=[concern.pk]))
        assert again.url == reverse("referrals:detail", args=[referral.pk])
    assert referral.presenting_concern == CONCERN
    assert on_leads_list(client, world, at(2026, 11, 24, 9), concern)  # a draft is not a decision

    with clock.travel_to(at(2026, 11, 24, 10)):
        lifecycle.update_draft(Auditor(world["hv"]), referral, expected_version=referral.version,
                               linked_children=[], **{**GOOD, "presenting_concern": CONCERN})
    send(world["hv"], referral, at(2026, 11, 24, 11))
    concern.refresh_from_db()
    assert concern.decision == ConcernDecision.REFERRAL_MADE and concern.decided_by == world["hv"]
    assert not on_leads_list(client, world, at(2026, 11, 25, 9), concern)


@pytest.mark.req("R4.2")
def test_the_referrals_dashboard_counts_undecided_and_overdue_concerns_and_drills_down(client, world):
    late = note_with_concern(world, world["liam"], at(2026, 11, 16, 10))
    recent = note_with_concern(world, world["unborn"], at(2026, 11, 20, 15), description="Unborn: mum using again.")
    client.force_login(world["lead"])
    with clock.travel_to(at(2026, 11, 20, 16)):
        dashboard = text(client.get(reverse("referrals:ward")))
        home = text(client.get("/"))
        undecided = client.get(LIST, {"show": "undecided"}).content.decode()
        overdue = client.get(LIST, {"show": "overdue"}).content.decode()
    assert "2 concerns awaiting a decision" in dashboard and "1 past the decision date" in dashboard
    assert "1 concern past the decision date" in home
    for concern in (late, recent):
        assert reverse("referrals:concern", args=[concern.pk]) in undecided
    assert reverse("referrals:concern", args=[late.pk]) in overdue
    assert reverse("referrals:concern", args=[recent.pk]) not in overdue
    assert reverse("people:record", args=[world["liam"].pk]) in overdue  # to the child, where the lead may open it


def test_the_list_is_for_managers_and_leads(client, world):
    client.force_login(world["hv"])
    assert client.get(LIST).status_code == 403


def test_the_list_pages_keep_what_it_shows(client, world):
    with clock.travel_to(at(2026, 11, 16, 10)):
        for number in range(26):
            concerns.record_concern(Auditor(world["hv"]), world["hv"], world["liam"], description=f"Concern {number}",
                                    source="case_note")
    client.force_login(world["lead"])
    with clock.travel_to(at(2026, 11, 20, 10)):
        page = client.get(LIST, {"show": "undecided"}).content.decode()
        assert "?show=undecided&amp;page=2" in page
        second = text(client.get(LIST, {"show": "undecided", "page": 2}))
    assert "1 concern, the longest waiting first" not in second and "26 concerns" in second


def test_the_caseload_shows_the_concern_due_for_the_child_and_overdue_once_past(client, world):
    concern = note_with_concern(world, world["liam"], at(2026, 11, 20, 15))
    client.force_login(world["hv"])
    with clock.travel_to(at(2026, 11, 23, 10)):
        before = text(client.get("/"))
    with clock.travel_to(at(2026, 11, 24, 10)):
        after = client.get("/").content.decode()
    assert "Your concern awaiting a decision" in before and "Decide by 23 November 2026" in before
    start = after.index('data-testid="caseload-table"')
    caseload = after[start:after.index("</table>", start)]
    assert reverse("referrals:concern", args=[concern.pk]) in caseload and "Overdue" in caseload
