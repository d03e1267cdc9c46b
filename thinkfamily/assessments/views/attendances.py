"""Pages of an attendance or assessment in an adult service (R1.6, R5.5, R7.4): recording
it with its questions, its own page (answers given later, the children linked, completing it,
the paediatric liaison review), and the service's incomplete ones. Every view reaches a
person through thinkfamily.access.scoping, or through an attendance its user may work on
(audited as a read), and calls assessments.services to change anything."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessRefused, AccessScope
from thinkfamily.assessments import forms, presenters, queries
from thinkfamily.assessments.services import attendances as services
from thinkfamily.core.forms import apply_validation_error, attempt, tell, with_example_nhs_number
from thinkfamily.core.views import render_page
from thinkfamily.demo import guide as demo_guide
from thinkfamily.organisations.models import Service
from thinkfamily.people.views.page import HOME, person_page


def _require_adult_service(user):
    if not permissions.works_in_adult_service(user):
        raise permissions.NotPermitted(permissions.MESSAGES["assessments.record_attendance"])


@require_http_methods(["GET", "POST"])
def record(request, person_id):
    _require_adult_service(request.user)
    scope = AccessScope(request)
    access = scope.person(person_id, permission="assessments.record_attendance")
    person, service = access.person, request.user.team.service
    in_ed = service.kind == Service.Kind.EMERGENCY_DEPARTMENT
    as_child = services.seen_as_child(person, service)
    form = forms.AttendanceForm(request.POST or None, in_ed=in_ed, as_child=as_child)
    if request.method == "POST" and form.is_valid():
        complete = forms.CompleteAction(request.POST).completes
        saved = attempt(form, lambda: services.record_attendance(
            scope.auditor_for(access), request.user, person, complete=complete, **form.cleaned_data))
        if saved:
            attendance, notifications = saved.value
            told = f" {len(notifications)} practitioner(s) caring for the children at home have been told." if (
                notifications) else ""
            done = "complete" if attendance.is_complete else "saved as incomplete: answer the questions left to "\
                "complete it"
            messages.success(request, f"The attendance has been {done}.{told}")
            return redirect("assessments:attendance", attendance.pk)
    if as_child:
        intro = (f"{person.given_name} is under 18: in an adult emergency department they are seen as a child. "
                 "Ask the child's safeguarding questions. Paediatric liaison will review the attendance the next "
                 "working day.")
    else:
        intro = ("Ask whether there are children in the household or in regular contact, or a pregnancy, whoever "
                 "the adult is. You can save with questions unanswered: the attendance stays incomplete until they "
                 "are answered.")
    return person_page(
        request, "assessments/attendance_form.jinja", access, title="Record an attendance", form=form,
        heading=f"Record {person.full_name}'s attendance at {service.name}", intro=intro, as_child=as_child,
    )


def _open_attendance(request, attendance_id, scope: AccessScope):
    """The attendance, if the user works on it (its service's staff, paediatric liaison of its
    hospital, the ED's ward manager or a safeguarding lead of its organisation), the read audited
    with that basis; else through the person's record."""
    attendance = queries.attendance(attendance_id)
    user = request.user
    if permissions.may(user, "assessments.complete_attendance", attendance):
        basis = f"Attendance at {attendance.service.name} (staff of the service)"
    elif permissions.may(user, "assessments.review_as_liaison", attendance):
        basis = f"Paediatric liaison review of an attendance at {attendance.service.name}"
    elif permissions.may(user, "assessments.see_ed_completeness") and permissions.of_attendance_organisation(
            user, attendance):
        basis = f"Safeguarding triage completeness of {attendance.service.name}"
    else:
        basis = None
    if basis is None:
        try:
            scope.person(attendance.person_id)
        except AccessRefused:
            raise permissions.NotPermitted(
                "This attendance is seen by the staff of the service, its paediatric liaison nurses and its "
                "safeguarding leads.", record=attendance.person) from None
    else:
        scope.auditor.read(attendance.person, basis=basis, detail={"path": request.path})
    return attendance


def _page(request, attendance, *, answers_form=None, link_form=None, review_form=None, status=200):
    user = request.user
    bound = answers_form or link_form or review_form  # the form just sent, with its errors
    may_work = permissions.may(user, "assessments.complete_attendance", attendance) and not attendance.is_complete
    may_review = (attendance.as_child and attendance.liaison_reviewed_at is None
                  and permissions.may(user, "assessments.review_as_liaison", attendance))
    if may_work:
        answers_form = answers_form or forms.AnswersForm(attendance=attendance)
        link_form = link_form or forms.LinkChildrenForm(known=queries.known_children(attendance.person))
        with_example_nhs_number(link_form, demo_guide.example_nhs_number(request.user))
    if may_review:
        review_form = review_form or forms.LiaisonReviewForm()
    tag_text, tag_class = presenters.state(attendance)
    crumbs = [HOME]
    if AccessScope(request).visible_ids([attendance.person]):
        crumbs.append({"href": reverse("people:record", args=[attendance.person.pk]),
                       "text": attendance.person.full_name})
    return render_page(
        request, "assessments/attendance.jinja",
        title=f"Attendance at {attendance.service.name} – {attendance.person.full_name}",
        breadcrumbs=crumbs, status=status,
        attendance=attendance, answers=presenters.answers(attendance), missing=attendance.missing(),
        state_text=tag_text, state_class=tag_class, children=[
            # A concern about a linked child is recorded on the child's record, by those who may.
            (child, reverse("referrals:record_concern", args=[child.pk])
             if permissions.may(user, "referrals.make_referral", child) else None)
            for child in attendance.children.all()
        ],
        liaison_state=presenters.liaison_state(attendance) if attendance.as_child else None,
        answers_form=answers_form if may_work else None, link_form=link_form if may_work else None,
        review_form=review_form if may_review else None,
        form=bound,
    )


@require_http_methods(["GET"])
def attendance_page(request, attendance_id):
    scope = AccessScope(request)
    return _page(request, _open_attendance(request, attendance_id, scope))


@require_http_methods(["POST"])
def answer(request, attendance_id):
    scope = AccessScope(request)
    attendance = _open_attendance(request, attendance_id, scope)
    form = forms.AnswersForm(request.POST, attendance=attendance)
    if form.is_valid():
        complete = forms.CompleteAction(request.POST).completes
        saved = attempt(form, lambda: services.answer_questions(
            scope.auditor, request.user, attendance, complete=complete, **form.cleaned_data))
        if saved:
            tell(request, saved, "The attendance is complete." if saved.value.is_complete else "The answers are saved.")
            return redirect("assessments:attendance", attendance.pk)
    return _page(request, attendance, answers_form=form, status=400)


@require_http_methods(["POST"])
def link_children(request, attendance_id):
    scope = AccessScope(request)
    attendance = _open_attendance(request, attendance_id, scope)
    known = queries.known_children(attendance.person)
    form = forms.LinkChildrenForm(request.POST, known=known)
    if form.is_valid():
        chosen = [child for child in known if str(child.pk) in set(form.cleaned_data.get("children") or [])]
        try:
            if form.cleaned_data.get("nhs_number"):
                chosen.append(services.find_child(form.cleaned_data["nhs_number"]))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved = attempt(form, lambda: services.link_children(scope.auditor, request.user, attendance, chosen))
            if saved:
                names = ", ".join(child.full_name for child in chosen)
                told = len(saved.value)
                tell(request, saved, f"Linked {names}. {told} practitioner(s) (health visitor or school nurse, GP) "
                     "have been told.")
                return redirect("assessments:attendance", attendance.pk)
    return _page(request, attendance, link_form=form, status=400)


@require_http_methods(["POST"])
def liaison_review(request, attendance_id):
    scope = AccessScope(request)
    attendance = _open_attendance(request, attendance_id, scope)
    permissions.require(request.user, "assessments.review_as_liaison", attendance, record=attendance.person)
    form = forms.LiaisonReviewForm(request.POST)
    if form.is_valid():
        saved = attempt(form, lambda: services.record_liaison_review(
            scope.auditor, request.user, attendance, **form.cleaned_data))
        if saved:
            tell(request, saved, "The liaison review is recorded. The attendance has left the review list.")
            return redirect("assessments:liaison_list")
    return _page(request, attendance, review_form=form, status=400)


@require_http_methods(["GET"])
def incomplete(request):
    permissions.require(request.user, "assessments.see_incomplete")
    service = request.user.team.service
    rows = [(a, a.missing()) for a in queries.incomplete_for(service)[:500]]
    return render_page(
        request, "assessments/incomplete.jinja", title=f"Incomplete attendances – {service.name}",
        breadcrumbs=[HOME], service=service, rows=rows,
    )
