"""The same form sent many times at once (a double-clicked button, a retried request) writes
one row and tells people once (issue 11, defect 4). Before, 20 identical concurrent POSTs made
up to 8 copies of one current flag, 6 of a relationship, enrolled a child at 11 schools at once,
and made 20 break-glass accesses with 20 notifications to the lead.

Each test fires 20 requests at the real views from 20 threads, each with its own client and
database connection, released together; on PostgreSQL (``DATABASE_URL``) and on SQLite (the
test database is a file, thinkfamily/config/settings/test.py). Every answer is a redirect to
what was recorded (or, for the losers of a race, the same page saying it was already
recorded), never a 500."""

import datetime

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import practitioner, put_on_caseload, register_with
from tests.concurrent import assert_answered, fire
from tests.factories import OrganisationFactory
from tests.people.scenes import move_form
from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.chronology.models import Event
from thinkfamily.core.models import AuditEvent
from thinkfamily.flags.models import Flag
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.people.models import HouseholdMembership, ParentalResponsibility, Relationship, SchoolEnrolment
from thinkfamily.referrals.models import Concern, Referral

pytestmark = pytest.mark.usefixtures("national_flag_types")  # a transactional database: real commits
Role = Practitioner.Role
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"


@pytest.fixture
def world(family, health_visitor, council, gp, safeguarding_lead, mash_worker):
    """Liam's family on the health visitor's caseload; a school nurse with Liam, his GP practice,
    the trust's safeguarding lead, an ED nurse of another trust (with its lead) who has no
    relationship with Liam, the council's MASH and eleven schools."""
    put_on_caseload(health_visitor, *[family[k] for k in ["liam", "mia", "sarah", "dean", "margaret"]])
    school_nurse = practitioner("sn", Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING,
                                team="Bootle school nursing team")
    put_on_caseload(school_nurse, family["liam"])
    register_with(gp.organisation, family["liam"])
    ed_nurse = practitioner("ed", Role.ED_NURSE, "RBS", Service.Kind.EMERGENCY_DEPARTMENT, team="Alder Hey ED")
    ed_lead = practitioner("lead2", Role.SAFEGUARDING_LEAD, "RBS", Service.Kind.SAFEGUARDING, team="AH safeguarding")
    schools = [OrganisationFactory(code=f"SCH{n}", name=f"School number {n}", kind=Organisation.Kind.SCHOOL)
               for n in range(1, 12)]
    Notification.objects.all().delete()
    return {**family, "hv": health_visitor, "school_nurse": school_nurse, "gp": gp, "lead": safeguarding_lead,
            "ed_nurse": ed_nurse, "ed_lead": ed_lead, "schools": schools, "council": council}


@pytest.mark.req("R2.1")
def test_twenty_identical_flag_submissions_raise_one_flag_and_tell_the_gp_once(world):
    sarah = world["sarah"]
    answers = fire(world["lead"], reverse("flags:raise", args=[sarah.pk]), {
        "type": "marac", "detail": "Heard 3 March", "start_date_0": "3", "start_date_1": "3", "start_date_2": "2026",
        "contact_name": "Sefton IDVA service", "contact_phone": "0151 496 0777", "visibility": "everyone",
    })
    assert_answered(answers)
    [flag] = Flag.objects.filter(person=sarah)
    assert flag.type.code == "marac" and flag.end_date is None
    assert Event.objects.filter(person=sarah, type="flag_raised").count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="flags.Flag").count() == 1
    [told] = Notification.objects.all()  # Liam, in Sarah's household, at his GP practice
    assert told.recipient == world["gp"] and told.subject_person == world["liam"]


def test_twenty_identical_relationship_submissions_record_it_once(world):
    liam, margaret = world["liam"], world["margaret"]
    answers = fire(world["hv"], reverse("people:add_relationship", args=[liam.pk]), {
        "type": "grandparent", "relative_nhs_number": margaret.nhs_number, "notes": "Maternal grandmother",
    })
    assert_answered(answers)
    assert Relationship.objects.filter(person=liam, relative=margaret).count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="people.Relationship").count() == 1


@pytest.mark.req("R2.3")
def test_twenty_identical_changes_of_school_enrol_the_child_once_and_tell_the_school_nurse_once(world):
    liam = world["liam"]
    today = datetime.date.today()
    answers = fire(world["hv"], reverse("people:change_school", args=[liam.pk]), {
        "school": world["schools"][0].pk, "start_date_0": today.day, "start_date_1": today.month,
        "start_date_2": today.year, "reason": "Moved after bullying; now living with grandmother",
    })
    assert_answered(answers)
    [enrolment] = SchoolEnrolment.objects.filter(person=liam)
    assert enrolment.school == world["schools"][0] and enrolment.end_date is None
    assert Event.objects.filter(person=liam, type="school_move").count() == 1
    [told] = Notification.objects.all()
    assert told.recipient == world["school_nurse"] and told.cause == Notification.Cause.SCHOOL_CHANGE


@pytest.mark.req("R2.3")
def test_changes_to_eleven_schools_at_once_leave_the_child_at_one_school(world):
    liam = world["liam"]
    today = datetime.date.today()
    answers = fire(world["hv"], reverse("people:change_school", args=[liam.pk]), [
        {"school": school.pk, "start_date_0": today.day, "start_date_1": today.month, "start_date_2": today.year,
         "reason": "Moved after bullying"}
        for school in world["schools"]
    ])
    assert_answered(answers)
    current = SchoolEnrolment.objects.filter(person=liam, end_date__isnull=True)
    assert current.count() == 1
    # One after another: every move ends the one before it, as the history shows.
    assert SchoolEnrolment.objects.filter(person=liam).count() == len(world["schools"])


@pytest.mark.req("R10.1")
def test_twenty_break_glass_submissions_make_one_access_and_one_notification_to_the_lead(world):
    liam, nurse = world["liam"], world["ed_nurse"]
    answers = fire(nurse, reverse("access:break_glass", args=[liam.pk]), {
        "reason": "unscheduled_care", "justification": "Child in resus at 02:10 with unexplained bruising",
    })
    assert_answered(answers)
    [access] = BreakGlassAccess.objects.all()
    assert access.practitioner == nurse and access.person == liam
    [told] = Notification.objects.filter(cause=Notification.Cause.BREAK_GLASS)
    assert told.recipient == world["ed_lead"]
    assert AuditEvent.objects.filter(action="break_glass").count() == 1


def test_twenty_identical_household_moves_move_the_person_once(world):
    liam = world["liam"]
    answers = fire(world["hv"], reverse("people:move", args=[liam.pk]),
                   move_form(("3", "2", "2025"), "7 Bridge Road", "Litherland", "l21 9pq", reason="Moved to a flat"))
    assert_answered(answers)
    memberships = HouseholdMembership.objects.filter(person=liam)
    assert memberships.count() == 2 and memberships.filter(end_date__isnull=True).get().household.postcode == "L21 9PQ"


def test_twenty_identical_grants_of_parental_responsibility_record_one(world):
    liam, dean = world["liam"], world["dean"]
    answers = fire(world["hv"], reverse("people:add_parental_responsibility", args=[liam.pk]), {
        "holder": f"person:{dean.pk}", "basis": "step_parent", "start_date_0": "1", "start_date_1": "6",
        "start_date_2": "2023",
    })
    assert_answered(answers)
    assert ParentalResponsibility.objects.filter(child=liam, holder=dean).count() == 1


@pytest.mark.req("R4.1")
def test_twenty_identical_concerns_open_one_draft_referral(world):
    liam = world["liam"]
    answers = fire(world["hv"], reverse("referrals:record_concern", args=[liam.pk]), {
        "description": "Liam came to clinic with bruising on both upper arms; mother said he fell.",
    })
    assert_answered(answers)
    assert Concern.objects.filter(child=liam).count() == 1 and Referral.objects.filter(child=liam).count() == 1


# The second of two submissions, one after the other (the page a double-click leaves on screen)


@pytest.mark.req("R2.1")
def test_the_second_flag_submission_shows_the_record_with_the_flag_already_raised(client, world):
    sarah = world["sarah"]
    client.force_login(world["lead"])
    form = {"type": "domestic_abuse", "start_date_0": "3", "start_date_1": "3", "start_date_2": "2026",
            "contact_name": "Sefton IDVA service", "contact_phone": "0151 496 0777", "visibility": "everyone"}
    first = pages.text(client.post(reverse("flags:raise", args=[sarah.pk]), form, follow=True), tidy=True)
    second = pages.text(client.post(reverse("flags:raise", args=[sarah.pk]), form, follow=True), tidy=True)
    assert "Success The Domestic abuse incident flag has been raised" in first
    assert ("Important Sarah Roberts already has a current domestic abuse incident flag, raised 3 March 2026 by "
            f"{TRUST}. Nothing new was raised.") in second
    assert "There is a problem" not in second and Flag.objects.filter(person=sarah).count() == 1


@pytest.mark.req("R10.1")
def test_breaking_glass_again_while_access_lasts_says_so_and_tells_the_lead_no_more(client, world):
    liam = world["liam"]
    client.force_login(world["ed_nurse"])
    form = {"reason": "unscheduled_care", "justification": "Child in resus at 02:10 with unexplained bruising"}
    client.post(reverse("access:break_glass", args=[liam.pk]), form)
    again = pages.text(client.post(reverse("access:break_glass", args=[liam.pk]), form, follow=True), tidy=True)
    assert "You already have break-glass access to this record, until" in again
    assert "Your safeguarding lead has been told once." in again and "Liam James Roberts" in again
    assert BreakGlassAccess.objects.count() == 1
    assert Notification.objects.filter(cause=Notification.Cause.BREAK_GLASS).count() == 1


@pytest.mark.req("R2.3")
def test_the_second_change_of_school_submission_says_the_child_is_already_there(client, world):
    liam = world["liam"]
    client.force_login(world["hv"])
    today = datetime.date.today()
    form = {"school": world["schools"][0].pk, "start_date_0": today.day, "start_date_1": today.month,
            "start_date_2": today.year, "reason": "Moved after bullying"}
    client.post(reverse("people:change_school", args=[liam.pk]), form)
    again = pages.text(client.post(reverse("people:change_school", args=[liam.pk]), form, follow=True), tidy=True)
    assert f"Liam James Roberts is already at School number 1, since {today.day} {today:%B %Y}." in again
    assert SchoolEnrolment.objects.filter(person=liam).count() == 1
    assert Notification.objects.filter(cause=Notification.Cause.SCHOOL_CHANGE).count() == 1
