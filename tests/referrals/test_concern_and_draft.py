"""A concern and the referral drafted from it (R4.1): time-stamped with the service, pre-filled
from the family, checked for quality before it is sent (a weak one can still be sent, and its
weakness is kept), safe from being overwritten from another window or sent by anyone but the
referrer, addressed to the MASH of the council responsible for the child, and withdrawn with a
reason."""

import datetime
import html as html_lib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.pages import text
from tests.referrals.scenes import GOOD, ONLY_THE_MOTHERS_DRINKING, at, near, raise_referral, seen_by
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent, ConcurrentEditError
from thinkfamily.people.models import LegalStatusEntry
from thinkfamily.referrals import machine, queries
from thinkfamily.referrals.models import Referral, ReferralStatus
from thinkfamily.referrals.services import family_record, recipients
from thinkfamily.referrals.services import lifecycle as services

pytestmark = pytest.mark.django_db
Status = ReferralStatus.Status


@pytest.mark.req("R4.1")
def test_a_concern_is_time_stamped_with_the_service_and_opens_a_prefilled_draft(world):
    nurse, liam, mia = world["nurse"], world["liam"], world["mia"]
    seen_by(nurse, liam, at(2026, 11, 19, 23, 40))
    with clock.travel_to(at(2026, 11, 19, 23, 40)):
        referral = services.record_concern(Auditor(nurse), liam, description="Mother drunk in ED with Liam at 23:40.")
    concern = referral.concern
    assert near(concern.recorded_at, at(2026, 11, 19, 23, 40))
    assert (concern.recorded_by, concern.service, concern.team) == (nurse, nurse.team.service, nurse.team)
    assert referral.mash == world["council"]
    assert referral.presenting_concern == "Mother drunk in ED with Liam at 23:40."
    assert list(referral.linked_children.all()) == [mia]
    assert referral.parental_responsibility == "Sarah Roberts (birth mother)"
    assert machine.current_status(referral) == Status.DRAFT
    event = Event.objects.get(person=liam, type="concern_recorded")
    assert "Emma Nurse, Southport ED" in event.summary
    assert AuditEvent.objects.filter(object_type="referrals.Concern", action="create").count() == 1


@pytest.mark.req("R4.1")
def test_the_referral_form_is_prefilled_with_the_linked_children_and_parental_responsibility(client, world):
    client.force_login(world["nurse"])
    liam = world["liam"]
    assert "Record a concern" in text(client.get(reverse("people:record", args=[liam.pk])))
    response = client.post(reverse("referrals:record_concern", args=[liam.pk]), {"description": "Mother drunk in ED."})
    referral = Referral.objects.get(child=liam)
    assert response.status_code == 302 and response.url == reverse("referrals:edit", args=[referral.pk])
    page = client.get(response.url).content.decode()
    mia_box = re.search(rf'<input[^>]*value="{world["mia"].pk}"[^>]*>', page).group(0)
    assert "checked" in mia_box
    assert "Mia Walsh (4), lives with Liam" in html_lib.unescape(page)
    assert re.search(r"<textarea[^>]*parental_responsibility[^>]*>\s*Sarah Roberts \(birth mother\)", page)
    assert "Sefton Council MASH" in page


@pytest.mark.req("R4.1")
def test_a_referral_describing_only_the_mothers_drinking_is_flagged_weak_before_sending(client, world):
    client.force_login(world["nurse"])
    liam = world["liam"]
    client.post(reverse("referrals:record_concern", args=[liam.pk]), {"description": "Mother drunk in ED."})
    referral = Referral.objects.get(child=liam)
    response = client.post(
        reverse("referrals:edit", args=[referral.pk]),
        {
            "version": referral.version,
            "mash": world["council"].pk,
            "presenting_concern": "Mother attended ED with Liam at 23:40, drunk.",
            "risk_to_child": ONLY_THE_MOTHERS_DRINKING,
            "parental_responsibility": "Sarah Roberts (birth mother)",
        },
    )
    assert response.url == reverse("referrals:check", args=[referral.pk])
    page = text(client.get(response.url))
    assert "What is missing or weak" in page
    assert (
        "The referral describes the adult's behaviour but not the risk to the child: say what could happen to "
        "Liam and how likely it is" in page
    )
    assert "Name the other children in the household: Mia Walsh (4) lives with Liam." in page
    assert "Choose one level of need: if unsure, discuss with your safeguarding lead." in page
    assert "Send the referral as it is" in page


@pytest.mark.req("R4.1")
def test_a_good_referral_scores_high_and_says_nothing_is_missing(client, world):
    referral = raise_referral(world["nurse"], world["liam"], when=clock.now(), **GOOD)
    assert family_record.check_quality(referral).score == 100
    client.force_login(world["nurse"])
    page = text(client.get(reverse("referrals:check", args=[referral.pk])))
    assert "Quality score: 100 out of 100" in page and "Nothing is missing." in page
    assert "Send the referral to the MASH" in page


@pytest.mark.req("R4.1")
def test_a_weak_referral_can_still_be_sent_its_weakness_is_kept_and_counted(client, world):
    nurse = world["nurse"]
    referral = raise_referral(
        nurse,
        world["liam"],
        when=at(2026, 11, 19, 9),
        linked=[],
        risk_to_child=ONLY_THE_MOTHERS_DRINKING,
        impact_on_child="",
        voice_of_child="",
        level_of_need="",
    )
    client.force_login(nurse)
    with clock.travel_to(at(2026, 11, 19, 11)):
        response = client.post(reverse("referrals:check", args=[referral.pk]), {"version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert near(referral.sent_at, at(2026, 11, 19, 11))
    assert referral.quality_score < 70
    codes = {issue["code"] for issue in referral.quality_issues}
    assert {"risk_describes_only_the_adult", "other_children_missing", "voice_missing"} <= codes
    area = queries.area_for(world["ward_manager"])
    assert queries.totals(area).weak == 1
    client.force_login(world["ward_manager"])
    page = text(client.get(reverse("referrals:ward")))
    assert "Weak" in page and f"{referral.quality_score} out of 100" in page


@pytest.mark.req("R4.1")
def test_a_draft_changed_in_another_window_is_not_overwritten(world):
    nurse = world["nurse"]
    referral = raise_referral(nurse, world["liam"], when=clock.now(), **GOOD)
    stale = Referral.objects.get(pk=referral.pk)
    services.update_draft(
        Auditor(nurse), referral, expected_version=referral.version, linked_children=[], voice_of_child="New words"
    )
    with pytest.raises(ConcurrentEditError):
        services.update_draft(
            Auditor(nurse), stale, expected_version=stale.version, linked_children=[], voice_of_child="Old words"
        )
    with pytest.raises(ConcurrentEditError):
        services.send_referral(Auditor(nurse), stale, expected_version=stale.version)
    referral.refresh_from_db()
    assert referral.voice_of_child == "New words" and referral.sent_at is None


@pytest.mark.req("R4.1")
def test_only_the_referrer_changes_or_sends_a_draft(client, world):
    referral = raise_referral(world["nurse"], world["liam"], when=clock.now(), **GOOD)
    with pytest.raises(ValidationError, match="Only the practitioner who raised this referral"):
        services.send_referral(Auditor(world["ward_manager"]), referral, expected_version=referral.version)
    client.force_login(world["ward_manager"])
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    assert client.get(reverse("referrals:check", args=[referral.pk])).status_code == 403


@pytest.mark.req("R4.1")
def test_the_mash_is_the_councils_responsible_for_the_child_before_the_area_default(world):
    liam, nurse = world["liam"], world["nurse"]
    assert recipients.default_mash(liam, nurse) == world["council"]
    LegalStatusEntry.objects.create(
        person=liam,
        status="child_in_need",
        change="start",
        effective_date=datetime.date(2026, 1, 5),
        responsible_authority=world["liverpool"],
    )
    assert recipients.default_mash(liam, nurse) == world["liverpool"]


@pytest.mark.req("R4.1")
def test_a_draft_can_be_withdrawn_with_a_reason_and_then_never_sent(client, world):
    nurse = world["nurse"]
    referral = raise_referral(nurse, world["liam"], when=clock.now(), **GOOD)
    client.force_login(nurse)
    assert "Withdraw this draft referral" in text(client.get(reverse("referrals:withdraw", args=[referral.pk])))
    record = text(client.get(reverse("people:record", args=[world["liam"].pk])))
    assert "Draft, not sent" in record
    with pytest.raises(ValidationError):
        services.withdraw_draft(Auditor(nurse), referral, reason=" ")
    services.withdraw_draft(Auditor(nurse), referral, reason="Discussed with the safeguarding lead: early help.")
    assert machine.current_status(referral) == Status.WITHDRAWN
    with pytest.raises(ValidationError, match="withdrawn"):
        services.send_referral(Auditor(nurse), referral, expected_version=referral.version)
