"""Who is told of what (R2.3): one test per rule, asserting exactly who is told and who is not
(looked after, placed for adoption, corrections, child protection plans born and unborn, adult
risks at home, a change of school, an adult in ED with risky behaviour, a named practitioner
who has left)."""

import datetime

import pytest
from django.utils import timezone

from tests.cast import works_with
from tests.factories import OrganisationFactory
from tests.notifications.scenes import TODAY, record_status, told
from thinkfamily.core.audit import Auditor
from thinkfamily.flags import services as flag_services
from thinkfamily.flags.models import FlagType
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.notifications import rules
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner
from thinkfamily.people.models import LegalStatus
from thinkfamily.people.services.births import record_unborn
from thinkfamily.people.services.schools import change_school

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
Cause = Notification.Cause


@pytest.mark.req("R2.3")
def test_looked_after_starting_and_ending_tells_the_caseload_the_gp_practice_and_the_cic_team(area):
    liam = area["liam"]
    expected = {"sn", "camhs", "psl", "cic"}  # caseload (not the sender), practice lead, CIC team
    record_status(area, liam, LegalStatus.LOOKED_AFTER, "start", placement_type="Foster care")
    assert told(Cause.LOOKED_AFTER, liam) == expected
    messages = set(Notification.objects.filter(cause=Cause.LOOKED_AFTER).values_list("message", flat=True))
    assert messages == {
        f"Liam James Roberts became looked after on {(TODAY - datetime.timedelta(days=7)).day} "
        f"{TODAY - datetime.timedelta(days=7):%B %Y}."
    }
    # Not: the practice's GP (it has a safeguarding lead), another area's CIC team, the
    # health visitor of his sister, the sender.
    Notification.objects.all().delete()
    record_status(area, liam, LegalStatus.LOOKED_AFTER, "end")
    assert told(Cause.LOOKED_AFTER, liam) == expected
    assert Notification.objects.get(recipient__username="cic").message.startswith(
        "Liam James Roberts stopped being looked after on"
    )
    assert not Notification.objects.exclude(cause=Cause.LOOKED_AFTER).exists()

    # A new placement (ended and started again the same day) says he is still looked after.
    Notification.objects.all().delete()
    record_status(area, liam, LegalStatus.LOOKED_AFTER, "start", placement_type="Residential home",
                  effective_date=TODAY - datetime.timedelta(days=1))
    assert told(Cause.LOOKED_AFTER, liam) == expected
    assert Notification.objects.get(recipient__username="cic").message == (
        f"Liam James Roberts is still looked after: a new placement (Residential home) from "
        f"{(TODAY - datetime.timedelta(days=1)).day} {TODAY - datetime.timedelta(days=1):%B %Y}."
    )


@pytest.mark.req("R2.3")
def test_a_practice_without_a_safeguarding_lead_is_told_through_its_gps(area):
    mia = area["mia"]
    record_status(area, mia, LegalStatus.LOOKED_AFTER, "start")
    assert told(Cause.LOOKED_AFTER, mia) == {"hv", "gp2", "cic"}


@pytest.mark.req("R2.3")
def test_placed_for_adoption_tells_the_childrens_health_team_only(area):
    liam = area["liam"]
    record_status(area, liam, LegalStatus.LOOKED_AFTER, "start")
    Notification.objects.all().delete()
    record_status(area, liam, LegalStatus.PLACED_FOR_ADOPTION, "start")
    assert told(Cause.PLACED_FOR_ADOPTION, liam) == {"cic"}
    assert Notification.objects.count() == 1
    assert Notification.objects.get().message.startswith("Liam James Roberts was placed for adoption on")


@pytest.mark.req("R2.3")
def test_a_correction_that_starts_looked_after_status_tells_the_same_people_as_recording_it(area):
    """A child protection plan recorded in error for a child who became looked after: the
    correction tells the caseload, the GP practice and the CIC team, as recording it would."""
    liam = area["liam"]
    wrong = record_status(area, liam, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="neglect")
    Notification.objects.all().delete()
    legal_status_services.correct_legal_status(
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
    record_status(area, liam, LegalStatus.LOOKED_AFTER, "start")
    record_status(area, liam, LegalStatus.CHILD_IN_NEED, "start")
    wrong = record_status(area, liam, LegalStatus.CHILD_IN_NEED, "end")  # it was his care that ended
    Notification.objects.all().delete()
    auditor = Auditor(actor=area["people"]["social_worker"])
    legal_status_services.correct_legal_status(
        auditor, wrong, reason="Recorded against the wrong status", status=LegalStatus.LOOKED_AFTER
    )
    assert told(Cause.LOOKED_AFTER, liam) == {"sn", "camhs", "psl", "cic"}
    assert Notification.objects.get(recipient__username="cic").message.startswith(
        "Liam James Roberts stopped being looked after on"
    )

    # Correcting only the date (or category) of a plan already notified tells no one again.
    plan = record_status(area, chloe, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="neglect")
    Notification.objects.all().delete()
    legal_status_services.correct_legal_status(
        auditor, plan, reason="Conference date", effective_date=TODAY - datetime.timedelta(days=8)
    )
    assert not Notification.objects.exists()


@pytest.mark.req("R2.3")
def test_a_child_protection_plan_tells_the_gp_practice_and_the_0_19_nurse_and_sexual_health_only_if_attended(area):
    liam, chloe, mia = area["liam"], area["chloe"], area["mia"]
    for child in (liam, chloe, mia):
        record_status(area, child, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="neglect")
    assert told(Cause.CHILD_PROTECTION_PLAN, liam) == {"psl", "sn"}  # not CAMHS, not sexual health
    assert told(Cause.CHILD_PROTECTION_PLAN, chloe) == {"psl", "sn", "shn"}  # she has attended sexual health
    assert told(Cause.CHILD_PROTECTION_PLAN, mia) == {"gp2", "hv"}
    assert (
        "A child protection plan (neglect) started for Chloe Walsh"
        in Notification.objects.get(recipient__username="shn").message
    )
    Notification.objects.all().delete()
    record_status(area, chloe, LegalStatus.CHILD_PROTECTION_PLAN, "end")
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
    record_status(area, unborn, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="emotional")
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
