"""The demo's concerns awaiting a decision (thinkfamily.demo.concerns): after ``seed_demo``,
hv.demo's home page and lead.demo's list show undecided concerns past their decision date, each
leading to the concern and the child, and the Bennett baby's concern is decided."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import pages
from thinkfamily.demo.generator.population import delete_people
from thinkfamily.organisations.models import Practitioner
from thinkfamily.referrals.models import Concern, ConcernDecision


@pytest.mark.req("R4.2")
def test_the_demo_concerns_are_on_hv_demos_home_and_lead_demos_list(client, db):
    call_command("seed_demo", children=40, seed=3, verbosity=0)
    mia = Concern.objects.get(child__given_name="Mia", child__family_name="Walsh", decision="")
    assert Concern.objects.filter(decision=ConcernDecision.DISCUSSED_WITH_LEAD, child__kind="unborn").count() == 1
    client.force_login(Practitioner.objects.get(username="hv.demo"))
    home = client.get("/").content.decode()
    assert "Your concerns awaiting a decision" in home
    assert reverse("referrals:concern", args=[mia.pk]) in home
    client.force_login(Practitioner.objects.get(username="lead.demo"))
    listed = client.get(reverse("referrals:concerns")).content.decode()
    assert reverse("referrals:concern", args=[mia.pk]) in listed
    assert reverse("people:record", args=[mia.child_id]) in listed
    assert "Keira Molloy" in pages.text(client.get(reverse("referrals:concerns")))
    delete_people()
    assert not Concern.objects.exists()
