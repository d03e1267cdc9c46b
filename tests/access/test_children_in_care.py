"""The children-in-care health team may open the records of the children in care it serves
(R10.1, R2.3): it is told when a child becomes looked after or is placed for adoption, and
must then be able to open the record it was told about. Its area is whoever commissions its
organisation. Each case is tested for the allowed and the refused user."""

import datetime

import pytest
from django.urls import reverse

from tests import pages
from tests.cast import organisation, practitioner
from tests.factories import PersonFactory
from thinkfamily.access.rules import basis_for
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.legal_status.services import correct_legal_status, record_legal_status
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatus

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"
WHEN = datetime.date(2025, 6, 2)


@pytest.fixture
def area(family, council, cic_nurse):
    """Sefton Council and South Sefton CCG commission the trust's children-in-care team;
    Wirral Council commissions another. Liverpool City Council places children in Sefton."""
    ccg, wirral, liverpool, practice = (organisation(code) for code in ("01T", "WIRRAL", "LPOOL", "N82001"))
    practice.commissioned_by.add(ccg)
    cic = cic_nurse  # commissioned by Sefton Council
    cic.organisation.commissioned_by.add(ccg)
    cic_wirral = practitioner("cic_wirral", Role.CIC_NURSE, "RY7", Service.Kind.CHILDREN_IN_CARE,
                              team="Wirral CIC team")
    cic_wirral.organisation.commissioned_by.add(wirral)
    school_nurse = practitioner("sn", Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING, team="SN team")
    return {**family, "council": council, "liverpool": liverpool, "practice": practice, "cic": cic,
            "cic_wirral": cic_wirral, "school_nurse": school_nurse}


def _status(person, status, change="start", on=WHEN, **details):
    return record_legal_status(
        Auditor(actor=None), person, status=status, change=change, effective_date=on, **details
    )


def _opens(client, user, person) -> bool:
    client.force_login(user)
    response = client.get(reverse("people:record", args=[person.pk]))
    assert response.status_code in (200, 403), response.status_code
    if response.status_code == 200:
        assert person.full_name in pages.text(response)
    else:
        assert person.full_name not in pages.text(response)
    return response.status_code == 200


@pytest.mark.req("R10.1")
def test_the_cic_nurse_opens_a_looked_after_child_of_an_authority_that_commissions_her_team(client, area):
    liam = area["liam"]
    _status(liam, LegalStatus.LOOKED_AFTER, responsible_authority=area["council"], placement_type="Foster care")

    assert _opens(client, area["cic"], liam)
    rule = basis_for(area["cic"], liam)
    assert rule.code == "children_in_care"
    event = AuditEvent.objects.filter(action="read", subject_id=str(liam.pk), actor=area["cic"]).latest("sequence")
    assert event.basis == f"Looked after, placed for adoption or leaving care in the area {TRUST} serves"
    # Refused: another area's CIC team, and a colleague of another service in the same trust.
    assert not _opens(client, area["cic_wirral"], liam)
    assert not _opens(client, area["school_nurse"], liam)


@pytest.mark.req("R10.1")
def test_the_cic_nurse_cannot_open_a_child_who_is_not_in_care(client, area):
    liam, mia, sarah = area["liam"], area["mia"], area["sarah"]
    _status(liam, LegalStatus.CHILD_PROTECTION_PLAN, responsible_authority=area["council"], cp_category="neglect")
    _status(mia, LegalStatus.CHILD_IN_NEED, responsible_authority=area["council"])

    assert not _opens(client, area["cic"], liam)  # on a plan, not in care
    assert not _opens(client, area["cic"], mia)
    assert not _opens(client, area["cic"], sarah)  # an adult with no status


@pytest.mark.req("R10.1")
def test_access_ends_when_the_child_leaves_care_and_follows_a_correction(client, area):
    liam, mia = area["liam"], area["mia"]
    _status(liam, LegalStatus.LOOKED_AFTER, responsible_authority=area["council"])
    _status(liam, LegalStatus.LOOKED_AFTER, change="end", on=WHEN + datetime.timedelta(days=90))
    assert not _opens(client, area["cic"], liam)

    # Looked after recorded in error (it was a child in need plan): the correction closes the record to her.
    wrong = _status(mia, LegalStatus.LOOKED_AFTER, responsible_authority=area["council"])
    assert _opens(client, area["cic"], mia)
    correct_legal_status(
        Auditor(actor=None), wrong, reason="A child in need plan, not care", status=LegalStatus.CHILD_IN_NEED
    )
    assert not _opens(client, area["cic"], mia)


@pytest.mark.req("R10.1")
def test_placed_for_adoption_and_care_leavers_are_open_to_the_cic_team(client, area):
    liam, mia = area["liam"], area["mia"]
    _status(liam, LegalStatus.LOOKED_AFTER, responsible_authority=area["council"])
    _status(liam, LegalStatus.LOOKED_AFTER, change="end", on=WHEN + datetime.timedelta(days=200))
    _status(liam, LegalStatus.PLACED_FOR_ADOPTION, on=WHEN + datetime.timedelta(days=200),
            responsible_authority=area["council"])
    young_person = PersonFactory(given_name="Kyle", family_name="Dunn", date_of_birth=datetime.date(2007, 1, 9))
    _status(young_person, LegalStatus.CARE_LEAVER, responsible_authority=area["council"])

    assert _opens(client, area["cic"], liam)
    assert _opens(client, area["cic"], young_person)
    assert not _opens(client, area["cic_wirral"], liam)
    assert not _opens(client, area["cic_wirral"], young_person)
    assert not _opens(client, area["cic"], mia)


@pytest.mark.req("R10.1")
def test_a_child_placed_here_by_another_council_is_open_through_the_gp_practices_ccg(client, area):
    """Liverpool's looked-after child lives in Sefton and is registered with a practice the
    CCG commissions: the Sefton team does his health assessments, and may open his record;
    Wirral's may not. Without the registration, Sefton's team has no link to him."""
    kyle = PersonFactory(given_name="Kyle", family_name="Dunn", date_of_birth=datetime.date(2012, 1, 9))
    _status(kyle, LegalStatus.LOOKED_AFTER, responsible_authority=area["liverpool"], placed_out_of_area=True)
    assert not _opens(client, area["cic"], kyle)

    GPRegistration.objects.create(person=kyle, practice=area["practice"], start_date=WHEN)
    assert _opens(client, area["cic"], kyle)
    assert not _opens(client, area["cic_wirral"], kyle)


@pytest.mark.req("R10.1")
def test_search_lists_the_children_in_care_she_serves_and_no_others(client, area):
    liam, mia = area["liam"], area["mia"]
    _status(liam, LegalStatus.LOOKED_AFTER, responsible_authority=area["council"])
    _status(mia, LegalStatus.CHILD_PROTECTION_PLAN, responsible_authority=area["council"], cp_category="neglect")
    client.force_login(area["cic"])
    for person, expected in [(liam, "1 person found"), (mia, "0 people found")]:
        query = {
            "family_name": person.family_name,
            "date_of_birth_0": str(person.date_of_birth.day),
            "date_of_birth_1": str(person.date_of_birth.month),
            "date_of_birth_2": str(person.date_of_birth.year),
        }
        page = pages.text(client.get(reverse("find"), query))
        assert expected in page
        assert (person.full_name in page) is (person == liam)


@pytest.mark.req("R2.3")
def test_the_cic_nurse_opens_the_record_from_the_notification_she_was_sent(client, area):
    liam = area["liam"]
    _status(liam, LegalStatus.LOOKED_AFTER, responsible_authority=area["council"], placement_type="Foster care")
    notification = Notification.objects.get(recipient=area["cic"])
    assert notification.message.startswith("Liam James Roberts became looked after on")
    assert not Notification.objects.filter(recipient=area["cic_wirral"]).exists()

    client.force_login(area["cic"])
    response = client.get(reverse("notifications:open", args=[notification.pk]), follow=True)
    assert response.status_code == 200
    assert "Liam James Roberts" in pages.text(response) and "Looked after" in pages.text(response)
