"""The demo's appointments (demo/appointments.py): the pregnant woman's two missed antenatal
appointments leave an open follow-up on the demo midwife's home page."""

import pytest
from django.core.management import call_command

from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.demo.featured import FEATURED_IDS

pytestmark = [pytest.mark.django_db, pytest.mark.req("R7.1")]


def test_the_demo_midwife_has_an_open_follow_up_for_chloes_missed_antenatal_appointments():
    call_command("seed_demo", children=0, seed=1, verbosity=0)
    follow_up = FollowUp.objects.open().get(person_id=FEATURED_IDS["Chloe Bennett"])
    assert follow_up.assigned_to.username == "midwife.demo"
    assert "missed 2 antenatal appointments" in follow_up.reason
    missed = Appointment.objects.missed().filter(for_unborn_id=FEATURED_IDS["Unborn baby Bennett"])
    assert missed.count() == 2
    assert FollowUp.objects.open().filter(assigned_to__username="camhs.demo").exists()
    assert Appointment.objects.filter(status="planned", person_id=FEATURED_IDS["Mia Walsh"]).exists()
