"""Think Family (R1.6): every adult's attendance or assessment in an adult service asks about
children, whatever the adult's sex; it stays incomplete until answered; a yes links the
children and tells their health visitor or school nurse and GP. ED triage completeness per
department (R5.5)."""

import pytest
from django.urls import reverse

from tests import pages
from tests.assessments import scenes
from tests.factories import relate
from tests.flags.scenes import look_up
from thinkfamily.assessments.models import Attendance
from thinkfamily.chronology.models import Event
from thinkfamily.notifications.models import Notification

pytestmark = pytest.mark.django_db
TRIAGE = {"parental_responsibility": "yes", "has_capacity": "yes", "social_circumstances": "Lives with partner",
          "alcohol_or_drugs": "no"}


def _record(client, person, **data):
    return client.post(reverse("assessments:record_attendance", args=[person.pk]),
                       {"reason": "Chest pain", **data})


@pytest.mark.req("R1.6")
def test_a_male_ed_attendance_without_the_children_question_stays_incomplete(client, world):
    dean, nurse = world["dean"], world["ed"]
    look_up(client, nurse, dean.nhs_number)
    form = client.get(reverse("assessments:record_attendance", args=[dean.pk]))
    assert "Are there children in the household or in regular contact, or a pregnancy?" in pages.text(form)

    refused = _record(client, dean, action="complete", **TRIAGE)
    assert "Answer every question before completing" in pages.text(refused, tidy=True)
    assert not Attendance.objects.exists()  # nothing written

    response = _record(client, dean, action="save", **TRIAGE)
    attendance = Attendance.objects.get(person=dean)
    assert response.status_code == 302 and attendance.completed_at is None
    page = client.get(reverse("assessments:attendance", args=[attendance.pk]))
    assert "Not yet answered: Are there children" in pages.text(page, tidy=True)
    again = client.post(reverse("assessments:answer", args=[attendance.pk]), {"action": "complete"})
    assert again.status_code == 400 and "Answer every question before completing" in pages.text(again, tidy=True)
    attendance.refresh_from_db()
    assert attendance.completed_at is None
    listed = client.get(reverse("assessments:incomplete"))
    assert reverse("assessments:attendance", args=[attendance.pk]) in listed.content.decode()

    client.post(reverse("assessments:answer", args=[attendance.pk]), {"children_answer": "no", "action": "complete"})
    attendance.refresh_from_db()
    assert attendance.completed_at is not None
    assert reverse("assessments:attendance", args=[attendance.pk]) not in client.get(
        reverse("assessments:incomplete")).content.decode()


@pytest.mark.req("R1.6")
def test_a_yes_links_the_children_and_tells_their_health_visitor_and_gp(client, world):
    sarah, nurse = world["sarah"], world["ed"]
    look_up(client, nurse, sarah.nhs_number)
    Notification.objects.all().delete()
    _record(client, sarah, action="save", children_answer="yes", **TRIAGE)
    attendance = Attendance.objects.get(person=sarah)
    # A yes with no child linked cannot be completed.
    refused = client.post(reverse("assessments:answer", args=[attendance.pk]), {"action": "complete"})
    assert "link at least one child" in pages.text(refused, tidy=True)

    page = client.get(reverse("assessments:attendance", args=[attendance.pk]))
    assert "Liam" in pages.text(page) and "Mia" in pages.text(page)  # offered from her household
    bad = client.post(reverse("assessments:link_children", args=[attendance.pk]), {"nhs_number": "123"})
    assert bad.status_code == 400 and not attendance.children.exists()
    none = client.post(reverse("assessments:link_children", args=[attendance.pk]), {})
    assert "Choose a child, or enter a child's NHS number" in pages.text(none, tidy=True)

    client.post(reverse("assessments:link_children", args=[attendance.pk]),
                {"children": [str(world["liam"].pk)], "nhs_number": world["mia"].nhs_number})
    assert set(attendance.children.all()) == {world["liam"], world["mia"]}
    told = {(n.recipient.username, n.subject_person.given_name)
            for n in Notification.objects.filter(cause=Notification.Cause.THINK_FAMILY)}
    assert told == {("hv", "Liam"), ("hv", "Mia"), ("gplead", "Liam"), ("gplead", "Mia")}
    assert Event.objects.filter(person=world["liam"], type="adult_service_contact").exists()
    client.post(reverse("assessments:answer", args=[attendance.pk]), {"action": "complete"})
    attendance.refresh_from_db()
    assert attendance.is_complete


@pytest.mark.req("R1.6")
def test_an_adult_mental_health_assessment_asks_a_man_and_links_an_unborn_baby(client, world):
    dean = world["dean"]
    unborn = scenes.pregnancy(world["sarah"])
    relate(unborn, dean, "father")  # his partner's pregnancy: no child of his at home
    worker = scenes.adult_mental_health(dean)
    client.force_login(worker)
    record = client.get(reverse("people:record", args=[dean.pk]))
    assert reverse("assessments:record_attendance", args=[dean.pk]) in record.content.decode()
    form = client.get(reverse("assessments:record_attendance", args=[dean.pk]))
    assert "Parental responsibility" not in pages.text(form)  # the ED triage is the ED's
    _record(client, dean, action="save", children_answer="yes")
    attendance = Attendance.objects.get(person=dean)
    assert attendance.episode is None and not attendance.is_complete
    client.post(reverse("assessments:link_children", args=[attendance.pk]), {"children": [str(unborn.pk)]})
    client.post(reverse("assessments:answer", args=[attendance.pk]), {"action": "complete"})
    attendance.refresh_from_db()
    assert list(attendance.children.all()) == [unborn] and attendance.is_complete


def test_who_may_record_an_attendance(client, world, camhs):
    sarah = world["sarah"]
    client.force_login(world["health_visitor"])  # she works with Sarah, in a children's service
    assert client.get(reverse("assessments:record_attendance", args=[sarah.pk])).status_code == 403
    client.force_login(world["ed"])  # no lookup: the ED has no record open
    assert client.get(reverse("assessments:record_attendance", args=[sarah.pk])).status_code == 403
    # Another adult service that does not work with her.
    client.force_login(scenes.adult_mental_health())
    assert client.post(reverse("assessments:record_attendance", args=[sarah.pk]),
                       {"reason": "Assessment"}).status_code == 403
    assert not Attendance.objects.exists()
    look_up(client, world["ed"], sarah.nhs_number)
    _record(client, sarah, action="save")
    attendance = Attendance.objects.get()
    client.force_login(camhs)  # not of the service, no record
    assert client.post(reverse("assessments:answer", args=[attendance.pk]),
                       {"children_answer": "no"}).status_code == 403
    attendance.refresh_from_db()
    assert attendance.children_answer == ""
    assert client.get(reverse("assessments:incomplete")).status_code == 403


def test_a_child_in_a_childrens_ed_is_sent_to_the_lookup(client, world):
    look_up(client, world["ed"], world["liam"].nhs_number)
    response = _record(client, world["liam"], action="save")
    assert "For a child, use the point-of-care lookup" in pages.text(response, tidy=True)
    assert not Attendance.objects.exists()


@pytest.mark.req("R5.5")
def test_ed_triage_completeness_per_department_drills_down_to_the_attendances_missing_answers(
        client, world, safeguarding_lead, health_visitor):
    nurse = world["ed"]
    look_up(client, nurse, world["sarah"].nhs_number)
    _record(client, world["sarah"], action="complete", children_answer="no", **TRIAGE)
    look_up(client, nurse, world["dean"].nhs_number)
    _record(client, world["dean"], action="save", children_answer="no", has_capacity="yes")
    missing = Attendance.objects.get(person=world["dean"])

    manager = scenes.ward_manager(world)
    client.force_login(manager)
    home = client.get("/")
    assert reverse("assessments:ed_completeness") in home.content.decode()
    page = client.get(reverse("assessments:ed_completeness"))
    row = pages.text(page, tidy=True)
    assert "Southport and Formby ED" in row and "1 (50%)" in row
    drill = reverse("assessments:ed_missing", args=[nurse.team.service.pk])
    assert drill in page.content.decode()
    listed = client.get(drill + "?days=30")
    assert reverse("assessments:attendance", args=[missing.pk]) in listed.content.decode()
    assert "Sarah" not in pages.text(listed)
    opened = client.get(reverse("assessments:attendance", args=[missing.pk]))
    assert opened.status_code == 200 and "Dean Walsh" in pages.text(opened)

    client.force_login(health_visitor)
    assert client.get(reverse("assessments:ed_completeness")).status_code == 403
    client.force_login(safeguarding_lead)  # a lead of another trust: its own EDs (none)
    assert "no emergency department" in pages.text(client.get(reverse("assessments:ed_completeness")))
    bad = client.get(reverse("assessments:ed_completeness") + "?days=12")
    assert bad.status_code == 400
