"""The children-in-care team's work list (R6.1): overdue and at-risk assessments, the most late
first, of the children the user may see only, in the same number of queries however many; the
child's record lists their health assessments and the nurse has the work list in the header."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import practitioner, works_with
from tests.factories import PersonFactory
from tests.lac.scenes import at, enter_care, in_care_and_assessed, initial_assessment
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.services import pipeline
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatus

pytestmark = pytest.mark.django_db
Role = Practitioner.Role


def _looked_after_child(team, name, entered_on, **steps):
    child = PersonFactory(given_name=name, family_name="Testchild", date_of_birth=datetime.date(2016, 5, 5))
    enter_care(team, child, entered_on)
    iha = initial_assessment(child)
    auditor = Auditor(actor=team["cic"])
    for step, on in steps.items():
        extra = {"appointment_on": on + datetime.timedelta(days=14)} if step == "booked" else {}
        pipeline.record_step(auditor, iha, step, occurred_on=on, **extra)
    return child


@pytest.mark.req("R6.1")
def test_the_work_list_shows_overdue_and_at_risk_assessments_most_late_first_and_only_children_the_user_may_see(
    client, team, django_assert_max_num_queries
):
    today = datetime.date(2026, 11, 25)  # Wednesday
    with at(today):
        # Overdue: entered care 2 October, due 30 October (18 working days late: the IHA's
        # timescale is in working days, so its lateness is too).
        ava = _looked_after_child(team, "Ava", datetime.date(2026, 10, 2))
        # Overdue less: entered 12 October, due 9 November.
        ben = _looked_after_child(team, "Ben", datetime.date(2026, 10, 12), notified=datetime.date(2026, 10, 13))
        # At risk by its due date: entered 30 October, due 27 November (2 working days away); steps on time.
        # Seen on the 24th, so it waits for the typed report (target 27 November): that step is on time.
        cara = _looked_after_child(team, "Cara", datetime.date(2026, 10, 30), notified=datetime.date(2026, 11, 2),
                                   requested=datetime.date(2026, 11, 2), booked=datetime.date(2026, 11, 3),
                                   seen=datetime.date(2026, 11, 24))
        # At risk by a step: entered 16 November, due 14 December, but no notification 3 working days later.
        dan = _looked_after_child(team, "Dan", datetime.date(2026, 11, 16))
        # Not at risk: entered 23 November, notified the next day, due 21 December.
        _looked_after_child(team, "Eve", datetime.date(2026, 11, 23), notified=datetime.date(2026, 11, 24))
        # Overdue, but for a council that does not commission this team: not the nurse's to see.
        other = practitioner("sw2", Role.SOCIAL_WORKER, "WIRRAL", Service.Kind.CHILDRENS_SOCIAL_CARE, team="Wirral CiC")
        fay = PersonFactory(given_name="Fay", family_name="Testchild", date_of_birth=datetime.date(2015, 1, 1))
        legal_status_services.record_legal_status(
            works_with(other, fay), fay, status=LegalStatus.LOOKED_AFTER, change="start",
            effective_date=datetime.date(2026, 9, 1), responsible_authority=other.organisation,
        )
        client.force_login(team["cic"])
        with django_assert_max_num_queries(25):
            page = client.get(reverse("lac:worklist"))
    assert page.status_code == 200
    rows = re.findall(r'<tr class="nhsuk-table__row" data-testid="worklist-row">(.*?)</tr>', page.content.decode(),
                      re.S)
    names = [re.search(r"(\w+) Testchild", row).group(1) for row in rows]
    assert names == ["Ava", "Ben", "Cara", "Dan"]
    text = pages.text(page)
    assert "18 working days late" in text and "12 working days late" in text
    assert not re.search(r"\d+ days late", text)  # one measure: never calendar days beside working days
    dan_row = html.unescape(re.sub(r"<[^>]+>", " ", rows[3]))
    # Dan's notification (target 19 November) is 4 working days late.
    assert "Notification from the council received by health" in dan_row and "4 working days late" in dan_row
    cara_row = html.unescape(re.sub(r"<[^>]+>", " ", rows[2]))
    assert "Not yet due" in cara_row and "Typed report completed" in cara_row and "On time" in cara_row
    assert AuditEvent.objects.filter(action="read", detail__page="lac_worklist").exists()
    del ava, ben, cara, dan

    # Nobody sees another area's children, whatever the list holds.
    client.force_login(team["elsewhere"])
    with at(today):
        assert "Testchild" not in pages.text(client.get(reverse("lac:worklist")))


@pytest.mark.req("R6.1")
def test_an_overdue_review_says_how_late_once_in_calendar_days_its_timescale_being_in_months(client, team, family):
    """A review is due 12 months after the last assessment (months: calendar days). Waiting to be
    booked against that same due date, its lateness is said once, not again in working days."""
    liam = family["liam"]
    with at(datetime.date(2026, 5, 21)):
        _iha, review = in_care_and_assessed(team, liam)
        client.force_login(team["cic"])
        page = client.get(reverse("lac:worklist"))
    late = (datetime.date(2026, 5, 21) - review.due_on).days
    rows = re.findall(r'data-testid="worklist-row">(.*?)</tr>', page.content.decode(), re.S)
    assert len(rows) == 1
    row = html.unescape(re.sub(r"<[^>]+>", " ", rows[0]))
    assert row.count("late") == 1 and f"{late} days late" in row, row
    assert "working days late" not in row and "Appointment booked" in row


@pytest.mark.req("R6.1")
def test_the_work_list_takes_the_same_number_of_queries_for_many_children(client, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = datetime.date(2026, 11, 25)
    client.force_login(team["cic"])
    counts = []
    with at(today):
        for batch in range(2):
            for n in range(3 + batch * 9):
                _looked_after_child(team, f"Child{batch}x{n}", datetime.date(2026, 10, 1) + datetime.timedelta(days=n),
                                    notified=datetime.date(2026, 10, 20))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("lac:worklist"))
            assert response.status_code == 200
            counts.append(len(queries))
    assert len(re.findall(r'data-testid="worklist-row"', response.content.decode())) == 15
    assert counts[0] == counts[1]


@pytest.mark.req("R6.1")
def test_the_childs_record_lists_their_health_assessments_and_the_cic_nurse_has_the_work_list_in_the_header(
    client, team, family
):
    liam = family["liam"]
    with at(datetime.date(2026, 11, 20)):
        enter_care(team, liam, datetime.date(2026, 11, 2))
        client.force_login(team["cic"])
        record = client.get(reverse("people:record", args=[liam.pk]))
    body = record.content.decode()
    assert "Health assessments" in pages.text(record)
    assert reverse("lac:assessment", args=[initial_assessment(liam).pk]) in body
    assert reverse("lac:worklist") in body
    client.force_login(team["gp"])
    GPRegistration.objects.create(person=liam, practice=Organisation.objects.get(code="N84001"),
                                  start_date=datetime.date(2020, 1, 1))
    with at(datetime.date(2026, 11, 20)):
        assert reverse("lac:worklist") not in client.get(reverse("people:record", args=[liam.pk])).content.decode()
