"""The health assessment pages (R6.1-R6.7): an assessment with its steps, the family health
history taken on entry to care, the UASC part and a clinician's UASC training. An assessment is
reached through the child's record (AccessScope, via lac.queries.assessments); every change
through lac.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.forms import apply_validation_error
from thinkfamily.core.models import ConcurrentEditError
from thinkfamily.core.presenters import format_date
from thinkfamily.core.views import render_page
from thinkfamily.lac.forms.assessments import FamilyHistoryForm, StepForm, UASCForm, UASCTrainingForm
from thinkfamily.lac.models import AssessmentStep, HealthAssessment
from thinkfamily.lac.presenters import assessments as presenters
from thinkfamily.lac.queries import assessments as assessment_queries
from thinkfamily.lac.services import pipeline, uasc
from thinkfamily.lac.services.family_history import record_family_health_history
from thinkfamily.people.presenters import person_header
from thinkfamily.people.views.page import HOME, person_page

Step = AssessmentStep.Step


def _crumbs(a: HealthAssessment, *, with_assessment=False):
    crumbs = [HOME, {"href": reverse("people:record", args=[a.child_id]), "text": a.child.full_name}]
    if with_assessment:
        crumbs.append({"href": reverse("lac:assessment", args=[a.pk]), "text": a.get_kind_display()})
    return crumbs


@require_http_methods(["GET", "POST"])
def assessment(request, assessment_id):
    scope = AccessScope(request)
    found = assessment_queries.assessment_for(scope, assessment_id)
    a, access = found.assessment, found.access
    today = clock.today()
    may_record = assessment_queries.can_record(request.user, access)
    if request.method == "POST" and not may_record:
        raise PermissionDenied("Only the children-in-care, looked-after children's medical and health visiting "
                               "services record the steps of a health assessment.")
    next_steps = pipeline.next_steps(a) if may_record else []
    form = None
    if next_steps:
        clinicians = assessment_queries.clinician_choices(request.user) if Step.SEEN in next_steps else []
        form = StepForm(
            request.POST if request.method == "POST" else None,
            steps=next_steps, clinicians=clinicians, initial={"version": a.version},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                row = pipeline.record_assessment_step(
                    scope.auditor_for(access), a, data["step"],
                    expected_version=data["version"],
                    occurred_on=data["occurred_on"],
                    appointment_on=data["appointment_on"] if data["step"] == Step.APPOINTMENT_BOOKED else None,
                    reason=data["reason"],
                    clinician=form.chosen_clinician if data["step"] == Step.SEEN else None,
                )
            except ConcurrentEditError:
                form.add_error(
                    None,
                    "Someone else recorded a step on this assessment while you had it open. Nothing was saved: "
                    "check the steps below, then record yours again if it still applies.",
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                done = f"{row.get_step_display().lower()} on {format_date(row.occurred_on)}"
                messages.success(request, f"Recorded: {done}.")
                return redirect("lac:assessment", a.pk)
    elif request.method == "POST":
        raise Http404("Nothing more can be recorded on this assessment.")

    status, status_class = presenters.status_text(a, today)
    # Every assessment shows the latest SDQ score from social care (R6.5) and the child's CAMHS
    # involvement (R6.7); the initial one also the family health history taken on entry (R6.6).
    context = {
        "sdq": assessment_queries.latest_sdq(access),
        "camhs": assessment_queries.camhs_involvement(request.user, access),
    }
    if a.kind == HealthAssessment.Kind.INITIAL:
        context["family_history"] = assessment_queries.family_history(access)
    if assessment_queries.is_uasc(access):
        clinician = a.assessing_clinician or (request.user if may_record else None)
        context.update(
            uasc=assessment_queries.uasc_part(a),
            uasc_clinician=clinician,
            uasc_clinician_is_assessor=a.assessing_clinician is not None,
            uasc_training=assessment_queries.latest_uasc_training(clinician),
        )
    return render_page(
        request,
        "lac/assessment.jinja",
        title=f"{a.get_kind_display()} – {a.child.full_name}",
        breadcrumbs=_crumbs(a),
        form=form,
        assessment=a,
        access=access,
        person_header=person_header(a.child, request.user),
        steps=presenters.step_rows(a),
        next_steps=next_steps,
        may_record=may_record,
        assessment_status=status,
        status_class=status_class,
        report=presenters.report_due(a, today),
        **context,
    )


def _open_for_recording(request, assessment_id):
    scope = AccessScope(request)
    found = assessment_queries.assessment_for(scope, assessment_id)
    if not assessment_queries.can_record(request.user, found.access):
        raise PermissionDenied("Only the children-in-care, looked-after children's medical and health visiting "
                               "services record on a health assessment.")
    return scope, found


def _assessment_form_page(request, a: HealthAssessment, access, form, *, title, **page):
    """A page with one form about an assessment, under it, with the way back to it."""
    return person_page(
        request, "lac/assessment_form.jinja", access, title=title, breadcrumbs=_crumbs(a, with_assessment=True),
        form=form, cancel_href=reverse("lac:assessment", args=[a.pk]), **page,
    )


@require_http_methods(["GET", "POST"])
def family_history(request, assessment_id):
    """Add an entry of the family and parental health history captured on entry to care (R6.6)."""
    scope, found = _open_for_recording(request, assessment_id)
    a, access = found.assessment, found.access
    form = FamilyHistoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = record_family_health_history(scope.auditor_for(access), a.child, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Family health history recorded: {entry.condition}.")
            return redirect(reverse("lac:assessment", args=[a.pk]) + "#family-history")
    return _assessment_form_page(
        request, a, access, form,
        title="Family health history",
        heading="Add to the family and parental health history",
        intro="From the council's information when the child came into care. It is shown in the initial health "
        "assessment, and in the care leaver's health passport only if it may be shared with the young person.",
        submit_text="Save entry",
    )


@require_http_methods(["GET", "POST"])
def uasc_part(request, assessment_id):
    """The UASC-specific part of the assessment (Rec 10.1)."""
    scope, found = _open_for_recording(request, assessment_id)
    a, access = found.assessment, found.access
    if not assessment_queries.is_uasc(access):
        raise Http404("This child has no current UASC legal status.")
    existing = assessment_queries.uasc_part(a)
    initial = {"updated_at": ""}
    if existing is not None:
        initial = {name: getattr(existing, name) for name in uasc.UASC_FIELDS}
        initial["updated_at"] = existing.updated_at.isoformat()
    form = UASCForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("updated_at")
        try:
            uasc.record_uasc_part(scope.auditor_for(access), a, expected_updated_at=expected, **data)
        except ConcurrentEditError as error:
            conflict = error
            form.add_error(None, "Someone else saved the UASC part while you were editing. Nothing was saved: "
                                 "check what they recorded, then make your changes again.")
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The UASC part of the assessment has been saved.")
            return redirect(reverse("lac:assessment", args=[a.pk]) + "#uasc")
    return _assessment_form_page(
        request, a, access, form,
        title="UASC part of the assessment",
        heading="The unaccompanied asylum-seeking child's part of the assessment",
        intro="Journey, trauma, age assessment and immigration status, recorded by the assessing clinician.",
        submit_text="Save UASC part",
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
def uasc_training(request):
    """Record a clinician's training in assessing unaccompanied asylum-seeking children
    (Rec 10.1): one's own, or a colleague's in the same team."""
    if not assessment_queries.can_record(request.user):
        raise PermissionDenied("UASC training is recorded by the children-in-care, looked-after children's "
                               "medical and health visiting services.")
    scope = AccessScope(request)
    colleagues = assessment_queries.training_colleagues(request.user)
    form = UASCTrainingForm(request.POST or None, colleagues=colleagues,
                                  initial={"practitioner": str(request.user.pk)})
    if request.method == "POST" and form.is_valid():
        try:
            training = uasc.record_uasc_training(
                scope.auditor, form.chosen_practitioner,
                course=form.cleaned_data["course"], completed_on=form.cleaned_data["completed_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"UASC training recorded for {training.practitioner.display_name}.")
            return redirect("lac:uasc_training")
    return render_page(
        request,
        "lac/assessment_uasc_training.jinja",
        title="UASC training",
        breadcrumbs=[HOME],
        form=form,
        history=assessment_queries.training_history(request.user),
    )
