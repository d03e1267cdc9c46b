"""The demo's disengagement story (thinkfamily.demo.disengagement): after ``seed_demo`` the
demo substance misuse worker finds Dean Walsh's overdue follow-up on the home page, Liam's
and Mia's chronologies say an adult in their household disengaged, and ``delete_people``
removes the story."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.pages import text
from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.chronology.models import Event
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.demo.generator.population import delete_people
from thinkfamily.organisations.models import Practitioner


@pytest.mark.req("R7.2")
def test_dean_has_an_open_disengagement_follow_up_on_the_workers_home_page(client, db):
    call_command("seed_demo", children=20, seed=1, verbosity=0)
    worker = Practitioner.objects.get(username="sm.demo")
    [follow_up] = FollowUp.objects.open().filter(kind=FollowUp.Kind.DISENGAGEMENT)
    assert follow_up.person_id == FEATURED_IDS["Dean Walsh"] and follow_up.assigned_to == worker
    assert "Liam" in follow_up.reason and "Mia Walsh" in follow_up.reason
    for child in ("Liam Roberts", "Mia Walsh"):
        assert Event.objects.filter(person_id=FEATURED_IDS[child], type="adult_around_child_disengaged").count() == 1
    client.force_login(worker)
    page = client.get(reverse("home")).content.decode()
    section = text(page[page.index('data-testid="follow-ups-home"'):])
    section = section[:section.index("All open follow-ups") if "All open follow-ups" in section else None]
    assert "Dean Walsh" in section and "Adult disengaged with children known" in section and "Overdue" in section

    delete_people()
    assert not FollowUp.objects.exists() and not Appointment.objects.exists()
