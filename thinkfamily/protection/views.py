"""Pages of the child protection process (R5.1, R4.6): the council records a strategy
discussion from a child's record, arranges the conferences and records what they decided and
their minutes; an invited agency opens its invitation from its inbox and sends its report; a
safeguarding lead sees the conferences whose minutes are overdue. Children are reached through
AccessScope; conferences through protection.queries with a permission (access.permissions);
every change through protection.services."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import submitted, tell
from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.core.timescales import in_words
from thinkfamily.core.views import render_page
from thinkfamily.organisations.models import Service
from thinkfamily.people.presenters import person_header
from thinkfamily.protection import forms, presenters, queries, services
from thinkfamily.protection.models import Conference

HOME = {"href": "/", "text": "Home"}
BASIS = "Child protection conference"


def _crumbs(person):
    return [HOME, {"href": reverse("people:record", args=[person.pk]), "text": person.full_name}]


def _form_page(request, form, *, title, heading, submit_text, intro="", person=None, access=None):
    header = person_header(person, request.user) if person is not None and access is not None else None
    return render_page(
        request, "people/form.jinja", title=title, breadcrumbs=_crumbs(person) if person else [HOME], form=form,
        heading=heading, intro=intro, submit_text=submit_text, person=person, access=access, person_header=header,
    )


def _audit_read(request, row, children) -> None:
    """A page about a conference (or discussion, or invitation) is a read of each child's record:
    one event per child, naming the row, so that it shows in who has looked at the record."""
    auditor = Auditor.from_request(request, basis=BASIS)
    detail = {"path": request.path, "record": f"{row._meta.label} {row.pk}"}
    auditor.append([auditor.read_event(child, detail=detail) for child in children])


def _conference(request, conference_id, permission: str) -> Conference:
    try:
        row = queries.conference(conference_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No conference found") from exc
    permissions.require(request.user, permission, row)
    _audit_read(request, row, row.children.all())
    return row


def _discussion(request, discussion_id):
    try:
        row = queries.strategy_discussion(discussion_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No strategy discussion found") from exc
    permissions.require(request.user, "protection.record_conference", row)
    _audit_read(request, row, row.children.all())
    return row


def _children(scope, children) -> list[dict]:
    """The children concerned, each linked to their record when the user may open it."""
    visible = scope.visible_ids(children)
    return [{"name": child.full_name, "href": reverse("people:record", args=[child.pk]) if child.pk in visible
             else ""} for child in children]


@require_http_methods(["GET", "POST"])
def record_strategy_discussion(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, permission="protection.record_strategy_discussion")
    child = access.person
    others = queries.other_children(child)
    visible = scope.visible_ids(others)
    form = forms.StrategyDiscussionForm(request.POST or None, children=[o for o in others if o.pk in visible],
                                        agencies=queries.agencies_that_know([child]))
    saved = submitted(request, form, lambda data: services.record_strategy_discussion(
        scope.auditor_for(access), child, held_on=data["held_on"], section_47=data["section_47"],
        summary=data["summary"], other_children=data["other_children"], agencies=data["agencies"]))
    if saved:
        tell(request, saved, "Strategy discussion recorded.")
        return redirect("protection:strategy_discussion", saved.value.pk)
    return _form_page(request, form, title=f"Record a strategy discussion – {child.full_name}",
                      heading=f"Record a strategy discussion about {child.full_name}", submit_text="Record discussion",
                      intro="The initial child protection conference is due 15 working days after the discussion.",
                      person=child, access=access)


@require_http_methods(["GET"])
def strategy_discussion(request, discussion_id):
    discussion = _discussion(request, discussion_id)
    scope = AccessScope(request)
    initial = queries.open_for(discussion)
    return render_page(
        request, "protection/discussion.jinja", title="Strategy discussion", breadcrumbs=[HOME],
        discussion=discussion, children=_children(scope, list(discussion.children.all())),
        agencies=[f"{s.name}, {s.organisation.name}" for s in discussion.agencies.all()],
        held_on=format_date(discussion.held_on), due=presenters.due_words(discussion.conference_due_at),
        rule=in_words(discussion.conference_due_rule),
        initial=presenters.conference_row(initial, clock.now()) if initial else None,
        arrange_href=reverse("protection:arrange_initial", args=[discussion.pk]),
    )


@require_http_methods(["GET", "POST"])
def arrange_initial(request, discussion_id):
    discussion = _discussion(request, discussion_id)
    children = list(discussion.children.all())
    form = forms.ArrangeForm(request.POST or None, candidates=queries.agencies_that_know(children))
    saved = submitted(request, form, lambda data: services.arrange_conference(
        Auditor.from_request(request, basis=BASIS), discussion=discussion, scheduled_on=data["scheduled_on"],
        invited=data["invited"]))
    if saved:
        tell(request, saved, "Initial child protection conference arranged. The agencies invited have been told.")
        return redirect("protection:conference", saved.value.pk)
    return _form_page(request, form, title="Arrange the initial child protection conference",
                      heading="Arrange the initial child protection conference", submit_text="Arrange conference",
                      intro=f"Due by {presenters.due_words(discussion.conference_due_at)}: "
                            f"{in_words(discussion.conference_due_rule)}.")


NEXT_KINDS = {"review": Conference.Kind.REVIEW, "core-group": Conference.Kind.CORE_GROUP}


@require_http_methods(["GET", "POST"])
def arrange_next(request, conference_id, kind):
    if kind not in NEXT_KINDS:
        raise Http404("No such meeting")
    previous = _conference(request, conference_id, "protection.record_conference")
    kind = NEXT_KINDS[kind]
    due = services.next_due(previous, kind)
    if due is None:
        raise Http404("No such meeting follows this one")
    candidates = queries.agencies_that_know(list(previous.children.all()))
    form = forms.ArrangeForm(request.POST or None, candidates=candidates)
    saved = submitted(request, form, lambda data: services.arrange_conference(
        Auditor.from_request(request, basis=BASIS), follows=previous, kind=kind, scheduled_on=data["scheduled_on"],
        invited=data["invited"]))
    if saved:
        tell(request, saved, f"{Conference.Kind(kind).label} arranged. The agencies invited have been told.")
        return redirect("protection:conference", saved.value.pk)
    label = Conference.Kind(kind).label
    return _form_page(request, form, title=f"Arrange the {label.lower()}", heading=f"Arrange the {label.lower()}",
                      submit_text="Arrange", intro=f"Due by {presenters.due_words(due.due_at)}: "
                                                   f"{due.in_force.words()}.")


def _invitation_rows(conference, user, council: bool) -> list[dict]:
    """The agencies invited, as this user may see them: that a restricted service (sexual health)
    knows the family is shown only to the council and to that service's own staff (R2.4). The
    reports' words are the council's to read."""
    rows = []
    own_service = user.team.service_id if user.team_id else None
    for invitation in conference.invitations.all():
        if invitation.service.is_restricted and not council and invitation.service_id != own_service:
            continue
        report = queries.report_of(invitation)
        rows.append({
            "agency": f"{invitation.service.name}, {invitation.service.organisation.name}",
            "why": invitation.reasons,
            "attendance": invitation.get_attendance_display(),
            "report": f"Sent {format_datetime(report.sent_at)}" if report else "Not sent",
            "report_text": report if (report and council) else None,
        })
    return rows


@require_http_methods(["GET"])
def conference(request, conference_id):
    row = _conference(request, conference_id, "protection.see_conference")
    scope = AccessScope(request)
    user = request.user
    council = permissions.may(user, "protection.record_conference", row)
    held = row.status == Conference.Status.HELD
    minutes = queries.minutes_of(row)
    following = {c.kind for c in row.followed_by.all() if c.status != Conference.Status.CANCELLED}
    next_links = [
        {"href": reverse("protection:arrange_next", args=[row.pk, slug]), "text": f"Arrange the {kind.label.lower()}"}
        for slug, kind in NEXT_KINDS.items()
        if council and held and kind not in following and services.next_due(row, kind) is not None
    ]
    return render_page(
        request, "protection/conference.jinja", title=row.get_kind_display(), breadcrumbs=[HOME],
        row=presenters.conference_row(row, clock.now()), children=_children(scope, list(row.children.all())),
        council=row.council.name, invitations=_invitation_rows(row, user, council), minutes=minutes,
        minutes_received=format_date(minutes.received_on) if minutes else "",
        may_record_held=council and not held,
        may_record_minutes=held and minutes is None and row.kind in Conference.WITH_MINUTES
        and permissions.may(user, "protection.record_minutes", row),
        next_links=next_links,
    )


@require_http_methods(["GET", "POST"])
def record_held(request, conference_id):
    row = _conference(request, conference_id, "protection.record_conference")
    children = list(row.children.all())
    form = forms.HeldForm(request.POST or None, invitations=list(row.invitations.all()), children=children,
                          outcomes=services.OUTCOMES.get(row.kind, []))
    saved = submitted(request, form, lambda data: services.record_conference_held(
        Auditor.from_request(request, basis=BASIS), row, held_on=data["held_on"], attendance=data["attendance"],
        decisions=data["decisions"]))
    if saved:
        tell(request, saved, "Conference recorded. The minutes are now due.")
        return redirect("protection:conference", row.pk)
    return _form_page(request, form, title=f"Record the {row.get_kind_display().lower()}",
                      heading=f"Record the {row.get_kind_display().lower()}", submit_text="Record",
                      intro="A child protection plan starting or ending is recorded as the child's legal status: the "
                            "flag and the people who must know follow.")


@require_http_methods(["GET", "POST"])
def record_minutes(request, conference_id):
    row = _conference(request, conference_id, "protection.record_minutes")
    form = forms.MinutesForm(request.POST or None)
    saved = submitted(request, form, lambda data: services.record_minutes(
        Auditor.from_request(request, basis=BASIS), row, received_on=data["received_on"], minutes=data["minutes"],
        plan=data["plan"]))
    if saved:
        tell(request, saved, "Minutes recorded. They are on each child's record and the agencies invited are told.")
        return redirect("protection:conference", row.pk)
    return _form_page(request, form, title="Record the minutes", heading="Record the minutes and the plan",
                      submit_text="Record minutes",
                      intro="The minutes and the plan are kept on the record of every child the conference was about.")


@require_http_methods(["GET", "POST"])
def invitation(request, invitation_id):
    try:
        row = queries.invitation(invitation_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No invitation found") from exc
    user = request.user
    may_send = permissions.may(user, "protection.send_report", row)
    if not may_send:
        permissions.require(user, "protection.see_conference", row.conference)
    _audit_read(request, row, row.conference.children.all())
    report = queries.report_of(row)
    form = forms.report_form(row.service.kind, request.POST or None)
    if request.method == "POST":
        permissions.require(user, "protection.send_report", row)
    saved = submitted(request, form, lambda data: services.send_report(
        Auditor.from_request(request, basis=BASIS), row, data=data))
    if saved:
        tell(request, saved, "Report sent to the conference.")
        return redirect("protection:invitation", row.pk)
    conference_row = row.conference
    scope = AccessScope(request)
    return render_page(
        request, "protection/invitation.jinja", title=f"Invitation – {conference_row.get_kind_display()}",
        breadcrumbs=[HOME], form=form, invitation=row, report=report, may_send=may_send and report is None,
        conference=conference_row, scheduled=format_date(conference_row.scheduled_on),
        children=_children(scope, list(conference_row.children.all())),
        conference_href=reverse("protection:conference", args=[conference_row.pk]),
        for_gp=row.service.kind == Service.Kind.GENERAL_PRACTICE,
    )


@require_http_methods(["GET"])
def overdue_minutes(request):
    permissions.require(request.user, "protection.see_overdue_minutes")
    now = clock.now()
    rows = queries.overdue_minutes(request.user, now)
    Auditor.from_request(request).read(None, detail={
        "page": "overdue conference minutes",
        "people": sorted({str(child.pk) for row in rows for child in row.children.all()}),
    })
    return render_page(request, "protection/overdue.jinja", title="Conference minutes overdue", breadcrumbs=[HOME],
                       rows=[presenters.conference_row(row, now) for row in rows])


@require_http_methods(["GET"])
def child_conferences(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    child = access.person
    discussions, conferences = queries.for_child(child)
    now = clock.now()
    user = request.user
    shown = [row for row in conferences if permissions.may(user, "protection.see_conference", row)]
    return render_page(
        request, "protection/child.jinja", title=f"Child protection – {child.full_name}", breadcrumbs=_crumbs(child),
        person=child, access=access, person_header=person_header(child, user),
        discussions=[{"held_on": format_date(d.held_on), "council": d.council.name, "section_47": d.section_47,
                      "href": reverse("protection:strategy_discussion", args=[d.pk])
                      if permissions.may(user, "protection.record_conference", d) else ""} for d in discussions],
        rows=[(presenters.conference_row(row, now), queries.minutes_of(row)) for row in shown],
        may_record=permissions.may(user, "protection.record_strategy_discussion", access),
        record_href=reverse("protection:record_strategy_discussion", args=[child.pk]),
    )
