"""The same caseload, episode or GP form sent many times at once (a double-clicked button, a
retried request) writes one row, one chronology line and one audit event (issue 12): the
one-open-row constraints and core.concurrency, as for the forms of issue 11."""

import datetime

import pytest
from django.urls import reverse

from tests.caseloads.scenes import identity_form
from tests.concurrent import assert_answered, fire
from tests.pages import date_fields
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner
from thinkfamily.people.models import GPRegistration

pytestmark = pytest.mark.usefixtures("national_flag_types")  # a transactional database: real commits
Role = Practitioner.Role


def test_twenty_identical_add_to_caseload_submissions_add_one_place(family, health_visitor):
    liam = family["liam"]
    answers = fire(health_visitor, reverse("care:add_by_identity"), identity_form(liam))
    assert_answered(answers)
    assert CaseloadMembership.objects.filter(person=liam).count() == 1
    assert Event.objects.filter(person=liam, type="caseload_added").count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="organisations.CaseloadMembership").count() == 1


def test_twenty_identical_open_episode_submissions_open_one_episode(family, camhs):
    liam = family["liam"]
    CaseloadMembership.objects.create(person=liam, practitioner=camhs, team=camhs.team,
                                      start_date=datetime.date(2026, 1, 5))
    answers = fire(camhs, reverse("care:open_episode", args=[liam.pk]),
                   {**date_fields("start_date", clock.today()), "reason": "Referral accepted"})
    assert_answered(answers)
    assert EpisodeOfCare.objects.filter(person=liam).count() == 1
    assert Event.objects.filter(person=liam, type="episode_opened").count() == 1


def test_twenty_identical_gp_registrations_write_one(family, health_visitor, gp):
    liam = family["liam"]
    CaseloadMembership.objects.create(person=liam, practitioner=health_visitor, team=health_visitor.team,
                                      start_date=datetime.date(2026, 1, 5))
    answers = fire(health_visitor, reverse("people:register_with_gp", args=[liam.pk]),
                   {"practice": gp.organisation.pk, **date_fields("start_date", clock.today())})
    assert_answered(answers)
    assert GPRegistration.objects.filter(person=liam).count() == 1
    assert Event.objects.filter(person=liam, type="gp_registration").count() == 1
