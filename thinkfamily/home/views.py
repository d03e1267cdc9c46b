"""Each role's home page (issue 12, R10.1): where a practitioner's day starts.

The page is made of sections, each shown when the user may use what it leads to
(access.permissions): the caseload (theirs and their team's) with what is due for each
person; the MASH's queue and its overdue requests; the children-in-care work list; the ward
view; the concerns the user recorded that are past their decision date; break-glass reviews
and escalations; the area an administrator runs; the referrals the
user sent; the MASH requests their service has to answer. Finding a person is one click away
in every case (the menu, and a link at the top)."""

from dataclasses import dataclass, field

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.appointments import presenters as appointment_presenters
from thinkfamily.appointments import queries as appointment_queries
from thinkfamily.assessments import presenters as assessment_presenters
from thinkfamily.assessments import queries as assessment_queries
from thinkfamily.caseloads import queries as caseload_queries
from thinkfamily.core import clock
from thinkfamily.core.forms import QueryForm, query
from thinkfamily.core.presenters import page_links
from thinkfamily.core.views import render_page
from thinkfamily.home import presenters, queries
from thinkfamily.pathways.queries import audience as pathway_audience
from thinkfamily.pathways.queries import transitions
from thinkfamily.people.forms.find import SearchForm
from thinkfamily.referrals import presenters as referral_presenters

SEARCH_FIELDS = set(SearchForm.base_fields) | {"date_of_birth_0", "date_of_birth_1", "date_of_birth_2"}


class HomeQuery(QueryForm):
    caseload = forms.ChoiceField(choices=[(queries.MINE, "Yours"), (queries.TEAM, "Your team's")], required=False,
                                 initial=queries.MINE)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False, initial=1)


@dataclass
class Section:
    template: str
    data: dict = field(default_factory=dict)


def _sections(request, scope: AccessScope, wanted: dict) -> list[Section]:
    user = request.user
    today, now = clock.today(), clock.now()
    may = lambda name: permissions.may(user, name)  # noqa: E731
    sections = []
    if may("home.see_caseload"):
        page, entries = queries.caseload_page(scope, wanted["caseload"], wanted["page"], today=today, now=now)
        sections.append(Section("home/caseload.jinja", {
            "whose": wanted["caseload"],
            "page": page,
            "pagination": page_links(request, page),
            "rows": presenters.caseload_rows(entries, user, now),
            "team": user.team,
            "can_add": bool(caseload_queries.caseload_teams(user)),
        }))
    overdue_concerns = queries.concerns_awaiting_decision(scope, now) if may("referrals.see_sent") else []
    if overdue_concerns:
        visible = scope.visible_ids([concern.child for concern in overdue_concerns])
        sections.append(Section("home/concerns.jinja", {
            "rows": referral_presenters.concern_rows(overdue_concerns, visible),
        }))
    if may("referrals.see_mash_queue"):
        sections.append(Section("home/mash.jinja", {
            "queue": queries.mash_queue_counts(user, now),
            "requests": queries.mash_request_counts(user, now) if permissions.is_mash_worker(user) else None,
        }))
    if may("people.find_person"):
        # Missed appointments to follow up, and planned contacts overdue (issue 14, R7.1).
        data = appointment_presenters.home_rows(user, now, scope.visible_ids)
        if data["follow_ups"] or data["planned"] or may("appointments.see_follow_ups"):
            if may("appointments.see_follow_ups"):
                data |= {"managers_list": True, "area": appointment_queries.area_for(user).label}
            sections.append(Section("home/follow_ups.jinja", data))
    if may("lac.see_worklist"):
        sections.append(Section("home/worklist.jinja", {"count": queries.worklist_count(scope, today)}))
    if may("lac.see_population"):
        sections.append(Section("home/children_in_care.jinja"))
    if may("assessments.see_liaison_list"):
        awaiting = assessment_queries.liaison_list(user)
        sections.append(Section("home/liaison.jinja", {
            "count": awaiting.count(),
            "rows": [(a, assessment_presenters.liaison_state(a)) for a in awaiting[:10]],
        }))
    if may("assessments.see_incomplete") or may("assessments.see_ed_completeness"):
        sections.append(Section("home/attendances.jinja", {
            "service": user.team.service,
            "incomplete": assessment_queries.incomplete_for(user.team.service).count()
            if may("assessments.see_incomplete") else None,
            "completeness": may("assessments.see_ed_completeness"),
        }))
    if may("pathways.see_transitions"):  # young people moving from CAMHS to adult services (R7.3)
        camhs = pathway_audience.camhs_services(user)
        receiving = pathway_audience.adult_services_receiving(user)
        sections.append(Section("home/transitions.jinja", {
            "late": transitions.late(today, now, services=camhs if receiving is None else None,
                                     among=scope.people() if receiving is None else None).count(),
        }))
    if may("referrals.see_ward_view"):
        sections.append(Section("home/ward.jinja", {"counts": queries.ward_counts(user, now)}))
    if may("access.review_break_glass"):
        sections.append(Section("home/reviews.jinja", {
            "break_glass": queries.break_glass_to_review(user),
            "requests": queries.mash_request_counts(user, now),
        }))
    if may("organisations.administer_area"):
        sections.append(Section("home/area.jinja", {
            "counts": queries.area_counts(),
            "administration": reverse("administration:area"),
        }))
    # The requests to the user's own service, answered ones too (a GP practice's lead answers
    # her practice's); the MASH's own requests are in its section above.
    if may("referrals.answer_mash_requests") and not may("referrals.work_in_mash"):
        sections.append(Section("home/service_requests.jinja", {"counts": queries.service_request_counts(user, now)}))
    if may("referrals.see_sent"):
        sections.append(Section("home/sent_referrals.jinja", {"counts": queries.sent_referral_counts(user, now)}))
    if not sections or not may("people.find_person"):
        figures = [
            ("Children in care: health assessment figures", "lac:dashboard", "lac.see_population"),
            ("MASH information requests: response times", "referrals:mash_dashboard", "referrals.see_mash_dashboard"),
            ("ED safeguarding triage completeness", "assessments:ed_completeness", "assessments.see_ed_completeness"),
            ("Waiting times from referral to treatment", "pathways:waiting_times", "pathways.see_waiting_times"),
        ]
        sections.append(Section("home/dashboards.jinja", {
            "dashboards": [(text, reverse(url_name)) for text, url_name, name in figures if may(name)],
        }))
    return sections


@require_http_methods(["GET"])
def home(request):
    """The user's own home page. A search addressed to it (the search's old address, kept in
    bookmarks) goes to the find page."""
    if SEARCH_FIELDS & set(request.GET):
        return redirect(f"{reverse('find')}?{request.GET.urlencode()}")
    wanted = query(request, HomeQuery)
    scope = AccessScope(request)
    return render_page(
        request,
        "home/home.jinja",
        title="Home",
        sections=_sections(request, scope, wanted),
        may_find=permissions.may(request.user, "people.find_person"),
        active_nav="home",
    )
