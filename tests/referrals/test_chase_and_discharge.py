"""No dead ends around a referral (issue 15): "Chase the outcome" is a real action (the MASH
is told who asks, the chase is kept on the referral, in the chronology and the audit, once
however often the button is pressed); discharge is offered only to those who may do it; the
check page tells each referrer who sees a weak referral; a referral's breadcrumb leads to the
list its reader came from."""

import re

import pytest
from django.urls import reverse

from tests.cast import practitioner, practitioner_as
from tests.pages import text
from tests.pages import text as html_text
from tests.referrals.scenes import at, near, raise_referral, sent_referral
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import CaseloadMembership, Practitioner, Service
from thinkfamily.referrals.services import lifecycle

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
CHASES = Notification.objects.filter(cause=Notification.Cause.REFERRAL_CHASE)


def chase(client, referral, *, seen="", back="discharge"):
    return client.post(reverse("referrals:chase", args=[referral.pk]), {"seen": seen, "back": back})


def chase_token(client, url) -> str:
    """The last chase the page shows, as its "Chase the outcome" form sends it back."""
    found = re.search(r'name="seen" value="([^"]*)"', client.get(url).content.decode())
    assert found, "the page offers no 'Chase the outcome'"
    return found.group(1)


@pytest.fixture
def on_caseload(world):
    nurse = world["nurse"]
    CaseloadMembership.objects.create(person=world["liam"], practitioner=nurse, team=nurse.team,
                                      start_date=at(2026, 1, 5).date())


@pytest.mark.req("R4.3")
def test_chasing_the_outcome_tells_the_mash_keeps_the_chase_and_a_second_press_writes_nothing(
        client, world, on_caseload):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9))
    nurse, liam = world["nurse"], world["liam"]
    client.force_login(nurse)
    discharge_url = reverse("referrals:discharge", args=[liam.pk])
    with clock.travel_to(at(2026, 11, 24, 11)):
        seen = chase_token(client, discharge_url)
        assert "Not chased yet" in text(client.get(discharge_url))
        response = chase(client, referral, seen=seen)
        assert response.status_code == 302 and response["Location"] == discharge_url
        # The same form sent again (a double click, the back button): nothing more is written.
        again = chase(client, referral, seen=seen)
        assert again.status_code == 302
    referral.refresh_from_db()
    assert near(referral.chased_at, at(2026, 11, 24, 11))
    (told,) = CHASES.filter(recipient=world["mash"])
    assert told.sender == nurse and told.link == reverse("referrals:detail", args=[referral.pk])
    assert told.message.startswith("Emma Nurse (Southport ED) asks for the outcome of the referral about Liam")
    assert CHASES.count() == 1
    (event,) = Event.objects.filter(person=liam, type="referral_chased")
    assert event.author == nurse and "chased by Emma Nurse" in event.summary
    chase_writes = AuditEvent.objects.filter(object_type="referrals.Referral", action="write", actor=nurse,
                                             object_id=str(referral.pk), fields=["chased_at"])
    assert chase_writes.count() == 1
    page = text(client.get(discharge_url))
    assert "Outcome chased 24 November 2026" in page
    # What each press came to, said on the page it went back to.
    assert "Sefton Council MASH has been asked for the outcome of the referral about Liam" in page
    assert "The outcome was already chased on 24 November 2026" in page


@pytest.mark.req("R4.3")
def test_the_referrer_chases_from_the_referral_and_is_told_when_someone_else_was_first(client, world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9))
    detail = reverse("referrals:detail", args=[referral.pk])
    client.force_login(world["nurse"])
    with clock.travel_to(at(2026, 11, 24, 11)):
        stale = chase_token(client, detail)
        lifecycle.chase_outcome(lifecycle.Auditor(world["ward_manager"]), referral, seen_chased_at=None)
        response = chase(client, referral, seen=stale, back="referral")
    assert response["Location"] == detail
    assert CHASES.filter(recipient=world["mash"]).count() == 1  # the manager's chase only
    page = text(client.get(detail))
    assert "The outcome was already chased on 24 November 2026" in page and "Outcome chased 24 November" in page


@pytest.mark.req("R4.3")
def test_the_mash_and_another_service_cannot_chase_and_an_outcome_is_not_chased(client, world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9))
    for outsider in [world["mash"], world["other_nurse"]]:
        client.force_login(outsider)
        assert chase(client, referral).status_code == 403
    client.force_login(world["mash"])
    assert "Chase the outcome" not in text(client.get(reverse("referrals:detail", args=[referral.pk])))
    referral.refresh_from_db()
    assert referral.chased_at is None and not CHASES.exists()


@pytest.mark.req("R4.3")
def test_a_chase_by_hand_before_the_deadline_leaves_the_deadlines_own_chase(world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9), sent_at=at(2026, 11, 19, 10))
    with clock.travel_to(at(2026, 11, 20, 9)):  # before its decision deadline (20 November, 23:59)
        lifecycle.chase_outcome(lifecycle.Auditor(world["nurse"]), referral, seen_chased_at=None)
    with clock.travel_to(at(2026, 11, 23, 9)):
        assert lifecycle.chase_missing_outcomes() == 1
        assert lifecycle.chase_missing_outcomes() == 0


@pytest.mark.req("R4.3")
@pytest.mark.parametrize("who, offered", [("nurse", False), ("ward_manager", True), ("lead", True)])
def test_discharge_is_offered_only_to_who_may_discharge_before_the_outcome(client, world, on_caseload, who, offered):
    sent_referral(world, concern_at=at(2026, 11, 19, 9))
    client.force_login(world[who])
    html = client.get(reverse("referrals:discharge", args=[world["liam"].pk])).content.decode()
    assert ('data-testid="discharge-form"' in html) is offered
    assert ("override_reason" in html) is offered
    assert ('data-testid="ask-a-manager"' in html) is not offered


@pytest.mark.req("R4.3")
def test_a_non_manager_discharges_as_usual_once_nothing_holds_it_up(client, world, on_caseload):
    client.force_login(world["nurse"])
    html = client.get(reverse("referrals:discharge", args=[world["liam"].pk])).content.decode()
    assert 'data-testid="discharge-form"' in html and "override_reason" not in html
    assert 'data-testid="discharge-guard"' not in html


# The check page: who sees a weak referral -------------------------------------------------


def weak_kept_sentence(client, referrer, child) -> str:
    referral = raise_referral(referrer, child, when=clock.now(), presenting_concern="Mother drunk at the door.",
                              risk_to_child="", impact_on_child="", voice_of_child="")
    client.force_login(referrer)
    html = client.get(reverse("referrals:check", args=[referral.pk])).content.decode()
    found = re.search(r'data-testid="weak-kept">(.*?)</p>', html, re.S)
    assert found, "the referral is not weak"
    return html_text(found.group(1))


@pytest.mark.req("R4.4")
def test_the_check_page_tells_each_referrer_who_sees_a_weak_referral(client, world):
    liam, trust = world["liam"], world["trust"]
    # An ED nurse: her ward has a manager, and the trust a safeguarding lead.
    said = weak_kept_sentence(client, world["nurse"], liam)
    assert "counted on your ward's view, which your ward manager and your organisation's safeguarding lead see" in said
    # A community nurse of the same trust: no ward view, the trust's lead sees it.
    community = practitioner("cn", Role.SCHOOL_NURSE, trust, Service.Kind.SCHOOL_NURSING, team="Crosby school nurses")
    said = weak_kept_sentence(client, community, liam)
    assert "ward" not in said
    assert "seen by the MASH and by your organisation's safeguarding lead" in said
    # A GP of a practice with no safeguarding lead of that role: the MASH.
    gp = practitioner_as(Role.GP, "gp_alone")
    said = weak_kept_sentence(client, gp, liam)
    assert "ward" not in said and "safeguarding lead" not in said and "seen by the MASH." in said


# Breadcrumbs: back to the list the referral was reached from ----------------------------


def crumbs(html: str) -> list[str]:
    nav = html[html.index('class="nhsuk-breadcrumb'):]
    # The NHS breadcrumb repeats its last item as the back link shown on a phone.
    return list(dict.fromkeys(re.findall(r'href="([^"]+)"', nav[: nav.index("</nav>")])))


@pytest.mark.req("R4.2")
def test_a_referrals_breadcrumb_leads_to_the_list_its_reader_came_from(client, world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9))
    detail = reverse("referrals:detail", args=[referral.pk])
    for who, parent in [("mash", "referrals:mash_queue"), ("nurse", "referrals:sent"),
                        ("ward_manager", "referrals:ward"), ("lead", "referrals:ward")]:
        client.force_login(world[who])
        trail = crumbs(client.get(detail).content.decode())
        assert trail[-1] == reverse(parent), who
        assert reverse("find") not in trail, who
    draft = raise_referral(world["nurse"], world["liam"], when=clock.now(), presenting_concern="x")
    client.force_login(world["nurse"])
    trail = crumbs(client.get(reverse("referrals:edit", args=[draft.pk])).content.decode())
    assert trail[1:] == [reverse("referrals:sent"), reverse("referrals:detail", args=[draft.pk])]
