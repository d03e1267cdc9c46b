"""The point-of-care lookup page (R2.2, the CP-IS job): an ED nurse at Southport enters a child's
NHS number at 02:14 and must see the plan and whom to ring; social care must learn that the
child was seen; the lookup opens the record to the ED for 72 hours; recent lookups and flags
ended in the last year are shown; an unborn child's plan is found through the mother; bad or
unknown numbers are refused or said so; only unscheduled care services may look up."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import pages
from tests.cast import organisation, practitioner, put_on_caseload, works_with
from tests.factories import PersonFactory, synthetic_nhs_number
from tests.flags.scenes import LOOKUP, look_up
from thinkfamily.chronology.models import Event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.core.presenters import format_date
from thinkfamily.flags import services as flag_services
from thinkfamily.flags.lookup import UnbornChild
from thinkfamily.flags.models import PointOfCareLookup
from thinkfamily.flags.presenters import whose_flags_sentence
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import Person
from thinkfamily.people.services.births import record_unborn

pytestmark = pytest.mark.django_db
Role = Practitioner.Role


@pytest.mark.req("R2.2")
def test_an_ed_lookup_shows_the_plan_and_contacts_and_tells_the_childs_social_worker(client, world):
    liam, nurse, social_worker = world["liam"], world["ed"], world["social_worker"]
    put_on_caseload(social_worker, liam)
    spaced = f"{liam.nhs_number[:3]} {liam.nhs_number[3:6]}  {liam.nhs_number[6:]}"
    response = look_up(client, nurse, spaced)
    assert response.status_code == 200
    text = pages.text(response, tidy=True)
    assert "Liam James Roberts" in text and liam.formatted_nhs_number in text and "14 March 2019" in text
    assert "Child protection plan: Neglect, since 2 September 2025, raised by Sefton Council" in text
    assert "in hours 0151 496 0000, out of hours 0151 496 0999" in text  # on the banner
    assert "Sefton Council (responsible local authority): in hours 0151 496 0000, out of hours 0151 496 0999" in text
    assert "Social worker: Sam Worker" in text

    note = Notification.objects.get(recipient=social_worker)
    assert note.cause == Notification.Cause.POINT_OF_CARE_LOOKUP and note.subject_person == liam
    assert "seen at Southport and Formby ED" in note.message and "by Emma Nurse" in note.message
    assert not Notification.objects.filter(recipient=world["mash"]).exists()  # he has a social worker

    lookup = PointOfCareLookup.objects.get()
    assert (lookup.person, lookup.practitioner, lookup.service) == (liam, nurse, nurse.team.service)
    event = Event.objects.get(person=liam, type="point_of_care_lookup")
    assert event.summary.startswith("Seen at Southport and Formby ED by Emma Nurse")
    audit = AuditEvent.objects.filter(actor=nurse, action="read", subject_id=str(liam.pk)).get()
    assert audit.basis == "Point-of-care lookup at Southport and Formby ED"
    assert audit.detail["point_of_care_lookup"] == lookup.pk


@pytest.mark.req("R2.2")
def test_without_a_social_worker_the_responsible_authoritys_mash_is_told(client, world):
    look_up(client, world["ed"], world["liam"].nhs_number)
    note = Notification.objects.get(recipient=world["mash"])
    assert "Liam James Roberts was seen at Southport and Formby ED" in note.message
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["mash"]


@pytest.mark.req("R2.2")
def test_a_lookup_opens_the_record_to_the_ed_for_72_hours_and_not_after(client, world):
    liam, nurse = world["liam"], world["ed"]
    record = reverse("people:record", args=[liam.pk])
    client.force_login(nurse)
    assert client.get(record).status_code == 403  # no relationship before the lookup
    page = look_up(client, nurse, liam.nhs_number)
    assert reverse("people:record", args=[liam.pk]) in page.content.decode()
    episode = EpisodeOfCare.objects.get(person=liam, service=nurse.team.service)
    assert episode.end_at - episode.start_at == datetime.timedelta(hours=72)
    assert "Child protection plan: Neglect" in pages.text(client.get(record), tidy=True)
    EpisodeOfCare.objects.filter(pk=episode.pk).update(
        start_at=timezone.now() - datetime.timedelta(hours=72, minutes=1),
        end_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert client.get(record).status_code == 403


@pytest.mark.req("R2.2")
def test_the_last_25_lookups_show_where_when_and_by_whom_newest_first(client, world):
    liam, nurse = world["liam"], world["ed"]
    now = timezone.now()
    for hours_ago in range(1, 31):  # 30 earlier lookups, one an hour
        PointOfCareLookup.objects.create(
            person=liam, looked_up_nhs_number=liam.nhs_number, practitioner=world["midwife"],
            service=world["midwife"].team.service, looked_up_at=now - datetime.timedelta(hours=hours_ago),
        )
    response = look_up(client, nurse, liam.nhs_number)
    table = re.search(r'data-testid="previous-lookups">(.*?)</table>', response.content.decode(), re.S).group(1)
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", table, re.S)[1:]  # without the header
    assert len(rows) == 25
    local = [timezone.localtime(now - datetime.timedelta(hours=h)) for h in (1, 25, 26)]
    first, last = html.unescape(rows[0]), html.unescape(rows[-1])
    assert f"at {local[0]:%H:%M}" in first and "Liverpool Women's delivery suite" in first and "Mary Midwife" in first
    assert f"at {local[1]:%H:%M}" in last
    assert f"{local[2].day} {local[2]:%B %Y} at {local[2]:%H:%M}" not in pages.text(response, tidy=True)


@pytest.mark.req("R2.2")
def test_flags_ended_in_the_last_12_months_are_shown_and_older_ones_are_not(client, world):
    liam = world["liam"]
    lead = practitioner("lead", Role.SAFEGUARDING_LEAD, "RVY", Service.Kind.SAFEGUARDING,
                        service_name="Safeguarding team", service_phone="", team="Safeguarding team team",
                        team_phone="0151 496 0500", first_name="Lee", last_name="Lead")
    auditor = works_with(lead, liam)  # in the lead's population
    today = timezone.localdate()
    for code, start_days, end_days in [("missing_episodes", 500, 330), ("cse_risk", 900, 400)]:
        flag = flag_services.raise_flag_by_hand(
            auditor, liam, flag_services.flag_type(code), start_date=today - datetime.timedelta(days=start_days),
            contact_name="Sefton exploitation team", contact_phone="0151 496 0444",
        )
        flag_services.end_flag_by_hand(
            auditor, flag, end_date=today - datetime.timedelta(days=end_days), reason="Risk reduced"
        )
    text = pages.text(look_up(client, world["ed"], liam.nhs_number), tidy=True)
    ended = text[text.index("Flags ended in the last 12 months"):text.index("Who to contact")]
    assert "Missing episodes" in ended
    assert "Child sexual exploitation risk" not in text


@pytest.mark.req("R2.2")
def test_an_unborn_child_protection_plan_is_found_through_the_mothers_nhs_number(client, world):
    sarah, council, midwife = world["sarah"], world["council"], world["midwife"]
    council_record = Auditor.system("Sefton Council's case record")  # no named social worker yet
    unborn = record_unborn(
        council_record, sarah, expected_delivery_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    legal_status_services.record_legal_status(
        council_record, unborn, status="child_protection_plan", change="start",
        effective_date=timezone.localdate() - datetime.timedelta(days=30), cp_category="emotional",
        responsible_authority=council,
    )
    Notification.objects.all().delete()
    text = pages.text(look_up(client, midwife, sarah.nhs_number), tidy=True)
    assert "Sarah Roberts" in text
    # The unborn baby's flag once, attributed to the baby; nothing saying there are no flags.
    assert text.count("Unborn child protection plan: Emotional abuse") == 1
    assert "Unborn baby: Unborn child protection plan: Emotional abuse" in text
    due = format_date(unborn.expected_delivery_date)
    assert f"The safeguarding flag above is for her unborn baby, due {due}, not for Sarah Roberts herself." in text
    assert not re.search(r"no (current )?(safeguarding )?flags", text, re.I)
    assert "Sefton Council (responsible local authority): in hours 0151 496 0000" in text
    # She was seen, not the baby, and not "the child".
    assert ("The unborn baby's social worker, or the MASH, has been told that its mother, Sarah Roberts, "
            "was seen here.") in text
    assert "the child was seen" not in text
    # The unborn child's social care is told too (the MASH: no named social worker yet): that she was seen.
    note = Notification.objects.get(recipient=world["mash"], subject_person=unborn)
    assert note.message.startswith(
        f"Sarah Roberts, the mother of Unborn baby Roberts, due {due}, was seen at Liverpool Women's delivery suite"
    ), note.message
    assert PointOfCareLookup.objects.filter(person=unborn, looked_up_nhs_number=sarah.nhs_number).exists()


YOUNG_PERSON_TOLD = "The young person's social worker, or the MASH, has been told that the young person was seen here."


@pytest.mark.parametrize(
    ("kind", "age", "told"),
    [
        ("child", 7, "The child's social worker, or the MASH, has been told that the child was seen here."),
        ("child", 16, YOUNG_PERSON_TOLD),
        ("child", 17, YOUNG_PERSON_TOLD),
        ("adult", 19, "Social care has been told that Pat Shape was seen here."),
    ],
)
def test_the_lookup_says_who_was_told_in_words_that_fit_the_person(client, world, kind, age, told):
    """A child, a young person of 16 or 17 and an adult, each known to a social worker, and no
    flags: the page says who was told in the person's own terms, and that there are no flags."""
    born = timezone.localdate() - datetime.timedelta(days=365 * age + 30)
    person = PersonFactory(kind=kind, given_name="Pat", family_name="Shape", date_of_birth=born, sex="male")
    put_on_caseload(world["social_worker"], person)
    response = look_up(client, world["ed"], person.nhs_number)
    text = pages.text(response, tidy=True)
    assert told in text
    assert "No current safeguarding flags for this person." in text  # none: the banner is not shown
    assert 'data-testid="flag-banner"' not in response.content.decode()
    for phrase in ("the child was seen", "the young person was seen", "Social care has been told"):
        assert (phrase in text) == (phrase in told), phrase  # the other kinds' words are not used


def test_a_mother_with_her_own_flag_and_an_unborn_babys_is_told_whose_each_is():
    mother = Person(kind=Person.Kind.ADULT, given_name="Chloe", family_name="Bennett")
    baby = Person(kind=Person.Kind.UNBORN, family_name="Bennett", expected_delivery_date=datetime.date(2027, 2, 14))
    flagged = [UnbornChild(baby, ["a flag"])]
    assert whose_flags_sentence(mother, ["her own"], flagged) == (
        "The flags that start \u201cUnborn baby\u201d are for her unborn baby, due 14 February 2027; "
        "the others are Chloe Bennett's own."
    )
    assert whose_flags_sentence(mother, [], flagged) == (
        "The safeguarding flag above is for her unborn baby, due 14 February 2027, not for Chloe Bennett herself."
    )
    assert whose_flags_sentence(mother, [], [UnbornChild(baby, [])]) == "No current safeguarding flags for this person."
    assert whose_flags_sentence(mother, ["her own"], [UnbornChild(baby, [])]) == ""


@pytest.mark.req("R2.2")
def test_look_up_another_nhs_number_starts_empty(client, world):
    liam = world["liam"]
    body = look_up(client, world["ed"], liam.nhs_number).content.decode()
    form = re.search(r'<form method="post" novalidate data-testid="lookup-form">(.*?)</form>', body, re.S).group(1)
    assert 'name="nhs_number"' in form
    assert liam.nhs_number not in form and liam.formatted_nhs_number not in form


@pytest.mark.req("R2.2")
def test_an_invalid_nhs_number_shows_an_error_summary_and_writes_nothing(client, world):
    audit_before = AuditEvent.objects.count()
    bad = world["liam"].nhs_number[:9] + str((int(world["liam"].nhs_number[9]) + 1) % 10)
    response = look_up(client, world["ed"], bad)
    text = pages.text(response, tidy=True)
    assert "There is a problem" in text and "the check digit does not match" in text
    assert response.content.decode().count('href="#id_nhs_number"') == 1
    assert not PointOfCareLookup.objects.exists() and not EpisodeOfCare.objects.exists()
    assert not Notification.objects.exists() and AuditEvent.objects.count() == audit_before


@pytest.mark.req("R2.2")
def test_an_nhs_number_with_no_record_says_so_and_is_audited(client, world):
    number = synthetic_nhs_number()
    text = pages.text(look_up(client, world["ed"], number), tidy=True)
    assert "No record" in text and f"ThinkFamily holds no record for NHS number {number[:3]} {number[3:6]}" in text
    event = AuditEvent.objects.filter(actor=world["ed"], action="search").latest("sequence")
    assert event.detail["terms"] == {"nhs_number": number} and event.detail["results"] == 0
    assert not PointOfCareLookup.objects.exists() and not Notification.objects.exists()


@pytest.mark.req("R2.2")
@pytest.mark.parametrize("kind", Service.Kind.values)
def test_only_unscheduled_care_services_may_look_up(client, world, kind):
    user = practitioner(f"u_{kind}", Role.WARD_MANAGER, organisation("RXX", "Any Trust"), kind,
                        service_name=f"Service {kind}", service_phone="", team=f"Service {kind} team",
                        team_phone="0151 496 0500", first_name="Una", last_name="User")
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    response = client.post(LOOKUP, {"nhs_number": world["liam"].nhs_number})
    if kind in Service.UNSCHEDULED_CARE_KINDS:
        assert 'href="/lookup/"' in home
        assert response.status_code == 200 and "Child protection plan: Neglect" in pages.text(response, tidy=True)
    else:
        assert 'href="/lookup/"' not in home
        assert response.status_code == 403 and client.get(LOOKUP).status_code == 403
        assert "Liam" not in pages.text(response, tidy=True)
        assert not PointOfCareLookup.objects.exists() and not Notification.objects.exists()
