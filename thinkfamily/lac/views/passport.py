"""The page of a young person's health passport (R6.6) with its immunisations and known
conditions: a passport prepared, reviewed, released and downloaded, and the facts it is built
from recorded. Read through the child's Access (lac.queries.passport); changed through
lac.services.passport."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.forms import apply_validation_error
from thinkfamily.lac.forms.passport import ConditionForm, ImmunisationForm, PassportReviewForm
from thinkfamily.lac.presenters.passport import passport_export, sections
from thinkfamily.lac.queries import passport as passport_queries
from thinkfamily.lac.services import passport, plans
from thinkfamily.lac.views.page import child_form_page, open_child
from thinkfamily.people.views.page import person_page


def _passport_page(request, access, *, latest=None, review_form=None, errors=(), status=200):
    child = access.person
    passports = list(passport_queries.passports_for(access)[:10])
    latest = latest or (passports[0] if passports else None)
    can_record = plans.may_record(request.user)
    if review_form is None and can_record:
        review_form = PassportReviewForm()
    return person_page(
        request, "lac/passport.jinja", access, title="Health passport",
        form=review_form if review_form is not None and review_form.is_bound else None, status=status,
        passports=passports, latest=latest,
        sections=sections(latest.content) if latest else [], ineligible=passport.eligibility(child),
        immunisations=list(passport_queries.immunisations_for(access)),
        conditions=list(passport_queries.conditions_for(access)),
        can_record=can_record, review_form=review_form, errors=list(errors),
    )


@require_http_methods(["GET"])
def passport_page(request, person_id):
    scope, access = open_child(request, person_id)
    return _passport_page(request, access)


@require_http_methods(["POST"])
def passport_generate(request, person_id):
    scope, access = open_child(request, person_id, write=True)
    try:
        passport.generate_passport(scope.auditor_for(access), access.person)
    except ValidationError as error:
        return _passport_page(request, access, errors=error.messages, status=400)
    messages.success(request, "Health passport prepared. Read it through, record your review, then release it.")
    return redirect("lac:passport", access.person.pk)


@require_http_methods(["POST"])
def passport_review(request, person_id, passport_id):
    scope, access = open_child(request, person_id, write=True)
    the_passport = passport_queries.passport_for(access, passport_id)
    form = PassportReviewForm(request.POST)
    if form.is_valid():
        try:
            passport.review_passport(scope.auditor_for(access), the_passport, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Review recorded. You can now release the passport to the young person.")
            return redirect("lac:passport", access.person.pk)
    return _passport_page(request, access, latest=the_passport, review_form=form, status=400)


@require_http_methods(["POST"])
def passport_release(request, person_id, passport_id):
    scope, access = open_child(request, person_id, write=True)
    the_passport = passport_queries.passport_for(access, passport_id)
    try:
        passport.release_passport(scope.auditor_for(access), the_passport)
    except ValidationError as error:
        return _passport_page(request, access, latest=the_passport, errors=error.messages, status=400)
    messages.success(request, "Health passport released. Download the PDF to give to the young person.")
    return redirect("lac:passport", access.person.pk)


@require_http_methods(["GET"])
def passport_pdf(request, person_id, passport_id):
    scope, access = open_child(request, person_id, write=True)
    the_passport = passport_queries.passport_for(access, passport_id)
    export = passport_export(the_passport, request.user)
    try:
        content = passport.download_pdf(scope.auditor_for(access), the_passport, export)
    except ValidationError as error:
        return _passport_page(request, access, latest=the_passport, errors=error.messages, status=400)
    return export.pdf_response(content)


def _record_for_passport(request, person_id, form_class, record, *, done, title, heading, submit_text):
    """One page shape for the facts a passport is built from: validate, call ``record``, back to the passport."""
    scope, access = open_child(request, person_id, write=True)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record(scope.auditor_for(access), access.person, **form.cleaned_data)
        except AlreadyRecorded as already:
            messages.info(request, already.text)
            return redirect("lac:passport", access.person.pk)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("lac:passport", access.person.pk)
    return child_form_page(
        request, access, form, title=title, heading=heading, submit_text=submit_text,
        crumbs=[{"href": reverse("lac:passport", args=[access.person.pk]), "text": "Health passport"}],
    )


@require_http_methods(["GET", "POST"])
def immunisation_add(request, person_id):
    return _record_for_passport(
        request, person_id, ImmunisationForm, passport.record_immunisation,
        done="Immunisation recorded.", title="Record an immunisation", heading="Record an immunisation",
        submit_text="Record immunisation",
    )


@require_http_methods(["GET", "POST"])
def condition_add(request, person_id):
    return _record_for_passport(
        request, person_id, ConditionForm, passport.record_condition,
        done="Condition recorded.", title="Record a health condition", heading="Record a known health condition",
        submit_text="Record condition",
    )
