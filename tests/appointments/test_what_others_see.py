"""What others see of appointments: the caseload's 'due or overdue' column counts the open
follow-ups and the contacts never held (no "Nothing due" beside an overdue alert), and a
restricted service's appointments (sexual health, R2.4) stay with it: its misses are not
shown, counted or told outside it."""

import datetime

import pytest

from tests.appointments.scenes import at, child, miss
from tests.cast import on_a_child_protection_plan, practitioner, put_on_caseload, works_with
from tests.pages import text
from thinkfamily.appointments.models import FollowUp
from thinkfamily.appointments.services import booking
from thinkfamily.appointments.services.follow_ups import record_follow_up
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Practitioner, Service

pytestmark = [pytest.mark.django_db, pytest.mark.req("R7.1")]
Role = Practitioner.Role


def caseload_row(home, person) -> str:
    markup = home.content.decode()
    start = markup.index(f"/people/{person.pk}/", markup.index('data-testid="caseload-row"'))
    return text(markup[start:markup.index("</tr>", start)])


def test_the_caseload_counts_the_open_follow_up_and_the_contact_never_held(client, health_visitor):
    liam, mia = child(), child(given_name="Mia", date_of_birth=datetime.date(2024, 5, 1))
    put_on_caseload(health_visitor, liam, mia)
    miss(health_visitor, liam, at(2026, 3, 2))
    miss(health_visitor, liam, at(2026, 3, 9))
    with clock.travel_to(at(2026, 3, 2)):
        booking.plan_contact(works_with(health_visitor, mia), mia, kind="home_visit", due_by=datetime.date(2026, 3, 13))
    client.force_login(health_visitor)
    with clock.travel_to(at(2026, 3, 20)):
        home = client.get("/")
        assert "Was not brought: record what was done" in caseload_row(home, liam)
        assert "Overdue" in caseload_row(home, liam) and "Nothing due" not in caseload_row(home, liam)
        assert "Home visit planned, not yet held" in caseload_row(home, mia)
        assert "Due by 13 March 2026" in caseload_row(home, mia)
        follow_up = FollowUp.objects.open().get(person=liam)
        record_follow_up(Auditor(health_visitor), follow_up, action="rebooked", note="Booked for next week.")
        assert "Nothing due" in caseload_row(client.get("/"), liam)


@pytest.fixture
def sexual_health_nurse():
    return practitioner("shn", Role.SEXUAL_HEALTH_NURSE, "RVY", Service.Kind.SEXUAL_HEALTH, team="Sexual health team")


def test_a_sexual_health_miss_stays_with_sexual_health(client, health_visitor, social_worker, council,
                                                       sexual_health_nurse):
    jade = child(given_name="Jade", date_of_birth=datetime.date(2010, 6, 1))
    on_a_child_protection_plan(jade, council)
    works_with(social_worker, jade)
    put_on_caseload(health_visitor, jade)
    missed = miss(sexual_health_nurse, jade, at(2026, 3, 2))

    # On a plan, one miss raises the alert, for the sexual health nurse alone: social care is not told.
    follow_up = FollowUp.objects.open().get(person=jade)
    assert follow_up.assigned_to == sexual_health_nurse and follow_up.service == missed.service
    assert not Notification.objects.filter(recipient=social_worker, cause="was_not_brought").exists()
    # The health visitor reading Jade's record sees neither the appointment nor its follow-up.
    client.force_login(health_visitor)
    with clock.travel_to(at(2026, 3, 3)):
        record = client.get(f"/people/{jade.pk}/").content.decode()
        assert f"/appointments/{missed.pk}/" not in record
        assert f"/follow-ups/{follow_up.pk}/" not in record and "2 March 2026" not in text(record)
        assert "Was not brought" not in caseload_row(client.get("/"), jade)
    # The health visitor's own miss is weighed without it: her alert names one appointment, hers.
    miss(health_visitor, jade, at(2026, 4, 6))
    hers = FollowUp.objects.open().get(person=jade, assigned_to=health_visitor)
    assert "1 appointment" in hers.reason and "2 March" not in hers.reason
    assert Notification.objects.filter(recipient=social_worker, cause="was_not_brought").count() == 1
