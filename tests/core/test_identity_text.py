"""Names and labels carry nothing invisible (issue 11, defect 14): a right-to-left override,
a zero-width space or any other control or format character in a person's name, a
practitioner's, an organisation's or a team's name, a flag type's label, a flag's contact or
a directory entry is refused with a message naming the field, by the form and by the service
(so an import or an API cannot store it either), and nothing is written."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import pages
from tests.cast import put_on_caseload, works_with
from tests.factories import OrganisationFactory, PractitionerFactory, TeamFactory
from tests.inventory import all_form_classes
from thinkfamily.core import text
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import IdentityField
from thinkfamily.flags import services as flag_services
from thinkfamily.flags.models import Flag, FlagType
from thinkfamily.organisations import services as contacts
from thinkfamily.organisations.models import ContactEntry, Practitioner
from thinkfamily.people.forms.person import PersonForm
from thinkfamily.people.models import Household, Person
from thinkfamily.people.services.households import move_household
from thinkfamily.people.services.persons import register_person

# Every character that shows nothing: controls, format characters (bidi overrides, isolates
# and marks, zero-width spaces and joiners, soft hyphens, byte-order marks), line and
# paragraph separators, private use.
INVISIBLE = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"])
NAME_PART = st.text(st.characters(categories=["L"]), min_size=1, max_size=12)
# Names as people write them, in any script: letters, combining marks, spaces, hyphens, apostrophes.
REAL_NAME = st.text(st.characters(categories=["L", "M"], include_characters=" -'’"), min_size=1,
                    max_size=30).filter(lambda s: s.strip() and text.hidden_character(s, identity=True) is None)
RLO, ZWSP = "\u202e", "\u200b"
# Field names that are identity text wherever a form has them.
IDENTITY_FIELD_NAMES = {"given_name", "middle_names", "family_name", "first_name", "last_name", "name", "label",
                        "role", "contact_name", "contact_phone", "contact_out_of_hours_phone", "phone",
                        "out_of_hours_phone", "address_line_1", "address_line_2", "town", "postcode"}
LOTS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def person_form_data(**changes):
    return {"given_name": "Jade", "family_name": "Taylor", "date_of_birth_0": "4", "date_of_birth_1": "5",
            "date_of_birth_2": "2012", "sex": "female", "kind": "child", **changes}


def test_every_identity_field_of_every_form_is_an_identity_field():
    found = [f"{cls.__module__}.{cls.__name__}.{name}" for cls in all_form_classes()
             for name, field in cls.base_fields.items()
             if name in IDENTITY_FIELD_NAMES and isinstance(field, forms.CharField)
             and not isinstance(field, IdentityField)]
    assert found == []


@given(before=NAME_PART, hidden=INVISIBLE, after=NAME_PART,
       field=st.sampled_from(["given_name", "middle_names", "family_name"]))
def test_a_name_with_an_invisible_character_is_refused_naming_the_field(before, hidden, after, field):
    form = PersonForm(person_form_data(**{field: f"{before}{hidden}{after}"}))
    assert not form.is_valid()
    label = {"given_name": "Given name", "middle_names": "Middle names", "family_name": "Family name"}[field]
    assert form.errors[field] == [text.message(label)]


@given(given_name=REAL_NAME, family_name=REAL_NAME)
def test_names_in_any_script_with_accents_hyphens_and_apostrophes_are_kept(given_name, family_name):
    form = PersonForm(person_form_data(given_name=given_name, family_name=family_name))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["family_name"] == family_name.strip()


@pytest.mark.django_db
@LOTS
@given(before=NAME_PART, hidden=INVISIBLE, after=NAME_PART)
def test_the_service_refuses_what_the_form_would_so_an_import_cannot_store_it(health_visitor, before, hidden,
                                                                              after):
    auditor = Auditor(actor=health_visitor)
    people = Person.objects.count()
    with pytest.raises(ValidationError) as refused:
        register_person(auditor, kind="adult", given_name="Kelly", family_name=before + hidden + after,
                                        date_of_birth=datetime.date(1990, 1, 2), sex="female")
    assert list(refused.value.message_dict) == ["family_name"]
    assert refused.value.message_dict["family_name"] == [text.message("Family name")]
    with pytest.raises(ValidationError):
        flag_services.add_flag_type(Auditor(actor=PractitionerFactory(username="lead", role="safeguarding_lead")),
                                    label=f"{before}{hidden}{after}")
    assert Person.objects.count() == people
    assert not FlagType.objects.filter(added_by__isnull=False).exists()


@pytest.mark.req("R1.2")
def test_a_right_to_left_override_in_a_family_name_is_refused_on_the_page_and_nothing_is_written(client,
                                                                                               health_visitor):
    client.force_login(health_visitor)
    people = Person.objects.count()
    response = client.post(reverse("people:new"), person_form_data(family_name=f"Ta{RLO}rolyat"))
    assert response.status_code == 200
    assert "Family name contains a hidden character that cannot be saved" in pages.text(response)
    assert Person.objects.count() == people


@pytest.mark.req("R2.1")
def test_a_flag_type_label_or_a_flags_contact_with_a_hidden_character_is_refused(client, family):
    lead = PractitionerFactory(username="lead", role=Practitioner.Role.SAFEGUARDING_LEAD)
    put_on_caseload(lead, family["liam"])
    client.force_login(lead)
    response = client.post(reverse("flags:new_type"), {"label": f"MARAC{ZWSP}"})
    assert "Name of the flag type contains a hidden character" in pages.text(response)
    assert not FlagType.objects.filter(label__startswith="MARAC\u200b").exists()
    marac = FlagType.objects.filter(from_legal_status="").first()
    response = client.post(reverse("flags:raise", args=[family["liam"].pk]), {
        "type": marac.code, "start_date_0": "1", "start_date_1": "3", "start_date_2": "2026",
        "contact_name": f"Sefton {RLO}AVDI", "contact_phone": "0151 000 0000", "visibility": "everyone",
    })
    assert "Who to contact about this flag contains a hidden character" in pages.text(response)
    assert not Flag.objects.filter(person=family["liam"]).exists()
    with pytest.raises(ValidationError) as refused:
        flag_services.raise_flag_by_hand(Auditor(actor=lead), family["liam"], marac,
                                         start_date=datetime.date(2026, 3, 1), contact_name="Sefton IDVA",
                                         contact_phone=f"0151{ZWSP}000 0000")
    assert list(refused.value.message_dict) == ["contact_phone"]


@pytest.mark.django_db
def test_a_directory_entry_and_a_new_address_with_a_hidden_character_are_refused(health_visitor, family):
    auditor = Auditor(actor=health_visitor)
    with pytest.raises(ValidationError) as refused:
        contacts.add_entry(auditor, kind="team", name=f"Sefton {RLO}HSAM", role="MASH",
                            organisation=health_visitor.organisation, phone="0151 934 4013")
    assert list(refused.value.message_dict) == ["name"]
    assert not ContactEntry.objects.exists()
    households = Household.objects.count()
    with pytest.raises(ValidationError) as refused:
        move_household(works_with(health_visitor, family["liam"]), family["liam"],
                                       move_date=datetime.date(2025, 1, 6),
                                       new_address={"address_line_1": "9 Lord Street", "town": f"South{ZWSP}port",
                                                    "postcode": "PR8 1AA"})
    assert list(refused.value.message_dict) == ["town"]
    assert Household.objects.count() == households


@pytest.mark.django_db
@pytest.mark.parametrize("hidden", [RLO, ZWSP, "\x00", "\u2066", "\ufeff", "\u00ad"])
def test_organisation_team_and_practitioner_names_are_refused_by_full_clean(hidden):
    organisation = OrganisationFactory.build(code="X1", name=f"Sefton{hidden} Council")
    team = TeamFactory.build(service=None, name=f"Crosby{hidden} health visiting team")
    practitioner = Practitioner(username="new", first_name="Hannah", last_name=f"We{hidden}bb")
    for row, field in [(organisation, "name"), (team, "name"), (practitioner, "last_name")]:
        with pytest.raises(ValidationError) as refused:
            row.clean()
        assert list(refused.value.message_dict) == [field]
