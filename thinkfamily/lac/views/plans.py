"""The pages of a looked-after child's health plan (R6.3): the plan with the SMART check of each
action, a plan started, an action added or marked done. Read through the child's Access
(lac.queries.plans); changed through lac.services.plans."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.core import clock
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.forms import apply_validation_error, query
from thinkfamily.lac.forms.plans import CompleteActionForm, PlanActionForm, PlanQuery, StartPlanForm
from thinkfamily.lac.queries import plans as plan_queries
from thinkfamily.lac.services import plans
from thinkfamily.lac.views.page import child_form_page, open_child
from thinkfamily.people.views.page import person_page


def _plan_page(request, access, *, wanted=None, errors=(), status=200):
    all_plans = list(plan_queries.plans_for(access))
    chosen = all_plans[0] if all_plans else None
    if wanted:
        chosen = plan_queries.plan_for(access, wanted)
        chosen = next((p for p in all_plans if p.pk == chosen.pk), chosen)
    today = clock.today()
    can_record = plans.may_record(request.user)
    rows, coverage = [], []
    if chosen is not None:
        actions = list(chosen.actions.all())
        rows = [(a, plans.action_issues(a, today), not can_record and plans.is_restricted(a)) for a in actions]
        coverage = plans.plan_issues(chosen, actions)
    start_form = StartPlanForm(assessments=plan_queries.assessments_without_plan(access)) if can_record else None
    return person_page(
        request, "lac/plan.jinja", access, title="Health plan", status=status, plan=chosen,
        plans=all_plans, rows=rows, coverage=coverage, weak=sum(1 for _, issues, _ in rows if issues),
        can_record=can_record, start_form=start_form, errors=list(errors),
    )


@require_http_methods(["GET"])
def plan(request, person_id):
    scope, access = open_child(request, person_id)
    return _plan_page(request, access, wanted=query(request, PlanQuery)["plan"])


@require_http_methods(["POST"])
def plan_start(request, person_id):
    scope, access = open_child(request, person_id, write=True)
    form = StartPlanForm(request.POST, assessments=plan_queries.assessments_without_plan(access))
    if not form.is_valid():
        return _plan_page(request, access, errors=["Choose an assessment from the list, or none."], status=400)
    try:
        assessment = plan_queries.assessment_of(access, form.cleaned_data["assessment"])
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
    scope, access = open_child(request, person_id, write=True)
    the_plan = plan_queries.plan_for(access, plan_id)
    form = PlanActionForm(request.POST or None)
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
    return child_form_page(
        request, access, form, title="Add a health plan action", heading="Add an action to the health plan",
        intro="Each action needs an owner and a date, and must say exactly what will be done.",
        submit_text="Add action",
        crumbs=[{"href": reverse("lac:plan", args=[access.person.pk]), "text": "Health plan"}],
    )


@require_http_methods(["GET", "POST"])
def plan_action_complete(request, person_id, action_id):
    scope, access = open_child(request, person_id, write=True)
    action = plan_queries.action_for(access, action_id)
    form = CompleteActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans.complete_action(scope.auditor_for(access), action, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Action marked as done.")
            return redirect(f"{reverse('lac:plan', args=[access.person.pk])}?plan={action.plan_id}")
    return child_form_page(
        request, access, form, title="Mark an action done", heading="Mark the action as done",
        intro=f"{action.get_area_display()}: {action.action}", submit_text="Mark as done",
        crumbs=[{"href": reverse("lac:plan", args=[access.person.pk]), "text": "Health plan"}],
    )
