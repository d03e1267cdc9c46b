"""The lists a practitioner comes back to stay one click from home (issue 15, dead ends): the
MASH's "MASH requests" opens the requests it sent, with their answers and the overdue; a
school nurse's or GP's service keeps its answered requests; every role that makes referrals
has "Referrals you have made" (theirs or their team's), with the outcome overdue marked."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.cast import practitioner_as
from tests.factories import PersonFactory, PractitionerFactory
from tests.home.test_home_pages import menu_hrefs
from tests.pages import text
from thinkfamily.access import permissions
from thinkfamily.core import clock
from thinkfamily.organisations.models import Practitioner
from thinkfamily.referrals.models import Concern, InformationRequest, InformationResponse, Referral, ReferralStatus

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
DAY = datetime.timedelta(days=1)


def link_of(html: str, testid: str) -> str:
    found = re.search(rf'href="([^"]+)"[^>]*data-testid="{testid}"', html)
    assert found, f"no link {testid}"
    return found.group(1)


def request_to(service, mash_worker, *, due, answered_at=None, child=None):
    request_obj = InformationRequest.objects.create(
        child=child or PersonFactory(), requested_by=mash_worker, service=service, grade="amber",
        question="What do you know of the family?", requested_at=clock.now() - 3 * DAY, due_at=due,
        answered_at=answered_at, mash=mash_worker.team.service.organisation,
    )
    return request_obj


def answer(request_obj, responder, what):
    InformationResponse.objects.create(request=request_obj, responder=responder, what_we_know=what,
                                       what_it_means_for_the_child="Low concern at school.")
    request_obj.answered_at = clock.now() - DAY
    request_obj.save(update_fields=["answered_at"])


@pytest.mark.req("R4.5")
def test_the_mashs_menu_and_home_open_the_requests_it_sent_with_their_answers_and_the_overdue(
        client, mash_worker, health_visitor, gp):
    now = clock.now()
    overdue = request_to(health_visitor.team.service, mash_worker, due=now - DAY)
    waiting = request_to(gp.team.service, mash_worker, due=now + DAY)
    answered = request_to(gp.team.service, mash_worker, due=now + DAY)
    answer(answered, gp, "Seen twice this year for asthma; mother anxious.")
    client.force_login(mash_worker)
    home = client.get(reverse("home")).content.decode()
    sent_list = reverse("referrals:mash_sent_requests")
    assert sent_list in menu_hrefs(home)
    assert link_of(home, "mash-sent-requests-link") == sent_list
    assert reverse("referrals:mash_requests") not in menu_hrefs(home)  # the receiving services' page
    html = client.get(sent_list).content.decode()
    sections = {testid: re.findall(r'data-request-id="(\d+)"', html.split(f'data-testid="{testid}"')[1].split(
        "</table>")[0]) for testid in ["overdue-requests", "waiting-requests", "answered-requests"]}
    assert sections == {"overdue-requests": [str(overdue.pk)], "waiting-requests": [str(waiting.pk)],
                        "answered-requests": [str(answered.pk)]}
    # The answer reads from there; and the receiving services' list sends the MASH to its own.
    assert "Seen twice this year for asthma" in text(client.get(reverse("referrals:mash_request",
                                                                        args=[answered.pk])))
    assert client.get(reverse("referrals:mash_requests"))["Location"] == sent_list


@pytest.mark.req("R4.5")
def test_another_councils_mash_does_not_see_the_requests(client, mash_worker, other_area_mash_worker, gp):
    request_to(gp.team.service, mash_worker, due=clock.now() - DAY)
    client.force_login(other_area_mash_worker)
    html = client.get(reverse("referrals:mash_sent_requests")).content.decode()
    assert 'data-testid="none-overdue"' in html and "data-request-id" not in html


@pytest.mark.req("R4.5")
@pytest.mark.parametrize("role", [Role.SCHOOL_NURSE, Role.GP])
def test_a_service_keeps_its_answered_requests_and_their_answers(client, mash_worker, role):
    nurse_or_gp = practitioner_as(role)
    answered = request_to(nurse_or_gp.team.service, mash_worker, due=clock.now() + DAY)
    answer(answered, nurse_or_gp, "Known to us since reception class.")
    client.force_login(nurse_or_gp)
    home = client.get(reverse("home")).content.decode()
    assert "0 to answer" in text(home) and "1 answered" in text(home)
    answered_link = link_of(home, "answered-requests-link")
    assert answered_link == reverse("referrals:mash_requests") + "#answered"
    assert reverse("referrals:mash_requests") in menu_hrefs(home)
    listed = client.get(answered_link.split("#")[0]).content.decode()
    assert f'data-request-id="{answered.pk}"' in listed.split('id="answered"')[1]
    page = text(client.get(reverse("referrals:mash_request", args=[answered.pk])))
    assert "Known to us since reception class." in page


def referral(referrer, mash_worker, *, outcome="", due, sent=True, name="Child"):
    now = clock.now()
    child = PersonFactory(given_name=name, family_name="Referred")
    concern = Concern.objects.create(child=child, recorded_by=referrer, service=referrer.team.service,
                                     recorded_at=now - 2 * DAY, description="x")
    made = Referral.objects.create(
        concern=concern, child=child, referrer=referrer, referrer_service=referrer.team.service,
        referrer_team=referrer.team, mash=mash_worker.team.service.organisation, sent_at=now - DAY if sent else None,
        outcome=outcome, decision_due_at=due if sent else None,
    )
    status = ReferralStatus.Status.SENT if sent else ReferralStatus.Status.DRAFT
    ReferralStatus.objects.create(referral=made, status=status, created_by=referrer)
    if outcome:
        ReferralStatus.objects.create(referral=made, status=ReferralStatus.Status.OUTCOME_RECORDED,
                                      created_by=mash_worker)
    return made


def rows_of(html: str) -> list[str]:
    return [text(row) for row in re.findall(r'<tr[^>]*data-testid="referral-row">(.*?)</tr>',
                                            html, re.S)]


@pytest.mark.req("R4.4")
@pytest.mark.parametrize("role", [Role.HEALTH_VISITOR, Role.SCHOOL_NURSE, Role.GP, Role.ED_NURSE, Role.WARD_MANAGER,
                                  Role.MASH_SOCIAL_WORKER])
def test_every_referrer_reaches_referrals_they_have_made_with_the_overdue_outcome(client, mash_worker, role):
    referrer = practitioner_as(role)
    assert permissions.may(referrer, "referrals.see_sent")
    now = clock.now()
    overdue = referral(referrer, mash_worker, due=now - DAY, name="Overdue")
    decided = referral(referrer, mash_worker, outcome="early_help", due=now - DAY, name="Decided")
    draft = referral(referrer, mash_worker, due=None, sent=False, name="Drafted")
    client.force_login(referrer)
    home = client.get(reverse("home")).content.decode()
    assert "Referrals you have made" in text(home)
    assert "1 outcome overdue" in text(home) and "1 not sent" in text(home)
    listed = client.get(link_of(home, "sent-link"))
    html = listed.content.decode()
    assert "<h1>Referrals you have made</h1>" in html
    rows = rows_of(html)
    assert len(rows) == 3
    assert "Not sent" in rows[0] and reverse("referrals:edit", args=[draft.pk]) in html  # drafts first
    (overdue_row,) = [row for row in rows if "Overdue" in row]
    assert overdue.child.full_name in overdue_row and "Not chased yet" in overdue_row
    (decided_row,) = [row for row in rows if "Early help" in row]
    assert decided.child.full_name in decided_row and "Overdue" not in decided_row


@pytest.mark.req("R4.4")
def test_the_teams_referrals_are_listed_and_open_only_where_the_user_is_a_party(client, health_visitor, mash_worker):
    colleague = PractitionerFactory(role=Role.HEALTH_VISITOR, team=health_visitor.team, first_name="Carol")
    elsewhere = practitioner_as(Role.HEALTH_VISITOR, "hv_elsewhere")
    mine = referral(health_visitor, mash_worker, due=clock.now() + DAY, name="Mine")
    theirs = referral(colleague, mash_worker, due=clock.now() - DAY, name="Theirs")
    other_team = referral(elsewhere, mash_worker, due=clock.now() + DAY, name="Elsewhere")
    colleagues_draft = referral(colleague, mash_worker, due=None, sent=False, name="Drafted")
    client.force_login(health_visitor)
    url = reverse("referrals:sent")
    mine_only = client.get(url).content.decode()
    assert theirs.child.full_name not in mine_only and mine.child.full_name in mine_only
    team = client.get(url, {"whose": "team"}).content.decode()
    names = " ".join(rows_of(team))
    assert mine.child.full_name in names and theirs.child.full_name in names and "Carol" in names
    assert other_team.child.full_name not in names and colleagues_draft.child.full_name not in names
    assert reverse("referrals:detail", args=[mine.pk]) in team
    assert reverse("referrals:detail", args=[theirs.pk]) not in team  # not a party to her colleague's
    assert client.get(url, {"whose": "everyone"}).status_code == 400
