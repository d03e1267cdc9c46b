"""Who may open a referral (R4.1): the referrer and the MASH of the council it was sent to, not
another council's; sending it opens the child's record to that MASH only; the MASH queue and
the ward view are refused to everyone else."""

import pytest
from django.urls import reverse

from tests.referrals.scenes import GOOD, raise_referral, send, sent_referral
from thinkfamily.access import rules
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.req("R4.1")
def test_a_mash_worker_of_another_council_cannot_open_the_referral_and_the_referrer_can(client, world):
    referral = sent_referral(world)
    url = reverse("referrals:detail", args=[referral.pk])
    client.force_login(world["liverpool_mash"])
    response = client.get(url)
    assert response.status_code == 403
    assert "Liam" not in response.content.decode()
    assert AuditEvent.objects.filter(
        action="refused", object_type="referrals.Referral", actor=world["liverpool_mash"]
    ).exists()
    for user in ("nurse", "ward_manager", "lead", "mash"):
        client.force_login(world[user])
        assert client.get(url).status_code == 200, user
    client.force_login(world["other_manager"])
    assert client.get(url).status_code == 403
    read = AuditEvent.objects.filter(action="read", object_type="referrals.Referral", actor=world["mash"]).first()
    assert read.basis == "Children's social care of Sefton Council"
    assert read.subject_id == str(world["liam"].pk)


@pytest.mark.req("R4.1")
def test_a_referral_sent_to_a_councils_mash_opens_the_childs_record_to_that_mash_only(client, world):
    liam = world["liam"]
    referral = raise_referral(world["nurse"], liam, when=clock.now(), **GOOD)
    assert rules.basis_for(world["mash"], liam) is None  # a draft is not sent
    client.force_login(world["mash"])
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 403
    send(world["nurse"], referral, clock.now())
    rule = rules.basis_for(world["mash"], liam)
    assert rule is not None and rule.code == "social_care"
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 200
    assert rules.basis_for(world["liverpool_mash"], liam) is None
    client.force_login(world["liverpool_mash"])
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 403


@pytest.mark.req("R4.1")
def test_the_mash_queue_and_ward_view_are_refused_to_others(client, world):
    client.force_login(world["nurse"])
    assert client.get(reverse("referrals:mash_queue")).status_code == 403
    assert client.get(reverse("referrals:ward")).status_code == 403
    client.force_login(world["mash"])
    assert client.get(reverse("referrals:ward")).status_code == 403
