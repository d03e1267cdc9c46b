"""The family record pages: finding a child, opening the record, and forms that refuse
bad input with the NHS error summary and write nothing."""

import datetime

import pytest
from django.urls import reverse

from tests.cast import on_a_child_protection_plan
from tests.factories import PASSWORD
from tests.pages import text
from tests.people.scenes import move_form
from thinkfamily.core.models import AuditEvent
from thinkfamily.people.models import HouseholdMembership, ParentalResponsibility, Person

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(client, family):
    response = client.get(reverse("people:record", args=[family["liam"].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_in_page_is_in_the_nhs_layout_and_signs_in(client, health_visitor):
    page = client.get(reverse("login"))
    assert b"nhsuk-header" in page.content and b"ThinkFamily" in page.content
    response = client.post(reverse("login"), {"username": "hv", "password": PASSWORD}, follow=True)
    assert "Helen Visitor" in text(response)


def test_a_wrong_password_shows_the_error_summary(client, health_visitor):
    response = client.post(reverse("login"), {"username": "hv", "password": "wrong"})
    assert "There is a problem" in text(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.req("R1.1")
@pytest.mark.parametrize("typed", ["943 476 5919", "9434765919", " 943-476-5919 "])
def test_nhs_number_search_ignores_spacing(signed_in, family, typed):
    liam = family["liam"]
    Person.objects.filter(pk=liam.pk).update(nhs_number="9434765919")
    response = signed_in.get(reverse("find"), {"nhs_number": typed})
    page = text(response)
    assert "1 person found" in page
    assert "Liam James Roberts" in page and "943 476 5919" in page and "14 March 2019" in page
    assert "12 Marine Crescent, Waterloo, L22 5PR" in page
    assert "None recorded" in page and "No current legal status recorded" not in page


@pytest.mark.req("R1.1")
def test_an_adults_search_result_says_legal_status_does_not_apply(signed_in, family):
    sarah = family["sarah"]
    page = text(signed_in.get(reverse("find"), {"nhs_number": sarah.nhs_number}))
    assert "1 person found" in page and sarah.full_name in page
    assert "Not applicable (adult)" in page and "No current legal status recorded" not in page


@pytest.mark.req("R1.1")
def test_a_wrong_check_digit_is_explained_and_nothing_is_searched(signed_in, family):
    response = signed_in.get(reverse("find"), {"nhs_number": "943 476 5918"})
    page = text(response)
    assert "There is a problem" in page
    assert "check digit does not match" in page
    assert not AuditEvent.objects.filter(action="search").exists()


@pytest.mark.req("R1.1")
@pytest.mark.parametrize(
    "given,family_name",
    [("Liam", "Robets"), ("Liam", "Roberts"), ("", "Roberts"), ("Liam James", "Roberts"), ("Lliam", "Roberts")],
)
def test_name_and_date_of_birth_search_tolerates_a_typo_or_missing_middle_name(signed_in, family, given, family_name):
    response = signed_in.get(
        reverse("find"),
        {
            "given_name": given,
            "family_name": family_name,
            "date_of_birth_0": "14",
            "date_of_birth_1": "3",
            "date_of_birth_2": "2019",
        },
    )
    page = text(response)
    assert "Liam James Roberts" in page
    assert "Mia Walsh" not in page


@pytest.mark.req("R1.1")
def test_search_is_audited_with_its_terms(signed_in, family):
    signed_in.get(
        reverse("find"),
        {"family_name": "Roberts", "date_of_birth_0": "14", "date_of_birth_1": "3", "date_of_birth_2": "2019"},
    )
    event = AuditEvent.objects.get(action="search")
    assert event.detail == {
        "terms": {"family_name": "Roberts", "given_name": "", "date_of_birth": "2019-03-14"},
        "results": 1,
    }


@pytest.mark.req("R1.2")
def test_record_shows_household_parental_responsibility_and_wider_family(signed_in, family):
    liam, sarah, jason = family["liam"], family["sarah"], family["jason"]
    ParentalResponsibility.objects.create(child=liam, holder=sarah, basis="birth_mother", start_date=liam.date_of_birth)
    ParentalResponsibility.objects.create(
        child=liam, holder=jason, basis="married_father", start_date=liam.date_of_birth
    )
    response = signed_in.get(reverse("people:record", args=[liam.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Lives at 12 Marine Crescent, Waterloo, L22 5PR" in page
    assert "Sarah Roberts: Birth mother" in page and "Jason Roberts: Father married to the mother" in page
    assert "Dean Walsh" in page and "Step-parent" in page
    assert "Mia Walsh" in page and "Half-sibling" in page
    assert "Margaret Hughes" in page
    assert AuditEvent.objects.filter(action="read", object_id=str(liam.pk)).count() == 1


@pytest.mark.req("R1.4")
def test_the_same_header_with_current_legal_status_is_on_every_page_about_the_child(signed_in, family, council):
    liam = family["liam"]
    on_a_child_protection_plan(liam, council)
    for name in ["record", "correct", "add_relationship", "move", "change_school"]:
        page = text(signed_in.get(reverse(f"people:{name}", args=[liam.pk])))
        assert "Liam James Roberts" in page
        assert "NHS number: " + liam.formatted_nhs_number in page
        assert "Child protection plan: neglect" in page, name


@pytest.mark.req("R1.2")
def test_an_invalid_move_date_shows_the_error_summary_and_saves_nothing(signed_in, family):
    liam = family["liam"]
    before = HouseholdMembership.objects.count(), AuditEvent.objects.filter(action__in=["write", "create"]).count()
    response = signed_in.post(
        reverse("people:move", args=[liam.pk]),
        move_form(("31", "2", "2025"), "9 Lord Street", "Southport", "pr8 1aa"),
    )
    page = text(response)
    assert "There is a problem" in page and "The date of the move must be a real date." in page
    assert 'href="#id_move_date_0"' in response.content.decode()
    assert (
        HouseholdMembership.objects.count(),
        AuditEvent.objects.filter(action__in=["write", "create"]).count(),
    ) == before


@pytest.mark.req("R1.2")
def test_a_valid_move_is_saved_and_shown_in_the_address_history(signed_in, family):
    liam = family["liam"]
    response = signed_in.post(
        reverse("people:move", args=[liam.pk]),
        move_form(("3", "2", "2025"), "9 Lord Street", "Southport", "pr8 1aa", reason="Refuge"),
        follow=True,
    )
    page = text(response)
    assert "Lives at 9 Lord Street, Southport, PR8 1AA since 3 February 2025" in page
    assert "12 Marine Crescent" in page  # kept in the address history


@pytest.mark.req("R1.1")
def test_recording_a_person_with_a_bad_nhs_number_and_future_birth_writes_nothing(signed_in):
    before = Person.objects.count()
    future = datetime.date.today() + datetime.timedelta(days=10)
    response = signed_in.post(
        reverse("people:new"),
        {
            "family_name": "Jones",
            "given_name": "Amy",
            "nhs_number": "123 456 7890",
            "sex": "female",
            "kind": "child",
            "date_of_birth_0": future.day,
            "date_of_birth_1": future.month,
            "date_of_birth_2": future.year,
        },
    )
    page = text(response)
    assert "check digit does not match" in page
    assert "Date of birth must be today or in the past." in page
    assert Person.objects.count() == before


@pytest.mark.req("R1.5")
def test_an_unborn_baby_is_recorded_from_the_mothers_record_and_born_later(signed_in, family):
    sarah = family["sarah"]
    edd = datetime.date.today() + datetime.timedelta(weeks=10)
    response = signed_in.post(
        reverse("people:record_unborn", args=[sarah.pk]),
        {
            "expected_delivery_date_0": edd.day,
            "expected_delivery_date_1": edd.month,
            "expected_delivery_date_2": edd.year,
        },
        follow=True,
    )
    unborn = Person.objects.get(kind="unborn")
    assert "Unborn baby Roberts" in text(response)
    born = datetime.date.today()
    response = signed_in.post(
        reverse("people:record_birth", args=[unborn.pk]),
        {
            "version": unborn.version,
            "date_of_birth_0": born.day,
            "date_of_birth_1": born.month,
            "date_of_birth_2": born.year,
            "given_name": "Ava",
            "family_name": "Roberts",
            "sex": "female",
        },
        follow=True,
    )
    page = text(response)
    assert "Ava Roberts" in page and "Sarah Roberts" in page
    assert Person.objects.get(pk=unborn.pk).kind == "child"
