"""Pages about people. Every view reaches a person through thinkfamily.access.scoping,
parses input with a form, and calls a service to change anything."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.history import can_see_access_history
from thinkfamily.access.scoping import AccessScope, case_notes_for
from thinkfamily.caseloads import presenters as caseload_presenters
from thinkfamily.core import nhs_numbers
from thinkfamily.core.forms import attempt, tell
from thinkfamily.core.views import render_page
from thinkfamily.flags.presenters import flag_section
from thinkfamily.lac.assessment_queries import record_assessments
from thinkfamily.notifications import rules as notification_rules
from thinkfamily.organisations.models import Organisation
from thinkfamily.people import forms, search, services
from thinkfamily.people.actions import correctable_entry_ids, record_actions
from thinkfamily.people.family import family_picture
from thinkfamily.people.genogram import build_genogram
from thinkfamily.people.models import Person
from thinkfamily.people.presenters import person_header, search_results

HOME = {"href": "/", "text": "Home"}


def _crumbs(person: Person | None = None):
    crumbs = [HOME]
    if person is not None:
        crumbs.append({"href": reverse("people:record", args=[person.pk]), "text": person.full_name})
    return crumbs


def _person_page(request, template, access, *, title, form=None, status=200, **context):
    return render_page(
        request,
        template,
        title=f"{title} – {access.person.full_name}" if title != access.person.full_name else title,
        breadcrumbs=_crumbs(access.person) if template != "people/record.jinja" else _crumbs(),
        form=form,
        status=status,
        person=access.person,
        access=access,
        person_header=person_header(access.person),
        **context,
    )


@require_http_methods(["GET"])
def find_person(request):
    """Search by NHS number, or by name and date of birth. Results show only people the
    user may see; an exact NHS number match behind a refused access is shown as such,
    with the way to break glass, and nothing else (docs/adr/0004)."""
    permissions.require(request.user, "people.find_person")
    form = forms.SearchForm(request.GET or None)
    results, restricted_match = None, None
    if request.GET and form.is_valid():
        scope = AccessScope(request)
        data = form.cleaned_data
        try:
            if data["nhs_number"]:
                digits = nhs_numbers.validate(data["nhs_number"])
                terms = {"nhs_number": digits}
                matches = search.find_by_nhs_number(scope.people(), digits)
                if not matches:
                    restricted_match = search.find_restricted_by_nhs_number(digits)
            else:
                terms = {
                    "family_name": data["family_name"],
                    "given_name": data["given_name"],
                    "date_of_birth": data["date_of_birth"].isoformat(),
                }
                matches = search.find_by_name_and_date_of_birth(
                    scope.people(),
                    family_name=data["family_name"],
                    given_name=data["given_name"],
                    date_of_birth=data["date_of_birth"],
                )
        except ValidationError as error:
            form.add_error("nhs_number", error)
        else:
            results = search_results(matches)
            detail = {"restricted_match": str(restricted_match.pk)} if restricted_match else None
            scope.auditor.search(terms, len(results), detail=detail, subject=restricted_match)
    return render_page(
        request,
        "people/find.jinja",
        title="Find a person",
        form=form,
        results=results,
        restricted_match=restricted_match,
        active_nav="find",
    )


@require_http_methods(["GET"])
def record(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    picture = family_picture(access.person)
    history = can_see_access_history(request.user, access)
    return _person_page(
        request,
        "people/record.jinja",
        access,
        title=access.person.full_name,
        actions=record_actions(
            request.user, access, legal_statuses=picture.legal_statuses, access_history=history,
            extra=caseload_presenters.record_actions(request.user, access.person, access),
        ),
        correctable_entry_ids=correctable_entry_ids(request.user, access, picture.legal_status_history),
        flags=flag_section(access.person, request.user, access),
        family=picture,
        genogram=build_genogram(access.person),
        revisions=access.person.revisions.select_related("changed_by")[:20],
        visible_ids=scope.visible_ids(picture.everyone()),
        case_notes=case_notes_for(scope, access),
        health_assessments=record_assessments(access) if access.person.kind == Person.Kind.CHILD else [],
        # Caseloads, episodes of care and GP registration (issue 12).
        care=caseload_presenters.record_section(request.user, access.person),
    )


@require_http_methods(["GET", "POST"])
def new_person(request):
    permissions.require(request.user, "people.record_person")
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope = AccessScope(request)
        saved = attempt(form, lambda: services.register_person(scope.auditor, on_caseload_of=scope.user,
                                                               **form.cleaned_data))
        if saved:
            messages.success(request, f"{saved.value.full_name} has been recorded.")
            return redirect("people:record", saved.value.pk)
    return render_page(
        request,
        "people/form.jinja",
        title="Record a person",
        breadcrumbs=[HOME],
        form=form,
        heading="Record a person",
        submit_text="Save person",
        active_nav="new",
    )


@require_http_methods(["GET", "POST"])
def correct_person(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    person = access.person
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS} | {"version": person.version}
    form = forms.CorrectPersonForm(request.POST or None, initial=initial, person=person)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, reason = data.pop("version"), data.pop("reason")
        saved = attempt(
            form,
            lambda: services.correct_person(scope.auditor_for(access), person, expected_version=version,
                                            reason=reason, **data),
            conflict_message="Someone else changed these details while you were editing. Nothing was saved: "
            "check their changes below, then make yours again.",
        )
        if saved:
            messages.success(request, f"{person.full_name}'s details have been corrected.")
            return redirect("people:record", person.pk)
        conflict = saved.conflict
    return _person_page(
        request,
        "people/form.jinja",
        access,
        title="Correct details",
        form=form,
        heading="Correct details",
        submit_text="Save corrections",
        conflict=conflict,
    )


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
    picture, household_people, _ = _household_choices(person)
    choices = [
        (str(p.pk), f"{p.full_name}, born {p.date_of_birth or p.expected_delivery_date}") for p in household_people
    ]
    form = forms.RelationshipForm(request.POST or None, household_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = scope.people()
        relative = None
        if data["relative_nhs_number"]:
            relative = people.filter(nhs_number=data["relative_nhs_number"]).first()
            if relative is None:
                form.add_error(
                    "relative_nhs_number",
                    "No record has this NHS number. Record the person first, then add the relationship.",
                )
        else:
            relative = people.filter(pk=data["relative_in_household"]).first()
        saved = relative is not None and attempt(
            form,
            lambda: services.add_relationship(scope.auditor_for(access), person, relative, data["type"],
                                              start_date=data["start_date"], notes=data["notes"]),
        )
        if saved:
            tell(request, saved, f"{relative.full_name} has been linked to {person.full_name}.")
            return redirect("people:record", person.pk)
    return _person_page(
        request,
        "people/form.jinja",
        access,
        title="Add a relationship",
        form=form,
        heading=f"Add a relationship to {person.full_name}",
        submit_text="Save relationship",
        intro="Record everyone who matters to the child: fathers and other adults in the household too.",
    )


@require_http_methods(["GET", "POST"])
def end_relationship(request, person_id, relationship_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    relationship = scope.relationship(access, relationship_id)
    form = forms.EndRelationshipForm(request.POST or None, initial={"version": relationship.version})
    if request.method == "POST" and form.is_valid() and attempt(
        form,
        lambda: services.end_relationship(scope.auditor_for(access), relationship,
                                          expected_version=form.cleaned_data["version"],
                                          end_date=form.cleaned_data["end_date"]),
        conflict_message="Someone else changed this relationship while you were editing. Nothing was saved.",
    ):
        messages.success(request, "The relationship has been ended. It stays in the family history.")
        return redirect("people:record", access.person.pk)
    return _person_page(
        request,
        "people/form.jinja",
        access,
        title="End a relationship",
        form=form,
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
    form = forms.ParentalResponsibilityForm(request.POST or None, holder_choices=choices)
    if request.method == "POST" and form.is_valid():
        kind, _, pk = form.cleaned_data["holder"].partition(":")
        holder = adults.get(_uuid_or_none(pk)) if kind == "person" else None
        organisation = next((o for o in authorities if str(o.pk) == pk), None) if kind == "organisation" else None
        saved = attempt(
            form,
            lambda: services.record_parental_responsibility(
                scope.auditor_for(access), person, basis=form.cleaned_data["basis"],
                start_date=form.cleaned_data["start_date"], holder=holder, holder_organisation=organisation,
            ),
        )
        if saved:
            tell(request, saved, "Parental responsibility has been recorded.")
            return redirect("people:record", person.pk)
    return _person_page(
        request,
        "people/form.jinja",
        access,
        title="Record parental responsibility",
        form=form,
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
    households = {}
    for membership in scope.current_households(relatives):
        if picture.current_household is None or membership.household_id != picture.current_household.pk:
            households.setdefault(membership.household_id, (membership.household, []))[1].append(membership.person)
    choices = [
        (str(pk), f"{', '.join(p.full_name for p in members)} – {household.address}")
        for pk, (household, members) in households.items()
    ]
    form = forms.HouseholdMoveForm(request.POST or None, household_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {"move_date": data["move_date"], "reason": data["reason"]}
        if data["destination"] == "existing":
            kwargs["to_household"] = households[int(data["household"])][0]
        else:
            kwargs["new_address"] = {k: data[k].strip() for k in ["address_line_1", "address_line_2", "town"]}
            kwargs["new_address"]["postcode"] = data["postcode"].strip().upper()
        saved = attempt(form, lambda: services.move_household(scope.auditor_for(access), person, **kwargs))
        if saved:
            tell(request, saved, f"The move has been recorded. {person.full_name}'s family links are kept.")
            return redirect("people:record", person.pk)
    return _person_page(
        request,
        "people/move.jinja",
        access,
        title="Record a household move",
        form=form,
        current_household=picture.current_household,
    )


def _person_form(request, person_id, form_class, save, *, done, only_if=None, permission="", **page):
    """A page with one form about a person that one service call saves: ``save(auditor,
    person, **cleaned_data)``; on success ``done(person)`` is said and the record shown, on
    refusal the form shows why (core.forms.attempt). ``only_if(person)`` may refuse the page;
    ``permission`` names what the user must be permitted to do to the person
    (access.permissions), else it is changing the record; ``heading`` may be a function of
    the person."""
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=not permission, permission=permission)
    person = access.person
    if only_if is not None:
        only_if(person)
    form = form_class(request.POST or None)
    saved = request.method == "POST" and form.is_valid() and attempt(
        form, lambda: save(scope.auditor_for(access), person, **form.cleaned_data)
    )
    if saved:
        tell(request, saved, done(person))
        return redirect("people:record", person.pk)
    if callable(page.get("heading")):
        page["heading"] = page["heading"](person)
    return _person_page(request, "people/form.jinja", access, form=form, **page)


def _only_children(person):
    if person.kind != Person.Kind.CHILD:
        raise Http404("Only a child changes school")


def _school_change_told(person) -> str:
    told = [nurse.display_name for nurse in notification_rules.school_nurses(person)]
    if told:
        return f"The change of school has been recorded and sent, with its reason, to {', '.join(told)}."
    return (f"The change of school has been recorded. No school nurse has {person.full_name} on their caseload, "
            "so no one has been told: contact the school nursing team.")


@require_http_methods(["GET", "POST"])
def change_school(request, person_id):
    """A change of school, with its reason; the school nurse is told (R2.3, §5.2.19)."""
    return _person_form(
        request, person_id, forms.SchoolChangeForm, services.change_school,
        done=_school_change_told, only_if=_only_children,
        title="Record a change of school",
        heading="Record a change of school",
        intro="The school nurse with the child on their caseload is told of the move and its reason.",
        submit_text="Save change of school",
    )


@require_http_methods(["GET", "POST"])
def record_legal_status(request, person_id):
    return _person_form(
        request, person_id, forms.LegalStatusForm, services.record_legal_status,
        permission="people.record_legal_status",
        done=lambda person: "The legal status change has been recorded.",
        title="Record a legal status change",
        heading="Record a legal status change",
        submit_text="Save legal status",
    )


@require_http_methods(["GET", "POST"])
def record_placement_change(request, person_id):
    """A looked-after child's move to a new placement: the period of care goes on."""
    return _person_form(
        request, person_id, forms.PlacementChangeForm, services.record_placement_change,
        permission="people.record_legal_status",
        done=lambda person: f"The new placement has been recorded. {person.full_name} is still looked after.",
        title="Record a change of placement",
        heading=lambda person: f"Record a change of placement for {person.full_name}",
        intro="The child stays looked after: the flag, the health assessments and the time in care carry on. The "
        "child's practitioners and the children in care nurses are told of the new placement.",
        submit_text="Save new placement",
    )


@require_http_methods(["GET", "POST"])
def correct_legal_status(request, person_id, entry_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    entry = scope.legal_status_entry(access, entry_id)
    permissions.require(request.user, "people.correct_legal_status", entry, record=access.person)
    if scope.is_superseded(entry):
        raise Http404("This entry has already been corrected")
    initial = {
        name: getattr(entry, name)
        for name in [
            "status",
            "change",
            "effective_date",
            "cp_category",
            "placement_type",
            "placed_out_of_area",
            "notes",
        ]
    } | {"responsible_authority": entry.responsible_authority_id, "placing_authority": entry.placing_authority_id}
    form = forms.CorrectLegalStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("correction_reason")
        if attempt(form, lambda: services.correct_legal_status(scope.auditor_for(access), entry, reason=reason,
                                                               **data)):
            messages.success(request, "The entry has been corrected. The original stays visible in the history.")
            return redirect("people:record", access.person.pk)
    return _person_page(
        request,
        "people/form.jinja",
        access,
        title="Correct a legal status entry",
        form=form,
        heading=f"Correct: {entry.label}, {entry.get_change_display().lower()}",
        submit_text="Save correction",
    )


@require_http_methods(["GET", "POST"])
def record_unborn(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    mother = access.person
    form = forms.UnbornForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        father = None
        if data["father_nhs_number"]:
            father = scope.people().filter(nhs_number=data["father_nhs_number"]).first()
            if father is None:
                form.add_error(
                    "father_nhs_number", "No record has this NHS number. Leave it blank and add the father later."
                )
        saved = not form.errors and attempt(
            form,
            lambda: services.record_unborn(
                scope.auditor_for(access), mother, on_caseload_of=scope.user,
                expected_delivery_date=data["expected_delivery_date"], family_name=data["family_name"], father=father,
            ),
        )
        if saved:
            messages.success(request, "The unborn baby has been recorded.")
            return redirect("people:record", saved.value.pk)
    return _person_page(
        request,
        "people/form.jinja",
        access,
        title="Record an unborn baby",
        form=form,
        heading=f"Record an unborn baby of {mother.full_name}",
        submit_text="Save unborn baby",
    )


@require_http_methods(["GET", "POST"])
def record_birth(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    unborn = access.person
    if not unborn.is_unborn:
        raise Http404("This person is not an unborn child")
    form = forms.BirthForm(request.POST or None, initial={"version": unborn.version, "family_name": unborn.family_name})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = attempt(
            form, lambda: services.record_birth(scope.auditor_for(access), unborn, expected_version=version, **data)
        )
        if saved:
            messages.success(
                request,
                f"The birth has been recorded. {saved.value.full_name}'s record keeps everything recorded before "
                "birth.",
            )
            return redirect("people:record", saved.value.pk)
    return _person_page(
        request,
        "people/form.jinja",
        access,
        title="Record the birth",
        form=form,
        heading="Record the birth",
        submit_text="Save birth",
    )
