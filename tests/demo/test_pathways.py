"""The demo's CAMHS transitions and waiting times (thinkfamily.demo.pathways): after
``seed_demo`` the transition list and the waiting times page have something to show, and the
demo's people can be removed again."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command

from tests import pages
from thinkfamily.appointments.models import Appointment
from thinkfamily.core import clock
from thinkfamily.demo.generator.population import delete_people
from thinkfamily.organisations.models import Practitioner
from thinkfamily.pathways.models import TransitionPlan
from thinkfamily.pathways.queries import transitions, waits
from thinkfamily.people.models import Person

LONDON = zoneinfo.ZoneInfo("Europe/London")
AFTER_ANCHOR = datetime.datetime(2026, 11, 2, 10, tzinfo=LONDON)


@pytest.mark.req("R7.3")
@pytest.mark.req("R7.5")
@pytest.mark.django_db
def test_the_demo_has_late_transitions_a_plan_and_waiting_times(client):
    call_command("seed_demo", children=300, seed=1, verbosity=0)
    with clock.travel_to(AFTER_ANCHOR):
        today, now = clock.today(), clock.now()
        assert transitions.late(today, now).count() >= 3
        assert transitions.due_soon(today, now).exists()
        assert TransitionPlan.objects.open().count() == 1
        rows = {row["service"].kind: row for row in waits.figures(list(waits.wait_services()), now)}
        assert set(rows) == {"camhs", "adult_adhd", "paediatrics"}
        assert all(row["seen_first"] and row["first_median"] for row in rows.values())
        assert rows["camhs"]["waiting_treatment"] and rows["adult_adhd"]["waiting_breach"]
        client.force_login(Practitioner.objects.get(username="lead.demo"))
        page = pages.text(client.get("/waiting-times/"))
        assert "Adult ADHD assessment service" in page and "Sefton CAMHS" in page
        client.force_login(Practitioner.objects.get(username="camhs.demo"))
        assert "Late: planning not started" in pages.text(client.get("/transitions/"))
    assert Person.objects.filter(kind="child").count() == 300
    delete_people()
    assert not Appointment.objects.exists() and not TransitionPlan.objects.exists()
