"""The point-of-care lookup's JSON API (R2.2): the lookup as JSON for an ED system with its API
token, social care told, bad requests refused with clear JSON errors, a revoked token refused."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command

from tests.cast import put_on_caseload
from tests.factories import synthetic_nhs_number
from tests.flags.scenes import API, make_token
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.flags.models import ApiToken, PointOfCareLookup
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare
from thinkfamily.people.services.births import record_unborn

pytestmark = pytest.mark.django_db


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


@pytest.mark.req("R2.2")
def test_the_api_gives_a_pregnant_womans_unborn_babys_flag_once_under_the_baby_and_says_she_was_seen(client, world):
    sarah, council, midwife = world["sarah"], world["council"], world["midwife"]
    council_record = Auditor.system("Sefton Council's case record")
    unborn = record_unborn(council_record, sarah, expected_delivery_date=clock.today() + datetime.timedelta(days=20))
    legal_status_services.record_legal_status(
        council_record, unborn, status="child_protection_plan", change="start",
        effective_date=clock.today() - datetime.timedelta(days=30), cp_category="emotional",
        responsible_authority=council,
    )
    Notification.objects.all().delete()
    body = client.get(API, {"nhs_number": sarah.nhs_number},
                      headers={"authorization": f"Bearer {make_token(midwife)}"}).json()
    assert body["person"]["kind"] == "adult"
    assert body["current_flags"] == []  # none of her own: the baby's is not repeated as hers
    [baby] = body["unborn_children"]
    [flag] = baby["current_flags"]
    assert flag["label"] == "Unborn baby: Unborn child protection plan: Emotional abuse"
    assert baby["expected_delivery_date"] == unborn.expected_delivery_date.isoformat()
    note = Notification.objects.get(recipient=world["mash"], subject_person=unborn)
    assert note.message.startswith("Sarah Roberts, the mother of Unborn baby Roberts, due ")
