"""The demo has a contacts directory (R2.5): seed_demo lists every team and practitioner of
the area with a number to ring, none of them verified yet (the system knowing a number is
not someone having checked it), and gives an older demo database without a directory one
on the next `make run` (seed_demo --if-empty) without adding anything twice."""

import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from thinkfamily.demo.area import CIC_TEAM
from thinkfamily.organisations.models import ContactEntry, Practitioner, Team
from thinkfamily.people.models import Person


def _seed(**options):
    call_command("seed_demo", children=20, seed=1, verbosity=0, **options)


@pytest.mark.req("R2.5")
def test_seed_demo_fills_the_contacts_directory_from_the_areas_teams_and_practitioners(db, client):
    _seed()

    teams = ContactEntry.objects.filter(kind=ContactEntry.Kind.TEAM)
    people = ContactEntry.objects.filter(kind=ContactEntry.Kind.PERSON)
    assert teams.count() == Team.objects.count() > 0
    assert people.count() == Practitioner.objects.filter(is_active=True, team__isnull=False).count() > 0
    assert not ContactEntry.objects.filter(phone="", email="").exists()  # every entry can be reached
    assert ContactEntry.objects.stale().count() == ContactEntry.objects.count()  # none checked yet

    # A demo user finds the children-in-care nursing team, and sees that it needs checking.
    client.force_login(Practitioner.objects.get(username="sn.demo"))
    response = client.get(reverse("contacts:directory"), {"q": CIC_TEAM})
    page = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))
    assert CIC_TEAM in page and "Never verified" in page
    assert ContactEntry.objects.get(kind=ContactEntry.Kind.TEAM, name=CIC_TEAM).phone in page


@pytest.mark.req("R2.5")
def test_seed_demo_if_empty_gives_an_older_demo_a_directory_once(db):
    _seed()
    entries = ContactEntry.objects.count()
    ContactEntry.objects.all().delete()  # a demo database made before the directory existed
    people = Person.objects.count()

    _seed(if_empty=True)
    assert ContactEntry.objects.count() == entries
    assert Person.objects.count() == people

    _seed(if_empty=True)
    assert ContactEntry.objects.count() == entries
