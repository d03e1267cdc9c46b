"""Issue #5's journey in a real browser (R4.1-R4.5), given/when/then, with an axe check on
every page visited:

an ED nurse raises a referral about Liam that describes only his mother's drinking; the
quality check says the risk to Liam and the other children are missing; she completes it
and sends it; the MASH worker acknowledges it and sends a green information request to
CAMHS; CAMHS does not answer, and once the calendar has moved past the deadline and the
deadline sweep has run, the request shows as overdue on the MASH dashboard; the MASH
records an outcome; the nurse sees it; her ward manager's view counts the referral (its
quality score, its delay and its outcome).

Deadlines read the controllable clock (thinkfamily.core.clock), which the live server
shares with this test: the journey starts on Monday 23 November 2026 at 10:00 and moves to
the Monday after, when the green request (3 working days) is overdue. The sweep is run as
the worker runs it (``manage.py run_sweeps``).

A second test keeps the discharge guard in the browser: the nurse is not offered a discharge of
Liam from her team's caseload while the outcome is unknown, chases the outcome instead (the MASH
is told), and discharges him once it is recorded. Along the way the breadcrumbs lead back to
the MASH's queue and to "Referrals you have made", also one click from the nurse's home page."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.steps import axe_check, new_page, page_is, sign_in
from tests.cast import practitioner
from tests.factories import PractitionerFactory
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import ParentalResponsibility
from thinkfamily.referrals.models import Outcome
from thinkfamily.referrals.services import lifecycle as services

pytestmark = pytest.mark.browser
Role = Practitioner.Role
LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
NEXT_MONDAY = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)  # the green request was due on Thursday

ONLY_THE_MOTHERS_DRINKING = (
    "Mother attended ED intoxicated, smelling of alcohol and shouting at staff. She says she has been drinking "
    "every day since her partner left."
)


@pytest.fixture
def people(family, ed_nurse, council):
    """Liam's family (his mother Sarah holds parental responsibility; his half-sister Mia lives
    with him); Emma, an ED nurse at Southport with Liam in front of her (an open ED episode);
    Wendy, her ward manager; Marcus, a social worker in Sefton's MASH (the council commissions
    the trust); Callum at Sefton CAMHS (Alder Hey), where Liam has been seen since June; and
    Alder Hey's safeguarding lead."""
    liam, sarah = family["liam"], family["sarah"]
    ParentalResponsibility.objects.create(child=liam, holder=sarah, basis="birth_mother", start_date=liam.date_of_birth)
    ed_nurse.team.service.organisation.commissioned_by.add(council)
    # Opened an hour before the journey starts, on the clock the access rules read.
    EpisodeOfCare.objects.create(
        person=liam, service=ed_nurse.team.service, start_at=MONDAY - datetime.timedelta(hours=1)
    )
    mash = practitioner("mash", Role.MASH_SOCIAL_WORKER, council, Service.Kind.MASH, service_phone="",
                        team="Sefton MASH", first_name="Marcus", last_name="Shaw")
    ward_manager = PractitionerFactory(username="wm", role=Role.WARD_MANAGER, team=ed_nurse.team,
                                       first_name="Wendy", last_name="Manager")
    camhs = practitioner("camhs", Role.CAMHS_PRACTITIONER, "RBS", Service.Kind.CAMHS, service_name="Sefton CAMHS",
                         service_phone="", team="CAMHS Sefton", first_name="Callum", last_name="Reid")
    EpisodeOfCare.objects.create(person=liam, service=camhs.team.service, reason="low mood",
                                 start_at=datetime.datetime(2026, 6, 1, 10, tzinfo=LONDON))
    lead = practitioner("ahlead", Role.SAFEGUARDING_LEAD, "RBS", Service.Kind.SAFEGUARDING, service_name="Safeguarding",
                        service_phone="", team="Alder Hey safeguarding team", first_name="Alison", last_name="Lead")
    return {**family, "nurse": ed_nurse, "mash": mash, "ward_manager": ward_manager, "camhs": camhs, "lead": lead}


@pytest.mark.req("R4.1")
@pytest.mark.req("R4.2")
@pytest.mark.req("R4.3")
@pytest.mark.req("R4.4")
@pytest.mark.req("R4.5")
def test_a_weak_referral_is_completed_sent_enquired_into_decided_and_counted(page, browser, live_server, people):
    liam = people["liam"]

    with clock.travel_to(MONDAY):
        # Given the ED nurse is signed in with Liam in front of her
        sign_in(page, "ed")
        page.goto(f"/people/{liam.pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Liam James Roberts")
        axe_check(page)

        # When she records a concern and writes only about his mother's drinking
        page.get_by_role("link", name="Record a concern").click()
        page_is(page, "Record a concern about Liam James Roberts")
        page.get_by_label("What is your concern?").fill("Mother brought Liam to ED at 23:40, drunk and unsteady.")
        page.get_by_role("button", name="Record concern and continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Referral to the MASH about Liam James Roberts")
        expect(page.get_by_label("Mia Walsh (4), lives with Liam")).to_be_checked()
        expect(page.get_by_label("Who holds parental responsibility for Liam?")).to_have_value(
            "Sarah Roberts (birth mother)"
        )
        axe_check(page)
        page.get_by_label("Mia Walsh (4), lives with Liam").uncheck()
        page.get_by_label("What is the risk to Liam?").fill(ONLY_THE_MOTHERS_DRINKING)
        page.get_by_role("button", name="Save and check the referral").click()

        # Then the quality check says the risk to Liam and the other children are missing
        check = page.get_by_test_id("quality-check")
        expect(check).to_contain_text("The referral describes the adult's behaviour but not the risk to the child")
        expect(check).to_contain_text("Name the other children in the household: Mia Walsh (4) lives with Liam.")
        axe_check(page)

        # When she completes it and sends it
        check.get_by_role("link", name="Change the referral").click()
        page_is(page, "Referral to the MASH about Liam James Roberts")
        page.get_by_label("Mia Walsh (4), lives with Liam").check()
        page.get_by_label("What is the risk to Liam?").fill(
            "Liam is at risk of neglect and harm at night: when his mother is drunk there is no sober adult to care "
            "for Liam and Mia, and Liam says he makes his own tea. This is likely to continue: she drinks every day."
        )
        page.get_by_label("What is the impact on Liam?").fill(
            "Liam is tired and hungry at school and frightened at night."
        )
        page.get_by_label("The voice of the child").fill("Liam said: 'Mummy sleeps on the sofa and I make toast.'")
        page.get_by_label("Parental substance misuse").check()
        page.get_by_label("Level 3: child in need (targeted, statutory)").check()
        page.get_by_role("button", name="Save and check the referral").click()
        expect(page.get_by_test_id("quality-score")).to_contain_text("100 out of 100")
        axe_check(page)
        page.get_by_role("button", name="Send the referral to the MASH").click()

        # Then it is sent to the MASH, the same working day as the concern
        expect(page.get_by_test_id("referral-status")).to_have_text("Sent to the MASH")
        expect(page.get_by_test_id("referral-delay")).to_contain_text("Same working day")
        expect(page.get_by_test_id("referral-quality")).to_contain_text("100 out of 100")
        axe_check(page)
        referral_path = page.url.removeprefix(live_server.url)

        # When the MASH worker acknowledges it from the MASH's queue
        mash = new_page(browser, live_server)
        sign_in(mash, "mash")
        mash.get_by_role("link", name="Referrals").first.click()
        expect(mash.get_by_test_id("mash-queue")).to_contain_text("Liam James Roberts")
        axe_check(mash)
        mash.get_by_test_id("mash-queue").get_by_role("link", name="Liam James Roberts").click()
        page_is(mash, "Referral to the MASH about Liam James Roberts")
        mash.get_by_role("button", name="Acknowledge the referral").click()
        expect(mash.get_by_test_id("referral-status")).to_have_text("Acknowledged by the MASH")
        axe_check(mash)

        # And sends a green information request to CAMHS
        mash.get_by_role("link", name="Send MASH information requests about Liam James Roberts").click()
        expect(mash.get_by_role("heading", level=1)).to_have_text("Send MASH information requests")
        expect(mash.get_by_test_id("for-referral")).to_contain_text("the referral from Southport ED")
        axe_check(mash)
        mash.get_by_label("Sefton CAMHS, Alder Hey Children's NHS Foundation Trust").check()
        mash.get_by_label("Green: answer within 3 working days").check()
        mash.get_by_label("What the services are asked").fill(
            "Liam (7) was brought to ED by his drunk mother, who says she drinks every day. What do you know of "
            "Liam's mood and his care at home, and what does it mean for him?"
        )
        mash.get_by_role("button", name="Send requests").click()
        expect(mash.get_by_text("1 information request sent.")).to_be_visible()
        sent = mash.get_by_test_id("sent-requests").get_by_test_id("request-row")
        expect(sent).to_have_count(1)
        expect(sent).to_contain_text("Sefton CAMHS")
        expect(sent).to_contain_text("Green")
        expect(sent).to_contain_text("Open")
        axe_check(mash)
        mash.get_by_role("link", name="Back to the referral").click()
        expect(mash.get_by_test_id("referral-requests")).to_contain_text("Sefton CAMHS")
        axe_check(mash)

    # Given CAMHS has not answered, and the calendar has moved past Thursday's deadline
    with clock.travel_to(NEXT_MONDAY):
        # When the deadline sweep runs, as the worker runs it
        call_command("run_sweeps", stdout=io.StringIO())

        # Then the MASH's own list of the requests it sent shows the green request to CAMHS as overdue
        mash.goto("/")
        mash.get_by_role("link", name="MASH requests").first.click()
        page_is(mash, "Information requests your MASH has sent")
        overdue = mash.get_by_test_id("overdue-requests").get_by_test_id("request-row")
        expect(overdue).to_have_count(1)
        expect(overdue).to_contain_text("Sefton CAMHS")
        expect(mash.get_by_test_id("none-answered")).to_be_visible()

        # And so does the MASH dashboard, one link on
        mash.get_by_role("link", name="Response times by grade and service").click()
        expect(mash.get_by_role("heading", level=1)).to_have_text("MASH information requests: response times")
        green = mash.get_by_test_id("by-grade").locator('[data-key="green"]')
        expect(green.locator('[data-figure="overdue"]')).to_have_text("1")
        expect(green.locator('[data-figure="answered"]')).to_have_text("0")
        overdue = mash.get_by_test_id("overdue-requests").get_by_test_id("request-row")
        expect(overdue).to_have_count(1)
        expect(overdue).to_contain_text("Liam James Roberts")
        expect(overdue).to_contain_text("Sefton CAMHS")
        expect(overdue).to_contain_text("Overdue")
        axe_check(mash)

        # And the MASH worker has been told that it was escalated to Alder Hey's safeguarding lead
        mash.goto("/inbox/")
        expect(mash.get_by_test_id("inbox")).to_contain_text(
            "information request about Liam James Roberts to Sefton CAMHS"
        )
        expect(mash.get_by_test_id("inbox")).to_contain_text("It has been escalated to Alison Lead")
        axe_check(mash)

        # When the MASH records its decision and the outcome
        mash.goto(referral_path)
        expect(mash.get_by_test_id("referral-requests")).to_contain_text("Overdue")
        axe_check(mash)
        mash.get_by_role("link", name="Record the MASH's decision").click()
        axe_check(mash)
        mash.get_by_label("What has the MASH decided?").fill("Strategy discussion today with police and health.")
        mash.get_by_role("button", name="Save decision").click()
        expect(mash.get_by_test_id("referral-status")).to_have_text("Decision recorded")
        axe_check(mash)
        mash.get_by_role("link", name="Record the outcome").click()
        axe_check(mash)
        mash.get_by_label("Strategy discussion and section 47 enquiry").check()
        mash.get_by_role("button", name="Save outcome").click()
        expect(mash.get_by_test_id("referral-outcome")).to_contain_text("Strategy discussion and section 47 enquiry")
        axe_check(mash)
        # The breadcrumb leads back to the MASH's queue, not to "Find a person"
        mash.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Referrals received").first.click()
        page_is(mash, "Referrals received by Sefton Council MASH")
        mash.context.close()

        # Then the ED nurse sees the outcome, in her inbox and on her referral
        page.goto("/inbox/")
        expect(page.get_by_test_id("inbox")).to_contain_text(
            "Outcome of your referral about Liam James Roberts: strategy discussion and section 47 enquiry."
        )
        axe_check(page)
        page.get_by_role("link", name="Outcome of your referral about Liam James Roberts").click()
        expect(page.get_by_test_id("referral-outcome")).to_contain_text("Strategy discussion and section 47 enquiry")
        axe_check(page)

        # And the breadcrumb leads to the referrals she has made, where it is listed with its outcome
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        crumbs.get_by_role("link", name="Referrals you have made").first.click()
        page_is(page, "Referrals you have made")
        made = page.get_by_test_id("sent-referrals").get_by_test_id("referral-row")
        expect(made).to_have_count(1)
        expect(made).to_contain_text("Liam James Roberts")
        expect(made).to_contain_text("Strategy discussion and section 47 enquiry")
        # The same list is one click from her home page
        page.goto("/")
        page.get_by_test_id("sent-link").click()
        page_is(page, "Referrals you have made")

        # And her ward manager's view counts the referral: its quality score, its delay and its outcome
        manager = new_page(browser, live_server)
        sign_in(manager, "wm")
        manager.get_by_role("link", name="Referrals").first.click()
        expect(manager.get_by_role("heading", level=1)).to_have_text("Referrals raised in Southport ED")
        row = manager.get_by_test_id("ward-referrals").locator("tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Liam James Roberts")
        expect(row).to_contain_text("100 out of 100")
        expect(row).to_contain_text("Same working day")
        expect(row).to_contain_text("Strategy discussion and section 47 enquiry")
        totals = manager.get_by_test_id("ward-totals").locator("tbody td")
        # Referrals sent, median quality, weak, sent late, with an outcome
        expect(totals).to_have_text(["1", "100", "0 (0%)", "0 (0%)", "1 (100%)"])
        axe_check(manager)
        manager.context.close()


@pytest.mark.req("R4.3")
def test_the_nurse_cannot_discharge_liam_until_the_outcome_of_her_referral_is_known(page, live_server, people):
    # Given Emma has Liam on her team's caseload and has sent a referral the MASH has not decided
    liam, nurse = people["liam"], people["nurse"]
    CaseloadMembership.objects.create(person=liam, practitioner=nurse, team=nurse.team,
                                      start_date=datetime.date(2026, 1, 5))
    nurse_auditor, mash_auditor = Auditor(nurse), Auditor(people["mash"])
    referral = services.record_concern(nurse_auditor, liam, description="Mother brought Liam to ED, drunk.")
    services.update_draft(nurse_auditor, referral, expected_version=referral.version,
                          linked_children=[people["mia"]], risk_to_child="Liam is at risk of neglect at night.")
    referral.refresh_from_db()
    services.send_referral(nurse_auditor, referral, expected_version=referral.version)

    # When she goes to discharge him from her team's caseload
    sign_in(page, "ed")
    page.goto(f"/people/{liam.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Discharge from my team's caseload").click()

    # Then she is not offered a discharge that would fail: she may chase the outcome, or ask a manager
    guard = page.get_by_test_id("discharge-guard")
    expect(guard).to_contain_text("Outcome of a referral not known")
    expect(page.get_by_test_id("ask-a-manager")).to_contain_text("Only the ward manager or a safeguarding lead")
    expect(page.get_by_role("button", name="Discharge from caseload")).to_have_count(0)
    expect(guard.get_by_test_id("chased")).to_have_text("Not chased yet.")
    axe_check(page)

    # When she chases the outcome
    guard.get_by_role("button", name="Chase the outcome").click()

    # Then the MASH is told, and the page says when it was chased
    asked = "Sefton Council MASH has been asked for the outcome of the referral about Liam"
    expect(page.get_by_text(asked)).to_be_visible()
    expect(page.get_by_test_id("discharge-guard").get_by_test_id("chased")).to_contain_text("Outcome chased")
    axe_check(page)
    assert Notification.objects.filter(recipient=people["mash"], cause=Notification.Cause.REFERRAL_CHASE).count() == 1

    # When the MASH has recorded the outcome
    services.acknowledge(mash_auditor, referral)
    services.record_decision(mash_auditor, referral, decision="Early help assessment offered.")
    services.record_outcome(mash_auditor, referral, outcome=Outcome.EARLY_HELP)

    # Then she can discharge him
    page.goto(f"/people/{liam.pk}/discharge/")
    expect(page.get_by_test_id("discharge-guard")).to_have_count(0)
    axe_check(page)
    page.get_by_role("button", name="Discharge from caseload").click()
    expect(page.get_by_text("Liam James Roberts has been discharged from Southport ED's caseload.")).to_be_visible()
    axe_check(page)
    assert CaseloadMembership.objects.get(person=liam, team=nurse.team).end_date is not None
