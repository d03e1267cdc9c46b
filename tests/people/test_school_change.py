"""Recording a change of school (R2.3, review §5.2.19): the reason is required, and the
school nurse with the child on caseload is told of the move with its reason. A form
without a reason is refused with the NHS error summary and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.cast import practitioner, put_on_caseload, works_with
from tests.factories import OrganisationFactory
from tests.pages import text
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.people.models import SchoolEnrolment
from thinkfamily.people.services.schools import change_school

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def schools(db):
    return {
        "old": OrganisationFactory(code="SCH1", name="Waterloo Primary School", kind=Organisation.Kind.SCHOOL),
        "new": OrganisationFactory(code="SCH2", name="Litherland Moss Primary School", kind=Organisation.Kind.SCHOOL),
    }


@pytest.fixture
def school_nurse(family):
    nurse = practitioner("sn", Practitioner.Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING,
                         team="Bootle school nursing team")
    put_on_caseload(nurse, family["liam"])
    return nurse


def _form(school, reason="Moved after bullying; now living with grandmother", on=TODAY):
    return {
        "school": school.pk,
        "start_date_0": on.day,
        "start_date_1": on.month,
        "start_date_2": on.year,
        "reason": reason,
    }


@pytest.mark.req("R2.3")
def test_a_change_of_school_reaches_the_school_nurse_with_its_reason(signed_in, family, schools, school_nurse):
    liam = family["liam"]
    record = text(signed_in.get(reverse("people:record", args=[liam.pk])))
    assert "Record a change of school" in record

    response = signed_in.post(reverse("people:change_school", args=[liam.pk]), _form(schools["new"]), follow=True)
    page = text(response)
    assert "The change of school has been recorded and sent, with its reason, to Sn Practitioner." in page
    assert "Litherland Moss Primary School" in page  # the school history on the record

    enrolment = SchoolEnrolment.objects.get(person=liam)
    assert enrolment.reason_for_move == "Moved after bullying; now living with grandmother"
    notification = Notification.objects.get()
    assert notification.recipient == school_nurse and notification.cause == Notification.Cause.SCHOOL_CHANGE
    assert notification.sender.username == "hv" and notification.subject_person == liam
    assert notification.message == (
        f"Liam James Roberts moved to Litherland Moss Primary School on {TODAY.day} {TODAY:%B %Y}. "
        "Reason: Moved after bullying; now living with grandmother"
    )


@pytest.mark.req("R2.3")
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_change_of_school_without_a_reason_is_refused_and_writes_nothing(
    signed_in, family, schools, school_nurse, reason
):
    liam = family["liam"]
    audit_before = AuditEvent.objects.exclude(action=AuditEvent.Action.READ).count()
    response = signed_in.post(reverse("people:change_school", args=[liam.pk]), _form(schools["new"], reason=reason))
    assert response.status_code == 200
    page = text(response)
    assert "Error: Record a change of school" in page  # the page title says so
    assert "There is a problem" in page
    assert "Enter the reason for the move: the school nurse needs it to assess risk." in page
    assert 'href="#id_reason"' in response.content.decode()
    assert not SchoolEnrolment.objects.exists()
    assert not Notification.objects.exists()
    assert AuditEvent.objects.exclude(action=AuditEvent.Action.READ).count() == audit_before


@pytest.mark.req("R2.3")
def test_the_service_refuses_a_blank_reason_too(family, schools, school_nurse, health_visitor):
    with pytest.raises(ValidationError) as refused:
        change_school(
            works_with(health_visitor, family["liam"]), family["liam"], school=schools["new"], start_date=TODAY,
            reason="  ",
        )
    assert "reason" in refused.value.error_dict
    assert not SchoolEnrolment.objects.exists() and not Notification.objects.exists()


def test_a_move_ends_the_current_school_and_says_so_when_no_school_nurse_is_told(signed_in, family, schools):
    mia = family["mia"]
    SchoolEnrolment.objects.create(person=mia, school=schools["old"], start_date=datetime.date(2025, 9, 3))
    response = signed_in.post(reverse("people:change_school", args=[mia.pk]), _form(schools["new"]), follow=True)
    assert "No school nurse has Mia Walsh on their caseload, so no one has been told" in text(response)
    old, new = SchoolEnrolment.objects.filter(person=mia).order_by("start_date")
    assert old.end_date == TODAY and new.end_date is None
    assert not Notification.objects.exists()


def test_only_a_child_changes_school(signed_in, family):
    assert signed_in.get(reverse("people:change_school", args=[family["sarah"].pk])).status_code == 404
    assert "Record a change of school" not in text(signed_in.get(reverse("people:record", args=[family["sarah"].pk])))


def test_changing_school_needs_a_relationship_with_the_child(client, family, schools, ed_nurse):
    client.force_login(ed_nurse)
    response = client.post(reverse("people:change_school", args=[family["liam"].pk]), _form(schools["new"]))
    assert response.status_code == 403
    assert not SchoolEnrolment.objects.exists()
