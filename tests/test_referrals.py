"""Referrals to the MASH (R4.1-R4.4): an ED nurse records a concern about Liam and refers
him; the quality check says what is missing; the delay is measured on the working-day
calendar; the MASH acknowledges, decides and records the outcome, which reaches the nurse
and her ward manager; a missing outcome is chased once; the ward manager sees her ward's
referrals and their trends. Who may open a referral, and who may not."""

import datetime
import html as html_lib
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, PractitionerFactory, ServiceFactory, TeamFactory
from thinkfamily.access import permissions, rules
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent, ConcurrentEditError
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import LegalStatusEntry, ParentalResponsibility
from thinkfamily.referrals import machine, queries
from thinkfamily.referrals.models import Outcome, Referral, ReferralStatus
from thinkfamily.referrals.services import family_record, recipients
from thinkfamily.referrals.services import lifecycle as services

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
Status = ReferralStatus.Status
LONDON = zoneinfo.ZoneInfo("Europe/London")

ONLY_THE_MOTHERS_DRINKING = (
    "Mother attended ED intoxicated, smelling of alcohol and shouting at staff. She says she has been drinking "
    "heavily since her partner left and drinks every day."
)
GOOD = dict(
    presenting_concern="Liam (7) was brought to ED at 23:40 by his mother Sarah, who was drunk and unsteady.",
    risk_to_child="Liam is at risk of neglect and harm: when Sarah is drunk there is no sober adult to care for Liam "
    "and his sister Mia overnight, and Liam says he makes his own tea. This is likely to continue: Sarah says she "
    "drinks every day.",
    impact_on_child="Liam is tired and hungry at school, has missed 12 days this term, and is frightened at night.",
    voice_of_child="Liam said: 'Mummy sleeps on the sofa and I make toast for me and Mia.' He was quiet and watchful.",
    parental_responsibility="Sarah Roberts (birth mother)",
    other_children="",
    domestic_abuse=False,
    parental_substance_misuse=True,
    parental_mental_ill_health=False,
    level_of_need="3",
)


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def near(moment, expected) -> bool:
    """``clock.travel_to`` moves on with real time: a moment written inside it is a few
    milliseconds after the one travelled to."""
    return moment is not None and datetime.timedelta(0) <= moment - expected < datetime.timedelta(seconds=10)


def text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _mash(council, username):
    service = ServiceFactory(organisation=council, kind=Service.Kind.MASH, name="Multi-Agency Safeguarding Hub")
    team = TeamFactory(service=service, name=f"{council.name} MASH team")
    return PractitionerFactory(
        username=username, role=Role.MASH_SOCIAL_WORKER, team=team, first_name="Marcus", last_name=username.title()
    )


@pytest.fixture
def world(family, ed_nurse, council):
    """Liam's family; Emma, an ED nurse at Southport with Liam in front of her (an open ED
    episode); her ward manager; a nurse and manager of another ward of the same trust; the
    trust's safeguarding lead; Sefton's MASH (commissioning the trust) and Liverpool's."""
    liam, sarah = family["liam"], family["sarah"]
    ParentalResponsibility.objects.create(child=liam, holder=sarah, basis="birth_mother", start_date=liam.date_of_birth)
    trust = ed_nurse.team.service.organisation
    trust.commissioned_by.add(council)
    EpisodeOfCare.objects.create(
        person=liam, service=ed_nurse.team.service, start_at=timezone.now() - datetime.timedelta(hours=2)
    )
    ward_manager = PractitionerFactory(
        username="wm", role=Role.WARD_MANAGER, team=ed_nurse.team, first_name="Wendy", last_name="Manager"
    )
    other_ward = TeamFactory(
        service=ServiceFactory(organisation=trust, kind=Service.Kind.PAEDIATRICS, name="Paediatrics"),
        name="Ormskirk children's ward",
    )
    other_nurse = PractitionerFactory(username="ward2", role=Role.ED_NURSE, team=other_ward, first_name="Olga")
    other_manager = PractitionerFactory(username="wm2", role=Role.WARD_MANAGER, team=other_ward, first_name="Owen")
    lead = PractitionerFactory(
        username="lead",
        role=Role.SAFEGUARDING_LEAD,
        first_name="Lesley",
        last_name="Lead",
        team=TeamFactory(
            service=ServiceFactory(organisation=trust, kind=Service.Kind.SAFEGUARDING, name="Safeguarding"),
            name="Trust safeguarding team",
        ),
    )
    liverpool = OrganisationFactory(
        code="LIVERPOOL", name="Liverpool City Council", kind=Organisation.Kind.LOCAL_AUTHORITY
    )
    return {
        **family,
        "nurse": ed_nurse,
        "ward_manager": ward_manager,
        "other_nurse": other_nurse,
        "other_manager": other_manager,
        "lead": lead,
        "trust": trust,
        "council": council,
        "mash": _mash(council, "mash"),
        "liverpool": liverpool,
        "liverpool_mash": _mash(liverpool, "mash_lpool"),
    }


def seen_by(nurse, child, when):
    """The nurse has the child's record open at ``when``: an ED nurse by a point-of-care lookup
    just before (what opens the record to her department, to read and to refer)."""
    with clock.travel_to(when):
        seen = permissions.may(nurse, "referrals.make_referral", child)
    if not seen:
        EpisodeOfCare.objects.create(
            person=child, service=nurse.team.service, kind=EpisodeOfCare.Kind.LOOKUP,
            start_at=when - datetime.timedelta(minutes=30), end_at=when + datetime.timedelta(hours=72),
        )


def raise_referral(nurse, child, *, when, linked=None, **answers) -> Referral:
    """A concern recorded at ``when`` and its draft completed with ``answers``."""
    seen_by(nurse, child, when)
    with clock.travel_to(when):
        referral = services.record_concern(Auditor(nurse), child, description=answers.get("presenting_concern", "x"))
        if answers or linked is not None:
            fields = {**GOOD, **answers}
            services.update_draft(
                Auditor(nurse),
                referral,
                expected_version=referral.version,
                linked_children=linked if linked is not None else list(referral.linked_children.all()),
                **fields,
            )
    return referral


def send(nurse, referral, when) -> Referral:
    with clock.travel_to(when):
        return services.send_referral(Auditor(nurse), referral, expected_version=referral.version)


def sent_referral(world, *, concern_at=None, sent_at=None, nurse=None, **answers) -> Referral:
    concern_at = concern_at or at(2026, 11, 19, 10)
    nurse = nurse or world["nurse"]
    referral = raise_referral(nurse, world["liam"], when=concern_at, **({**GOOD, **answers}))
    return send(nurse, referral, sent_at or concern_at + datetime.timedelta(hours=1))


def decide(world, referral, outcome=Outcome.SECTION_47, when=None):
    mash = Auditor(world["mash"])
    with clock.travel_to(when or referral.sent_at + datetime.timedelta(hours=2)):
        services.acknowledge(mash, referral)
        services.record_decision(mash, referral, decision="Strategy discussion today with police and health.")
        return services.record_outcome(mash, referral, outcome=outcome)


# R4.1: a concern, a referral pre-filled from the family, and its quality check --------------


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


# R4.2: the delay from the concern to sending, in working days ------------------------------


@pytest.mark.req("R4.2")
@pytest.mark.parametrize(
    "concern_at, sent_at, days, late",
    [
        # Same day: not late.
        (at(2026, 11, 19, 9), at(2026, 11, 19, 16), 0, False),
        # Next working day, over a weekend (Friday to Monday): 1, not late.
        (at(2026, 11, 20, 16), at(2026, 11, 23, 9), 1, False),
        # §3.15: five working days, across a weekend (Thursday to the next Thursday): late.
        (at(2026, 11, 19, 10), at(2026, 11, 26, 10), 5, True),
        # Christmas 2026: 25 December, the weekend and Boxing Day observed on Monday 28th.
        (at(2026, 12, 24, 15), at(2026, 12, 29, 10), 1, False),
        (at(2026, 12, 23, 15), at(2026, 12, 29, 10), 2, True),
    ],
)
def test_the_delay_is_counted_in_working_days_from_the_concern(world, concern_at, sent_at, days, late):
    referral = sent_referral(world, concern_at=concern_at, sent_at=sent_at)
    assert referral.delay_working_days == days
    assert referral.sent_late is late
    assert referral.delay_rule == "health.referral_delay = 1 working days (local default)"


@pytest.mark.req("R4.2")
def test_a_late_referral_shows_late_to_its_manager(client, world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 10), sent_at=at(2026, 11, 26, 10))
    client.force_login(world["ward_manager"])
    page = text(client.get(reverse("referrals:detail", args=[referral.pk])))
    assert "5 working days Late" in page
    ward = text(client.get(reverse("referrals:ward")))
    assert "5 working days Late" in ward


@pytest.mark.req("R4.2")
def test_the_decision_deadline_is_the_end_of_the_next_working_day_over_christmas(world):
    referral = sent_referral(world, concern_at=at(2026, 12, 24, 9), sent_at=at(2026, 12, 24, 11))
    assert referral.decision_due_at == timezone.make_aware(datetime.datetime(2026, 12, 29, 23, 59, 59))
    assert referral.decision_rule == "csc.referral_decision = 1 working days (national default)"


# The MASH's side, the status machine, and the outcome reaching the referrer ----------------


@pytest.mark.req("R4.3")
def test_each_change_of_status_writes_a_status_row_a_chronology_event_and_an_audit_event(world):
    liam = world["liam"]
    referral = raise_referral(world["nurse"], liam, when=at(2026, 11, 19, 9), **GOOD)
    mash = Auditor(world["mash"])
    steps = [
        (lambda: services.send_referral(Auditor(world["nurse"]), referral, expected_version=referral.version),
         Status.SENT, "referral_sent"),
        (lambda: services.acknowledge(mash, referral), Status.ACKNOWLEDGED, "referral_acknowledged"),
        (lambda: services.record_decision(mash, referral, decision="Strategy discussion"), Status.DECIDED,
         "referral_decided"),
        (lambda: services.record_outcome(mash, referral, outcome=Outcome.SECTION_47), Status.OUTCOME_RECORDED,
         "referral_outcome"),
    ]  # fmt: skip
    for step, status, event_type in steps:
        rows, events = referral.statuses.count(), Event.objects.filter(person=liam).count()
        audits = AuditEvent.objects.filter(object_type="referrals.Referral", detail__to=status).count()
        with clock.travel_to(at(2026, 11, 19, 12)):
            step()
        assert referral.statuses.count() == rows + 1
        assert machine.current_status(referral) == status
        assert Event.objects.filter(person=liam).count() == events + 1
        assert Event.objects.filter(person=liam, type=event_type, source_id=str(referral.pk)).exists()
        assert AuditEvent.objects.filter(object_type="referrals.Referral", detail__to=status).count() == audits + 1
    assert list(referral.statuses.order_by("id").values_list("status", flat=True)) == [
        "draft", "sent", "acknowledged", "decided", "outcome_recorded",
    ]  # fmt: skip


@pytest.mark.req("R4.3")
def test_an_illegal_transition_is_refused_and_writes_nothing(world):
    referral = raise_referral(world["nurse"], world["liam"], when=clock.now(), **GOOD)
    mash = Auditor(world["mash"])
    rows = referral.statuses.count()
    with pytest.raises(machine.IllegalTransition, match="This referral is draft: it cannot be acknowledged"):
        services.acknowledge(mash, referral)
    send(world["nurse"], referral, clock.now())
    with pytest.raises(machine.IllegalTransition, match="From here it can only be acknowledged by the mash"):
        services.record_outcome(mash, referral, outcome=Outcome.EARLY_HELP)
    referral.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer be changed"):
        services.send_referral(Auditor(world["nurse"]), referral, expected_version=referral.version)
    assert referral.statuses.count() == rows + 1
    assert referral.outcome == ""


@pytest.mark.req("R4.3")
def test_the_mash_of_another_council_cannot_act_on_the_referral(world):
    referral = sent_referral(world)
    with pytest.raises(ValidationError, match="sent to Sefton Council, not to Liverpool City Council"):
        services.acknowledge(Auditor(world["liverpool_mash"]), referral)
    with pytest.raises(ValidationError, match="Only children's social care"):
        services.acknowledge(Auditor(world["ward_manager"]), referral)


@pytest.mark.req("R4.3")
def test_the_outcome_is_sent_to_the_referrer_and_her_manager_who_see_it(client, world):
    referral = sent_referral(world)
    decide(world, referral)
    to_nurse = Notification.objects.get(recipient=world["nurse"], cause=Notification.Cause.REFERRAL_OUTCOME)
    assert to_nurse.message == (
        "Outcome of your referral about Liam James Roberts: strategy discussion and section 47 enquiry."
    )
    assert to_nurse.link == reverse("referrals:detail", args=[referral.pk])
    to_manager = Notification.objects.get(recipient=world["ward_manager"], cause=Notification.Cause.REFERRAL_OUTCOME)
    assert "Emma Nurse's referral about Liam James Roberts" in to_manager.message
    assert not Notification.objects.filter(recipient=world["other_manager"]).exists()
    for user in (world["nurse"], world["ward_manager"]):
        client.force_login(user)
        page = text(client.get(reverse("referrals:detail", args=[referral.pk])))
        assert "Outcome Strategy discussion and section 47 enquiry, recorded" in page
    client.force_login(world["nurse"])
    record = text(client.get(reverse("people:record", args=[world["liam"].pk])))
    assert "Referrals to the MASH" in record and "Strategy discussion and section 47 enquiry" in record


@pytest.mark.req("R4.3")
def test_the_mash_sees_incoming_referrals_oldest_first_and_works_them_from_the_page(client, world):
    first = sent_referral(world, concern_at=at(2026, 11, 18, 9))
    second = sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 11, 19, 9))
    assert Notification.objects.filter(recipient=world["mash"], cause=Notification.Cause.REFERRAL_RECEIVED).count() == 2
    client.force_login(world["mash"])
    page = client.get(reverse("referrals:mash_queue"))
    body = text(page)
    assert "Referrals received by Sefton Council MASH" in body
    links = re.findall(r'href="/referrals/(\d+)/"', page.content.decode())
    assert links == [str(first.pk), str(second.pk)]
    assert "100 out of 100" in body
    assert "Acknowledge the referral" in text(client.get(reverse("referrals:detail", args=[first.pk])))
    client.post(reverse("referrals:acknowledge", args=[first.pk]))
    assert "Record the MASH's decision" in text(client.get(reverse("referrals:decision", args=[first.pk])))
    client.post(reverse("referrals:decision", args=[first.pk]), {"decision": "Strategy discussion today."})
    refused = client.post(reverse("referrals:outcome", args=[first.pk]), {"outcome": ""})
    assert "Choose the outcome of the referral." in text(refused)
    response = client.post(reverse("referrals:outcome", args=[first.pk]), {"outcome": "early_help", "note": ""})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.outcome == "early_help" and first.decision == "Strategy discussion today."
    client.force_login(world["nurse"])
    assert client.get(reverse("referrals:outcome", args=[second.pk])).status_code == 403
    client.force_login(world["liverpool_mash"])
    assert "No referrals are waiting for an outcome." in text(client.get(reverse("referrals:mash_queue")))


@pytest.mark.req("R4.3")
def test_a_missing_outcome_is_chased_once_at_the_decision_deadline(world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9), sent_at=at(2026, 11, 19, 10))
    assert referral.decision_due_at == at(2026, 11, 20, 23, 59).replace(second=59)
    chases = Notification.objects.filter(cause=Notification.Cause.REFERRAL_CHASE)
    with clock.travel_to(at(2026, 11, 20, 17)):
        assert services.chase_missing_outcomes(clock.now()) == 0
    with clock.travel_to(at(2026, 11, 23, 9)):
        assert services.chase_missing_outcomes(clock.now()) == 1
        assert services.chase_missing_outcomes(clock.now()) == 0
    assert chases.filter(recipient=world["mash"]).count() == 1
    assert chases.filter(recipient=world["nurse"]).count() == 1
    assert chases.count() == 2
    referral.refresh_from_db()
    assert near(referral.chased_at, at(2026, 11, 23, 9))
    with clock.travel_to(at(2026, 11, 30, 9)):
        assert services.chase_missing_outcomes() == 0
    assert chases.count() == 2


@pytest.mark.req("R4.3")
def test_a_referral_with_its_outcome_is_not_chased(world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9), sent_at=at(2026, 11, 19, 10))
    decide(world, referral, when=at(2026, 11, 19, 15))
    with clock.travel_to(at(2026, 11, 23, 9)):
        assert services.chase_missing_outcomes() == 0


@pytest.mark.req("R4.3")
def test_only_the_worker_whose_update_claims_the_row_chases(world, monkeypatch):
    """Two workers find the same overdue referral; the second's conditional UPDATE takes no row."""
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 9), sent_at=at(2026, 11, 19, 10))
    real_overdue = Referral.objects.decision_overdue
    seen = list(real_overdue(at(2026, 11, 23, 9)).values_list("pk", flat=True))
    assert seen == [referral.pk]
    Referral.objects.filter(pk=referral.pk).update(chased_at=at(2026, 11, 23, 8, 59))  # the other worker won
    monkeypatch.setattr(
        type(Referral.objects), "decision_overdue", lambda self, now: Referral.objects.filter(pk__in=seen)
    )
    assert services.chase_missing_outcomes(at(2026, 11, 23, 9)) == 0
    assert not Notification.objects.filter(cause=Notification.Cause.REFERRAL_CHASE).exists()


# Access ---------------------------------------------------------------------------------


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


# R4.4: the ward and department view -------------------------------------------------------


@pytest.mark.req("R4.4")
def test_the_ward_managers_view_counts_her_wards_referrals_and_not_another_wards(client, world):
    mine = sent_referral(world, concern_at=at(2026, 11, 2, 9))
    late = sent_referral(world, concern_at=at(2026, 11, 9, 9), sent_at=at(2026, 11, 16, 9))
    theirs = sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 11, 10, 9))
    draft = raise_referral(world["nurse"], world["liam"], when=at(2026, 11, 20, 9), **GOOD)
    area = queries.area_for(world["ward_manager"])
    totals = queries.totals(area)
    assert (totals.referrals, totals.late, totals.with_outcome) == (2, 1, 0)
    client.force_login(world["ward_manager"])
    response = client.get(reverse("referrals:ward"))
    page = response.content.decode()
    assert "Referrals raised in Southport ED" in text(response)
    detail_links = set(re.findall(r'href="/referrals/(\d+)/"', page))
    assert detail_links == {str(mine.pk), str(late.pk), str(draft.pk)}
    assert str(theirs.pk) not in detail_links
    assert "Concerns not yet referred" in text(response)
    read = AuditEvent.objects.filter(actor=world["ward_manager"], detail__page="ward_referrals").get()
    assert set(read.detail["referrals"]) == {mine.pk, late.pk, draft.pk}


@pytest.mark.req("R4.4")
def test_trends_by_month_are_counted_from_the_referrals(world):
    sent_referral(world, concern_at=at(2026, 9, 7, 9))
    sent_referral(world, concern_at=at(2026, 9, 14, 9), sent_at=at(2026, 9, 21, 9), voice_of_child="")
    october = sent_referral(world, concern_at=at(2026, 10, 5, 9), risk_to_child=ONLY_THE_MOTHERS_DRINKING)
    decide(world, october)
    sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 10, 6, 9))
    area = queries.area_for(world["ward_manager"])
    months = {f.label: f for f in queries.monthly_trends(area, now=at(2026, 11, 20, 9))}
    assert list(months)[-3:] == ["September 2026", "October 2026", "November 2026"]
    assert len(months) == 12
    september, october_figures, november = months["September 2026"], months["October 2026"], months["November 2026"]
    assert (september.referrals, september.late, september.with_outcome) == (2, 1, 0)
    assert september.median_quality == 92.5  # 100 and 85
    assert september.percent_late == 50
    assert (october_figures.referrals, october_figures.with_outcome, october_figures.percent_with_outcome) == (
        1,
        1,
        100,
    )
    assert october_figures.median_quality == 85
    assert (november.referrals, november.median_quality, november.percent_late) == (0, None, None)


@pytest.mark.req("R4.4")
def test_the_safeguarding_lead_sees_the_whole_trust_by_ward_and_department(client, world):
    sent_referral(world, concern_at=at(2026, 11, 2, 9))
    sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 11, 3, 9), sent_at=at(2026, 11, 6, 9))
    area = queries.area_for(world["lead"])
    assert area.is_organisation and queries.totals(area).referrals == 2
    teams = {f.label: f for f in queries.by_team(area)}
    assert teams[f"Southport ED ({world['nurse'].team.service.name})"].referrals == 1
    assert teams["Ormskirk children's ward (Paediatrics)"].late == 1
    client.force_login(world["lead"])
    page = text(client.get(reverse("referrals:ward")))
    assert "Referrals raised in Southport and Ormskirk Hospitals NHS Trust" in page
    assert "By ward and department" in page
    assert "Ormskirk children's ward (Paediatrics) 1" in page


@pytest.mark.req("R4.4")
def test_the_ward_view_costs_the_same_queries_whatever_the_number_of_referrals(client, world):
    client.force_login(world["ward_manager"])
    sent_referral(world, concern_at=at(2026, 11, 2, 9))
    client.get(reverse("referrals:ward"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("referrals:ward")).status_code == 200
    for day in range(3, 7):
        sent_referral(world, concern_at=at(2026, 11, day, 9))
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse("referrals:ward")).status_code == 200
    assert len(five.captured_queries) == len(one.captured_queries)
