"""The local administrator runs the area on its own pages (issue 12, R10.1): organisations,
services, teams and staff; a leaver's access ends at once; everyone else is refused, and the
refusal is audited."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.cast import put_on_caseload
from tests.factories import PASSWORD, OrganisationFactory, PractitionerFactory, ServiceFactory, TeamFactory
from thinkfamily.access.models import PasswordReset
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import Organisation, Practitioner, Service, Team


@pytest.fixture
def administrator(db):
    return PractitionerFactory(username="admin", first_name="Ada", last_name="Admin", team=None,
                               role=Practitioner.Role.LOCAL_ADMINISTRATOR)


@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def sign_in(client, username, password) -> bool:
    """Sign in on the sign-in page, as a person does: True when it let them in."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def _events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


@pytest.mark.req("R10.1")
def test_a_leaver_loses_access_at_once_even_in_a_session_already_open(health_visitor, family, admin_client):
    liam = family["liam"]
    put_on_caseload(health_visitor, liam, family["mia"])
    nurse = Client()
    assert sign_in(nurse, "hv", PASSWORD)  # a real sign-in: a session in the database
    record = reverse("people:record", args=[liam.pk])
    assert nurse.get(record).status_code == 200

    leaver_page = reverse("administration:leaver", args=[health_visitor.pk])
    page = admin_client.get(leaver_page)
    assert page.status_code == 200
    text = page.content.decode()
    # Her open caseload places, with the team to ask, for reassignment.
    assert "Liam James Roberts" in text and "Mia Walsh" in text and "Bootle health visiting team" in text
    assert reverse("administration:team", args=[health_visitor.team_id]) in text
    response = admin_client.post(leaver_page, {"reason": "Left the trust", "confirm": "on"})
    assert response.status_code == 302

    health_visitor.refresh_from_db()
    assert not health_visitor.is_active
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(health_visitor.pk)]
    after = nurse.get(record)
    assert after.status_code == 302 and after.url.startswith(reverse("login"))
    assert not sign_in(Client(), "hv", PASSWORD)
    left = _events("write", object_type="organisations.Practitioner", object_id=str(health_visitor.pk)).latest(
        "sequence")
    assert left.detail["action"] == "left" and left.detail["open_caseload_places"] == 2
    assert left.actor_username == "admin"
    # Still listed on her page, for her team to reassign.
    detail = admin_client.get(reverse("administration:practitioner", args=[health_visitor.pk])).content.decode()
    assert "Caseload places to reassign" in detail and "Liam James Roberts" in detail


@pytest.mark.req("R10.1")
def test_a_force_logged_in_session_ends_too(health_visitor, family, admin_client):
    put_on_caseload(health_visitor, family["liam"])
    nurse = Client()
    nurse.force_login(health_visitor)
    admin_client.post(reverse("administration:leaver", args=[health_visitor.pk]), {"confirm": "on"})
    assert nurse.get(reverse("people:record", args=[family["liam"].pk])).status_code == 302


def test_the_administrator_cannot_close_their_own_account(admin_client, administrator):
    response = admin_client.post(reverse("administration:leaver", args=[administrator.pk]), {"confirm": "on"})
    assert response.status_code == 200
    assert "You cannot close your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("name,args,data", [
    ("administration:area", [], None),
    ("administration:staff", [], None),
    ("administration:import", [], None),
    ("administration:new_organisation", [], {"name": "Rogue Trust", "code": "ROGUE", "kind": "nhs_trust"}),
    ("administration:leaver", ["hv"], {"confirm": "on"}),
    ("administration:change_placement", ["hv"], {"role": "local_administrator"}),
])
def test_every_page_is_refused_to_anyone_else_and_the_refusal_audited(client, health_visitor, name, args, data):
    client.force_login(health_visitor)
    url = reverse(name, args=[health_visitor.pk if a == "hv" else a for a in args])
    before = _events("refused").count()
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 403
    assert _events("refused").count() == before + 1
    refusal = _events("refused").latest("sequence")
    assert refusal.actor_username == "hv"
    assert "Only a local administrator" in refusal.detail["reason"]
    health_visitor.refresh_from_db()
    assert health_visitor.is_active and health_visitor.role == Practitioner.Role.HEALTH_VISITOR
    assert not Organisation.objects.filter(code="ROGUE").exists()


@pytest.mark.req("R10.1")
def test_the_administrator_adds_an_organisation_a_service_and_a_team(admin_client):
    icb = OrganisationFactory(code="QYG", name="Cheshire and Merseyside ICB", kind=Organisation.Kind.CCG)
    response = admin_client.post(reverse("administration:new_organisation"), {
        "name": "Northfield Community Trust", "code": "XRT01", "kind": "nhs_trust", "phone": "0151 496 0300",
        "commissioned_by": [icb.pk],
    })
    trust = Organisation.objects.get(code="XRT01")
    assert response.url == reverse("administration:organisation", args=[trust.pk])
    assert list(trust.commissioned_by.all()) == [icb]
    admin_client.post(reverse("administration:new_service", args=[trust.pk]),
                      {"name": "Northfield 0-19 service", "kind": "health_visiting"})
    service = Service.objects.get(organisation=trust)
    admin_client.post(reverse("administration:new_team", args=[service.pk]),
                      {"name": "Northfield health visiting team", "email": "hv@example.org"})
    team = Team.objects.get(service=service)
    assert team.email == "hv@example.org"
    page = admin_client.get(reverse("administration:organisation", args=[trust.pk])).content.decode()
    assert "Northfield health visiting team" in page and "Cheshire and Merseyside ICB" in page
    # The same team twice is refused, naming the field.
    again = admin_client.post(reverse("administration:new_team", args=[service.pk]),
                              {"name": "northfield health visiting team"})
    assert again.status_code == 200 and "already has a team called" in again.content.decode()
    assert {e.object_type for e in _events("create", actor_username="admin")} >= {
        "organisations.Organisation", "organisations.Service", "organisations.Team"}
    # A name with a hidden character is refused as every form refuses it.
    hidden = admin_client.post(reverse("administration:edit_team", args=[team.pk]), {"name": "Northfield\u202eteam"})
    assert "hidden character" in hidden.content.decode()


@pytest.mark.req("R10.1")
def test_a_new_member_of_staff_gets_a_one_time_password_and_must_replace_it(admin_client):
    team = TeamFactory(name="Northfield health visiting team",
                       service=ServiceFactory(kind=Service.Kind.HEALTH_VISITING))
    response = admin_client.post(reverse("administration:new_practitioner"), {
        "first_name": "Hana", "last_name": "Ahmed", "username": "h.ahmed", "role": "health_visitor",
        "team": team.pk, "job_title": "Health visitor", "password_choice": "one_time",
    })
    assert response.status_code == 200
    hana = Practitioner.objects.get(username="h.ahmed")
    one_time = re.search(r'data-testid="one-time-password"><code>([^<]+)</code>', response.content.decode())[1]
    assert PasswordReset.objects.filter(practitioner=hana).exists()
    nurse = Client()
    assert sign_in(nurse, "h.ahmed", one_time)
    assert nurse.get(reverse("home")).url == reverse("change_password")


def test_a_password_set_by_the_administrator_must_satisfy_the_password_rules(admin_client):
    team = TeamFactory()
    data = {"first_name": "Tom", "last_name": "Brook", "username": "t.brook", "role": "health_visitor",
            "team": team.pk, "password_choice": "set", "password": "Summer2026!"}
    response = admin_client.post(reverse("administration:new_practitioner"), data)
    assert response.status_code == 200 and "harder to guess" in response.content.decode()
    assert not Practitioner.objects.filter(username="t.brook").exists()
    response = admin_client.post(reverse("administration:new_practitioner"),
                                 data | {"password": "lantern orbit pebble marsh"})
    assert response.status_code == 302
    assert sign_in(Client(), "t.brook", "lantern orbit pebble marsh")


@pytest.mark.req("R10.1")
def test_a_change_of_team_and_role_is_audited_and_applies_from_the_next_page(admin_client, health_visitor):
    school_nursing = TeamFactory(name="Crosby school nursing team",
                                 service=ServiceFactory(kind=Service.Kind.SCHOOL_NURSING))
    response = admin_client.post(reverse("administration:change_placement", args=[health_visitor.pk]), {
        "team": school_nursing.pk, "role": "school_nurse", "job_title": "School nurse",
    })
    assert response.status_code == 302
    health_visitor.refresh_from_db()
    assert (health_visitor.team, health_visitor.role) == (school_nursing, Practitioner.Role.SCHOOL_NURSE)
    event = _events("write", object_id=str(health_visitor.pk)).latest("sequence")
    assert set(event.fields) == {"team", "role", "job_title"}
    assert event.detail["role"] == {"from": "health_visitor", "to": "school_nurse"}


def test_the_staff_list_finds_people_by_name_and_the_pages_render(admin_client, health_visitor, ed_nurse):
    page = admin_client.get(reverse("administration:staff"), {"q": "Visitor"}).content.decode()
    assert "Helen Visitor" in page and "Emma Nurse" not in page
    assert admin_client.get(reverse("administration:staff"), {"page": "x"}).status_code == 400
    for name, args in [("administration:area", []), ("administration:practitioner", [health_visitor.pk]),
                       ("administration:team", [health_visitor.team_id]), ("administration:import", []),
                       ("administration:one_time_password", [health_visitor.pk])]:
        assert admin_client.get(reverse(name, args=args)).status_code == 200, name
    assert admin_client.get("/administration/staff/999999/").status_code == 404


# manage.py create_first_administrator ---------------------------------------------------------


@pytest.mark.req("R10.1")
def test_the_first_administrator_is_created_without_a_shell_and_only_once(db, monkeypatch, capsys):
    monkeypatch.setenv("THINKFAMILY_ADMIN_PASSWORD", "lantern orbit pebble marsh")
    call_command("create_first_administrator", username="a.grant", first_name="Alex", last_name="Grant")
    alex = Practitioner.objects.get(username="a.grant")
    assert alex.role == Practitioner.Role.LOCAL_ADMINISTRATOR and alex.is_active and not alex.is_superuser
    assert sign_in(Client(), "a.grant", "lantern orbit pebble marsh")
    assert _events("create", object_id=str(alex.pk), actor_username="system").exists()
    with pytest.raises(CommandError, match="already has a local administrator"):
        call_command("create_first_administrator", username="b.grant", first_name="B", last_name="Grant")
    monkeypatch.delenv("THINKFAMILY_ADMIN_PASSWORD")
    call_command("create_first_administrator", username="c.grant", first_name="Cara", last_name="Grant",
                 one_time_password=True, force=True)
    assert "One-time password:" in capsys.readouterr().out
    assert PasswordReset.objects.filter(practitioner__username="c.grant").exists()


def test_the_first_administrators_password_must_satisfy_the_rules(db, monkeypatch):
    monkeypatch.setenv("THINKFAMILY_ADMIN_PASSWORD", "password123")
    with pytest.raises(CommandError, match="Nothing was created"):
        call_command("create_first_administrator", username="a.grant", first_name="Alex", last_name="Grant")
    assert not Practitioner.objects.filter(username="a.grant").exists()
