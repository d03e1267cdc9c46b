"""Pages of appointments and their follow-ups (R7.1): book or plan one for a person, record
what happened or move it, record what was done about missed ones, and the manager's list of
open follow-ups. People are reached through AccessScope; every change through
appointments.services."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.appointments import forms, presenters, queries
from thinkfamily.appointments.services import booking, follow_ups
from thinkfamily.core import clock
from thinkfamily.core.forms import submitted, tell
from thinkfamily.core.views import render_page
from thinkfamily.people.presenters import person_header

HOME = {"href": "/", "text": "Home"}


def _record(person):
    return reverse("people:record", args=[person.pk]) + "#appointments"


def _crumbs(person):
    return [HOME, {"href": reverse("people:record", args=[person.pk]), "text": person.full_name}]


def _form_page(request, access, form, *, title, heading, submit_text, intro=""):
    person = access.person
    return render_page(
        request, "people/form.jinja", title=f"{title} – {person.full_name}", breadcrumbs=_crumbs(person), form=form,
        heading=heading, intro=intro, submit_text=submit_text, person=person, access=access,
        person_header=person_header(person, request.user),
    )


@require_http_methods(["GET", "POST"])
def book(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, permission="appointments.book")
    person = access.person
    unborn = {str(baby.pk): baby for baby in queries.unborn_babies_of(person)}
    form = forms.BookForm(request.POST or None, unborn_choices=[(pk, baby.full_name) for pk, baby in unborn.items()])
    saved = submitted(request, form, lambda data: booking.book_appointment(
        scope.auditor_for(access), person, kind=data["kind"], starts_at=data["starts_at"],
        for_unborn=unborn.get(data.get("for_unborn") or ""),
    ))
    if saved:
        tell(request, saved, "Appointment booked.")
        return redirect(_record(person))
    return _form_page(request, access, form, title="Book an appointment", submit_text="Book appointment",
                      heading=f"Book an appointment for {person.full_name}",
                      intro="The appointment is with your service. You are its named practitioner: if it is missed, "
                      "you are told.")


@require_http_methods(["GET", "POST"])
def plan(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, permission="appointments.book")
    person = access.person
    form = forms.PlanForm(request.POST or None)
    saved = submitted(request, form, lambda data: booking.plan_contact(
        scope.auditor_for(access), person, kind=data["kind"], due_by=data["due_by"]))
    if saved:
        tell(request, saved, "Contact planned. It shows as overdue if it has not happened by its due date.")
        return redirect(_record(person))
    return _form_page(request, access, form, title="Plan a contact", submit_text="Plan contact",
                      heading=f"Plan a contact with {person.full_name}",
                      intro="A contact you must make by a date, such as a new birth visit or a home visit. Book it "
                      "when you have a time.")


def _appointment(request, appointment_id):
    scope = AccessScope(request)
    try:
        appointment = queries.appointment(appointment_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No appointment found") from exc
    access = scope.person(appointment.person_id)
    permissions.require(request.user, "appointments.record_outcome", appointment)
    return scope, access, appointment


@require_http_methods(["GET", "POST"])
def outcome(request, appointment_id):
    scope, access, appointment = _appointment(request, appointment_id)
    form = forms.OutcomeForm(request.POST or None, outcomes=booking.outcomes_for(appointment) or [
        appointment.status])
    saved = submitted(request, form, lambda data: booking.record_outcome(
        scope.auditor_for(access), appointment, outcome=data["outcome"], reason=data["reason"]))
    if saved:
        tell(request, saved, "Outcome recorded.")
        return redirect(_record(access.person))
    return _form_page(request, access, form, title="Record what happened", submit_text="Save",
                      heading=f"What happened at the {presenters.describe(appointment)}?",
                      intro=presenters.missed_intro(appointment))


@require_http_methods(["GET", "POST"])
def reschedule(request, appointment_id):
    scope, access, appointment = _appointment(request, appointment_id)
    form = forms.RescheduleForm(request.POST or None)
    saved = submitted(request, form, lambda data: booking.reschedule(
        scope.auditor_for(access), appointment, starts_at=data["starts_at"], reason=data["reason"]))
    if saved:
        tell(request, saved, "Appointment rescheduled.")
        return redirect(_record(access.person))
    return _form_page(request, access, form, title="Reschedule", submit_text="Reschedule",
                      heading=f"Reschedule the {presenters.describe(appointment)}")


@require_http_methods(["GET", "POST"])
def follow_up(request, follow_up_id):
    scope = AccessScope(request)
    try:
        row = queries.follow_up(follow_up_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No follow-up found") from exc
    # The baby's social worker, told of an unborn baby's alert, opens it through the baby's
    # record when she has no access to the mother's.
    unborn = row.appointment.for_unborn if row.appointment_id else None
    through = row.person if unborn is None or scope.visible_ids([row.person]) else unborn
    access = scope.person(through.pk)
    may_record = row.is_open and permissions.may(request.user, "appointments.record_follow_up", row)
    form = forms.FollowUpForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.user, "appointments.record_follow_up", row)
    saved = submitted(request, form, lambda data: follow_ups.record_follow_up(
        scope.auditor_for(access), row, action=data["action"], note=data["note"]))
    if saved:
        tell(request, saved, "What was done is recorded. The follow-up is closed.")
        return redirect("home")
    return render_page(
        request, "appointments/follow_up.jinja", title=f"Follow-up – {access.person.full_name}",
        breadcrumbs=_crumbs(access.person), form=form, follow_up=presenters.follow_up_row(row, clock.now()),
        may_record=may_record, person=access.person, access=access,
        person_header=person_header(access.person, request.user),
    )


@require_http_methods(["GET"])
def managers_list(request):
    """The open follow-ups of the manager's team or organisation, deadline first."""
    permissions.require(request.user, "appointments.see_follow_ups")
    scope = AccessScope(request)
    area, rows = queries.managers_follow_ups(request.user, scope.auditor)
    visible = scope.visible_ids([row.person for row in rows] + [
        row.appointment.for_unborn for row in rows if row.appointment_id and row.appointment.for_unborn_id])
    now = clock.now()
    return render_page(
        request, "appointments/follow_ups.jinja", title="Follow-ups of missed appointments", breadcrumbs=[HOME],
        area=area, rows=[presenters.follow_up_row(row, now, visible) for row in rows],
    )
