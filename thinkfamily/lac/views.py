"""Pages for looked-after children's health (R6.1-R6.7). A child's health records are
reached through the child's record (AccessScope, via lac.queries); every change through
lac.pipeline or lac.services."""

from django.urls import reverse

from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.views import render_page
from thinkfamily.lac import pipeline, presenters, queries
from thinkfamily.people.presenters import person_header

HOME = {"href": "/", "text": "Find a person"}


def assessment(request, assessment_id):
    scope = AccessScope(request)
    found = queries.assessment_for(scope, assessment_id)
    a = found.assessment
    status, status_class = presenters.status_text(a, clock.today())
    return render_page(
        request,
        "lac/assessment.jinja",
        title=f"{a.get_kind_display()} – {a.child.full_name}",
        breadcrumbs=[HOME, {"href": reverse("people:record", args=[a.child_id]), "text": a.child.full_name}],
        assessment=a,
        access=found.access,
        person_header=person_header(a.child),
        steps=presenters.step_rows(a),
        next_steps=pipeline.next_steps(a),
        status=status,
        status_class=status_class,
    )
