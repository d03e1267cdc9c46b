"""The contacts directory (R2.5): named professionals and teams, with when each entry was
last verified and by whom; entries not verified for CONTACTS_STALE_AFTER_DAYS are flagged,
and verifying one clears the flag and records who and when."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cast import practitioner
from tests.factories import OrganisationFactory, PractitionerFactory
from tests.pages import text
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations import queries, services
from thinkfamily.organisations.models import ContactEntry, Organisation, Practitioner, Service

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def contacts(council, health_visitor):
    trust = health_visitor.organisation
    return {
        "fresh": ContactEntry.objects.create(
            name="Sefton MASH",
            kind=ContactEntry.Kind.TEAM,
            role="Multi-Agency Safeguarding Hub",
            organisation=council,
            phone="0151 934 4013",
            out_of_hours_phone="0151 934 3555",
            email="mash@sefton.example.gov.uk",
            last_verified_at=NOW - datetime.timedelta(days=10),
            last_verified_by=health_visitor,
        ),
        "old": ContactEntry.objects.create(
            name="Rachel Byrne",
            role="Named nurse for safeguarding children",
            organisation=trust,
            phone="0151 495 5000",
            last_verified_at=NOW - datetime.timedelta(days=200),
            last_verified_by=health_visitor,
        ),
        "never": ContactEntry.objects.create(
            name="Children in care health team",
            kind=ContactEntry.Kind.TEAM,
            role="Children in care health",
            organisation=trust,
            email="cic@nwb.example.nhs.uk",
        ),
    }


def _row(page: str, name: str) -> str:
    """The visible text of one directory row, from its name to its actions."""
    start = page.index(name, page.index("Last verified Actions"))
    ends = [i for i in (page.find("Mark", start), page.find("Correct", start)) if i != -1]
    return page[start : min(ends, default=len(page))]


@pytest.mark.req("R2.5")
def test_stale_entries_are_flagged_and_verifying_clears_the_flag_and_records_who_and_when(
    signed_in, contacts, health_visitor
):
    page = text(signed_in.get(reverse("contacts:directory")))
    assert "2 entries need checking." in page
    assert "Needs checking" not in _row(page, "Sefton MASH")
    assert f"{(NOW - datetime.timedelta(days=10)).day}" in _row(page, "Sefton MASH")
    assert "Helen Visitor" in _row(page, "Sefton MASH")
    assert "Needs checking" in _row(page, "Rachel Byrne")
    assert "Never verified" in _row(page, "Children in care health team")
    assert "Needs checking" in _row(page, "Children in care health team")

    old = contacts["old"]
    response = signed_in.post(
        reverse("contacts:verify", args=[old.pk]), {"version": old.version, "next": reverse("contacts:directory")}
    )
    assert response.status_code == 302 and response.url == reverse("contacts:directory")
    old.refresh_from_db()
    assert old.last_verified_by == health_visitor
    assert timezone.now() - old.last_verified_at < datetime.timedelta(minutes=1)
    assert not old.is_stale()

    page = text(signed_in.get(reverse("contacts:directory")))
    assert "Rachel Byrne is marked as verified by you today." in page
    assert "Needs checking" not in _row(page, "Rachel Byrne")
    today = timezone.localdate()
    assert f"{today.day} {today:%B %Y} by Helen Visitor" in _row(page, "Rachel Byrne")
    assert "1 entry needs checking." in page

    event = AuditEvent.objects.filter(object_type="organisations.ContactEntry", object_id=str(old.pk)).get()
    assert event.action == AuditEvent.Action.WRITE and event.actor == health_visitor
    assert event.fields == ["last_verified_at", "last_verified_by"] and event.detail == {"action": "verified"}


@pytest.mark.req("R2.5")
def test_stale_means_not_verified_within_the_configured_days(contacts, settings):
    assert set(ContactEntry.objects.stale().values_list("name", flat=True)) == {
        "Rachel Byrne",
        "Children in care health team",
    }
    settings.CONTACTS_STALE_AFTER_DAYS = 7
    assert ContactEntry.objects.stale().count() == 3 and contacts["fresh"].is_stale()
    settings.CONTACTS_STALE_AFTER_DAYS = 365
    assert set(ContactEntry.objects.stale().values_list("name", flat=True)) == {"Children in care health team"}


@pytest.mark.req("R2.5")
def test_verifying_details_someone_has_just_changed_is_refused(signed_in, contacts, health_visitor):
    old = contacts["old"]
    seen_version = old.version
    services.update_entry(
        Auditor(actor=health_visitor), old, expected_version=seen_version, **_fields(old, phone="0151 495 5999")
    )
    response = signed_in.post(reverse("contacts:verify", args=[old.pk]), {"version": seen_version})
    assert response.status_code == 409
    page = text(response)
    assert "There is a problem" in page and "Someone else changed this entry" in page and "0151 495 5999" in page
    old.refresh_from_db()
    assert old.last_verified_at is None and old.last_verified_by is None  # cleared by the correction, not set


def test_verify_is_a_post(signed_in, contacts):
    assert signed_in.get(reverse("contacts:verify", args=[contacts["old"].pk])).status_code == 405


@pytest.mark.req("R2.5")
def test_the_directory_is_searchable_and_filtered_by_organisation_and_role(signed_in, contacts, council):
    def names(**query):
        page = text(signed_in.get(reverse("contacts:directory"), query))
        return {name for name in ["Sefton MASH", "Rachel Byrne", "Children in care health team"] if name in page}

    assert names() == {"Sefton MASH", "Rachel Byrne", "Children in care health team"}
    assert names(organisation=council.pk) == {"Sefton MASH"}
    assert names(role="Named nurse for safeguarding children") == {"Rachel Byrne"}
    assert names(q="safeguarding nurse") == {"Rachel Byrne"}
    assert names(q="934 4013") == {"Sefton MASH"}
    assert names(stale="on") == {"Rachel Byrne", "Children in care health team"}
    assert names(stale="on", q="rachel") == {"Rachel Byrne"}
    assert "No contacts match" in text(signed_in.get(reverse("contacts:directory"), {"q": "nobody by this name"}))


def test_the_directory_shows_both_phone_numbers_and_the_email(signed_in, contacts):
    page = text(signed_in.get(reverse("contacts:directory"), {"q": "MASH"}))
    assert "0151 934 4013" in page and "Out of hours: 0151 934 3555" in page and "mash@sefton.example.gov.uk" in page


def _fields(contact, **changes):
    return {name: getattr(contact, name) for name in queries.EDITABLE_FIELDS} | changes


def _post_data(contact, **changes):
    data = _fields(contact, **changes)
    data["organisation"] = data["organisation"].pk
    return data | {"version": contact.version}


@pytest.mark.req("R2.5")
def test_correcting_an_entry_is_audited_and_clears_its_verification(signed_in, contacts):
    old = contacts["old"]
    response = signed_in.post(reverse("contacts:edit", args=[old.pk]), _post_data(old, phone="0151 495 6000"))
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.phone == "0151 495 6000" and old.version == 2
    assert old.last_verified_at is None and old.last_verified_by is None and old.is_stale()
    event = AuditEvent.objects.get(object_type="organisations.ContactEntry", object_id=str(old.pk))
    assert event.fields == ["last_verified_at", "last_verified_by", "phone"]
    assert event.detail == {"verification": "cleared"}


def test_an_edit_without_a_name_or_any_way_to_reach_them_is_refused(signed_in, contacts):
    old = contacts["old"]
    response = signed_in.post(reverse("contacts:edit", args=[old.pk]), _post_data(old, name=""))
    page = text(response)
    assert "There is a problem" in page and "Enter the name of the professional or team." in page
    response = signed_in.post(reverse("contacts:edit", args=[old.pk]), _post_data(old, phone="", email=""))
    assert "Enter a phone number or an email address" in text(response)
    old.refresh_from_db()
    assert old.name == "Rachel Byrne" and old.phone == "0151 495 5000" and old.version == 1


def test_an_edit_from_an_older_version_is_refused(signed_in, contacts, health_visitor):
    old = contacts["old"]
    stale_form = _post_data(old, phone="0151 495 7000")
    services.update_entry(Auditor(actor=health_visitor), old, expected_version=1, **_fields(old, email="r@x.nhs.uk"))
    response = signed_in.post(reverse("contacts:edit", args=[old.pk]), stale_form)
    assert "Someone else changed this entry after you opened it" in text(response)
    old.refresh_from_db()
    assert old.phone == "0151 495 5000" and old.email == "r@x.nhs.uk"


def test_adding_a_contact_records_the_adder_as_verifying_it(signed_in, health_visitor):
    response = signed_in.post(
        reverse("contacts:new"),
        {
            "kind": "team",
            "name": "Out-of-hours health visiting",
            "role": "Health visiting advice line",
            "organisation": health_visitor.organisation.pk,
            "out_of_hours_phone": "0151 495 3555",
        },
        follow=True,
    )
    assert "Out-of-hours health visiting has been added to the directory" in text(response)
    entry = ContactEntry.objects.get(name="Out-of-hours health visiting")
    assert entry.last_verified_by == health_visitor and not entry.is_stale()


def test_the_directory_page_costs_the_same_queries_for_3_or_60_entries(signed_in, contacts, council, health_visitor):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert signed_in.get(reverse("contacts:directory")).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for n in range(57):
        ContactEntry.objects.create(
            name=f"Contact {n}",
            role="Social worker",
            organisation=council,
            phone="1",
            last_verified_at=NOW,
            last_verified_by=health_visitor,
        )
    assert queries() == few
    first = text(signed_in.get(reverse("contacts:directory")))
    assert "60 contacts" in first and "Next page : 2 of 2" in first and "Sefton MASH" not in first
    assert "Sefton MASH" in text(signed_in.get(reverse("contacts:directory"), {"page": 2}))


@pytest.mark.req("R2.5")
def test_the_directory_is_seeded_from_the_areas_teams_and_practitioners_once(council, health_visitor):
    marcus = practitioner("mash", Practitioner.Role.MASH_SOCIAL_WORKER, council, Service.Kind.MASH, service_name="MASH",
                          service_phone="0151 934 4013", team="Sefton MASH team", first_name="Marcus", last_name="Shaw",
                          email="marcus@sefton.example.gov.uk")
    PractitionerFactory(username="left", team=marcus.team, is_active=False)
    count = services.seed_from_area()
    entries = {e.name: e for e in ContactEntry.objects.select_related("organisation")}
    assert count == len(entries) == 4  # two teams, two active practitioners
    team = entries["Sefton MASH team"]
    assert team.kind == "team" and team.role == "Multi-Agency Safeguarding Hub"
    assert team.phone == "0151 934 4013" and team.out_of_hours_phone == "0151 496 0999"
    marcus = entries["Marcus Shaw"]
    assert marcus.role == "MASH social worker" and marcus.organisation == council
    assert marcus.email == "marcus@sefton.example.gov.uk" and marcus.phone == "0151 934 4013"
    assert entries["Helen Visitor"].team.name == "Bootle health visiting team"
    assert ContactEntry.objects.stale().count() == 4  # nobody has checked them yet
    assert services.seed_from_area() == 0


def test_the_contacts_page_is_in_the_navigation(signed_in):
    page = signed_in.get(reverse("home")).content.decode()
    assert f'href="{reverse("contacts:directory")}"' in page and ">Contacts<" in page.replace("\n", "").replace(" ", "")


def test_an_organisation_with_no_entries_is_not_offered_as_a_filter(signed_in, contacts):
    OrganisationFactory(code="X1", name="Nowhere Trust", kind=Organisation.Kind.NHS_TRUST)
    assert "Nowhere Trust" not in text(signed_in.get(reverse("contacts:directory")))


# Who keeps an entry (issue 11 #9): a commissioner who may open no record changed the MASH's
# out-of-hours number, and the entry kept its verified date and verifier.


@pytest.fixture
def mash_entry(council, health_visitor):
    Role = Practitioner.Role
    marcus = practitioner("mash", Role.MASH_SOCIAL_WORKER, council, Service.Kind.MASH, service_name="MASH",
                          service_phone="", team="Sefton MASH team", first_name="Marcus", last_name="Shaw")
    entry = ContactEntry.objects.create(
        name="Sefton MASH team", kind=ContactEntry.Kind.TEAM, role="Multi-Agency Safeguarding Hub",
        organisation=council, team=marcus.team, phone="0151 934 4013", out_of_hours_phone="0151 934 3555",
        last_verified_at=NOW - datetime.timedelta(days=10), last_verified_by=health_visitor,
    )
    return {
        "entry": entry,
        "mash_worker": marcus,
        "council_lead": practitioner("councillead", Role.SAFEGUARDING_LEAD, council, Service.Kind.SAFEGUARDING,
                                     service_phone="", team="Council safeguarding"),
        "social_worker": practitioner("sw", Role.SOCIAL_WORKER, council, Service.Kind.CHILDRENS_SOCIAL_CARE,
                                      service_phone="", team="Bootle locality team"),
        "commissioner": practitioner("commissioner", Role.COMMISSIONER, "01T", Service.Kind.SAFEGUARDING,
                                     service_phone="", team="Commissioning"),
    }


@pytest.mark.req("R2.5")
def test_a_commissioner_cannot_change_the_mash_out_of_hours_number_and_is_told_why(client, mash_entry):
    entry = mash_entry["entry"]
    client.force_login(mash_entry["commissioner"])
    url = reverse("contacts:edit", args=[entry.pk])
    why = ("Only members of Sefton MASH team, or Sefton Council's safeguarding leads and administrators, can "
           "correct or verify this entry. Nothing was changed")
    page = client.get(url)
    assert page.status_code == 403 and why in text(page) and "Save changes" not in text(page)
    refused = client.post(url, _post_data(entry, out_of_hours_phone="0151 000 0000"))
    assert refused.status_code == 403 and why in text(refused)
    entry.refresh_from_db()
    assert entry.out_of_hours_phone == "0151 934 3555" and entry.version == 1
    assert entry.last_verified_at is not None  # nothing changed, verification included
    assert not AuditEvent.objects.filter(object_type="organisations.ContactEntry", action="write").exists()
    listed = text(client.get(reverse("contacts:directory"), {"q": "MASH"}))
    assert "Correct Sefton MASH team" not in listed and "Mark Sefton MASH team as verified" not in listed


@pytest.mark.req("R2.5")
def test_a_commissioner_cannot_vouch_for_the_mash_number_either(client, mash_entry):
    """Marking an entry as verified says its numbers are right: only its keepers may."""
    entry = mash_entry["entry"]
    verified_at, verified_by = entry.last_verified_at, entry.last_verified_by_id
    client.force_login(mash_entry["commissioner"])
    refused = client.post(reverse("contacts:verify", args=[entry.pk]), {"version": entry.version})
    assert refused.status_code == 403
    assert "can correct or verify this entry. Nothing was changed" in text(refused)
    entry.refresh_from_db()
    assert (entry.last_verified_at, entry.last_verified_by_id, entry.version) == (verified_at, verified_by, 1)
    assert not AuditEvent.objects.filter(object_type="organisations.ContactEntry", action="write").exists()
    with pytest.raises(ValidationError):
        services.verify_entry(Auditor(actor=mash_entry["commissioner"]), entry, expected_version=entry.version)


@pytest.mark.req("R2.5")
def test_the_team_corrects_its_own_entry_which_then_needs_checking_until_verified(client, mash_entry):
    entry, worker = mash_entry["entry"], mash_entry["mash_worker"]
    client.force_login(worker)
    assert "Correct Sefton MASH team" in text(client.get(reverse("contacts:directory"), {"q": "MASH"}))
    corrected = _post_data(entry, out_of_hours_phone="0151 934 3999")
    response = client.post(reverse("contacts:edit", args=[entry.pk]), corrected)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.out_of_hours_phone == "0151 934 3999"
    assert entry.last_verified_at is None and entry.last_verified_by is None
    row = _row(text(client.get(reverse("contacts:directory"))), "Sefton MASH team")
    assert "Never verified" in row and "Needs checking" in row
    client.post(reverse("contacts:verify", args=[entry.pk]), {"version": entry.version})
    entry.refresh_from_db()
    assert entry.last_verified_by == worker and not entry.is_stale()


@pytest.mark.req("R2.5")
def test_who_may_correct_an_entry_and_add_one(mash_entry, contacts, health_visitor, council):
    import rules

    entry = mash_entry["entry"]
    change = "organisations.change_contactentry"
    assert rules.has_perm(change, mash_entry["mash_worker"], entry)  # its team
    assert rules.has_perm(change, mash_entry["council_lead"], entry)  # its organisation's safeguarding lead
    assert not rules.has_perm(change, mash_entry["social_worker"], entry)  # the council, another team
    assert not rules.has_perm(change, mash_entry["commissioner"], entry)
    assert not rules.has_perm(change, health_visitor, entry)  # another organisation
    # An organisation-wide entry: anyone who works there; a named professional's: them too.
    assert rules.has_perm(change, health_visitor, contacts["old"])
    assert not rules.has_perm(change, mash_entry["mash_worker"], contacts["old"])
    marcus = ContactEntry.objects.create(name="Marcus Shaw", role="MASH social worker", organisation=council,
                                         practitioner=mash_entry["mash_worker"], phone="1")
    assert rules.has_perm(change, mash_entry["mash_worker"], marcus)
    assert not rules.has_perm(change, mash_entry["social_worker"], marcus)
    assert rules.has_perm("organisations.add_contactentry", mash_entry["social_worker"], council)
    assert not rules.has_perm("organisations.add_contactentry", mash_entry["commissioner"], council)
    staff = mash_entry["social_worker"]
    staff.is_staff = True
    assert rules.has_perm(change, staff, entry)  # the council's administrator


def test_adding_a_contact_for_another_organisation_is_refused_and_nothing_is_written(signed_in, council):
    response = signed_in.post(reverse("contacts:new"), {
        "kind": "team", "name": "Sefton MASH out of hours", "role": "Out-of-hours social care",
        "organisation": council.pk, "out_of_hours_phone": "0151 000 0000",
    })
    page = text(response)
    assert "There is a problem" in page
    assert "You can add contacts only for the organisation you work for. Ask someone at Sefton Council" in page
    assert not ContactEntry.objects.filter(name="Sefton MASH out of hours").exists()
