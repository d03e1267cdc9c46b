"""The point-of-care lookup (R2.2, the CP-IS job), its JSON API, and the adult ED
attendance form's paediatric liaison rule (R2.3). An ED nurse at Southport enters a
child's NHS number at 02:14 and must see the plan and whom to ring; social care must learn
that the child was seen."""

import datetime
import hashlib
import html
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import put_on_caseload, works_with
from tests.factories import OrganisationFactory, PractitionerFactory, ServiceFactory, TeamFactory, synthetic_nhs_number
from thinkfamily.chronology.models import Event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.flags import services as flag_services
from thinkfamily.flags.models import ApiToken, PointOfCareLookup
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration
from thinkfamily.people.services.births import record_unborn

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
LOOKUP = "/lookup/"
API = "/api/v1/lookup"


def text_of(response) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
    return re.sub(r" ([,.])", r"\1", text)


def practitioner(username, role, *, org_code, org_name, org_kind, service_kind, service_name, first, last):
    organisation = OrganisationFactory(code=org_code, name=org_name, kind=org_kind)
    service = Service.objects.filter(organisation=organisation, kind=service_kind, name=service_name).first()
    service = service or ServiceFactory(organisation=organisation, kind=service_kind, name=service_name)
    team = TeamFactory(service=service, name=f"{service_name} team", phone="0151 496 0500")
    return PractitionerFactory(username=username, role=role, team=team, first_name=first, last_name=last)


@pytest.fixture
def world(family, council, health_visitor):
    """Liam on a child protection plan (neglect) with Sefton; an ED nurse at Southport and
    Formby ED; Liam's social worker; the Sefton MASH; a midwife; his GP practice."""
    ed = practitioner(
        "ed", Role.ED_NURSE, org_code="RVY", org_name="Southport and Ormskirk Hospitals NHS Trust",
        org_kind=Organisation.Kind.NHS_TRUST, service_kind=Service.Kind.EMERGENCY_DEPARTMENT,
        service_name="Southport and Formby ED", first="Emma", last="Nurse",
    )
    social_worker = practitioner(
        "sw", Role.SOCIAL_WORKER, org_code="SEFTON", org_name="Sefton Council",
        org_kind=Organisation.Kind.LOCAL_AUTHORITY, service_kind=Service.Kind.CHILDRENS_SOCIAL_CARE,
        service_name="Sefton children's social care", first="Sam", last="Worker",
    )
    mash = practitioner(
        "mash", Role.MASH_SOCIAL_WORKER, org_code="SEFTON", org_name="Sefton Council",
        org_kind=Organisation.Kind.LOCAL_AUTHORITY, service_kind=Service.Kind.MASH,
        service_name="Sefton MASH", first="Mo", last="Hub",
    )
    midwife = practitioner(
        "mw", Role.MIDWIFE, org_code="REP", org_name="Liverpool Women's NHS Foundation Trust",
        org_kind=Organisation.Kind.NHS_TRUST, service_kind=Service.Kind.MATERNITY,
        service_name="Liverpool Women's delivery suite", first="Mary", last="Midwife",
    )
    gp_lead = practitioner(
        "gplead", Role.PRACTICE_SAFEGUARDING_LEAD, org_code="N82001", org_name="Crosby Village Surgery",
        org_kind=Organisation.Kind.GP_PRACTICE, service_kind=Service.Kind.GENERAL_PRACTICE,
        service_name="Crosby Village Surgery", first="Gina", last="Doctor",
    )
    liam, mia = family["liam"], family["mia"]
    for child in (liam, mia):
        GPRegistration.objects.create(person=child, practice=gp_lead.organisation, start_date=datetime.date(2023, 4, 1))
    put_on_caseload(health_visitor, liam, mia)
    record_legal_status(  # the council's record, loaded before the story starts
        Auditor.system("Sefton Council's case record"), liam, status="child_protection_plan", change="start",
        effective_date=datetime.date(2025, 9, 2), cp_category="neglect", responsible_authority=council,
    )
    Notification.objects.all().delete()  # the plan's own notifications are another rule's
    return {**family, "ed": ed, "social_worker": social_worker, "mash": mash, "midwife": midwife,
            "gp_lead": gp_lead, "health_visitor": health_visitor, "council": council}


def look_up(client, user, nhs_number):
    client.force_login(user)
    return client.post(LOOKUP, {"nhs_number": nhs_number})


@pytest.mark.req("R2.2")
def test_an_ed_lookup_shows_the_plan_and_contacts_and_tells_the_childs_social_worker(client, world):
    liam, nurse, social_worker = world["liam"], world["ed"], world["social_worker"]
    put_on_caseload(social_worker, liam)
    spaced = f"{liam.nhs_number[:3]} {liam.nhs_number[3:6]}  {liam.nhs_number[6:]}"
    response = look_up(client, nurse, spaced)
    assert response.status_code == 200
    text = text_of(response)
    assert "Liam James Roberts" in text and liam.formatted_nhs_number in text and "14 March 2019" in text
    assert "Child protection plan: Neglect, since 2 September 2025, raised by Sefton Council" in text
    assert "in hours 0151 496 0000, out of hours 0151 496 0999" in text  # on the banner
    assert "Sefton Council (responsible local authority): in hours 0151 496 0000, out of hours 0151 496 0999" in text
    assert "Social worker: Sam Worker" in text

    note = Notification.objects.get(recipient=social_worker)
    assert note.cause == Notification.Cause.POINT_OF_CARE_LOOKUP and note.subject_person == liam
    assert "seen at Southport and Formby ED" in note.message and "by Emma Nurse" in note.message
    assert not Notification.objects.filter(recipient=world["mash"]).exists()  # he has a social worker

    lookup = PointOfCareLookup.objects.get()
    assert (lookup.person, lookup.practitioner, lookup.service) == (liam, nurse, nurse.team.service)
    event = Event.objects.get(person=liam, type="point_of_care_lookup")
    assert event.summary.startswith("Seen at Southport and Formby ED by Emma Nurse")
    audit = AuditEvent.objects.filter(actor=nurse, action="read", subject_id=str(liam.pk)).get()
    assert audit.basis == "Point-of-care lookup at Southport and Formby ED"
    assert audit.detail["point_of_care_lookup"] == lookup.pk


@pytest.mark.req("R2.2")
def test_without_a_social_worker_the_responsible_authoritys_mash_is_told(client, world):
    look_up(client, world["ed"], world["liam"].nhs_number)
    note = Notification.objects.get(recipient=world["mash"])
    assert "Liam James Roberts was seen at Southport and Formby ED" in note.message
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["mash"]


@pytest.mark.req("R2.2")
def test_a_lookup_opens_the_record_to_the_ed_for_72_hours_and_not_after(client, world):
    liam, nurse = world["liam"], world["ed"]
    record = reverse("people:record", args=[liam.pk])
    client.force_login(nurse)
    assert client.get(record).status_code == 403  # no relationship before the lookup
    page = look_up(client, nurse, liam.nhs_number)
    assert reverse("people:record", args=[liam.pk]) in page.content.decode()
    episode = EpisodeOfCare.objects.get(person=liam, service=nurse.team.service)
    assert episode.end_at - episode.start_at == datetime.timedelta(hours=72)
    assert "Child protection plan: Neglect" in text_of(client.get(record))
    EpisodeOfCare.objects.filter(pk=episode.pk).update(
        start_at=timezone.now() - datetime.timedelta(hours=72, minutes=1),
        end_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert client.get(record).status_code == 403


@pytest.mark.req("R2.2")
def test_the_last_25_lookups_show_where_when_and_by_whom_newest_first(client, world):
    liam, nurse = world["liam"], world["ed"]
    now = timezone.now()
    for hours_ago in range(1, 31):  # 30 earlier lookups, one an hour
        PointOfCareLookup.objects.create(
            person=liam, looked_up_nhs_number=liam.nhs_number, practitioner=world["midwife"],
            service=world["midwife"].team.service, looked_up_at=now - datetime.timedelta(hours=hours_ago),
        )
    response = look_up(client, nurse, liam.nhs_number)
    table = re.search(r'data-testid="previous-lookups">(.*?)</table>', response.content.decode(), re.S).group(1)
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", table, re.S)[1:]  # without the header
    assert len(rows) == 25
    local = [timezone.localtime(now - datetime.timedelta(hours=h)) for h in (1, 25, 26)]
    first, last = html.unescape(rows[0]), html.unescape(rows[-1])
    assert f"at {local[0]:%H:%M}" in first and "Liverpool Women's delivery suite" in first and "Mary Midwife" in first
    assert f"at {local[1]:%H:%M}" in last
    assert f"{local[2].day} {local[2]:%B %Y} at {local[2]:%H:%M}" not in text_of(response)


@pytest.mark.req("R2.2")
def test_flags_ended_in_the_last_12_months_are_shown_and_older_ones_are_not(client, world):
    liam = world["liam"]
    lead = practitioner(
        "lead", Role.SAFEGUARDING_LEAD, org_code="RVY", org_name="Southport and Ormskirk Hospitals NHS Trust",
        org_kind=Organisation.Kind.NHS_TRUST, service_kind=Service.Kind.SAFEGUARDING,
        service_name="Safeguarding team", first="Lee", last="Lead",
    )
    auditor = works_with(lead, liam)  # in the lead's population
    today = timezone.localdate()
    for code, start_days, end_days in [("missing_episodes", 500, 330), ("cse_risk", 900, 400)]:
        flag = flag_services.raise_flag_by_hand(
            auditor, liam, flag_services.flag_type(code), start_date=today - datetime.timedelta(days=start_days),
            contact_name="Sefton exploitation team", contact_phone="0151 496 0444",
        )
        flag_services.end_flag_by_hand(
            auditor, flag, end_date=today - datetime.timedelta(days=end_days), reason="Risk reduced"
        )
    text = text_of(look_up(client, world["ed"], liam.nhs_number))
    ended = text[text.index("Flags ended in the last 12 months"):text.index("Who to contact")]
    assert "Missing episodes" in ended
    assert "Child sexual exploitation risk" not in text


@pytest.mark.req("R2.2")
def test_an_unborn_child_protection_plan_is_found_through_the_mothers_nhs_number(client, world):
    sarah, council, midwife = world["sarah"], world["council"], world["midwife"]
    council_record = Auditor.system("Sefton Council's case record")  # no named social worker yet
    unborn = record_unborn(
        council_record, sarah, expected_delivery_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    record_legal_status(
        council_record, unborn, status="child_protection_plan", change="start",
        effective_date=timezone.localdate() - datetime.timedelta(days=30), cp_category="emotional",
        responsible_authority=council,
    )
    Notification.objects.all().delete()
    text = text_of(look_up(client, midwife, sarah.nhs_number))
    assert "Sarah Roberts" in text
    assert "Unborn baby: Unborn child protection plan: Emotional abuse" in text
    assert "Sefton Council (responsible local authority): in hours 0151 496 0000" in text
    # The unborn child's social care is told too (the MASH: no named social worker yet).
    note = Notification.objects.get(recipient=world["mash"], subject_person=unborn)
    assert "seen at Liverpool Women's delivery suite" in note.message
    assert PointOfCareLookup.objects.filter(person=unborn, looked_up_nhs_number=sarah.nhs_number).exists()


@pytest.mark.req("R2.2")
def test_an_invalid_nhs_number_shows_an_error_summary_and_writes_nothing(client, world):
    audit_before = AuditEvent.objects.count()
    bad = world["liam"].nhs_number[:9] + str((int(world["liam"].nhs_number[9]) + 1) % 10)
    response = look_up(client, world["ed"], bad)
    text = text_of(response)
    assert "There is a problem" in text and "the check digit does not match" in text
    assert response.content.decode().count('href="#id_nhs_number"') == 1
    assert not PointOfCareLookup.objects.exists() and not EpisodeOfCare.objects.exists()
    assert not Notification.objects.exists() and AuditEvent.objects.count() == audit_before


@pytest.mark.req("R2.2")
def test_an_nhs_number_with_no_record_says_so_and_is_audited(client, world):
    number = synthetic_nhs_number()
    text = text_of(look_up(client, world["ed"], number))
    assert "No record" in text and f"ThinkFamily holds no record for NHS number {number[:3]} {number[3:6]}" in text
    event = AuditEvent.objects.filter(actor=world["ed"], action="search").latest("sequence")
    assert event.detail["terms"] == {"nhs_number": number} and event.detail["results"] == 0
    assert not PointOfCareLookup.objects.exists() and not Notification.objects.exists()


@pytest.mark.req("R2.2")
@pytest.mark.parametrize("kind", Service.Kind.values)
def test_only_unscheduled_care_services_may_look_up(client, world, kind):
    user = practitioner(
        f"u_{kind}", Role.WARD_MANAGER, org_code="RXX", org_name="Any Trust", org_kind=Organisation.Kind.NHS_TRUST,
        service_kind=kind, service_name=f"Service {kind}", first="Una", last="User",
    )
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    response = client.post(LOOKUP, {"nhs_number": world["liam"].nhs_number})
    if kind in Service.UNSCHEDULED_CARE_KINDS:
        assert 'href="/lookup/"' in home
        assert response.status_code == 200 and "Child protection plan: Neglect" in text_of(response)
    else:
        assert 'href="/lookup/"' not in home
        assert response.status_code == 403 and client.get(LOOKUP).status_code == 403
        assert "Liam" not in text_of(response)
        assert not PointOfCareLookup.objects.exists() and not Notification.objects.exists()


# The JSON API ----------------------------------------------------------------------------


def make_token(user) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", user.username, "--name", "Southport ED system", stdout=out, stderr=err)
    return out.getvalue().strip()


@pytest.mark.req("R2.2")
def test_the_api_returns_the_lookup_as_json_and_tells_social_care(client, world):
    liam, nurse, social_worker = world["liam"], world["ed"], world["social_worker"]
    put_on_caseload(social_worker, liam)
    token = make_token(nurse)
    stored = ApiToken.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in str(stored.__dict__)
    response = client.get(API, {"nhs_number": f"{liam.nhs_number[:3]} {liam.nhs_number[3:]}"},
                          headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["person"] == {"nhs_number": liam.nhs_number, "name": "Liam James Roberts",
                              "date_of_birth": "2019-03-14", "kind": "child", "language": "English",
                              "interpreter_needed": False}
    [flag] = body["current_flags"]
    assert flag["label"] == "Child protection plan: Neglect" and flag["start_date"] == "2025-09-02"
    assert flag["contact"] == {"name": "Sefton Council children's social care", "phone": "0151 496 0000",
                               "out_of_hours_phone": "0151 496 0999"}
    assert body["responsible_local_authorities"] == [
        {"name": "Sefton Council", "phone": "0151 496 0000", "out_of_hours_phone": "0151 496 0999"}
    ]
    note = Notification.objects.get(recipient=social_worker)
    assert "seen at Southport and Formby ED" in note.message
    assert PointOfCareLookup.objects.get().via_api is True
    # The same relationship as the page: the ED may now open the record.
    assert EpisodeOfCare.objects.filter(person=liam, service=nurse.team.service).exists()


@pytest.mark.req("R2.2")
def test_the_api_refuses_bad_requests_with_clear_json_errors(client, world):
    liam = world["liam"]
    token = make_token(world["ed"])
    auth = {"authorization": f"Bearer {token}"}

    bad = client.get(API, {"nhs_number": "123"}, headers=auth)
    assert bad.status_code == 400 and bad.json()["error"] == "invalid NHS number"
    assert "10 digits" in bad.json()["detail"]

    missing = client.get(API, {"nhs_number": liam.nhs_number})
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    wrong = client.get(API, {"nhs_number": liam.nhs_number}, headers={"authorization": "Bearer tf_not-a-token"})
    assert wrong.status_code == 401 and "not valid" in wrong.json()["error"]

    client.force_login(world["ed"])  # a signed-in browser session is not accepted on the API
    assert client.get(API, {"nhs_number": liam.nhs_number}).status_code == 401
    client.logout()

    unknown = client.get(API, {"nhs_number": synthetic_nhs_number()}, headers=auth)
    assert unknown.status_code == 404 and unknown.json() == {"error": "no record for this NHS number"}

    health_visitor_token = make_token(world["health_visitor"])
    refused = client.get(
        API, {"nhs_number": liam.nhs_number}, headers={"authorization": f"Bearer {health_visitor_token}"}
    )
    assert refused.status_code == 403 and "may not use the point-of-care lookup" in refused.json()["error"]

    call_command("revoke_api_token", ApiToken.objects.get(practitioner=world["ed"]).prefix, stdout=io.StringIO())
    assert client.get(API, {"nhs_number": liam.nhs_number}, headers=auth).status_code == 401
    assert not PointOfCareLookup.objects.exists() and not Notification.objects.exists()


# Paediatric liaison (R2.3): an adult seen in ED with risky behaviour, children at home ----


@pytest.mark.req("R2.3")
def test_an_adult_seen_in_ed_with_risky_behaviour_tells_the_childrens_health_visitor_and_gp(client, world):
    sarah, nurse = world["sarah"], world["ed"]
    look_up(client, nurse, sarah.nhs_number)  # opens her record to the ED
    record = client.get(reverse("people:record", args=[sarah.pk]))
    url = reverse("flags:ed_attendance", args=[sarah.pk])
    assert url in record.content.decode()
    error = client.post(url, {"presenting_reason": "", "risky_behaviour": ""})
    assert "Enter why the person came to the emergency department" in text_of(error)
    assert not Event.objects.filter(type="ed_attendance").exists()

    response = client.post(url, {"presenting_reason": "Overdose", "risky_behaviour": "Intoxicated, said she "
                                 "could not cope with the children"}, follow=True)
    assert response.status_code == 200
    notes = Notification.objects.filter(cause=Notification.Cause.PAEDIATRIC_LIAISON)
    told = {(n.recipient.username, n.subject_person.given_name) for n in notes}
    assert told == {("hv", "Liam"), ("hv", "Mia"), ("gplead", "Liam"), ("gplead", "Mia")}
    assert all("Sarah Roberts" in n.message and "Southport and Formby ED" in n.message and "Intoxicated" in n.message
               for n in notes)
    event = Event.objects.get(person=sarah, type="ed_attendance")
    assert "Overdose" in event.summary and event.author == nurse


@pytest.mark.req("R2.3")
def test_an_adult_ed_attendance_without_risky_behaviour_tells_no_one(client, world):
    sarah, nurse = world["sarah"], world["ed"]
    look_up(client, nurse, sarah.nhs_number)
    client.post(reverse("flags:ed_attendance", args=[sarah.pk]), {"presenting_reason": "Sprained wrist"})
    assert not Notification.objects.filter(cause=Notification.Cause.PAEDIATRIC_LIAISON).exists()
    assert EpisodeOfCare.objects.filter(person=sarah, reason="Sprained wrist").exists()
    # Only ED staff record an ED attendance.
    client.force_login(world["health_visitor"])
    assert client.get(reverse("flags:ed_attendance", args=[sarah.pk])).status_code == 403
