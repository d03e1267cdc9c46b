"""Adults who disengage while children or an unborn baby are known (R7.2): missed appointments
with an adult service at the 'was not brought' threshold, or a discharge for non-engagement,
raise the disengagement follow-up for the adult's named practitioner, tracked until someone
records what was done; each child's chronology says so and their health visitor or school
nurse and GP are told. Whatever the adult's sex, and over the shapes of the adult's family:
no children, one, several, an unborn baby only, a child they see but do not live with."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.appointments import scenes
from tests.cast import practitioner, put_on_caseload, register_with
from tests.factories import HouseholdFactory, PersonFactory, PractitionerFactory, live_together, relate
from tests.lac.scenes import at
from tests.pages import date_fields, text
from thinkfamily.access import permissions
from thinkfamily.access.rules import basis_for
from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.appointments.services import follow_ups
from thinkfamily.appointments.services.disengagement import after_missed, children_known
from thinkfamily.caseloads import services as caseloads
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import LegalStatusEntry

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
TODAY = datetime.date(2026, 11, 20)
DISENGAGED = "adult_around_child_disengaged"


@pytest.fixture
def drugs_worker(db):
    """Steve, a worker of Mersey Care's adult substance misuse service (Sefton drug and alcohol team)."""
    return practitioner("sm", Role.SUBSTANCE_MISUSE_WORKER, "RW4", Service.Kind.ADULT_SUBSTANCE_MISUSE,
                        team="Sefton drug and alcohol team", service_name="Sefton drug and alcohol service",
                        first_name="Steve", last_name="Worker")


@pytest.fixture
def around(family, health_visitor, gp):
    """Liam and Mia's health visitor has them on caseload; Liam, Mia and Sarah are registered with the GP."""
    put_on_caseload(health_visitor, family["liam"], family["mia"])
    register_with(gp.organisation, family["liam"], family["mia"], family["sarah"])
    return family


def expecting(mother_name="Kayleigh", sex="female"):
    """An adult expecting a baby, living alone: the unborn baby is the only child known."""
    adult = PersonFactory(kind="adult", given_name=mother_name, family_name="Jones", sex=sex,
                          date_of_birth=datetime.date(1998, 2, 3))
    unborn = PersonFactory(kind="unborn", given_name="", family_name="Jones", date_of_birth=None,
                           expected_delivery_date=datetime.date(2027, 3, 3), sex="not_known")
    relate(unborn, adult, "mother" if sex == "female" else "father")
    live_together(HouseholdFactory(), adult)
    return adult, unborn


def missed(adult, worker, day, *, service=None):
    """The adult did not attend an appointment with the worker on ``day`` (recorded then)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    appointment = Appointment.objects.create(
        person=adult, service=service or worker.team.service, team=worker.team, practitioner=worker,
        kind=Appointment.Kind.TREATMENT, status=Appointment.Status.DID_NOT_ATTEND, starts_at=moment,
        created_by=worker,
    )
    with at(day):
        return after_missed(appointment, worker)


def disengagement(adult):
    return FollowUp.objects.open().filter(person=adult, kind=FollowUp.Kind.DISENGAGEMENT)


@pytest.mark.req("R7.2")
def test_a_disengaged_adult_with_a_known_unborn_child_raises_the_follow_up(drugs_worker, gp):
    kayleigh, unborn = expecting()
    register_with(gp.organisation, kayleigh)

    assert missed(kayleigh, drugs_worker, datetime.date(2026, 6, 1)) is None  # one miss: not yet
    assert not disengagement(kayleigh).exists()
    follow_up = missed(kayleigh, drugs_worker, TODAY)

    assert follow_up is not None and list(disengagement(kayleigh)) == [follow_up]
    assert follow_up.assigned_to == drugs_worker and follow_up.service == drugs_worker.team.service
    assert follow_up.reason.startswith("Kayleigh Jones did not attend 2 appointments with Sefton drug and alcohol "
                                       "service in 12 months. Children known: an unborn baby, due 3 March 2027.")
    assert "consider a referral" in follow_up.reason
    # The unborn baby's record says so, and the GP (the mother's practice) is told.
    [event] = Event.objects.filter(person=unborn, type=DISENGAGED)
    assert event.summary.startswith("Adult in the child's life (mother) disengaged from Sefton drug and alcohol "
                                    "service: Kayleigh Jones did not attend 2 appointments")
    assert set(Notification.objects.filter(cause="adult_disengaged").values_list("recipient", flat=True)) == {gp.pk}
    # The adult's chronology has the follow-up, and Steve is told (raise_follow_up).
    assert Event.objects.filter(person=kayleigh, type="follow_up_raised").count() == 1


@pytest.mark.req("R7.2")
def test_a_man_with_children_at_home_raises_it_too_and_their_practitioners_are_told(
    around, drugs_worker, health_visitor, gp
):
    dean, liam, mia = around["dean"], around["liam"], around["mia"]
    missed(dean, drugs_worker, datetime.date(2026, 3, 2))
    follow_up = missed(dean, drugs_worker, TODAY)

    assert follow_up.person == dean and "Children known: Liam James Roberts (7) and Mia Walsh (4)." in follow_up.reason
    for child in (liam, mia):
        [event] = Event.objects.filter(person=child, type=DISENGAGED)
        assert event.summary.startswith("Adult in the household disengaged from Sefton drug and alcohol service: "
                                        "Dean Walsh did not attend 2 appointments")
        told = Notification.objects.filter(cause="adult_disengaged", subject_person=child)
        assert set(told.values_list("recipient", flat=True)) == {health_visitor.pk, gp.pk}
    message = Notification.objects.filter(cause="adult_disengaged", subject_person=liam).first().message
    assert "Dean Walsh" in message and "Steve Worker is following it up" in message
    assert "_" not in message and "wnb" not in message


@pytest.mark.req("R7.2")
@pytest.mark.parametrize("shape", ["no children", "one child at home", "several at home", "unborn only",
                                   "child seen, not at home", "grown-up child only"])
def test_over_the_shapes_of_the_adults_family(shape, drugs_worker):
    adult = PersonFactory(kind="adult", given_name="Chris", family_name="Lee", sex="male",
                          date_of_birth=datetime.date(1985, 1, 1))
    home = HouseholdFactory()
    live_together(home, adult)
    children = []
    if shape in ("one child at home", "several at home"):
        for n in range(1 if shape == "one child at home" else 3):
            child = PersonFactory(given_name=f"Child{n}", family_name="Lee",
                                  date_of_birth=datetime.date(2015 + n, 1, 1))
            live_together(home, child)
            children.append(child)
    elif shape == "unborn only":
        unborn = PersonFactory(kind="unborn", given_name="", family_name="Lee", date_of_birth=None,
                               expected_delivery_date=datetime.date(2027, 1, 9))
        relate(unborn, adult, "father")
        children.append(unborn)
    elif shape == "child seen, not at home":
        child = PersonFactory(given_name="Ava", family_name="Lee", date_of_birth=datetime.date(2018, 5, 5))
        live_together(HouseholdFactory(), child)
        relate(child, adult, "other_adult", notes="sees her every weekend")
        children.append(child)
    elif shape == "grown-up child only":
        grown = PersonFactory(kind="adult", given_name="Jo", family_name="Lee", date_of_birth=datetime.date(2004, 1, 1))
        live_together(home, grown)
        relate(grown, adult, "father")

    assert {k.person for k in children_known(adult)} == set(children)
    missed(adult, drugs_worker, datetime.date(2026, 10, 1))
    follow_up = missed(adult, drugs_worker, TODAY)
    if not children:
        assert follow_up is None and not FollowUp.objects.exists()
        assert not Event.objects.filter(type=DISENGAGED).exists()
        return
    assert list(disengagement(adult)) == [follow_up]
    assert set(Event.objects.filter(type=DISENGAGED).values_list("person", flat=True)) == {c.pk for c in children}


@pytest.mark.req("R7.2")
def test_an_adult_without_children_raises_nothing_however_many_missed(around, drugs_worker):
    margaret = around["margaret"]  # Sarah's mother: no child is hers, none lives with her
    for month in (3, 5, 7, 9, 11):
        assert missed(margaret, drugs_worker, datetime.date(2026, month, 2)) is None
    assert not FollowUp.objects.exists() and not Notification.objects.filter(cause="adult_disengaged").exists()


@pytest.mark.req("R7.2")
@pytest.mark.parametrize("status", ["child_protection_plan", "looked_after", None])
def test_one_miss_is_enough_where_a_known_child_is_on_a_plan_or_looked_after(around, drugs_worker, council, status):
    jason, liam = around["jason"], around["liam"]  # Liam's father, who lives elsewhere
    if status:
        LegalStatusEntry.objects.create(person=liam, status=status, change="start",
                                        effective_date=datetime.date(2026, 10, 1), responsible_authority=council)
    follow_up = missed(jason, drugs_worker, TODAY)
    assert (follow_up is not None) == bool(status)


@pytest.mark.req("R7.2")
@pytest.mark.parametrize("status", ["child_protection_plan", None])
def test_one_miss_is_enough_where_the_unborn_baby_has_concerns(drugs_worker, council, status):
    kayleigh, unborn = expecting()
    if status:
        LegalStatusEntry.objects.create(person=unborn, status=status, change="start",
                                        effective_date=datetime.date(2026, 11, 1), responsible_authority=council)
    mental_health = practitioner("amh", Role.ADULT_MH_PRACTITIONER, "RW4", Service.Kind.ADULT_MENTAL_HEALTH)
    assert (missed(kayleigh, mental_health, TODAY) is not None) == bool(status)


@pytest.mark.req("R7.2")
def test_misses_older_than_the_window_do_not_count_and_other_services_do_not_raise_it(around, drugs_worker):
    sarah = around["sarah"]
    assert missed(sarah, drugs_worker, datetime.date(2025, 10, 1)) is None
    assert missed(sarah, drugs_worker, TODAY) is None  # 13 months apart
    sexual_health = practitioner("shn", Role.SEXUAL_HEALTH_NURSE, "RTV", Service.Kind.SEXUAL_HEALTH)
    missed(sarah, sexual_health, datetime.date(2026, 10, 1))
    assert missed(sarah, sexual_health, TODAY) is None  # confidential: never tells the children's practitioners
    assert not FollowUp.objects.exists()


@pytest.mark.req("R7.2")
def test_a_further_miss_meets_the_open_follow_up_and_tells_no_one_twice(around, drugs_worker):
    sarah = around["sarah"]
    missed(sarah, drugs_worker, datetime.date(2026, 10, 1))
    first = missed(sarah, drugs_worker, datetime.date(2026, 11, 2))
    told = Notification.objects.filter(cause="adult_disengaged").count()
    again = missed(sarah, drugs_worker, TODAY)
    assert again == first and disengagement(sarah).count() == 1
    assert "3 appointments" in FollowUp.objects.get(pk=first.pk).reason
    assert Notification.objects.filter(cause="adult_disengaged").count() == told
    assert Event.objects.filter(type=DISENGAGED).count() == 2  # Liam and Mia, once each


def _follow_ups_on_home(response) -> str:
    """The words of the home page's follow-ups section (none when nothing is waiting)."""
    page = response.content.decode()
    start = page.find('data-testid="follow-ups-home"')
    if start < 0:
        return ""
    return text(page[start:page.index("</section>", start)])


@pytest.mark.req("R7.2")
def test_the_follow_up_is_tracked_on_the_pages_until_someone_records_what_was_done(client, around, drugs_worker):
    """Through the appointment pages' own services: Dean misses two appointments recorded by
    Steve; the follow-up is on Steve's home page and his team manager's list, overdue once its
    deadline passes, and gone from both once Steve records what he did."""
    dean = around["dean"]
    manager = PractitionerFactory(username="sm.manager", role=Role.TEAM_MANAGER, team=drugs_worker.team,
                                  first_name="Tina", last_name="Manager")
    scenes.miss(drugs_worker, dean, scenes.at(2026, 10, 5))
    scenes.miss(drugs_worker, dean, scenes.at(2026, 11, 2))
    [follow_up] = disengagement(dean)
    home, managers = reverse("home"), reverse("appointments:follow_ups")

    with clock.travel_to(scenes.at(2026, 11, 3)):
        client.force_login(drugs_worker)
        section = _follow_ups_on_home(client.get(home))
        assert "Dean Walsh" in section and "Adult disengaged with children known" in section
        assert "Overdue" not in section
    with clock.travel_to(scenes.at(2026, 11, 20)):
        assert "Overdue" in _follow_ups_on_home(client.get(home))
        client.force_login(manager)
        listed = text(client.get(managers))
        assert "Dean Walsh" in listed and "Steve Worker" in listed and "Overdue" in listed
        follow_ups.record_follow_up(Auditor(actor=drugs_worker), follow_up,
                                    action=FollowUp.Action.CONTACTED_CHILDRENS_PRACTITIONERS,
                                    note="Spoke to Liam and Mia's health visitor; discussed with the lead.")
        assert "Dean Walsh" not in text(client.get(managers))
        client.force_login(drugs_worker)
        assert "Dean Walsh" not in _follow_ups_on_home(client.get(home))
    assert not disengagement(dean).exists()
    assert Event.objects.filter(person=dean, type="follow_up_recorded").count() == 1


# Discharge for non-engagement ----------------------------------------------------------


def _in_the_service(adult, worker, start=datetime.date(2026, 5, 1)) -> EpisodeOfCare:
    with at(start):
        return caseloads.open_episode(Auditor(actor=worker), adult, service=worker.team.service, start_date=start,
                                      reason="Referral accepted: alcohol")


def _discharge(client, adult, episode, **fields):
    return client.post(reverse("care:close_episode", args=[adult.pk, episode.pk]),
                       {**date_fields("end_date", TODAY), **fields})


@pytest.mark.req("R7.2")
def test_discharge_for_non_engagement_raises_the_follow_up_at_once(client, around, drugs_worker, health_visitor):
    sarah = around["sarah"]
    episode = _in_the_service(sarah, drugs_worker)
    client.force_login(drugs_worker)
    with at(TODAY):
        form = text(client.get(reverse("care:close_episode", args=[sarah.pk, episode.pk])))
        assert "Discharged for non-engagement" in form
        response = _discharge(client, sarah, episode, non_engagement="on",
                              reason="Did not attend three appointments and did not reply to letters")
        assert response.status_code == 302
        shown = text(client.get(response.url))
    assert "a follow-up has been raised for Steve Worker to contact their health visitor" in shown
    [follow_up] = disengagement(sarah)
    assert follow_up.appointment is None and follow_up.assigned_to == drugs_worker
    assert follow_up.reason.startswith("Sarah Roberts was discharged by Sefton drug and alcohol service for not "
                                       "engaging. Children known: Liam James Roberts (7) and Mia Walsh (4).")
    episode.refresh_from_db()
    assert episode.end_at is not None and episode.end_reason.startswith("Discharged for non-engagement: Did not")
    assert Event.objects.filter(person__in=[around["liam"], around["mia"]], type=DISENGAGED).count() == 2
    assert Notification.objects.filter(cause="adult_disengaged", recipient=health_visitor).count() == 2


@pytest.mark.req("R7.2")
def test_the_worker_who_discharged_keeps_reading_the_record_until_the_follow_up_is_recorded(around, drugs_worker):
    """Closing the episode ends the service's access; the follow-up assigned to her keeps the
    record open to her to read (not to write), until she records what was done."""
    sarah = around["sarah"]
    episode = _in_the_service(sarah, drugs_worker)
    with at(TODAY):
        caseloads.close_episode(Auditor(actor=drugs_worker), episode, end_date=TODAY, reason="Stopped attending",
                                non_engagement=True)
        [follow_up] = disengagement(sarah)
        assert basis_for(drugs_worker, sarah).code == "follow_up"
        assert not permissions.may_write_record(drugs_worker, sarah)
        follow_ups.record_follow_up(Auditor(actor=drugs_worker), follow_up, action=FollowUp.Action.REFERRED_TO_MASH)
        assert basis_for(drugs_worker, sarah) is None


@pytest.mark.req("R7.2")
def test_other_discharges_and_adults_without_children_raise_nothing(client, around, drugs_worker):
    sarah, margaret = around["sarah"], around["margaret"]
    client.force_login(drugs_worker)
    with at(TODAY):
        goals_met = _in_the_service(sarah, drugs_worker)
        assert _discharge(client, sarah, goals_met, reason="Goals met").status_code == 302
        alone = _in_the_service(margaret, drugs_worker)
        put_on_caseload(drugs_worker, margaret)
        assert _discharge(client, margaret, alone, non_engagement="on", reason="Stopped attending").status_code == 302
    assert not FollowUp.objects.exists()
    alone.refresh_from_db()
    assert alone.end_reason == "Discharged for non-engagement: Stopped attending"


@pytest.mark.req("R7.2")
def test_refused_roles_cannot_discharge_and_nothing_is_written(client, around, drugs_worker, health_visitor):
    sarah = around["sarah"]
    put_on_caseload(health_visitor, sarah)  # she may read Sarah's record, not close the service's episode
    episode = _in_the_service(sarah, drugs_worker)
    client.force_login(health_visitor)
    with at(TODAY):
        assert _discharge(client, sarah, episode, non_engagement="on", reason="Stopped attending").status_code == 403
        with pytest.raises(PermissionDenied):
            caseloads.close_episode(Auditor(actor=health_visitor), episode, end_date=TODAY, reason="Stopped",
                                    non_engagement=True)
    episode.refresh_from_db()
    assert episode.end_at is None and not FollowUp.objects.exists() and not Event.objects.filter(
        type__in=[DISENGAGED, "episode_closed"]).exists()


@pytest.mark.req("R7.2")
@pytest.mark.parametrize(("fields", "message"), [
    ({"reason": ""}, "Enter why the episode of care is closing."),
    ({"reason": "   "}, "Enter why the episode of care is closing."),
    ({**date_fields("end_date", datetime.date(2026, 12, 1)), "reason": "Stopped attending"},
     "must be today or in the past"),
])
def test_bad_input_says_what_to_fix_and_writes_nothing(client, around, drugs_worker, fields, message):
    sarah = around["sarah"]
    episode = _in_the_service(sarah, drugs_worker)
    client.force_login(drugs_worker)
    with at(TODAY):
        page = text(_discharge(client, sarah, episode, non_engagement="on", **fields))
    assert "There is a problem" in page and message in page
    episode.refresh_from_db()
    assert episode.end_at is None and not FollowUp.objects.exists() and not Notification.objects.filter(
        cause="adult_disengaged").exists()
