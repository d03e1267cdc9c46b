"""A looked-after child's change of placement (R1.4): the period of care goes on. The record
shows the new placement in the legal status timeline; the Looked after flag stays raised from
the start of care; the health assessments stay due when they were; the child's practitioners
and the children-in-care team are told the child is still looked after, in a new placement;
bad input changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import pages
from tests.cast import practitioner, put_on_caseload
from tests.lac.scenes import complete_assessment
from tests.pages import date_fields
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.flags.models import Flag
from thinkfamily.lac.models import HealthAssessment
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import LegalStatus, LegalStatusEntry

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
TODAY = datetime.date(2026, 11, 20)
ENTERED = datetime.date(2025, 3, 3)
MOVED = datetime.date(2026, 10, 12)


@pytest.fixture(autouse=True)
def today():
    with clock.travel_to(timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(10)))):
        yield


@pytest.fixture
def world(family, council, cic_nurse):
    """Liam, looked after by Sefton since 3 March 2025, his initial health assessment done and
    his first review due on 20 March 2026 (still open); his social worker Sally; the
    children-in-care nurse commissioned by Sefton."""
    sally = practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", Service.Kind.CHILDRENS_SOCIAL_CARE,
                         team="Sefton children in care team")
    liam = family["liam"]
    put_on_caseload(sally, liam)
    record_legal_status(Auditor(actor=sally), liam, status=LegalStatus.LOOKED_AFTER, change="start",
                                 effective_date=ENTERED, responsible_authority=council,
                                 placement_type="Foster care with a Sefton foster carer")
    review = complete_assessment(
        Auditor(actor=cic_nurse), HealthAssessment.objects.get(child=liam), notified_on=datetime.date(2025, 3, 4),
        booked_on=datetime.date(2025, 3, 5), seen_on=datetime.date(2025, 3, 20),
    )
    Notification.objects.all().delete()
    return {"liam": liam, "sally": sally, "cic": cic_nurse, "council": council, "review": review}


@pytest.mark.req("R1.4")
@pytest.mark.req("R6.1")
def test_a_new_placement_keeps_the_flag_and_the_assessments_and_says_so(client, world):
    liam, council = world["liam"], world["council"]
    flag = Flag.objects.get(person=liam, type__code="looked_after")
    client.force_login(world["sally"])
    record = client.get(reverse("people:record", args=[liam.pk]))
    assert "Record a change of placement" in pages.text(record)

    response = client.post(reverse("people:placement_change", args=[liam.pk]), {
        **date_fields("effective_date", MOVED), "placement_type": "Residential children's home",
        "placed_out_of_area": "on", "notes": "Foster placement broke down",
    })
    assert response.status_code == 302

    # Still looked after, by Sefton, in the new placement, placed out of area
    current = current_legal_statuses(list(LegalStatusEntry.objects.in_force().filter(person=liam)))
    looked_after = next(e for e in current if e.status == LegalStatus.LOOKED_AFTER)
    assert (looked_after.effective_date, looked_after.placement_type, looked_after.placed_out_of_area,
            looked_after.responsible_authority) == (MOVED, "Residential children's home", True, council)
    # The flag is the same flag, from the start of care, now following the new entry
    flag.refresh_from_db()
    assert flag.end_date is None and flag.start_date == ENTERED and flag.legal_status_entry == looked_after
    assert Flag.objects.filter(person=liam, type__code="looked_after").count() == 1
    # The review stays due when it was; no new initial assessment
    review = world["review"]
    review.refresh_from_db()
    assert review.is_open and review.due_on == datetime.date(2026, 3, 20)
    assert HealthAssessment.objects.filter(child=liam, kind=HealthAssessment.Kind.INITIAL).count() == 1
    # One chronology line, and the nurse told he is still looked after
    moves = Event.objects.filter(person=liam, type="placement_changed")
    assert [e.summary for e in moves] == [
        "Moved to a new placement: Residential children's home (placed out of area). Still looked after by "
        "Sefton Council."
    ]
    assert not Event.objects.filter(person=liam, type="legal_status_ended").exists()
    told = Notification.objects.get(recipient=world["cic"])
    assert told.message == ("Liam James Roberts is still looked after: a new placement (Residential children's "
                            "home) from 12 October 2026.")
    # The record's timeline says what happened
    page = pages.text(client.get(reverse("people:record", args=[liam.pk])))
    assert "12 October 2026 : Looked after (placed out of area): new placement" in page
    assert "12 October 2026 : Looked after: placement ended (change of placement)" in page


@pytest.mark.req("R1.4")
def test_a_placement_change_for_a_child_not_looked_after_or_with_bad_dates_is_refused_and_changes_nothing(
    client, world, family
):
    liam, mia = world["liam"], family["mia"]
    put_on_caseload(world["sally"], mia)
    client.force_login(world["sally"])
    before = LegalStatusEntry.objects.count(), Event.objects.count(), Notification.objects.count()

    not_in_care = client.post(reverse("people:placement_change", args=[mia.pk]), {
        **date_fields("effective_date", MOVED), "placement_type": "Foster care"})
    assert "Mia Walsh is not looked after now, so has no placement to change" in pages.text(not_in_care)
    assert "Record a change of placement" not in pages.text(client.get(reverse("people:record", args=[mia.pk])))

    too_early = client.post(reverse("people:placement_change", args=[liam.pk]), {
        **date_fields("effective_date", datetime.date(2025, 1, 6)), "placement_type": "Foster care"})
    assert "The move must be on or after the start of the current placement, 3 March 2025." in pages.text(too_early)

    future = client.post(reverse("people:placement_change", args=[liam.pk]), {
        **date_fields("effective_date", datetime.date(2026, 12, 1)), "placement_type": "Foster care"})
    assert "The date of the move must be today or in the past." in pages.text(future)

    no_placement = client.post(reverse("people:placement_change", args=[liam.pk]), {
        **date_fields("effective_date", MOVED), "placement_type": "  "})
    assert "Describe the new placement" in pages.text(no_placement)

    assert (LegalStatusEntry.objects.count(), Event.objects.count(), Notification.objects.count()) == before
