"""Who may do what (issue 12), said once in access.permissions and asked everywhere: every
user of the access matrix (tests/access/matrix.py) against every action on Liam's record, and
the writes themselves refused with nothing written and the refusal audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import pages
from tests.access.matrix import ALLOWED
from tests.cast import organisation, practitioner
from thinkfamily.access import permissions
from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.flags.models import Flag
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import LegalStatusEntry

pytestmark = pytest.mark.django_db
Role = Practitioner.Role

LEAD = "safeguarding_lead (same trust)"
HV = "health_visitor (caseload)"
GP = "gp (child's practice)"
ED_LOOKUP = "ed_nurse (attendance 10 hours ago)"
MASH = "mash_social_worker (council responsible)"
BREAK_GLASS = "health_visitor of another team (broke glass)"

# For each action on Liam's record, who may take it. Everyone else in the matrix may not
# (including those who may read the record: ED after a lookup, a health visitor who broke glass).
EXPECTED = {
    "people.change_record": {HV, LEAD, GP, MASH},
    "people.record_legal_status": {MASH},
    "health.write_entry": {HV, LEAD, GP},
    "flags.raise_flag": {LEAD},
    "referrals.make_referral": {HV, LEAD, GP, MASH, ED_LOOKUP, BREAK_GLASS},
    # Adult services (the ED, general practice); the attendance form then refuses a child in a children's ED.
    "assessments.record_attendance": {ED_LOOKUP, GP},
    "lac.record_assessment_for": {HV},
    "access.see_access_history": {LEAD, MASH},
    # Child protection (issue 17): the council's children's social care records a strategy discussion.
    "protection.record_strategy_discussion": {MASH},
}
# Actions that are not about one record: who may do them, of the same users.
EXPECTED_ROLE_ONLY = {
    "referrals.work_in_mash": {MASH, "mash_social_worker (another area)"},
    "flags.manage_flags": {LEAD, "safeguarding_lead (other trust)"},
    "lac.record_assessments": {HV, "cic_nurse", BREAK_GLASS},
    "organisations.administer_area": set(),
    "flags.see_safeguarding_flags": {
        LEAD, "safeguarding_lead (other trust)", MASH, "mash_social_worker (another area)",
    },
    "lac.record_health": {HV, "cic_nurse", BREAK_GLASS},
    "protection.see_overdue_minutes": {LEAD, "safeguarding_lead (other trust)"},
}


@pytest.fixture
def users(world):  # noqa: F811 (the fixture imported above)
    users = dict(world["users"])
    nurse = practitioner("hv-bg", Role.HEALTH_VISITOR, organisation("RTV2", "Mersey Care"),
                         Service.Kind.HEALTH_VISITING, team="Bootle health visiting")
    BreakGlassAccess.objects.create(
        person=world["liam"], practitioner=nurse, reason="unscheduled_care",
        justification="Child brought to the drop-in with a head injury", started_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=24),
    )
    users[BREAK_GLASS] = nurse
    return users


def test_the_matrix_covers_every_user_who_may_read(users):
    assert ALLOWED | {BREAK_GLASS} <= set(users)
    assert EpisodeOfCare.objects.get(service=users[ED_LOOKUP].team.service).kind == EpisodeOfCare.Kind.LOOKUP


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_every_user_against_every_action_on_the_record(users, world, action):  # noqa: F811
    liam = world["liam"]
    allowed = {who for who, user in users.items() if permissions.may(user, action, liam)}
    assert allowed == EXPECTED[action]


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("action", sorted(EXPECTED_ROLE_ONLY))
def test_every_user_against_every_action_of_their_role(users, action):
    allowed = {who for who, user in users.items() if permissions.may(user, action)}
    assert allowed == EXPECTED_ROLE_ONLY[action]


def _legal_status_form(council):
    return {
        "status": "looked_after", "change": "start",
        "effective_date_0": "2", "effective_date_1": "11", "effective_date_2": "2026",
        "responsible_authority": str(council.pk), "placement_type": "Foster care",
    }


@pytest.mark.req("R1.4")
@pytest.mark.req("R10.1")
@pytest.mark.parametrize("who", [GP, HV, ED_LOOKUP, LEAD, BREAK_GLASS])
def test_health_practitioners_are_refused_recording_a_legal_status_and_nothing_is_written(
    client, users, world, council, who  # noqa: F811
):
    liam = world["liam"]
    user = users[who]
    client.force_login(user)
    entries, flags = LegalStatusEntry.objects.count(), Flag.objects.count()
    page = client.get(reverse("people:legal_status", args=[liam.pk]))
    response = client.post(reverse("people:legal_status", args=[liam.pk]), _legal_status_form(council))
    assert page.status_code == response.status_code == 403
    assert "recorded by the responsible council's children's social care" in pages.text(response)
    assert (LegalStatusEntry.objects.count(), Flag.objects.count()) == (entries, flags)
    refusal = AuditEvent.objects.filter(action="refused", actor=user).latest("sequence")
    assert refusal.subject_id == str(liam.pk) and refusal.detail["action"] == "POST people:legal_status"
    # The service refuses as the page does: no way round it.
    with pytest.raises(permissions.NotPermitted):
        record_legal_status(
            Auditor(actor=user), liam, status="looked_after", change="start",
            effective_date=datetime.date(2026, 11, 2), responsible_authority=council, placement_type="Foster care",
        )
    assert LegalStatusEntry.objects.count() == entries


@pytest.mark.req("R1.4")
@pytest.mark.req("R10.1")
def test_a_social_worker_of_the_responsible_council_records_it(client, users, world, council):  # noqa: F811
    liam = world["liam"]
    client.force_login(users[MASH])
    response = client.post(reverse("people:legal_status", args=[liam.pk]), _legal_status_form(council))
    assert response.status_code == 302
    entry = LegalStatusEntry.objects.get(person=liam, status="looked_after")
    assert entry.recorded_by == users[MASH] and entry.responsible_authority == council


@pytest.mark.req("R1.4")
@pytest.mark.req("R10.1")
def test_a_council_may_not_record_a_status_for_another_council(client, users, world):  # noqa: F811
    liam = world["liam"]
    other = Organisation.objects.get(code="LPOOL")
    client.force_login(users[MASH])
    response = client.post(reverse("people:legal_status", args=[liam.pk]), _legal_status_form(other))
    assert response.status_code == 200
    assert "This one is the responsibility of Liverpool City Council" in pages.text(response)
    assert not LegalStatusEntry.objects.filter(person=liam, status="looked_after").exists()


@pytest.mark.req("R1.4")
@pytest.mark.req("R10.1")
def test_only_the_responsible_council_corrects_an_entry(client, users, world):  # noqa: F811
    liam = world["liam"]
    entry = LegalStatusEntry.objects.get(person=liam)
    url = reverse("people:correct_legal_status", args=[liam.pk, entry.pk])
    for who in [GP, HV, LEAD]:
        client.force_login(users[who])
        assert client.get(url).status_code == 403
        record = client.get(reverse("people:record", args=[liam.pk])).content.decode()
        assert url not in record and reverse("people:legal_status", args=[liam.pk]) not in record
    client.force_login(users[MASH])
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("people:record", args=[liam.pk])).content.decode()


@pytest.mark.req("R2.2")
def test_a_lookup_opens_the_record_to_read_not_to_write(client, users, world):  # noqa: F811
    liam = world["liam"]
    nurse = users[ED_LOOKUP]
    client.force_login(nurse)
    record = client.get(reverse("people:record", args=[liam.pk]))
    assert record.status_code == 200
    actions = record.content.decode().split('data-testid="record-actions"')[1].split("</nav>")[0]
    assert "Record a concern" in actions  # raising a concern is open to every basis
    for refused in ["Correct details", "Add a relationship", "Write a case note", "Record a legal status change"]:
        assert refused not in actions
    response = client.post(
        reverse("people:correct", args=[liam.pk]),
        {"given_name": "Changed", "family_name": "Roberts", "reason": "typo", "version": liam.version},
    )
    assert response.status_code == 403
    liam.refresh_from_db()
    assert liam.given_name == "Liam"


@pytest.mark.req("R10.1")
def test_break_glass_is_read_only_for_every_module(client, users, world):  # noqa: F811
    liam = world["liam"]
    client.force_login(users[BREAK_GLASS])
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 200
    for name in ["lac:plan_start", "lac:sdq_add", "lac:passport_generate", "people:write_note", "people:correct"]:
        assert client.post(reverse(name, args=[liam.pk]), {}).status_code == 403, name
