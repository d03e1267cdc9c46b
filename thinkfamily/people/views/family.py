"""A person's family: relationships added and ended, parental responsibility, and moves
between households (people.services.relationships, people.services.households)."""

import uuid

from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope
from thinkfamily.organisations.models import Organisation
from thinkfamily.people.family import family_picture
from thinkfamily.people.forms.family import (
    EndRelationshipForm,
    HouseholdMoveForm,
    ParentalResponsibilityForm,
    RelationshipForm,
)
from thinkfamily.people.models import Person
from thinkfamily.people.services import households, relationships
from thinkfamily.people.views.page import form_page


def _household_choices(person: Person):
    """People in the person's current household, and their relatives' households."""
    picture = family_picture(person)
    people = [m.person for m in picture.household_members]
    relatives = [r.person for r in picture.parents + picture.siblings + picture.linked_adults + picture.grandparents]
    return picture, people, relatives


@require_http_methods(["GET", "POST"])
def add_relationship(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    person = access.person
    _, household_people, _ = _household_choices(person)
    choices = [
        (str(p.pk), f"{p.full_name}, born {p.date_of_birth or p.expected_delivery_date}") for p in household_people
    ]

    def save(data):
        people = scope.people()
        if data["relative_nhs_number"]:
            relative = people.filter(nhs_number=data["relative_nhs_number"]).first()
            if relative is None:
                raise ValidationError({"relative_nhs_number": "No record has this NHS number. Record the person "
                                                              "first, then add the relationship."})
        else:
            relative = people.filter(pk=data["relative_in_household"]).first()
            if relative is None:
                raise ValidationError({})  # no longer someone the user may see: the form again, as it was
        return relationships.add_relationship(scope.auditor_for(access), person, relative, data["type"],
                                              start_date=data["start_date"], notes=data["notes"])

    return form_page(
        request, access, RelationshipForm(request.POST or None, household_choices=choices), save,
        done=lambda relationship: f"{relationship.relative.full_name} has been linked to {person.full_name}.",
        title="Add a relationship",
        heading=f"Add a relationship to {person.full_name}",
        submit_text="Save relationship",
        intro="Record everyone who matters to the child: fathers and other adults in the household too.",
    )


@require_http_methods(["GET", "POST"])
def end_relationship(request, person_id, relationship_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    relationship = scope.relationship(access, relationship_id)
    return form_page(
        request, access, EndRelationshipForm(request.POST or None, initial={"version": relationship.version}),
        lambda data: relationships.end_relationship(scope.auditor_for(access), relationship,
                                                    expected_version=data["version"], end_date=data["end_date"]),
        done="The relationship has been ended. It stays in the family history.",
        conflict_message="Someone else changed this relationship while you were editing. Nothing was saved.",
        title="End a relationship",
        heading=f"End: {relationship}",
        submit_text="End relationship",
    )


@require_http_methods(["GET", "POST"])
def add_parental_responsibility(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    person = access.person
    picture = family_picture(person)
    adults = {r.person.pk: r.person for r in picture.parents + picture.linked_adults + picture.grandparents}
    for membership in picture.household_members:
        if membership.person.kind == Person.Kind.ADULT:
            adults.setdefault(membership.person.pk, membership.person)
    authorities = list(Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY))
    choices = [(f"person:{p.pk}", p.full_name) for p in adults.values()]
    choices += [(f"organisation:{o.pk}", f"{o.name} (local authority)") for o in authorities]

    def save(data):
        kind, _, pk = data["holder"].partition(":")
        holder = adults.get(_uuid_or_none(pk)) if kind == "person" else None
        organisation = next((o for o in authorities if str(o.pk) == pk), None) if kind == "organisation" else None
        return relationships.record_parental_responsibility(
            scope.auditor_for(access), person, basis=data["basis"], start_date=data["start_date"], holder=holder,
            holder_organisation=organisation,
        )

    return form_page(
        request, access, ParentalResponsibilityForm(request.POST or None, holder_choices=choices), save,
        done="Parental responsibility has been recorded.",
        title="Record parental responsibility",
        heading=f"Who holds parental responsibility for {person.full_name}?",
        submit_text="Save",
    )


def _uuid_or_none(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def move_household(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    person = access.person
    picture, _, relatives = _household_choices(person)
    households_of_relatives = {}
    for membership in scope.current_households(relatives):
        if picture.current_household is None or membership.household_id != picture.current_household.pk:
            households_of_relatives.setdefault(
                membership.household_id, (membership.household, [])
            )[1].append(membership.person)
    choices = [
        (str(pk), f"{', '.join(p.full_name for p in members)} – {household.address}")
        for pk, (household, members) in households_of_relatives.items()
    ]

    def save(data):
        kwargs = {"move_date": data["move_date"], "reason": data["reason"]}
        if data["destination"] == "existing":
            kwargs["to_household"] = households_of_relatives[int(data["household"])][0]
        else:
            kwargs["new_address"] = {k: data[k].strip() for k in ["address_line_1", "address_line_2", "town"]}
            kwargs["new_address"]["postcode"] = data["postcode"].strip().upper()
        return households.move_household(scope.auditor_for(access), person, **kwargs)

    return form_page(
        request, access, HouseholdMoveForm(request.POST or None, household_choices=choices), save,
        done=f"The move has been recorded. {person.full_name}'s family links are kept.",
        template="people/move.jinja",
        title="Record a household move",
        current_household=picture.current_household,
    )
