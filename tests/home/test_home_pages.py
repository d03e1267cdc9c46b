"""Each role's home page and the menu built from what the role may do (issue 12, R10.1).

Every demo role lands on its own home page with its own sections; the menu shows an item
exactly when the permission behind its page says yes, and the page refuses (403) a role the
menu leaves it out for; a health visitor's caseload lists each person with what is due from
every module, for families of several shapes, in a constant number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import practitioner_as, put_on_caseload
from tests.factories import PersonFactory, PractitionerFactory
from tests.family_shapes import NAMED_SHAPES, build
from tests.home.due import due_for
from thinkfamily.access import permissions
from thinkfamily.core import clock
from thinkfamily.home.navigation import ITEMS, allowed_items
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.referrals.models import Concern, InformationRequest, Referral, ReferralStatus

Role = Practitioner.Role
Kind = Service.Kind
Org = Organisation.Kind

pytestmark = pytest.mark.django_db

# Each role of tests.cast.ROLE_PLACES, and the sections of its home page.
SECTIONS_OF = {
    Role.HEALTH_VISITOR: {"caseload", "service-requests-home", "sent-home"},
    Role.SCHOOL_NURSE: {"caseload", "service-requests-home", "sent-home"},
    Role.CAMHS_PRACTITIONER: {"caseload", "service-requests-home", "sent-home"},
    Role.MIDWIFE: {"caseload", "service-requests-home", "sent-home"},
    Role.SOCIAL_WORKER: {"caseload", "mash-home", "service-requests-home", "sent-home"},
    Role.MASH_SOCIAL_WORKER: {"mash-home", "sent-home"},
    # A children-in-care nurse keeps a caseload of the children she follows, beside her work list.
    Role.CIC_NURSE: {"caseload", "worklist-home", "children-in-care-home", "service-requests-home", "sent-home"},
    Role.WARD_MANAGER: {"ward-home", "service-requests-home", "sent-home"},
    Role.SAFEGUARDING_LEAD: {"children-in-care-home", "ward-home", "reviews-home", "service-requests-home",
                             "sent-home"},
    Role.GP: {"service-requests-home", "sent-home"},
    Role.ED_NURSE: {"service-requests-home", "sent-home"},
    Role.COMMISSIONER: {"dashboards-home"},
    Role.LOCAL_ADMINISTRATOR: {"area-home", "dashboards-home"},
}
SECTIONS = {"caseload", "mash-home", "worklist-home", "children-in-care-home", "ward-home", "reviews-home",
            "area-home", "service-requests-home", "sent-home", "dashboards-home"}


def sections_on(html: str) -> set:
    return set(re.findall(r'data-testid="([a-z-]+)"', html)) & SECTIONS


def menu_hrefs(html: str) -> set:
    """The links of the header's menu (not the account links, not the page's)."""
    nav = html[html.index('aria-label="Menu"'):]
    return set(re.findall(r'href="([^"]+)"', nav[: nav.index("</nav>")]))


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("role", list(SECTIONS_OF))
def test_each_role_lands_on_its_own_home_page(client, role):
    user = practitioner_as(role)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert sections_on(html) == SECTIONS_OF[role]
    # Finding a person stays one click away for every role that opens records.
    assert ('data-testid="find-link"' in html) is permissions.may(user, "people.find_person")


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("role", list(SECTIONS_OF))
def test_the_menu_shows_what_the_role_may_do_and_the_pages_refuse_the_rest(client, role):
    user = practitioner_as(role)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    shown = menu_hrefs(html)
    allowed = allowed_items(user)
    for item in allowed:
        assert reverse(item.url_name) in shown, item
    allowed_urls = {reverse(item.url_name) for item in allowed}
    for item in ITEMS:
        if item.permission is None or permissions.may(user, item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except Exception:  # a page not in this build
            continue
        assert url not in shown, item
        if url not in allowed_urls:
            assert client.get(url).status_code == 403, item


@pytest.mark.req("R10.1")
def test_demo_roles_keep_the_menu_they_had(client):
    """The items each demo role saw in the old template menu, built now from permissions, with
    the shorter texts that fit 1,280 px (issue 15); recording a person is on the find page."""
    expected = {
        Role.HEALTH_VISITOR: {"Find a person", "Contacts", "MASH requests", "Referrals"},
        Role.MASH_SOCIAL_WORKER: {"Find a person", "Contacts", "Referrals", "MASH requests"},
        Role.CIC_NURSE: {"Find a person", "Contacts", "Health assessments", "Children in care",
                         "MASH requests", "Referrals"},
        Role.SAFEGUARDING_LEAD: {"Find a person", "Contacts", "Break glass", "Referrals",
                                 "MASH requests", "Children in care", "Transitions", "Waiting times"},
        Role.ED_NURSE: {"Find a person", "Point-of-care lookup", "Contacts", "MASH requests",
                        "Referrals"},
        Role.WARD_MANAGER: {"Find a person", "Point-of-care lookup", "Contacts", "Referrals",
                            "MASH requests"},
    }
    for role, texts in expected.items():
        user = practitioner_as(role)
        assert {item.text for item in allowed_items(user)} == texts, role


# A health visitor's caseload --------------------------------------------------------------


@pytest.mark.req("R10.1")
@pytest.mark.req("R2.3")
@pytest.mark.parametrize("shape", [NAMED_SHAPES[0], NAMED_SHAPES[2], NAMED_SHAPES[3], NAMED_SHAPES[6]],
                         ids=lambda shape: shape.describe())
def test_a_health_visitors_home_lists_her_caseload_with_what_is_due(client, health_visitor, mash_worker, shape):
    now = clock.now()
    family = build(shape)
    put_on_caseload(health_visitor, *family.everyone)
    request_obj, draft, assessment = due_for(health_visitor, mash_worker, family.subject, now=now)
    through_mother = None
    if family.mother is not None:
        sibling = family.siblings[0] if family.siblings else family.subject
        through_mother = InformationRequest.objects.create(
            child=sibling, known_through=family.mother, requested_by=mash_worker, service=health_visitor.team.service,
            grade="red", question="And the mother?", due_at=now + datetime.timedelta(hours=4),
            mash=mash_worker.team.service.organisation,
        )
    client.force_login(health_visitor)
    html = client.get(reverse("home")).content.decode()

    found = re.findall(r'<tr class="nhsuk-table__row" data-testid="caseload-row">(.*?)</tr>', html, re.S)
    rows = {row_name(row): row for row in found}
    assert set(rows) == {person.full_name for person in family.everyone}
    subject_row = rows[family.subject.full_name]
    assert "MASH information request to answer (amber)" in subject_row
    assert reverse("referrals:mash_request", args=[request_obj.pk]) in subject_row
    assert "Your referral to the MASH, drafted and not sent" in subject_row
    assert reverse("referrals:edit", args=[draft.pk]) in subject_row
    assert "Initial health assessment" in subject_row
    assert reverse("lac:assessment", args=[assessment.pk]) in subject_row
    assert subject_row.count("Overdue") == 2  # the request and the assessment; the draft is "Not sent"
    if through_mother is not None:
        assert reverse("referrals:mash_request", args=[through_mother.pk]) in rows[family.mother.full_name]
    for person in family.people:
        if person not in (family.mother,) and not (through_mother and person.pk == through_mother.child_id):
            assert "Nothing due" in rows[person.full_name]


def row_name(row: str) -> str:
    return re.search(r'<a href="/people/[^"]+/">([^<]+)</a>', row).group(1)


@pytest.mark.req("R10.1")
def test_the_team_tab_lists_the_teams_caseload_and_not_another_teams(client, health_visitor):
    colleague = PractitionerFactory(role=Role.HEALTH_VISITOR, team=health_visitor.team)
    elsewhere = practitioner_as(Role.HEALTH_VISITOR, username="elsewhere")
    mine, theirs, other = (PersonFactory(given_name=name) for name in ["Amy", "Bea", "Cal"])
    put_on_caseload(health_visitor, mine)
    put_on_caseload(colleague, theirs)
    put_on_caseload(elsewhere, other)
    client.force_login(health_visitor)
    own = client.get(reverse("home")).content.decode()
    team = client.get(reverse("home"), {"caseload": "team"}).content.decode()
    assert mine.full_name in own and theirs.full_name not in own
    assert mine.full_name in team and theirs.full_name in team and other.full_name not in team
    assert client.get(reverse("home"), {"caseload": "everyone"}).status_code == 400


@pytest.mark.req("R10.1")
def test_the_caseload_home_costs_the_same_queries_however_many_people(client, health_visitor, mash_worker):
    now = clock.now()
    client.force_login(health_visitor)

    def queries_with(n):
        for _ in range(n):
            child = PersonFactory()
            put_on_caseload(health_visitor, child)
            due_for(health_visitor, mash_worker, child, now=now)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    assert queries_with(2) == queries_with(10)


# Referrals sent, and MASH requests reached ------------------------------------------------


@pytest.mark.req("R10.1")
@pytest.mark.req("R4.4")
def test_a_referrer_lists_the_referrals_she_sent_and_their_outcomes(client, health_visitor, mash_worker):
    now = clock.now()
    colleague = PractitionerFactory(role=Role.HEALTH_VISITOR, team=health_visitor.team)
    sent = []
    for referrer, outcome in [(health_visitor, "nfa"), (health_visitor, ""), (colleague, "")]:
        child = PersonFactory()
        concern = Concern.objects.create(child=child, recorded_by=referrer, service=referrer.team.service,
                                         recorded_at=now, description="x")
        referral = Referral.objects.create(
            concern=concern, child=child, referrer=referrer, referrer_service=referrer.team.service,
            mash=mash_worker.team.service.organisation, sent_at=now, outcome=outcome,
            decision_due_at=now + datetime.timedelta(days=1),
        )
        ReferralStatus.objects.create(referral=referral, status=ReferralStatus.Status.SENT, created_by=referrer)
        sent.append(referral)
    client.force_login(health_visitor)
    html = client.get(reverse("referrals:sent")).content.decode()
    assert reverse("referrals:detail", args=[sent[0].pk]) in html
    assert reverse("referrals:detail", args=[sent[1].pk]) in html
    assert reverse("referrals:detail", args=[sent[2].pk]) not in html  # her colleague's
    assert sent[0].get_outcome_display() in html and "Not known yet" in html
    assert "2 referrals" in html
    assert "2 sent, 1 awaiting an outcome" in client.get(reverse("home")).content.decode()


@pytest.mark.req("R10.1")
@pytest.mark.req("R4.5")
def test_a_service_reaches_its_mash_requests_when_all_are_answered(client, health_visitor, mash_worker):
    now = clock.now()
    child = PersonFactory()
    answered = InformationRequest.objects.create(
        child=child, requested_by=mash_worker, service=health_visitor.team.service, grade="green", question="?",
        answered_at=now, mash=mash_worker.team.service.organisation,
    )
    client.force_login(health_visitor)
    html = client.get(reverse("home")).content.decode()
    assert reverse("referrals:mash_requests") in menu_hrefs(html)  # no request is open, and the item is there
    assert reverse("referrals:mash_request", args=[answered.pk]) in client.get(
        reverse("referrals:mash_requests")
    ).content.decode()
    # The MASH reaches the requests it sent, from its menu and its home page.
    client.force_login(mash_worker)
    html = client.get(reverse("home")).content.decode()
    assert reverse("referrals:mash_sent_requests") in menu_hrefs(html)
    assert "Information requests your MASH has sent" in html


@pytest.mark.req("R10.1")
def test_a_search_sent_to_the_old_address_goes_to_the_find_page(signed_in, family):
    response = signed_in.get(reverse("home"), {"nhs_number": family["liam"].nhs_number})
    assert response.status_code == 302 and response["Location"].startswith(reverse("find") + "?nhs_number=")
