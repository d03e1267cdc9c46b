"""Notifications (R2.3): one test per rule, asserting exactly who is told and who is not;
created in the transaction of their cause (none after a rollback); delivered after commit,
retried after a failure and never sent twice; the inbox, and read receipts for the sender."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import put_on_caseload, works_with
from tests.factories import OrganisationFactory, PersonFactory, live_together, relate
from tests.test_access import _practitioner
from thinkfamily.core.audit import Auditor
from thinkfamily.core.presenters import format_datetime
from thinkfamily.flags import services as flag_services
from thinkfamily.flags.models import FlagType
from thinkfamily.legal_status.services import correct_legal_status, record_legal_status
from thinkfamily.notifications import rules, tasks
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatus
from thinkfamily.people.services.births import record_unborn
from thinkfamily.people.services.schools import change_school

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
Cause = Notification.Cause
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"
TODAY = timezone.localdate()


def text(response) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def told(cause, person=None) -> set[str]:
    """Usernames of everyone notified of ``cause`` (about ``person``)."""
    notifications = Notification.objects.filter(cause=cause)
    if person is not None:
        notifications = notifications.filter(subject_person=person)
    usernames = list(notifications.values_list("recipient__username", flat=True))
    assert len(usernames) == len(set(usernames)), "someone was told twice"
    return set(usernames)


@pytest.fixture
def area(family, health_visitor, council):
    """Liam (7) and Mia (4) at home with their mother Sarah and Mia's father Dean; Chloe (15)
    who has attended the sexual health service; and the practitioners around them, with
    and without a part to play."""
    liam, mia = family["liam"], family["mia"]
    chloe = PersonFactory(given_name="Chloe", family_name="Walsh", date_of_birth=TODAY.replace(year=TODAY.year - 15))
    live_together(family["home"], chloe, since=datetime.date(2023, 4, 1))
    relate(chloe, family["sarah"], "mother")
    people = {"hv": health_visitor}
    people["sn"] = _practitioner(
        "sn", Role.SCHOOL_NURSE, "RTV", TRUST, Organisation.Kind.NHS_TRUST, Service.Kind.SCHOOL_NURSING, "SN team"
    )
    people["hv_other"] = _practitioner(
        "hv2", Role.HEALTH_VISITOR, "RTV", TRUST, Organisation.Kind.NHS_TRUST, Service.Kind.HEALTH_VISITING, "HV 2"
    )
    people["camhs"] = _practitioner(
        "camhs",
        Role.CAMHS_PRACTITIONER,
        "RBS",
        "Alder Hey Children's NHS Foundation Trust",
        Organisation.Kind.NHS_TRUST,
        Service.Kind.CAMHS,
        "CAMHS",
    )
    people["cic"] = _practitioner(
        "cic", Role.CIC_NURSE, "RTV", TRUST, Organisation.Kind.NHS_TRUST, Service.Kind.CHILDREN_IN_CARE, "CIC team"
    )
    people["cic_elsewhere"] = _practitioner(
        "cic_wirral",
        Role.CIC_NURSE,
        "RY7",
        "Wirral Community Health and Care NHS Foundation Trust",
        Organisation.Kind.NHS_TRUST,
        Service.Kind.CHILDREN_IN_CARE,
        "Wirral CIC team",
    )
    wirral = OrganisationFactory(code="WIRRAL", name="Wirral Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    people["cic"].organisation.commissioned_by.add(council)
    people["cic_elsewhere"].organisation.commissioned_by.add(wirral)
    people["practice_lead"] = _practitioner(
        "psl",
        Role.PRACTICE_SAFEGUARDING_LEAD,
        "N82001",
        "Crosby Village Surgery",
        Organisation.Kind.GP_PRACTICE,
        Service.Kind.GENERAL_PRACTICE,
        "Crosby GPs",
    )
    people["gp_with_lead"] = _practitioner(
        "gp",
        Role.GP,
        "N82001",
        "Crosby Village Surgery",
        Organisation.Kind.GP_PRACTICE,
        Service.Kind.GENERAL_PRACTICE,
        "Crosby GPs 2",
    )
    people["gp_mia"] = _practitioner(
        "gp2",
        Role.GP,
        "N82002",
        "Bootle Docks Surgery",
        Organisation.Kind.GP_PRACTICE,
        Service.Kind.GENERAL_PRACTICE,
        "Bootle GPs",
    )
    people["gp_elsewhere"] = _practitioner(
        "gp3",
        Role.GP,
        "N82003",
        "Litherland Surgery",
        Organisation.Kind.GP_PRACTICE,
        Service.Kind.GENERAL_PRACTICE,
        "Litherland GPs",
    )
    people["sexual_health"] = _practitioner(
        "shn",
        Role.SEXUAL_HEALTH_NURSE,
        "RVY",
        "Southport and Ormskirk Hospitals NHS Trust",
        Organisation.Kind.NHS_TRUST,
        Service.Kind.SEXUAL_HEALTH,
        "Sefton sexual health team",
    )
    people["social_worker"] = _practitioner(
        "sw",
        Role.SOCIAL_WORKER,
        "SEFTON",
        "Sefton Council",
        Organisation.Kind.LOCAL_AUTHORITY,
        Service.Kind.CHILDRENS_SOCIAL_CARE,
        "Child protection team",
    )
    people["ed"] = _practitioner(
        "ed",
        Role.ED_NURSE,
        "RVY",
        "Southport and Ormskirk Hospitals NHS Trust",
        Organisation.Kind.NHS_TRUST,
        Service.Kind.EMERGENCY_DEPARTMENT,
        "Southport ED",
    )
    put_on_caseload(people["hv"], mia)
    put_on_caseload(people["sn"], liam, chloe)
    put_on_caseload(people["camhs"], liam)
    put_on_caseload(people["social_worker"], liam, chloe)
    crosby = Organisation.objects.get(code="N82001")
    bootle = Organisation.objects.get(code="N82002")
    for child, practice in [(liam, crosby), (chloe, crosby), (mia, bootle), (family["sarah"], crosby)]:
        GPRegistration.objects.create(person=child, practice=practice, start_date=datetime.date(2023, 4, 1))
    EpisodeOfCare.objects.create(
        person=chloe,
        service=people["sexual_health"].team.service,
        start_at=timezone.now() - datetime.timedelta(days=90),
        end_at=timezone.now() - datetime.timedelta(days=90) + datetime.timedelta(hours=1),
    )
    for user in people.values():
        user.email = f"{user.username}@example.nhs.uk"
        user.save(update_fields=["email"])
    return {**family, "chloe": chloe, "council": council, "people": people}


def _legal_status(area, person, status, change, **details):
    if change == "start":
        details.setdefault("responsible_authority", area["council"])
    return record_legal_status(
        works_with(area["people"]["social_worker"], person),
        person,
        status=status,
        change=change,
        effective_date=details.pop("effective_date", TODAY - datetime.timedelta(days=1 if change == "end" else 7)),
        **details,
    )


# One test per rule (R2.3) -----------------------------------------------------------------


@pytest.mark.req("R2.3")
def test_looked_after_starting_and_ending_tells_the_caseload_the_gp_practice_and_the_cic_team(area):
    liam = area["liam"]
    expected = {"sn", "camhs", "psl", "cic"}  # caseload (not the sender), practice lead, CIC team
    _legal_status(area, liam, LegalStatus.LOOKED_AFTER, "start", placement_type="Foster care")
    assert told(Cause.LOOKED_AFTER, liam) == expected
    messages = set(Notification.objects.filter(cause=Cause.LOOKED_AFTER).values_list("message", flat=True))
    assert messages == {
        f"Liam James Roberts became looked after on {(TODAY - datetime.timedelta(days=7)).day} "
        f"{TODAY - datetime.timedelta(days=7):%B %Y}."
    }
    # Not: the practice's GP (it has a safeguarding lead), another area's CIC team, the
    # health visitor of his sister, the sender.
    Notification.objects.all().delete()
    _legal_status(area, liam, LegalStatus.LOOKED_AFTER, "end")
    assert told(Cause.LOOKED_AFTER, liam) == expected
    assert Notification.objects.get(recipient__username="cic").message.startswith(
        "Liam James Roberts stopped being looked after on"
    )
    assert not Notification.objects.exclude(cause=Cause.LOOKED_AFTER).exists()

    # A new placement (ended and started again the same day) says he is still looked after.
    Notification.objects.all().delete()
    _legal_status(area, liam, LegalStatus.LOOKED_AFTER, "start", placement_type="Residential home",
                  effective_date=TODAY - datetime.timedelta(days=1))
    assert told(Cause.LOOKED_AFTER, liam) == expected
    assert Notification.objects.get(recipient__username="cic").message == (
        f"Liam James Roberts is still looked after: a new placement (Residential home) from "
        f"{(TODAY - datetime.timedelta(days=1)).day} {TODAY - datetime.timedelta(days=1):%B %Y}."
    )


@pytest.mark.req("R2.3")
def test_a_practice_without_a_safeguarding_lead_is_told_through_its_gps(area):
    mia = area["mia"]
    _legal_status(area, mia, LegalStatus.LOOKED_AFTER, "start")
    assert told(Cause.LOOKED_AFTER, mia) == {"hv", "gp2", "cic"}


@pytest.mark.req("R2.3")
def test_placed_for_adoption_tells_the_childrens_health_team_only(area):
    liam = area["liam"]
    _legal_status(area, liam, LegalStatus.LOOKED_AFTER, "start")
    Notification.objects.all().delete()
    _legal_status(area, liam, LegalStatus.PLACED_FOR_ADOPTION, "start")
    assert told(Cause.PLACED_FOR_ADOPTION, liam) == {"cic"}
    assert Notification.objects.count() == 1
    assert Notification.objects.get().message.startswith("Liam James Roberts was placed for adoption on")


@pytest.mark.req("R2.3")
def test_a_correction_that_starts_looked_after_status_tells_the_same_people_as_recording_it(area):
    """A child protection plan recorded in error for a child who became looked after: the
    correction tells the caseload, the GP practice and the CIC team, as recording it would."""
    liam = area["liam"]
    wrong = _legal_status(area, liam, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="neglect")
    Notification.objects.all().delete()
    correct_legal_status(
        Auditor(actor=area["people"]["social_worker"]),
        wrong,
        reason="He became looked after that day; no plan was made",
        status=LegalStatus.LOOKED_AFTER,
        cp_category="",
        placement_type="Foster care",
    )
    assert told(Cause.LOOKED_AFTER, liam) == {"sn", "camhs", "psl", "cic"}
    when = TODAY - datetime.timedelta(days=7)
    assert Notification.objects.get(recipient__username="cic").message == (
        f"Liam James Roberts became looked after on {when.day} {when:%B %Y}."
    )
    assert not Notification.objects.exclude(cause=Cause.LOOKED_AFTER).exists()


@pytest.mark.req("R2.3")
def test_a_correction_that_ends_a_status_tells_the_same_people_and_one_of_the_same_change_tells_no_one(area):
    liam, chloe = area["liam"], area["chloe"]
    _legal_status(area, liam, LegalStatus.LOOKED_AFTER, "start")
    _legal_status(area, liam, LegalStatus.CHILD_IN_NEED, "start")
    wrong = _legal_status(area, liam, LegalStatus.CHILD_IN_NEED, "end")  # it was his care that ended
    Notification.objects.all().delete()
    auditor = Auditor(actor=area["people"]["social_worker"])
    correct_legal_status(
        auditor, wrong, reason="Recorded against the wrong status", status=LegalStatus.LOOKED_AFTER
    )
    assert told(Cause.LOOKED_AFTER, liam) == {"sn", "camhs", "psl", "cic"}
    assert Notification.objects.get(recipient__username="cic").message.startswith(
        "Liam James Roberts stopped being looked after on"
    )

    # Correcting only the date (or category) of a plan already notified tells no one again.
    plan = _legal_status(area, chloe, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="neglect")
    Notification.objects.all().delete()
    correct_legal_status(
        auditor, plan, reason="Conference date", effective_date=TODAY - datetime.timedelta(days=8)
    )
    assert not Notification.objects.exists()


@pytest.mark.req("R2.3")
def test_a_child_protection_plan_tells_the_gp_practice_and_the_0_19_nurse_and_sexual_health_only_if_attended(area):
    liam, chloe, mia = area["liam"], area["chloe"], area["mia"]
    for child in (liam, chloe, mia):
        _legal_status(area, child, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="neglect")
    assert told(Cause.CHILD_PROTECTION_PLAN, liam) == {"psl", "sn"}  # not CAMHS, not sexual health
    assert told(Cause.CHILD_PROTECTION_PLAN, chloe) == {"psl", "sn", "shn"}  # she has attended sexual health
    assert told(Cause.CHILD_PROTECTION_PLAN, mia) == {"gp2", "hv"}
    assert (
        "A child protection plan (neglect) started for Chloe Walsh"
        in Notification.objects.get(recipient__username="shn").message
    )
    Notification.objects.all().delete()
    _legal_status(area, chloe, LegalStatus.CHILD_PROTECTION_PLAN, "end")
    assert told(Cause.CHILD_PROTECTION_PLAN, chloe) == {"psl", "sn", "shn"}
    assert "ended for Chloe Walsh" in Notification.objects.get(recipient__username="shn").message


@pytest.mark.req("R2.3")
def test_an_unborn_child_protection_plan_tells_the_mothers_gp_practice(area):
    sarah = area["sarah"]
    unborn = record_unborn(
        works_with(area["people"]["social_worker"], sarah),
        sarah,
        expected_delivery_date=TODAY + datetime.timedelta(weeks=8),
    )
    _legal_status(area, unborn, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="emotional")
    assert told(Cause.CHILD_PROTECTION_PLAN, unborn) == {"psl"}
    assert Notification.objects.get().message.startswith("An unborn child protection plan (emotional abuse) started")


@pytest.mark.req("R2.3")
@pytest.mark.parametrize("code", ["marac", "mappa", "domestic_abuse"])
def test_marac_mappa_or_domestic_abuse_for_an_adult_tells_the_gp_practice_of_every_child_at_home(area, code, council):
    dean = area["dean"]
    flag = flag_services.raise_flag(
        Auditor(actor=area["people"]["social_worker"]),
        dean,
        FlagType.objects.get(code=code),
        start_date=TODAY,
        organisation=council,
    )
    assert told(Cause.ADULT_RISK, area["liam"]) == {"psl"}
    assert told(Cause.ADULT_RISK, area["chloe"]) == {"psl"}
    assert told(Cause.ADULT_RISK, area["mia"]) == {"gp2"}
    assert Notification.objects.count() == 3  # not the caseload, not the health visitor, not Jason's practice
    message = Notification.objects.get(subject_person=area["mia"]).message
    assert "Dean Walsh" in message and flag.type.label in message and "Sefton Council" in message


@pytest.mark.req("R2.3")
def test_an_adult_risk_flag_tells_no_one_when_no_child_lives_with_them_and_never_for_a_child(area, council):
    auditor = Auditor(actor=area["people"]["social_worker"])
    flag_services.raise_flag(
        auditor, area["jason"], FlagType.objects.get(code="marac"), start_date=TODAY, organisation=council
    )
    flag_services.raise_flag(
        auditor, area["chloe"], FlagType.objects.get(code="domestic_abuse"), start_date=TODAY, organisation=council
    )
    assert not Notification.objects.exists()


@pytest.mark.req("R2.3")
def test_a_change_of_school_with_its_reason_tells_the_school_nurse(area):
    liam = area["liam"]
    school = OrganisationFactory(code="SCH1", name="Waterloo Primary School", kind=Organisation.Kind.SCHOOL)
    change_school(
        Auditor(actor=area["people"]["social_worker"]),
        liam,
        school=school,
        start_date=TODAY,
        reason="Excluded after repeated incidents",
    )
    assert told(Cause.SCHOOL_CHANGE) == {"sn"}  # not the health visitor, GP or CAMHS
    assert Notification.objects.get().message.endswith("Reason: Excluded after repeated incidents")


@pytest.mark.req("R2.3")
def test_an_adult_in_ed_with_risky_behaviour_tells_the_childrens_health_visitor_or_school_nurse_and_gp(area):
    ed = area["people"]["ed"]
    episode = EpisodeOfCare.objects.create(
        person=area["sarah"], service=ed.team.service, start_at=timezone.now() - datetime.timedelta(hours=2)
    )
    rules.on_adult_ed_attendance(episode, risky_behaviour="Overdose while the children were at home", sender=ed)
    assert told(Cause.PAEDIATRIC_LIAISON, area["liam"]) == {"sn", "psl"}
    assert told(Cause.PAEDIATRIC_LIAISON, area["chloe"]) == {"sn", "psl"}
    assert told(Cause.PAEDIATRIC_LIAISON, area["mia"]) == {"hv", "gp2"}
    assert Notification.objects.count() == 6  # not CAMHS, not sexual health, not the social worker
    message = Notification.objects.get(recipient__username="hv").message
    assert message.startswith("Paediatric liaison: Sarah Roberts, an adult in Mia Walsh's household, attended")
    assert message.endswith("Overdose while the children were at home")
    assert set(Notification.objects.values_list("sender__username", flat=True)) == {"ed"}

    Notification.objects.all().delete()
    alone = EpisodeOfCare.objects.create(person=area["jason"], service=ed.team.service, start_at=timezone.now())
    assert rules.on_adult_ed_attendance(alone, risky_behaviour="Intoxicated", sender=ed) == []


@pytest.mark.req("R2.3")
def test_a_named_practitioner_who_has_left_is_replaced_by_their_team(area):
    sn = area["people"]["sn"]
    colleague = Practitioner.objects.create(username="sn_b", team=sn.team, role=Role.SCHOOL_NURSE)
    sn.is_active = False
    sn.save(update_fields=["is_active"])
    assert {p.username for p in rules.school_nurses(area["liam"])} == {"sn_b"}
    assert colleague.is_active


# In the transaction of the cause, delivered after commit ------------------------------------


@pytest.mark.req("R2.3")
def test_no_notification_and_no_email_when_the_change_rolls_back(area, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _legal_status(area, area["liam"], LegalStatus.LOOKED_AFTER, "start")
        assert Notification.objects.filter(cause=Cause.LOOKED_AFTER).count() == 4  # written with the change
        raise RuntimeError("something later in the same request failed")
    assert not Notification.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.req("R2.3")
def test_notifications_are_emailed_after_commit_without_naming_the_child(area, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _legal_status(area, area["liam"], LegalStatus.LOOKED_AFTER, "start")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{u}@example.nhs.uk" for u in ["sn", "camhs", "psl", "cic"])
    assert all(n.delivered_at for n in Notification.objects.all())
    for message in mail.outbox:
        assert "Liam" not in message.subject + message.body and "Roberts" not in message.body
        assert "Looked-after status" in message.subject


@pytest.mark.req("R2.3")
def test_a_failed_delivery_is_kept_with_its_error_and_retried_later(
    area, monkeypatch, django_capture_on_commit_callbacks
):
    hv = area["people"]["hv"]

    def smtp_down(**kwargs):
        raise ConnectionRefusedError("mail relay not answering")

    monkeypatch.setattr(tasks, "send_mail", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = rules.notify([hv], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="Moved school.")
    notification.refresh_from_db()
    assert notification.delivered_at is None
    assert notification.delivery_attempts == 1
    assert "mail relay not answering" in notification.last_delivery_error
    assert notification.next_attempt_at > timezone.now()
    assert tasks.retry_undelivered.call() == 0  # backing off: not due yet

    monkeypatch.undo()
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert tasks.retry_undelivered.call() == 1
    notification.refresh_from_db()
    assert notification.delivered_at is not None and notification.delivery_attempts == 2
    assert notification.last_delivery_error == "" and notification.next_attempt_at is None
    assert [m.to for m in mail.outbox] == [["hv@example.nhs.uk"]]
    assert tasks.retry_undelivered.call() == 0


@pytest.mark.req("R2.3")
def test_delivering_twice_sends_one_email(area):
    [notification] = rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="x")
    assert tasks.deliver.call(notification.pk) == "delivered"
    assert tasks.deliver.call(notification.pk) == "already delivered or being delivered"
    assert len(mail.outbox) == 1


@pytest.mark.req("R2.3")
def test_a_queue_that_is_down_does_not_fail_the_change_and_the_sweep_delivers_later(
    area, monkeypatch, django_capture_on_commit_callbacks
):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("task queue unavailable")

    monkeypatch.setattr(tasks, "deliver", QueueDown())
    with django_capture_on_commit_callbacks(execute=True):
        _legal_status(area, area["liam"], LegalStatus.LOOKED_AFTER, "start")
    assert Notification.objects.undelivered().count() == 4 and mail.outbox == []
    monkeypatch.undo()

    call_command("deliver_notifications")  # too soon: the after-commit delivery may still be coming
    assert mail.outbox == []
    Notification.objects.update(created_at=timezone.now() - tasks.FIRST_TRY_AFTER - datetime.timedelta(seconds=1))
    call_command("deliver_notifications")
    assert len(mail.outbox) == 4
    assert not Notification.objects.undelivered().exists()


def test_two_sweeps_never_claim_the_same_notification(area):
    [notification] = rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="x")
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert tasks.claim_due() == [notification.pk]
    assert tasks.claim_due() == []


# The inbox and read receipts -----------------------------------------------------------------


@pytest.mark.req("R2.3")
def test_the_sender_sees_when_each_recipient_read_the_notification(area, client):
    liam = area["liam"]
    social_worker, practice_lead = area["people"]["social_worker"], area["people"]["practice_lead"]
    _legal_status(area, liam, LegalStatus.LOOKED_AFTER, "start")

    client.force_login(social_worker)
    sent = text(client.get(reverse("notifications:sent")))
    assert sent.count("Not read yet") == 4
    assert "Psl Practitioner, GP practice safeguarding lead, Crosby Village Surgery" in sent

    client.force_login(practice_lead)
    inbox = client.get(reverse("notifications:inbox"))
    assert "Inbox (1 unread)" in text(inbox) and "Unread" in text(inbox)
    notification = Notification.objects.get(recipient=practice_lead)
    opened = client.get(reverse("notifications:open", args=[notification.pk]))
    assert opened.status_code == 302 and opened.url == reverse("people:record", args=[liam.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(opened.url).status_code == 200  # the practice lead may open the record: Liam is registered
    assert "Inbox (0 unread)" in text(client.get(reverse("notifications:inbox")))

    client.force_login(social_worker)
    sent = text(client.get(reverse("notifications:sent")))
    assert f"Read {format_datetime(notification.read_at)}" in sent
    assert sent.count("Not read yet") == 3


@pytest.mark.req("R2.3")
def test_opening_again_keeps_the_first_read_time(area, client):
    [notification] = rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="x")
    client.force_login(area["people"]["hv"])
    client.get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    first = notification.read_at
    client.get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first


def test_a_notification_grants_no_access_to_the_record(area, client):
    """The sexual health nurse is told Chloe's child protection plan started (Chloe attended
    the service months ago), but opening the record still goes through the access rules: her
    episode of care has ended, so without a relationship she gets the 403 with break glass."""
    _legal_status(area, area["chloe"], LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="neglect")
    nurse = area["people"]["sexual_health"]
    client.force_login(nurse)
    notification = Notification.objects.get(recipient=nurse)
    response = client.get(reverse("notifications:open", args=[notification.pk]), follow=True)
    assert response.status_code == 403
    assert "Break glass to open this record" in text(response)


def test_the_inbox_is_the_recipients_own(area, client):
    [theirs] = rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="Moved.")
    client.force_login(area["people"]["sn"])
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert "Moved." not in text(client.get(reverse("notifications:inbox")))
    assert "Moved." not in text(client.get(reverse("notifications:sent")))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_lists_newest_first_pages_and_marks_all_as_read(area, client):
    hv, mia = area["people"]["hv"], area["mia"]
    start = timezone.now() - datetime.timedelta(days=40)
    for day in range(30):
        Notification.objects.create(
            recipient=hv,
            cause=Cause.SCHOOL_CHANGE,
            subject_person=mia,
            message=f"Message {day:02d}",
            created_at=start + datetime.timedelta(days=day),
        )
    client.force_login(hv)
    first = text(client.get(reverse("notifications:inbox")))
    assert "You have 30 unread notifications" in first and "Inbox (30 unread)" in first
    assert first.index("Message 29") < first.index("Message 28")
    assert "Message 04" not in first and "2 of 2" in first
    second = text(client.get(reverse("notifications:inbox"), {"page": 2}))
    assert "Message 04" in second and "Message 05" not in second

    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    page = text(response)
    assert "30 notifications marked as read." in page and "Inbox (0 unread)" in page
    assert not Notification.objects.filter(recipient=hv).unread().exists()


def test_the_inbox_costs_the_same_queries_for_3_or_25_notifications(area, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hv = area["people"]["hv"]
    client.force_login(hv)

    def queries_for(count):
        Notification.objects.filter(recipient=hv).delete()
        for n in range(count):
            Notification.objects.create(
                recipient=hv,
                cause=Cause.SCHOOL_CHANGE,
                subject_person=area["mia"],
                message=f"m{n}",
                sender=area["people"]["sn"],
            )
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("notifications:inbox")).status_code == 200
        return len(context.captured_queries)

    assert queries_for(25) == queries_for(3)


def test_every_signed_in_page_shows_the_unread_count(area, client):
    rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="x")
    client.force_login(area["people"]["hv"])
    for url in [reverse("home"), reverse("people:record", args=[area["mia"].pk]), reverse("contacts:directory")]:
        page = text(client.get(url))
        assert "Inbox (1 unread)" in page, url
