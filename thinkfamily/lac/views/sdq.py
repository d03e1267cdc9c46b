"""The page of a looked-after child's SDQ scores (R6.5), with their trend, and a score received
from social care recorded (lac.services.sdq)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.forms import apply_validation_error
from thinkfamily.lac.forms.sdq import SDQForm
from thinkfamily.lac.presenters import sdq as sdq_presenters
from thinkfamily.lac.queries import sdq as sdq_queries
from thinkfamily.lac.services import plans, sdq
from thinkfamily.lac.views.page import child_form_page, open_child
from thinkfamily.organisations.models import Organisation
from thinkfamily.people.views.page import person_page


@require_http_methods(["GET"])
def sdq_scores(request, person_id):
    scope, access = open_child(request, person_id)
    child = access.person
    scores = list(sdq_queries.scores_for(child))
    latest = scores[-1] if scores else None
    return person_page(
        request, "lac/sdq.jinja", access, title="SDQ scores", rows=sdq_presenters.score_rows(child, scores),
        chart=sdq_presenters.trend_chart(scores), next_due=sdq.next_due(child, latest),
        can_record=plans.may_record(request.user),
    )


def _councils():
    return Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name")


@require_http_methods(["GET", "POST"])
def sdq_add(request, person_id):
    scope, access = open_child(request, person_id, write=True)
    councils = list(_councils())
    form = SDQForm(request.POST or None, organisations=councils)
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
    return child_form_page(
        request, access, form, title="Record an SDQ score", heading="Record an SDQ score from social care",
        intro="The score is banded with the local scheme in force today, which is kept with the score.",
        submit_text="Record score", crumbs=[{"href": reverse("lac:sdq", args=[access.person.pk]), "text": "SDQ"}],
    )
