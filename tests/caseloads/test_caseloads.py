"""Caseloads kept on pages (issue 12): a health visitor adds a child she cannot see yet by NHS
number and date of birth (both must match one record), or a child whose record she has open;
the holder or the team manager transfers or ends the place with a reason. Each is audited and
in the chronology, and changes from that day who may open the record and who is told (R10.1).
Who may do each is said once in access.permissions: allowed and refused here."""

import datetime

import pytest
from django.urls import reverse

from tests.caseloads.scenes import identity_form
from tests.cast import practitioner, put_on_caseload, works_with
from tests.factories import PersonFactory, PractitionerFactory
from tests.pages import date_fields, text
from thinkfamily.access import permissions
from thinkfamily.caseloads import services
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import LegalStatus
from thinkfamily.people.services.schools import change_school

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"


@pytest.fixture
def people(family, health_visitor, council, gp):
    """The health visitor (nobody on her caseload yet), the school nurse of the same trust, the
    health visiting team's manager, a colleague health visitor, a GP, and a social worker of
    Sefton Council's children's social care."""
    school_nurse = practitioner("sn", Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING,
                                team="Bootle school nursing team")
    manager = PractitionerFactory(username="hvmanager", first_name="Tara", last_name="Manager",
                                  team=health_visitor.team, role=Role.TEAM_MANAGER)
    colleague = PractitionerFactory(username="hv2", first_name="Cara", last_name="Colleague",
                                    team=health_visitor.team, role=Role.HEALTH_VISITOR)
    social_worker = practitioner("sw", Role.SOCIAL_WORKER, council, Service.Kind.CHILDRENS_SOCIAL_CARE,
                                 team="Sefton children's social care")
    admin = PractitionerFactory(username="admin", team=health_visitor.team, role=Role.LOCAL_ADMINISTRATOR)
    return {**family, "hv": health_visitor, "sn": school_nurse, "manager": manager, "colleague": colleague,
            "gp": gp, "sw": social_worker, "admin": admin, "council": council}


def _record_cp_plan(people, change="start"):
    """The council's social worker records a child protection plan for Liam (through the service)."""
    return record_legal_status(
        Auditor(actor=people["sw"]), people["liam"], status=LegalStatus.CHILD_PROTECTION_PLAN, change=change,
        effective_date=clock.today(), cp_category="neglect", responsible_authority=people["council"],
    )


# R10.1: a caseload added on a page changes who is notified ---------------------------------


@pytest.mark.req("R10.1")
@pytest.mark.req("R2.3")
def test_a_caseload_added_on_a_page_changes_who_is_notified_of_the_next_legal_status_change(client, people):
    liam, hv = people["liam"], people["hv"]
    services.add_to_caseload(Auditor(actor=people["sw"]), liam, team=people["sw"].team, practitioner=people["sw"],
                             start_date=datetime.date(2026, 1, 5), reason="Child protection enquiry")
    client.force_login(hv)
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 403  # not hers yet

    response = client.post(reverse("care:add_by_identity"), identity_form(liam), follow=True)
    assert response.redirect_chain[-1][0] == reverse("people:record", args=[liam.pk])
    page = text(response)
    assert "Liam James Roberts is now on the caseload of Helen Visitor (Bootle health visiting team)." in page
    assert "Caseload of Helen Visitor (Bootle health visiting team)" in page  # who is working with Liam

    _record_cp_plan(people)
    [told] = Notification.objects.filter(recipient=hv)
    assert told.cause == Notification.Cause.CHILD_PROTECTION_PLAN and told.subject_person == liam

    # She ends the place on the page today (end dates are exclusive): the plan's end is not hers.
    [place] = CaseloadMembership.objects.filter(person=liam, practitioner=hv)
    response = client.post(reverse("care:end", args=[liam.pk, place.pk]),
                           {**date_fields("end_date", clock.today()), "reason": "Moved out of area to Wirral"})
    assert response.status_code == 302
    _record_cp_plan(people, change="end")
    assert Notification.objects.filter(recipient=hv).count() == 1
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 403  # her access ended at once


def test_a_place_added_today_is_current_and_one_ended_today_is_not(people):
    liam, hv = people["liam"], people["hv"]
    today = clock.today()
    place = services.add_to_caseload(Auditor(actor=hv), liam, team=hv.team, practitioner=hv, start_date=today,
                                     reason="New birth notification")
    assert list(CaseloadMembership.objects.current()) == [place]
    services.end_caseload_place(Auditor(actor=hv), place, on=today, reason="Added in error")
    assert not CaseloadMembership.objects.current().exists()
    assert CaseloadMembership.objects.current(today - datetime.timedelta(days=1)).count() == 0  # started today


# Adding by NHS number and date of birth ----------------------------------------------------


def test_adding_a_child_by_nhs_number_and_date_of_birth_is_audited_and_in_the_chronology(client, people):
    liam, hv = people["liam"], people["hv"]
    client.force_login(hv)
    assert client.post(reverse("care:add_by_identity"), identity_form(liam)).status_code == 302
    [place] = CaseloadMembership.objects.filter(person=liam)
    assert (place.practitioner, place.team, place.start_date, place.reason) == (
        hv, hv.team, clock.today(), "New birth notification")
    [event] = Event.objects.filter(person=liam, type="caseload_added")
    assert event.summary == ("Added to the caseload of Helen Visitor (Bootle health visiting team). "
                             "Reason: New birth notification")
    created = AuditEvent.objects.get(action="create", object_type="organisations.CaseloadMembership")
    assert created.actor == hv and created.subject_id == str(liam.pk)
    search = AuditEvent.objects.get(action="search")
    assert search.subject_id == str(liam.pk) and search.detail["terms"]["nhs_number"] == liam.nhs_number


@pytest.mark.parametrize("bad", ["unknown NHS number", "date of birth differs"])
def test_an_identity_that_does_not_match_both_exactly_is_refused_and_nothing_is_written(client, people, bad):
    liam = people["liam"]
    other = PersonFactory(given_name="Other", family_name="Child", date_of_birth=datetime.date(2020, 1, 1))
    nhs = other.nhs_number
    other.delete()  # a valid NHS number that no record has
    form = (identity_form(liam, nhs_number=nhs) if bad == "unknown NHS number"
            else identity_form(liam, date_of_birth=liam.date_of_birth + datetime.timedelta(days=1)))
    client.force_login(people["hv"])
    before = AuditEvent.objects.count()
    response = client.post(reverse("care:add_by_identity"), form)
    page = text(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert services.NO_MATCH in page
    assert "Liam" not in page and "Roberts" not in page  # nothing of the record is shown
    assert not CaseloadMembership.objects.exists() and not Event.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_missing_reason_or_a_future_start_is_refused_and_nothing_is_written(client, people):
    liam = people["liam"]
    client.force_login(people["hv"])
    page = text(client.post(reverse("care:add_by_identity"), identity_form(liam, reason="")))
    assert "Enter why this person is joining the caseload." in page
    form = identity_form(liam) | date_fields("start_date", clock.today() + datetime.timedelta(days=3))
    page = text(client.post(reverse("care:add_by_identity"), form))
    assert "The start date must be today or in the past." in page
    assert not CaseloadMembership.objects.exists() and not Event.objects.exists()


def test_adding_twice_writes_once_and_says_it_is_already_recorded(client, people):
    liam = people["liam"]
    client.force_login(people["hv"])
    client.post(reverse("care:add_by_identity"), identity_form(liam))
    page = text(client.post(reverse("care:add_by_identity"), identity_form(liam), follow=True))
    assert "is already on the caseload of Helen Visitor (Bootle health visiting team)" in page
    assert CaseloadMembership.objects.filter(person=liam).count() == 1
    assert Event.objects.filter(type="caseload_added").count() == 1


def test_the_add_to_caseload_action_on_an_open_record_adds_to_the_teams_caseload(client, people):
    liam, hv = people["liam"], people["hv"]
    put_on_caseload(people["colleague"], liam)  # the team sees Liam through a colleague's place
    client.force_login(hv)
    record = text(client.get(reverse("people:record", args=[liam.pk])))
    assert "Add to a caseload" in record
    response = client.post(reverse("care:add_to_caseload", args=[liam.pk]), {
        "whose": "team", **date_fields("start_date", clock.today()), "reason": "Family support needs: team allocation"})
    assert response.status_code == 302
    team_place = CaseloadMembership.objects.get(person=liam, practitioner__isnull=True)
    assert team_place.team == hv.team and team_place.reason == "Family support needs: team allocation"
    # Only a team manager puts the child on a colleague's caseload: the choice is not offered to her.
    page = client.get(reverse("care:add_to_caseload", args=[liam.pk])).content.decode()
    assert f'value="{people["colleague"].pk}"' not in page


# Transfer and end ---------------------------------------------------------------------------


def test_a_transfer_to_the_school_nurse_at_school_entry_moves_who_is_told_from_that_day(client, people, schools):
    liam, hv, sn = people["liam"], people["hv"], people["sn"]
    place = services.add_to_caseload(Auditor(actor=hv), liam, team=hv.team, practitioner=hv,
                                      start_date=datetime.date(2024, 1, 8), reason="Transfer in")
    client.force_login(hv)
    record = text(client.get(reverse("people:record", args=[liam.pk])))
    assert "Transfer the place on the caseload of Helen Visitor" in record
    response = client.post(reverse("care:transfer", args=[liam.pk, place.pk]), {
        "to": f"practitioner:{sn.pk}", **date_fields("on", clock.today()), "reason": "Started school"})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.end_date == clock.today()
    assert place.end_reason == "Transferred to Sn Practitioner (Bootle school nursing team): Started school"
    new = CaseloadMembership.objects.get(person=liam, practitioner=sn)
    assert new.start_date == clock.today() and new.end_date is None
    [event] = Event.objects.filter(person=liam, type="caseload_transferred")
    assert "from Helen Visitor (Bootle health visiting team) to Sn Practitioner" in event.summary
    # From today the school nurse, not the health visitor, is told of a change of school.
    change_school(works_with(people["sw"], liam), liam, school=schools, start_date=clock.today(),
                                  reason="Moved near grandmother")
    assert [n.recipient for n in Notification.objects.all()] == [sn]
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 403


@pytest.fixture
def schools(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(code="SCH1", name="Waterloo Primary School", kind=Organisation.Kind.SCHOOL)


def test_an_end_before_the_start_or_in_the_future_is_refused_and_nothing_is_written(client, people):
    liam, hv = people["liam"], people["hv"]
    place = services.add_to_caseload(Auditor(actor=hv), liam, team=hv.team, practitioner=hv,
                                      start_date=datetime.date(2026, 1, 5), reason="Transfer in")
    client.force_login(hv)
    page = text(client.post(reverse("care:end", args=[liam.pk, place.pk]),
                            {**date_fields("end_date", datetime.date(2025, 12, 1)), "reason": "Moved away"}))
    assert "The end date must be on or after the date the place began, 5 January 2026." in page
    page = text(client.post(reverse("care:end", args=[liam.pk, place.pk]),
                            {**date_fields("end_date", clock.today() + datetime.timedelta(days=2)), "reason": "x"}))
    assert "The end date must be today or in the past." in page
    page = text(client.post(reverse("care:end", args=[liam.pk, place.pk]),
                            {**date_fields("end_date", clock.today()), "reason": ""}))
    assert "Enter why this caseload place is ending." in page
    place.refresh_from_db()
    assert place.end_date is None and not Event.objects.filter(type="caseload_ended").exists()


def test_ending_twice_writes_once(people):
    liam, hv = people["liam"], people["hv"]
    place = services.add_to_caseload(Auditor(actor=hv), liam, team=hv.team, practitioner=hv,
                                      start_date=datetime.date(2026, 1, 5), reason="Transfer in")
    services.end_caseload_place(Auditor(actor=hv), place, on=clock.today(), reason="Moved out of area")
    from thinkfamily.core.concurrency import AlreadyRecorded

    with pytest.raises(AlreadyRecorded):
        services.end_caseload_place(Auditor(actor=hv), place, on=clock.today(), reason="Moved out of area")
    assert Event.objects.filter(type="caseload_ended").count() == 1


# Who may do what (access.permissions) ------------------------------------------------------


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("who, allowed", [
    ("hv", True), ("manager", True), ("colleague", True), ("sn", False), ("gp", False), ("admin", False),
])
def test_who_may_add_to_the_health_visiting_teams_caseload(people, who, allowed):
    assert permissions.may(people[who], "organisations.add_to_caseload", people["hv"].team) is allowed


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("who, allowed", [
    ("hv", True), ("manager", True), ("colleague", False), ("sn", False), ("gp", False),
])
def test_who_may_transfer_or_end_the_health_visitors_place(people, who, allowed):
    place = CaseloadMembership.objects.create(person=people["liam"], practitioner=people["hv"],
                                              team=people["hv"].team, start_date=datetime.date(2026, 1, 5))
    assert permissions.may(people[who], "organisations.change_caseload_place", place) is allowed


@pytest.mark.parametrize("who, allowed", [("hv", True), ("colleague", True), ("manager", True), ("sn", False)])
def test_who_may_transfer_or_end_a_teams_place(people, who, allowed):
    place = CaseloadMembership.objects.create(person=people["liam"], team=people["hv"].team,
                                              start_date=datetime.date(2026, 1, 5))
    assert permissions.may(people[who], "organisations.change_caseload_place", place) is allowed


def test_a_gp_is_refused_the_add_page_and_the_refusal_is_audited(client, people):
    client.force_login(people["gp"])
    response = client.get(reverse("care:add_by_identity"))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="refused", actor=people["gp"]).count() == 1


def test_a_colleague_cannot_end_someone_elses_place_and_nothing_is_written(client, people):
    liam, hv = people["liam"], people["hv"]
    place = services.add_to_caseload(Auditor(actor=hv), liam, team=hv.team, practitioner=hv,
                                      start_date=datetime.date(2026, 1, 5), reason="Transfer in")
    client.force_login(people["colleague"])  # sees Liam through the team's caseload, but the place is Helen's
    response = client.post(reverse("care:end", args=[liam.pk, place.pk]),
                           {**date_fields("end_date", clock.today()), "reason": "Tidying up"})
    assert response.status_code == 403
    place.refresh_from_db()
    assert place.end_date is None
    # The team manager may end it.
    services.end_caseload_place(Auditor(actor=people["manager"]), place, on=clock.today(), reason="Staff left")
    place.refresh_from_db()
    assert place.end_date == clock.today()


def test_the_open_episode_permission_is_for_the_services_staff(people, camhs):
    service = camhs.team.service
    assert permissions.may(camhs, "organisations.open_episode", service)
    assert not permissions.may(people["hv"], "organisations.open_episode", service)
    assert not permissions.may(people["admin"], "organisations.open_episode", people["hv"].team.service)
    # Health visiting keeps a caseload: it does not open episodes of care.
    assert not permissions.may(people["hv"], "organisations.open_episode", people["hv"].team.service)
    episode = EpisodeOfCare.objects.create(person=people["liam"], service=service, start_at=clock.now())
    lookup = EpisodeOfCare.objects.create(person=people["liam"], service=service, start_at=clock.now(),
                                          end_at=clock.now(), kind=EpisodeOfCare.Kind.LOOKUP)
    assert permissions.may(camhs, "organisations.close_episode", episode)
    assert not permissions.may(people["hv"], "organisations.close_episode", episode)
    assert not permissions.may(camhs, "organisations.close_episode", lookup)


def test_the_team_manager_puts_a_child_on_a_colleagues_caseload_and_a_practitioner_cannot(client, people):
    liam, hv, colleague = people["liam"], people["hv"], people["colleague"]
    client.force_login(people["manager"])
    response = client.post(reverse("care:add_by_identity"),
                           identity_form(liam, whose=str(colleague.pk), reason="Allocated at team meeting"))
    assert response.status_code == 302
    assert CaseloadMembership.objects.get(person=liam).practitioner == colleague
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="your team manager can add them to a colleague's"):
        services.add_to_caseload(Auditor(actor=hv), people["mia"], team=hv.team, practitioner=colleague,
                                 start_date=clock.today(), reason="Allocated")
    assert not CaseloadMembership.objects.filter(person=people["mia"]).exists()
