"""Safeguarding flags (R2.1): raised and ended by the legal status itself, shown as the same
banner at the top of every page about the person in every service, kept in the history
when ended, hidden from those who may not see them, and raised by hand by a safeguarding
lead for what no legal status records (MARAC, CSE risk...)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests import pages
from tests.cast import practitioner, put_on_caseload, register_with
from thinkfamily.chronology.models import Event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.flags import services as flag_services
from thinkfamily.flags.models import Flag, FlagType
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.presenters import person_header
from thinkfamily.people.services.births import record_unborn

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
TRUST = "North West Boroughs Healthcare NHS Foundation Trust"


def banner_of(response) -> str:
    """The flag banner's HTML, or "" when the page has none."""
    match = re.search(r'<div class="nhsuk-card[^"]*tf-flag-banner.*?</ul>', response.content.decode(), re.S)
    return match.group(0) if match else ""


@pytest.fixture
def world(family, council, health_visitor, gp, safeguarding_lead, mash_worker):
    liam = family["liam"]
    put_on_caseload(health_visitor, *[family[k] for k in ["liam", "mia", "sarah", "dean"]])
    register_with(gp.organisation, liam)
    return {**family, "gp": gp, "lead": safeguarding_lead, "mash": mash_worker, "health_visitor": health_visitor,
            "council": council}


def start_cp_plan(person, council, *, on=datetime.date(2025, 9, 2), category="neglect", by=None):
    return record_legal_status(
        Auditor(actor=by), person, status="child_protection_plan", change="start", effective_date=on,
        cp_category=category, responsible_authority=council,
    )


@pytest.mark.req("R2.1")
def test_a_legal_status_change_raises_and_ends_its_flag_without_typing_it_twice(client, world):
    liam, council = world["liam"], world["council"]
    start_cp_plan(liam, council)
    flag = Flag.objects.get(person=liam)
    assert flag.label == "Child protection plan: Neglect" and flag.end_date is None
    assert (flag.raised_by_organisation, flag.contact_phone, flag.contact_out_of_hours_phone) == (
        council, "0151 496 0000", "0151 496 0999"
    )
    client.force_login(world["health_visitor"])
    record = reverse("people:record", args=[liam.pk])
    assert "Child protection plan: Neglect, since 2 September 2025, raised by Sefton Council" in pages.text(
        client.get(record)
    , tidy=True)
    legal_status_services.record_legal_status(
        Auditor(actor=None), liam, status="child_protection_plan", change="end",
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert Flag.objects.filter(person=liam).count() == 1  # the same flag ended, no second entry
    flag.refresh_from_db()
    assert flag.end_date == timezone.localdate() - datetime.timedelta(days=1)
    assert flag.end_reason == "Legal status ended"
    page = client.get(record)
    assert banner_of(page) == ""  # no current flag: no banner
    ended = re.search(r'data-testid="ended-flags".*?</table>', page.content.decode(), re.S).group(0)
    assert "Child protection plan: Neglect" in ended and "Legal status ended" in ended  # history kept
    assert list(Event.objects.filter(person=liam, type__in=["flag_raised", "flag_ended"]).values_list(
        "type", flat=True).order_by("occurred_at")) == ["flag_raised", "flag_ended"]


# The pages about the person that a health visitor and a GP open (a legal status is the council's).
PERSON_PAGES = ["record", "correct", "add_relationship", "move", "add_parental_responsibility", "write_note",
                "record_unborn"]


@pytest.mark.req("R2.1")
def test_the_banner_is_on_every_page_about_the_person_and_identical_in_every_service(client, world):
    liam = world["liam"]
    start_cp_plan(liam, world["council"])
    banners = {}
    for who in ["health_visitor", "gp"]:  # 0-19 health visiting and a GP practice
        client.force_login(world[who])
        for name in PERSON_PAGES:
            response = client.get(reverse(f"people:{name}", args=[liam.pk]))
            assert response.status_code == 200, (who, name)
            banners[(who, name)] = banner_of(response)
    first = banners[("health_visitor", "record")]
    assert "Child protection plan: Neglect" in first
    assert 'out of hours <a class="tf-tel" href="tel:+441514960999">0151 496 0999</a>' in first  # a tap rings it
    assert set(banners.values()) == {first}


@pytest.mark.req("R2.1")
def test_the_header_reads_its_flags_in_one_query(world, django_assert_num_queries):
    liam, sarah = world["liam"], world["sarah"]
    start_cp_plan(liam, world["council"])
    with django_assert_num_queries(2):  # current legal statuses; flags (own and unborn children's)
        header = person_header(sarah, world["health_visitor"])
    with django_assert_num_queries(2):
        header = person_header(liam, world["health_visitor"])
    assert [f.label for f in header.flags] == ["Child protection plan: Neglect"]


@pytest.mark.req("R2.1")
def test_a_safeguarding_only_flag_is_hidden_from_a_gp_and_shown_to_leads_and_social_care(client, world):
    liam = world["liam"]
    start_cp_plan(liam, world["council"])  # social care involvement: the MASH may open the record
    flag_services.raise_flag_by_hand(
        Auditor(actor=world["lead"]), liam, flag_services.flag_type("cse_risk"),
        start_date=datetime.date(2026, 1, 10), contact_name="Sefton exploitation team",
        contact_phone="0151 496 0444", visibility=Flag.Visibility.SAFEGUARDING,
    )
    record = reverse("people:record", args=[liam.pk])
    client.force_login(world["gp"])
    gp_page = pages.text(client.get(record), tidy=True)
    assert "Child protection plan: Neglect" in gp_page and "exploitation" not in gp_page
    for who in ["lead", "mash"]:
        client.force_login(world[who])
        page = client.get(record)
        assert "Child sexual exploitation risk, since 10 January 2026" in pages.text(page, tidy=True), who
        assert "Child sexual exploitation risk" in banner_of(page)


@pytest.mark.req("R2.1")
def test_an_unborn_childs_plan_shows_on_the_pregnant_womans_record(client, world):
    sarah = world["sarah"]
    unborn = record_unborn(
        Auditor(actor=world["health_visitor"]), sarah,
        expected_delivery_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    start_cp_plan(unborn, world["council"], on=timezone.localdate() - datetime.timedelta(days=7),
                  category="emotional")
    client.force_login(world["health_visitor"])
    page = client.get(reverse("people:record", args=[sarah.pk]))
    assert "Unborn baby: Unborn child protection plan: Emotional abuse" in banner_of(page)
    current = re.search(r'data-testid="current-flags".*?</table>', page.content.decode(), re.S).group(0)
    assert "Unborn baby: Unborn child protection plan: Emotional abuse" in current


# Flags a safeguarding lead raises and ends by hand ----------------------------------------


def raise_form(**overrides):
    data = {"type": "marac", "detail": "Heard 3 March", "start_date_0": "3", "start_date_1": "3",
            "start_date_2": "2026", "contact_name": "Sefton IDVA service", "contact_phone": "0151 496 0777",
            "contact_out_of_hours_phone": "0800 496 0111", "visibility": "everyone"}
    return data | overrides


@pytest.mark.req("R2.1")
def test_a_lead_raises_a_marac_flag_which_shows_with_its_contact(client, world):
    sarah, lead = world["sarah"], world["lead"]
    client.force_login(lead)
    url = reverse("flags:raise", args=[sarah.pk])
    offered = pages.text(client.get(url), tidy=True)
    assert "Multi-agency" not in offered and "MARAC" in offered
    response = client.post(url, raise_form(), follow=True)
    text = pages.text(response, tidy=True)
    assert "MARAC: Heard 3 March, since 3 March 2026, raised by " + TRUST in text
    assert "Contact: Sefton IDVA service, in hours 0151 496 0777, out of hours 0800 496 0111" in text
    flag = Flag.objects.get(person=sarah)
    assert flag.raised_by == lead and flag.legal_status_entry is None
    assert AuditEvent.objects.filter(action="create", object_type="flags.Flag", object_id=str(flag.pk)).exists()
    assert Event.objects.filter(person=sarah, type="flag_raised").exists()


@pytest.mark.req("R2.1")
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_date_2": str(timezone.localdate().year + 1)}, "The start date must be today or in the past."),
        ({"start_date_2": "1980"}, "The start date cannot be before Sarah Roberts's date of birth, 9 July 1992."),
        ({"start_date_0": "31", "start_date_1": "2"}, "The start date must be a real date."),
        ({"contact_name": ""}, "Enter who to contact about this flag."),
        ({"contact_phone": ""}, "Enter the contact's in-hours telephone number."),
        ({"type": "cp_plan"}, "A child protection plan flag follows from the legal status: record the legal "
                              "status change and the flag is raised with it."),
    ],
)
def test_raising_a_flag_with_a_mistake_shows_an_error_summary_and_writes_nothing(client, world, overrides, message):
    client.force_login(world["lead"])
    writes_before = AuditEvent.objects.exclude(action="read").count()  # opening the form is a read
    response = client.post(reverse("flags:raise", args=[world["sarah"].pk]), raise_form(**overrides))
    assert response.status_code == 200
    text = pages.text(response, tidy=True)
    assert "There is a problem" in text and message in text
    assert text.strip().startswith("Error: ")  # the page title says so too
    assert not Flag.objects.exists() and AuditEvent.objects.exclude(action="read").count() == writes_before


@pytest.mark.req("R2.1")
def test_a_lead_ends_a_flag_with_a_reason_and_it_stays_in_the_history(client, world):
    sarah = world["sarah"]
    client.force_login(world["lead"])
    client.post(reverse("flags:raise", args=[sarah.pk]), raise_form())
    flag = Flag.objects.get()
    url = reverse("flags:end", args=[sarah.pk, flag.pk])
    assert url in client.get(reverse("people:record", args=[sarah.pk])).content.decode()
    no_reason = client.post(url, {"end_date_0": "1", "end_date_1": "4", "end_date_2": "2026", "reason": ""})
    assert "Say why the flag is ending." in pages.text(no_reason, tidy=True)
    flag.refresh_from_db()
    assert flag.end_date is None
    page = client.post(url, {"end_date_0": "1", "end_date_1": "4", "end_date_2": "2026",
                             "reason": "Case closed at MARAC review"}, follow=True)
    assert banner_of(page) == ""
    ended = re.search(r'data-testid="ended-flags".*?</table>', page.content.decode(), re.S).group(0)
    assert "MARAC: Heard 3 March" in ended and "1 April 2026" in ended and "Case closed at MARAC review" in ended


@pytest.mark.req("R2.1")
def test_a_legal_status_flag_cannot_be_ended_by_hand(client, world):
    liam = world["liam"]
    start_cp_plan(liam, world["council"])
    flag = Flag.objects.get()
    client.force_login(world["lead"])
    record = client.get(reverse("people:record", args=[liam.pk]))
    assert "Ends when the legal status ends" in pages.text(record, tidy=True)
    assert reverse("flags:end", args=[liam.pk, flag.pk]) not in record.content.decode()
    response = client.post(reverse("flags:end", args=[liam.pk, flag.pk]),
                           {"end_date_0": "1", "end_date_1": "4", "end_date_2": "2026", "reason": "Plan ended"})
    assert "A child protection plan flag follows from the legal status: record the legal status change and the " \
           "flag is ended with it." in pages.text(response, tidy=True)
    flag.refresh_from_db()
    assert flag.end_date is None


@pytest.mark.req("R2.1")
def test_only_safeguarding_leads_raise_end_or_add_flags(client, world):
    sarah = world["sarah"]
    client.force_login(world["health_visitor"])
    assert "Raise a flag" not in pages.text(client.get(reverse("people:record", args=[sarah.pk])), tidy=True)
    assert client.get(reverse("flags:raise", args=[sarah.pk])).status_code == 403
    assert client.post(reverse("flags:raise", args=[sarah.pk]), raise_form()).status_code == 403
    assert client.get(reverse("flags:new_type")).status_code == 403
    assert not Flag.objects.exists()


@pytest.mark.req("R2.1")
def test_a_lead_adds_a_flag_type_which_can_then_be_raised(client, world):
    client.force_login(world["lead"])
    url = reverse("flags:new_type")
    client.post(url, {"label": "Honour-based abuse risk", "description": "Risk of honour-based abuse"})
    added = FlagType.objects.get(code="honour_based_abuse_risk")
    assert added.added_by == world["lead"] and added.from_legal_status == ""
    assert "A flag type called 'honour-based abuse risk' already exists." in pages.text(
        client.post(url, {"label": "honour-based abuse risk"})
    , tidy=True)
    assert FlagType.objects.filter(label__iexact="honour-based abuse risk").count() == 1
    sarah = world["sarah"]
    form = client.get(reverse("flags:raise", args=[sarah.pk])).content.decode()
    assert 'value="honour_based_abuse_risk"' in form
    client.post(reverse("flags:raise", args=[sarah.pk]), raise_form(type="honour_based_abuse_risk", detail=""))
    assert Flag.objects.get(person=sarah).label == "Honour-based abuse risk"


@pytest.fixture
def marac_coordinator(council):
    return practitioner("marac", Role.MARAC_COORDINATOR, council, Service.Kind.SAFEGUARDING,
                        service_name="Community safety", service_phone="", team="Sefton MARAC team", first_name="Mo",
                        last_name="Rac")


@pytest.mark.req("R10.1")
@pytest.mark.req("R2.1")
def test_the_marac_coordinator_raises_and_ends_the_marac_flag_and_no_other(client, world, marac_coordinator):
    """Flags belong to the agency that owns them: MARAC's flag to its coordinator (and the
    leads), for the people MARAC discusses, once on the coordinator's team's caseload."""
    sarah = world["sarah"]
    marac, cse = flag_services.flag_type("marac"), flag_services.flag_type("cse_risk")
    contact = {"start_date": datetime.date(2026, 11, 12), "contact_name": "Sefton MARAC team",
               "contact_phone": "0151 496 0700"}
    coordinator = Auditor(actor=marac_coordinator)
    # Not yet working with Sarah: refused, nothing written.
    with pytest.raises(PermissionDenied):
        flag_services.raise_flag_by_hand(coordinator, sarah, marac, **contact)
    put_on_caseload(marac_coordinator, sarah)
    with pytest.raises(PermissionDenied):
        flag_services.raise_flag_by_hand(coordinator, sarah, cse, **contact)
    assert not Flag.objects.filter(person=sarah).exists()
    flag = flag_services.raise_flag_by_hand(coordinator, sarah, marac, **contact)
    assert flag.type == marac and flag.raised_by_organisation == world["council"]

    # The page offers her the MARAC flag only, and the record lets her end that one.
    client.force_login(marac_coordinator)
    form = client.get(reverse("flags:raise", args=[sarah.pk])).content.decode()
    assert re.findall(r'<option value="(\w+)"', form) == ["marac"]
    record = client.get(reverse("people:record", args=[sarah.pk])).content.decode()
    assert reverse("flags:end", args=[sarah.pk, flag.pk]) in record
    response = client.post(reverse("flags:end", args=[sarah.pk, flag.pk]), {
        "end_date_0": "20", "end_date_1": "11", "end_date_2": "2026", "reason": "Case closed at MARAC review"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.end_date == datetime.date(2026, 11, 20)

    # A health visitor working with Sarah may not raise it.
    with pytest.raises(PermissionDenied):
        flag_services.raise_flag_by_hand(Auditor(actor=world["health_visitor"]), sarah, marac, **contact)
