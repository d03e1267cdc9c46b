"""GP registration recorded and changed on a page, with history kept (issue 12): the current
registration ends the day the new one starts (end dates are exclusive), so the new practice
opens the record from that day and the old one no longer does. Writing it needs a basis that
writes (people.change_record): an ED nurse after a point-of-care lookup is refused."""

import datetime

import pytest
from django.urls import reverse

from tests.cast import practitioner, put_on_caseload
from tests.factories import PersonFactory
from tests.pages import date_fields, text
from thinkfamily.access.rules import basis_for
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.organisations.models import EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import GPRegistration
from thinkfamily.people.services.gp import register_with_gp

pytestmark = pytest.mark.django_db
Role = Practitioner.Role


@pytest.fixture
def gps(gp):
    """A GP of Crosby Village Surgery and one of Bootle Village Surgery."""
    bootle = practitioner("gp2", Role.GP, "N84001", Service.Kind.GENERAL_PRACTICE, team="Bootle Village Surgery")
    return {"crosby": gp, "bootle": bootle}


def _form(gp, on):
    return {"practice": gp.organisation.pk, **date_fields("start_date", on)}


@pytest.mark.req("R1.1")
def test_a_change_of_practice_on_the_page_ends_the_old_one_that_day_and_keeps_the_history(signed_in, family, gps):
    liam = family["liam"]
    record = text(signed_in.get(reverse("people:record", args=[liam.pk])))
    assert "Record a GP registration" in record
    url = reverse("people:register_with_gp", args=[liam.pk])
    assert signed_in.post(url, _form(gps["crosby"], datetime.date(2019, 4, 1))).status_code == 302
    today = clock.today()
    page = text(signed_in.post(url, _form(gps["bootle"], today), follow=True))
    assert "Liam James Roberts's registration with Bootle Village Surgery has been recorded." in page
    assert f"Crosby Village Surgery, from 1 April 2019 to {today.day} {today:%B %Y}" in page
    old, new = GPRegistration.objects.filter(person=liam).order_by("start_date")
    assert (old.end_date, new.start_date, new.end_date) == (today, today, None)
    assert basis_for(gps["bootle"], liam).code == "gp_registration"
    assert basis_for(gps["crosby"], liam) is None  # the end is exclusive: not Crosby's from today
    [event] = Event.objects.filter(person=liam, type="gp_registration", summary__contains="Bootle")
    assert event.summary == "Registered with Bootle Village Surgery (previously Crosby Village Surgery)"


@pytest.mark.req("R1.1")
def test_a_start_on_or_before_the_current_registration_is_refused_and_nothing_is_written(signed_in, family, gps):
    liam = family["liam"]
    register_with_gp(Auditor(actor=_hv(family)), liam, practice=gps["crosby"].organisation,
                              start_date=datetime.date(2024, 1, 1))
    url = reverse("people:register_with_gp", args=[liam.pk])
    page = text(signed_in.post(url, _form(gps["bootle"], datetime.date(2023, 6, 1))))
    assert "There is a problem" in page
    assert "The new registration must start after 1 January 2024" in page
    page = text(signed_in.post(url, _form(gps["bootle"], datetime.date(2018, 6, 1))))
    assert "must be on or after Liam James Roberts's date of birth" in page
    assert GPRegistration.objects.filter(person=liam).count() == 1
    assert Event.objects.filter(type="gp_registration").count() == 1


def _hv(family):
    """The health visitor of the ``signed_in`` fixture, with Liam's family on her caseload."""
    return Practitioner.objects.get(username="hv")


def test_registering_twice_at_the_same_practice_writes_once(signed_in, family, gps):
    liam, practice = family["liam"], gps["crosby"].organisation
    register_with_gp(Auditor(actor=_hv(family)), liam, practice=practice, start_date=clock.today())
    with pytest.raises(AlreadyRecorded):
        register_with_gp(Auditor(actor=_hv(family)), liam, practice=practice, start_date=clock.today())
    assert GPRegistration.objects.filter(person=liam).count() == 1


@pytest.mark.req("R10.1")
def test_an_ed_nurse_after_a_lookup_reads_but_is_refused_recording_a_gp_registration(client, family, ed_nurse, gps):
    liam = family["liam"]
    EpisodeOfCare.objects.create(person=liam, service=ed_nurse.team.service, kind=EpisodeOfCare.Kind.LOOKUP,
                                 start_at=clock.now(), end_at=clock.now() + datetime.timedelta(hours=72))
    client.force_login(ed_nurse)
    assert client.get(reverse("people:record", args=[liam.pk])).status_code == 200
    assert "Record a GP registration" not in text(client.get(reverse("people:record", args=[liam.pk])))
    response = client.post(reverse("people:register_with_gp", args=[liam.pk]),
                           _form(gps["crosby"], clock.today()))
    assert response.status_code == 403
    assert not GPRegistration.objects.exists()


@pytest.mark.req("R1.1")
def test_an_unborn_baby_is_not_registered_with_a_gp(signed_in, gps):
    unborn = PersonFactory(kind="unborn", given_name="", family_name="Roberts", date_of_birth=None,
                           expected_delivery_date=clock.today() + datetime.timedelta(days=60))
    put_on_caseload(Practitioner.objects.get(username="hv"), unborn)
    assert signed_in.get(reverse("people:register_with_gp", args=[unborn.pk])).status_code == 404
