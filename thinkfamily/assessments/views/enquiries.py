"""Recording a routine enquiry about domestic abuse in pregnancy (R5.3), from the woman's
record or the unborn baby's."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.assessments import forms
from thinkfamily.assessments.models import RoutineEnquiry
from thinkfamily.assessments.services import enquiries
from thinkfamily.core.forms import query, submitted, tell
from thinkfamily.people.views.page import FORM_TEMPLATE, person_page


@require_http_methods(["GET", "POST"])
def routine_enquiry(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, permission="assessments.record_routine_enquiry")
    woman = access.person
    wanted = query(request, forms.PregnancyQuery)["pregnancy"]
    pregnancy = next((p for p in enquiries.pregnancies_of(woman) if p.pk == wanted), None)
    if pregnancy is None:
        raise Http404("No such pregnancy")
    stages = enquiries.schedule(pregnancy)
    if not permissions.may(request.user, "assessments.record_antenatal_enquiry"):
        stages = [stage for stage in stages if stage.key == enquiries.AFTER_BIRTH]
    state = enquiries.state_of(pregnancy)
    form = forms.RoutineEnquiryForm(request.POST or None, stages=stages,
                                    initial={"stage": state.next_stage.key if state.next_stage else None})
    saved = submitted(request, form, lambda data: enquiries.record_routine_enquiry(
        scope.auditor_for(access), request.user, woman, pregnancy, **data))
    if saved:
        done = "The routine enquiry is recorded."
        if saved.value.outcome == RoutineEnquiry.Outcome.DISCLOSURE:
            done += " She disclosed domestic abuse: record a concern or make a referral now."
        tell(request, saved, done)
        return redirect(reverse("people:record", args=[woman.pk]) + "#pregnancy")
    return person_page(
        request, FORM_TEMPLATE, access, title="Routine enquiry about domestic abuse", form=form,
        heading="Record a routine enquiry about domestic abuse",
        intro="Ask only when she is seen alone. If someone else was with her, record that she was not asked and why: "
        "the enquiry stays due.",
        submit_text="Save enquiry",
    )
