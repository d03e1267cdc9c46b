"""Pages for a looked-after child's health plan (R6.3), SDQ scores (R6.5) and health passport
with its immunisations and conditions (R6.6). The child is reached through AccessScope (which
audits the read and refuses without a legitimate relationship); the records through the query
functions of lac.plans, lac.sdq and lac.passport, which take the child's Access; every change
through their services. Children-in-care nurses, the looked-after children's medical team and
health visitors may record; anyone with access to the child may read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.forms import apply_validation_error, query
from thinkfamily.core.views import render_page
from thinkfamily.lac import care_forms, passport, plans, sdq
from thinkfamily.organisations.models import Organisation
from thinkfamily.people.presenters import person_header

HOME = {"href": "/", "text": "Home"}


def _crumbs(person, *more):
    return [HOME, {"href": reverse("people:record", args=[person.pk]), "text": person.full_name}, *more]


def _open(request, person_id, *, write=False):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=write)
    if write:
        plans.require_writer(request.user)
    return scope, access


def _form_page(request, access, form, *, title, heading, submit_text, crumbs=(), intro=""):
    person = access.person
    return render_page(
        request, "people/form.jinja", title=f"{title} – {person.full_name}", breadcrumbs=_crumbs(person, *crumbs),
        form=form, heading=heading, intro=intro, submit_text=submit_text, person=person, access=access,
        person_header=person_header(person),
    )


# Health plan (R6.3) -----------------------------------------------------------------------


def _plan_page(request, access, *, wanted=None, errors=(), status=200):
    child = access.person
    all_plans = list(plans.plans_for(access))
    chosen = all_plans[0] if all_plans else None
    if wanted:
        chosen = plans.plan_for(access, wanted)
        chosen = next((p for p in all_plans if p.pk == chosen.pk), chosen)
    today = clock.today()
    can_record = plans.may_record(request.user)
    rows, coverage = [], []
    if chosen is not None:
        actions = list(chosen.actions.all())
        rows = [(a, plans.action_issues(a, today), not can_record and plans.is_restricted(a)) for a in actions]
        coverage = plans.plan_issues(chosen, actions)
    start_form = care_forms.StartPlanForm(assessments=plans.assessments_without_plan(access)) if can_record else None
    return render_page(
        request, "lac/plan.jinja", title=f"Health plan – {child.full_name}", breadcrumbs=_crumbs(child),
        status=status, person=child, access=access, person_header=person_header(child), plan=chosen,
        plans=all_plans, rows=rows, coverage=coverage, weak=sum(1 for _, issues, _ in rows if issues),
        can_record=can_record, start_form=start_form, errors=list(errors),
    )


@require_http_methods(["GET"])
def plan(request, person_id):
    scope, access = _open(request, person_id)
    return _plan_page(request, access, wanted=query(request, care_forms.PlanQuery)["plan"])


@require_http_methods(["POST"])
def plan_start(request, person_id):
    scope, access = _open(request, person_id, write=True)
    form = care_forms.StartPlanForm(request.POST, assessments=plans.assessments_without_plan(access))
    if not form.is_valid():
        return _plan_page(request, access, errors=["Choose an assessment from the list, or none."], status=400)
    try:
        assessment = plans.assessment_of(access, form.cleaned_data["assessment"])
        new = plans.create_plan(scope.auditor_for(access), access.person, assessment=assessment)
    except AlreadyRecorded as already:  # the same form sent twice: show the plan it started
        messages.info(request, already.text)
        return redirect(f"{reverse('lac:plan', args=[access.person.pk])}?plan={already.existing.pk}")
    except ValidationError as error:
        return _plan_page(request, access, errors=error.messages, status=400)
    messages.success(request, "Health plan started. Add its actions: dental health, immunisations, "
                              "vision and hearing must each have one.")
    return redirect(f"{reverse('lac:plan', args=[access.person.pk])}?plan={new.pk}")


@require_http_methods(["GET", "POST"])
def plan_action_add(request, person_id, plan_id):
    scope, access = _open(request, person_id, write=True)
    the_plan = plans.plan_for(access, plan_id)
    form = care_forms.PlanActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = plans.add_action(scope.auditor_for(access), the_plan, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            flags = len(action.smart_issues)
            messages.success(request, "Action added." if not flags else
                             f"Action added with {flags} thing{'s' if flags != 1 else ''} to put right: "
                             "see the flags against it.")
            return redirect(f"{reverse('lac:plan', args=[access.person.pk])}?plan={the_plan.pk}")
    return _form_page(
        request, access, form, title="Add a health plan action", heading="Add an action to the health plan",
        intro="Each action needs an owner and a date, and must say exactly what will be done.",
        submit_text="Add action",
        crumbs=[{"href": reverse("lac:plan", args=[access.person.pk]), "text": "Health plan"}],
    )


@require_http_methods(["GET", "POST"])
def plan_action_complete(request, person_id, action_id):
    scope, access = _open(request, person_id, write=True)
    action = plans.action_for(access, action_id)
    form = care_forms.CompleteActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans.complete_action(scope.auditor_for(access), action, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Action marked as done.")
            return redirect(f"{reverse('lac:plan', args=[access.person.pk])}?plan={action.plan_id}")
    return _form_page(
        request, access, form, title="Mark an action done", heading="Mark the action as done",
        intro=f"{action.get_area_display()}: {action.action}", submit_text="Mark as done",
        crumbs=[{"href": reverse("lac:plan", args=[access.person.pk]), "text": "Health plan"}],
    )


# SDQ (R6.5) -------------------------------------------------------------------------------


@require_http_methods(["GET"])
def sdq_scores(request, person_id):
    scope, access = _open(request, person_id)
    child = access.person
    scores = list(sdq.scores_for(child))
    latest = scores[-1] if scores else None
    rows = [
        {
            "score": s,
            "band": sdq.band_label(s.band),
            "tag": sdq.band_tag_class(s.band, s.scheme),
            "scheme": f"{sdq.describe_scheme(s.scheme)} ({sdq.scheme_origin(s.scheme_rule)})",
            "warning": sdq.age_warning(child, s.completed_on),
        }
        for s in reversed(scores)
    ]
    return render_page(
        request, "lac/sdq.jinja", title=f"SDQ scores – {child.full_name}", breadcrumbs=_crumbs(child),
        person=child, access=access, person_header=person_header(child), rows=rows,
        chart=sdq.trend_chart(scores), next_due=sdq.next_due(child, latest),
        can_record=plans.may_record(request.user),
    )


def _councils():
    return Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name")


@require_http_methods(["GET", "POST"])
def sdq_add(request, person_id):
    scope, access = _open(request, person_id, write=True)
    councils = list(_councils())
    form = care_forms.SDQForm(request.POST or None, organisations=councils)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("received_from")
        data["received_from"] = next((o for o in councils if str(o.pk) == chosen), None)
        try:
            recorded = sdq.record_sdq(scope.auditor_for(access), access.person, **data)
        except AlreadyRecorded as already:
            messages.info(request, already.text)
            return redirect("lac:sdq", access.person.pk)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            score = recorded.score
            messages.success(request, f"SDQ score {score.total_difficulties} recorded: "
                                      f"{sdq.band_label(score.band).lower()}.")
            return redirect("lac:sdq", access.person.pk)
    return _form_page(
        request, access, form, title="Record an SDQ score", heading="Record an SDQ score from social care",
        intro="The score is banded with the local scheme in force today, which is kept with the score.",
        submit_text="Record score", crumbs=[{"href": reverse("lac:sdq", args=[access.person.pk]), "text": "SDQ"}],
    )


# Health passport (R6.6) -------------------------------------------------------------------


def _passport_page(request, access, *, latest=None, review_form=None, errors=(), status=200):
    child = access.person
    passports = list(passport.passports_for(access)[:10])
    latest = latest or (passports[0] if passports else None)
    can_record = plans.may_record(request.user)
    if review_form is None and can_record:
        review_form = care_forms.PassportReviewForm()
    return render_page(
        request, "lac/passport.jinja", title=f"Health passport – {child.full_name}", breadcrumbs=_crumbs(child),
        form=review_form if review_form is not None and review_form.is_bound else None, status=status,
        person=child, access=access, person_header=person_header(child), passports=passports, latest=latest,
        sections=passport.sections(latest.content) if latest else [], ineligible=passport.eligibility(child),
        immunisations=list(passport.immunisations_for(access)), conditions=list(passport.conditions_for(access)),
        can_record=can_record, review_form=review_form, errors=list(errors),
    )


@require_http_methods(["GET"])
def passport_page(request, person_id):
    scope, access = _open(request, person_id)
    return _passport_page(request, access)


@require_http_methods(["POST"])
def passport_generate(request, person_id):
    scope, access = _open(request, person_id, write=True)
    try:
        passport.generate_passport(scope.auditor_for(access), access.person)
    except ValidationError as error:
        return _passport_page(request, access, errors=error.messages, status=400)
    messages.success(request, "Health passport prepared. Read it through, record your review, then release it.")
    return redirect("lac:passport", access.person.pk)


@require_http_methods(["POST"])
def passport_review(request, person_id, passport_id):
    scope, access = _open(request, person_id, write=True)
    the_passport = passport.passport_for(access, passport_id)
    form = care_forms.PassportReviewForm(request.POST)
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
    scope, access = _open(request, person_id, write=True)
    the_passport = passport.passport_for(access, passport_id)
    try:
        passport.release_passport(scope.auditor_for(access), the_passport)
    except ValidationError as error:
        return _passport_page(request, access, latest=the_passport, errors=error.messages, status=400)
    messages.success(request, "Health passport released. Download the PDF to give to the young person.")
    return redirect("lac:passport", access.person.pk)


@require_http_methods(["GET"])
def passport_pdf(request, person_id, passport_id):
    scope, access = _open(request, person_id, write=True)
    the_passport = passport.passport_for(access, passport_id)
    try:
        content = passport.download_pdf(scope.auditor_for(access), the_passport)
    except ValidationError as error:
        return _passport_page(request, access, latest=the_passport, errors=error.messages, status=400)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="health-passport-{the_passport.pk}.pdf"'
    return response


def _record_for_passport(request, person_id, form_class, record, *, done, title, heading, submit_text):
    """One page shape for the facts a passport is built from: validate, call ``record``, back to the passport."""
    scope, access = _open(request, person_id, write=True)
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
    return _form_page(
        request, access, form, title=title, heading=heading, submit_text=submit_text,
        crumbs=[{"href": reverse("lac:passport", args=[access.person.pk]), "text": "Health passport"}],
    )


@require_http_methods(["GET", "POST"])
def immunisation_add(request, person_id):
    return _record_for_passport(
        request, person_id, care_forms.ImmunisationForm, passport.record_immunisation,
        done="Immunisation recorded.", title="Record an immunisation", heading="Record an immunisation",
        submit_text="Record immunisation",
    )


@require_http_methods(["GET", "POST"])
def condition_add(request, person_id):
    return _record_for_passport(
        request, person_id, care_forms.ConditionForm, passport.record_condition,
        done="Condition recorded.", title="Record a health condition", heading="Record a known health condition",
        submit_text="Record condition",
    )
