"""Young people moving from CAMHS to adult services (R7.3): the list of the late and the due
soon for CAMHS, the late and the incoming for adult mental health, all of them for the
safeguarding leads; starting a plan and recording how it ended (pathways.services), on the
young person reached through AccessScope."""

from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.views import render_page
from thinkfamily.organisations.models import Service
from thinkfamily.pathways import services
from thinkfamily.pathways.forms import StartTransitionForm, TransitionOutcomeForm
from thinkfamily.pathways.presenters import plan_row, young_person_row
from thinkfamily.pathways.queries import audience, transitions
from thinkfamily.people.views.page import HOME, service_form_page

LIMIT = 200


@require_http_methods(["GET"])
def transition_list(request):
    user = request.user
    permissions.require(user, "pathways.see_transitions")
    today, now = clock.today(), clock.now()
    rule = transitions.timescales.in_force(transitions.TIMESCALE)
    months = int(rule.value)
    camhs = audience.camhs_services(user)
    receiving = audience.adult_services_receiving(user)
    # CAMHS and the leads: the young people whose records they may open (access.scoping); the
    # adult service: every late one in the area, whose transfer to adult services it must expect.
    among = AccessScope(request).people() if receiving is None else None
    late_people = list(transitions.late(today, now, services=camhs if receiving is None else None,
                                        months=months, among=among)[:LIMIT])
    soon_people = [] if receiving is not None else list(
        transitions.due_soon(today, now, services=camhs, months=months, among=among)[:LIMIT])
    plans = list(transitions.plans_heading_to(receiving) if receiving is not None
                 else transitions.open_plans(camhs, among)[:LIMIT])
    names = {s.pk: s for s in Service.objects.select_related("organisation").filter(
        pk__in={p.camhs_service_id for p in late_people + soon_people})}
    in_camhs = permissions.works_in_camhs(user)
    # The actions only where the user's team or service works with the young person.
    theirs = transitions.worked_with_by(user, late_people + soon_people + [p.person for p in plans], today,
                                        now) if in_camhs else set()

    # A name links to the record only for those who may open it: the adult service sees every
    # late young person it must expect, most of whose records it cannot open (no dead ends).
    scope = AccessScope(request)
    openable = scope.visible_ids(late_people + soon_people + [p.person for p in plans])

    def rows(people):
        return [young_person_row(p, months=months, today=today, services=names, can_start=p.pk in theirs,
                                 can_open=p.pk in openable)
                for p in people]

    Auditor.from_request(request).read(None, detail={
        "page": "transition to adult services",
        "people": sorted({str(p.pk) for p in late_people + soon_people} | {str(p.person_id) for p in plans}),
    })
    return render_page(
        request, "pathways/transitions.jinja", title="Moving from CAMHS to adult services", breadcrumbs=[HOME],
        late=rows(late_people), soon=rows(soon_people),
        plans=[plan_row(p, can_record=p.person_id in theirs, can_open=p.person_id in openable) for p in plans],
        for_adult_service=receiving is not None, actions=in_camhs, months=months,
        due_soon_months=transitions.DUE_SOON_MONTHS,
        local_setting=rule.local_setting_id is not None, today=today, active_nav="transitions",
    )


def _crumbs():
    return [{"href": "/transitions/", "text": "Moving from CAMHS to adult services"}]


@require_http_methods(["GET", "POST"])
def start_plan(request, person_id):
    return service_form_page(
        request, person_id, StartTransitionForm, services.start_transition_plan,
        done=lambda person: f"Transition planning started for {person.full_name}.",
        permission="pathways.start_transition_plan", title="Start transition planning",
        heading="Start planning the move to adult services",
        intro="Record the adult service the young person will move to, and when planning started.",
        submit_text="Start transition planning",
    )


@require_http_methods(["GET", "POST"])
def record_outcome(request, person_id):
    return service_form_page(
        request, person_id, TransitionOutcomeForm, services.record_transition_outcome,
        done=lambda person: f"How the transition to adult services ended is recorded for {person.full_name}.",
        permission="pathways.record_transition_outcome", title="Transition outcome",
        heading="How did the move to adult services end?", submit_text="Record the outcome",
    )
