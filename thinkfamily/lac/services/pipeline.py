"""The health assessment pipeline (R6.1, R6.2): the declared steps of an initial or review
health assessment, each with its own target, so that the slow step is visible (§4.1).

An initial assessment moves: notification received → requested from the medical team →
appointment booked → (was not brought | rescheduled → booked again)* → seen in clinic →
typed report → (quality assurance returned → typed again)* → accepted → shared with the
children-in-care nurse and the GP. A review assessment starts at "appointment booked".

Each step is an append-only ``AssessmentStep`` row holding the working days it took from
the step it follows and the target in force, written with the assessment's milestone date,
a chronology event and an audit event in one transaction (``record_step``)."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.appointments.models import Appointment
from thinkfamily.appointments.services import booking
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import ConcurrentEditError
from thinkfamily.core.presenters import format_date
from thinkfamily.lac.models import AssessmentStep, HealthAssessment
from thinkfamily.notifications import rules as notification_rules
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Service
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import LegalStatus, LegalStatusEntry

Step = AssessmentStep.Step
Kind = HealthAssessment.Kind

FIRST_STEP = {Kind.INITIAL: {Step.NOTIFICATION_RECEIVED}, Kind.REVIEW: {Step.APPOINTMENT_BOOKED}}
TRANSITIONS: dict[str, set[str]] = {
    Step.NOTIFICATION_RECEIVED: {Step.REQUESTED},
    Step.REQUESTED: {Step.APPOINTMENT_BOOKED},
    Step.APPOINTMENT_BOOKED: {Step.NOT_BROUGHT, Step.RESCHEDULED, Step.SEEN},
    Step.NOT_BROUGHT: {Step.APPOINTMENT_BOOKED},
    Step.RESCHEDULED: {Step.APPOINTMENT_BOOKED},
    Step.SEEN: {Step.REPORT_TYPED},
    Step.REPORT_TYPED: {Step.QA_ACCEPTED, Step.QA_RETURNED},
    Step.QA_RETURNED: {Step.REPORT_TYPED},
    Step.QA_ACCEPTED: {Step.SHARED},
    Step.SHARED: set(),
}
NEEDS_REASON = {Step.NOT_BROUGHT, Step.RESCHEDULED, Step.QA_RETURNED}

# Chronology event types (the registry is code: no migration).
ASSESSMENT_DUE = register("health_assessment_due", "Health assessment due", Significance.MEDIUM)
ASSESSMENT_STEP = register("health_assessment_step", "Health assessment progress", Significance.LOW)
ASSESSMENT_NOT_BROUGHT = register("health_assessment_not_brought", "Not brought to a health assessment",
                                  Significance.HIGH)
ASSESSMENT_COMPLETED = register("health_assessment_completed", "Health assessment completed and shared",
                                Significance.MEDIUM)
ASSESSMENT_CLOSED = register("health_assessment_closed", "Health assessment closed", Significance.LOW)

STEP_SIGNIFICANCE = {
    Step.NOT_BROUGHT: ASSESSMENT_NOT_BROUGHT,
    Step.SHARED: ASSESSMENT_COMPLETED,
}


@dataclass(frozen=True)
class Target:
    """What a step is measured against: the date it runs from and the timescale in force."""

    from_date: datetime.date | None
    due_on: datetime.date | None
    rule: str


def target_for(assessment: HealthAssessment, step: str) -> Target:
    """The target of ``step`` for this assessment, from the milestones already reached."""
    a = assessment

    def working(key, start):
        if start is None:
            return Target(None, None, "")
        deadline = timescales.deadline(key, start)
        return Target(start, timezone_date(deadline.due_at), deadline.describe())

    if step == Step.NOTIFICATION_RECEIVED:
        return working("lac.iha_notification", a.entered_care_on)
    if step == Step.REQUESTED:
        return working("lac.iha_request", a.notified_on)
    if step == Step.APPOINTMENT_BOOKED:
        if a.kind == Kind.REVIEW:
            return Target(None, None, "")
        last_missed = a.steps.filter(step__in=[Step.NOT_BROUGHT, Step.RESCHEDULED]).order_by("-id").first()
        start = last_missed.occurred_on if last_missed else a.requested_on
        return working("lac.iha_booking", start)
    if step == Step.SEEN:
        if a.kind == Kind.INITIAL:
            return working("lac.iha_seen", a.entered_care_on)
        return Target(a.previous.seen_on if a.previous_id else None, a.due_on, a.due_rule)
    if step == Step.REPORT_TYPED:
        last_return = a.steps.filter(step=Step.QA_RETURNED).order_by("-id").first()
        return working("lac.iha_typed_report", last_return.occurred_on if last_return else a.seen_on)
    if step in (Step.QA_ACCEPTED, Step.QA_RETURNED):
        return working("lac.assessment_qa", a.report_typed_on)
    if step == Step.SHARED:
        return working("lac.assessment_share", a.qa_accepted_on)
    return Target(None, None, "")


def timezone_date(moment) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def current_step(assessment: HealthAssessment) -> str | None:
    last = assessment.steps.order_by("-id").values_list("step", flat=True).first()
    return last


def next_steps(assessment: HealthAssessment, current: str | None = ...) -> list[str]:
    if current is ...:
        current = current_step(assessment)
    if not assessment.is_open:
        return []
    allowed = FIRST_STEP[assessment.kind] if current is None else TRANSITIONS[current]
    return [s for s in Step.values if s in allowed]


def _refuse(field: str, message: str):
    raise ValidationError({field: message})


@transaction.atomic
def record_step(
    auditor: Auditor,
    assessment: HealthAssessment,
    step: str,
    *,
    occurred_on: datetime.date,
    appointment_on: datetime.date | None = None,
    reason: str = "",
    clinician=None,
    service=None,
) -> AssessmentStep:
    """Record one step. Refuses, changing nothing, a step that does not follow from where the
    assessment is, a date in the future or before the step it follows, a missing reason."""
    locked = HealthAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_open:
        _refuse("step", "This assessment is finished: nothing more can be recorded on it.")
    current = current_step(locked)
    allowed = next_steps(locked, current)
    if step not in Step.values:
        _refuse("step", "Choose a step.")
    if step not in allowed:
        after = f"after '{Step(current).label.lower()}'" if current else "first"
        can = " or ".join(f"'{Step(s).label.lower()}'" for s in allowed)
        _refuse("step", f"'{Step(step).label}' cannot come {after}. The next step can be {can}.")
    today = clock.today()
    if occurred_on is None:
        _refuse("occurred_on", "Enter the date this happened.")
    if occurred_on > today:
        _refuse("occurred_on", "The date cannot be in the future.")
    earliest = locked.entered_care_on or (locked.previous.seen_on if locked.previous_id else None)
    last = locked.steps.order_by("-id").first()
    if last is not None and occurred_on < last.occurred_on:
        _refuse(
            "occurred_on",
            f"The date must be on or after the last step, '{last.get_step_display().lower()}' on "
            f"{format_date(last.occurred_on)}.",
        )
    if earliest is not None and occurred_on < earliest:
        _refuse("occurred_on", f"The date must be on or after {format_date(earliest)}.")
    if step in NEEDS_REASON and not reason.strip():
        _refuse("reason", "Say why: the reason is counted and shown to the children-in-care team.")
    if step == Step.APPOINTMENT_BOOKED:
        if appointment_on is None:
            _refuse("appointment_on", "Enter the date of the appointment.")
        if appointment_on < occurred_on:
            _refuse("appointment_on", "The appointment cannot be before the day it was booked.")
    if step == Step.NOT_BROUGHT and locked.appointment_on and occurred_on < locked.appointment_on:
        # The child cannot miss an appointment that has not happened yet.
        _refuse(
            "occurred_on",
            "The child cannot be recorded as not brought before the appointment on "
            f"{format_date(locked.appointment_on)}.",
        )
    if step == Step.SEEN and locked.appointment_on and occurred_on < locked.booked_on:
        _refuse("occurred_on", "The child cannot be seen before the appointment was booked.")

    target = target_for(locked, step)
    working_days = (
        timescales.working_days_between(target.from_date, occurred_on) if target.from_date is not None else None
    )
    late_by = timescales.working_days_between(target.due_on, occurred_on) if target.due_on else 0
    row = AssessmentStep.objects.create(
        assessment=locked,
        step=step,
        occurred_on=occurred_on,
        appointment_on=appointment_on if step == Step.APPOINTMENT_BOOKED else None,
        reason=reason.strip(),
        recorded_by=auditor.actor,
        recorded_at=clock.now(),
        working_days=working_days,
        target_due_on=target.due_on,
        target_rule=target.rule,
        late_by_working_days=max(0, late_by),
    )
    appointment = _record_appointment(auditor, locked, row, service=service)
    if appointment is not None:
        row.appointment = appointment
        row.save(update_fields=["appointment"])
    changed = _apply_milestone(locked, row, clinician=clinician or auditor.actor, service=service)
    locked.save_versioned(expected_version=locked.version, update_fields=changed)
    auditor.create(row, ["step", "occurred_on", "appointment_on", "reason"], subject=locked.child)
    auditor.write(locked, changed, subject=locked.child)
    summary = f"{locked.get_kind_display()}: {row.get_step_display().lower()}"
    if row.reason:
        summary += f" ({row.reason})"
    record_event(
        locked.child,
        STEP_SIGNIFICANCE.get(step, ASSESSMENT_STEP),
        summary,
        occurred_at=occurred_on,
        author=auditor.actor,
        source=row,
    )
    if step == Step.SHARED:
        _notify_shared(locked, auditor)
        schedule_next_review(auditor, locked)
    return row


# The health assessment's appointment is an appointment like every other (R7.1) ----------------

APPOINTMENT_TIME = datetime.time(9, 30)


def _medical_service(actor, service):
    """The looked-after children's medical team the assessment is booked with: the one named,
    the recorder's own, else the area's first (a children-in-care nurse books with it)."""
    if service is not None:
        return service
    own = _service_of(actor)
    if own is not None and own.kind == Service.Kind.LAC_MEDICAL:
        return own
    return Service.objects.filter(kind=Service.Kind.LAC_MEDICAL).order_by("pk").first() or own


def _current_appointment(assessment: HealthAssessment) -> Appointment | None:
    step = assessment.steps.filter(appointment__isnull=False).select_related("appointment").order_by("-id").first()
    return step.appointment if step is not None else None


def _record_appointment(auditor: Auditor, a: HealthAssessment, row: AssessmentStep, *, service) -> Appointment | None:
    """Book, mark missed, move or mark attended the assessment's appointment, under the
    pipeline's own permission (its steps' dates are checked above)."""
    child = a.child
    current = _current_appointment(a)
    waiting = current if current is not None and current.status == Appointment.Status.BOOKED else None
    asked = {"permission": "lac.record_assessment_for", "permission_obj": child}
    if row.step == Step.APPOINTMENT_BOOKED:
        where = _medical_service(auditor.actor, service)
        if where is None or auditor.actor is None:
            return None
        starts_at = timezone.make_aware(datetime.datetime.combine(row.appointment_on, APPOINTMENT_TIME))
        moved = current if current is not None and current.status == Appointment.Status.RESCHEDULED else None
        return booking.book_appointment(
            auditor, child, kind=Appointment.Kind.HEALTH_ASSESSMENT, starts_at=starts_at, service=where,
            practitioner=auditor.actor if _service_of(auditor.actor) == where else None,
            rescheduled_from=moved, permission="lac.record_assessment_for", within_limits=False,
        )
    if waiting is None:
        return None
    if row.step == Step.NOT_BROUGHT:
        return booking.record_outcome(auditor, waiting, outcome=Appointment.Status.WAS_NOT_BROUGHT,
                                      reason=row.reason, **asked)
    if row.step == Step.RESCHEDULED:
        return booking.mark_rescheduled(auditor, waiting, reason=row.reason, **asked)
    if row.step == Step.SEEN and waiting.date <= clock.today():
        return booking.record_outcome(auditor, waiting, outcome=Appointment.Status.ATTENDED, **asked)
    return None


def _apply_milestone(a: HealthAssessment, row: AssessmentStep, *, clinician, service) -> list[str]:
    on = row.occurred_on
    if row.step == Step.NOTIFICATION_RECEIVED:
        a.notified_on = on
        return ["notified_on"]
    if row.step == Step.REQUESTED:
        a.requested_on = on
        return ["requested_on"]
    if row.step == Step.APPOINTMENT_BOOKED:
        a.booked_on, a.appointment_on = on, row.appointment_on
        return ["booked_on", "appointment_on"]
    if row.step == Step.NOT_BROUGHT:
        a.not_brought_count += 1
        a.appointment_on = None
        return ["not_brought_count", "appointment_on"]
    if row.step == Step.RESCHEDULED:
        a.rescheduled_count += 1
        a.appointment_on = None
        return ["rescheduled_count", "appointment_on"]
    if row.step == Step.SEEN:
        a.seen_on = on
        a.assessing_clinician = clinician
        a.assessing_service = service or _service_of(clinician)
        a.report_due_on = timezone_date(timescales.deadline("lac.iha_typed_report", on).due_at)
        return ["seen_on", "assessing_clinician", "assessing_service", "report_due_on"]
    if row.step == Step.REPORT_TYPED:
        a.report_typed_on = on
        return ["report_typed_on"]
    if row.step == Step.QA_RETURNED:
        a.qa_return_count += 1
        return ["qa_return_count"]
    if row.step == Step.QA_ACCEPTED:
        a.qa_accepted_on = on
        return ["qa_accepted_on"]
    if row.step == Step.SHARED:
        a.shared_on = a.completed_on = on
        return ["shared_on", "completed_on"]
    return []


def _service_of(user):
    team = getattr(user, "team", None)
    return team.service if team is not None else None


def _notify_shared(assessment: HealthAssessment, auditor: Auditor) -> None:
    child = assessment.child
    recipients = notification_rules._union(
        notification_rules.children_in_care_team(child), notification_rules.gp_practice(child)
    )
    notification_rules.notify(
        recipients,
        cause=Notification.Cause.HEALTH_ASSESSMENT_SHARED,
        person=child,
        sender=auditor.actor,
        message=f"{assessment.get_kind_display()} report for {child.full_name} (seen "
        f"{format_date(assessment.seen_on)}) is ready to read.",
        link=reverse("lac:assessment", args=[assessment.pk]),
    )


# Opening, scheduling and closing ---------------------------------------------------------------


def review_timescale_key(child, on: datetime.date) -> str:
    """Under 5 on the day of the last assessment: every 6 months; from 5: every 12 months."""
    fifth_birthday = child.date_of_birth + relativedelta(years=5)
    return "lac.rha_under5" if on < fifth_birthday else "lac.rha_5plus"


def age_band(child, on: datetime.date) -> str:
    return "under 5" if on < child.date_of_birth + relativedelta(years=5) else "5 and over"


def open_initial_assessment(auditor: Auditor, entry) -> HealthAssessment:
    """Called when a child becomes looked after (legal_status.services.apply_consequences)."""
    child = entry.person
    due = timescales.deadline("lac.iha_due", entry.effective_date)
    due_on = timezone_date(due.due_at)
    assessment = HealthAssessment.objects.create(
        child=child,
        kind=Kind.INITIAL,
        legal_status_entry=entry,
        entered_care_on=entry.effective_date,
        due_on=due_on,
        due_rule=due.describe(),
        child_age_band=age_band(child, due_on),
    )
    auditor.create(assessment, ["kind", "entered_care_on", "due_on"], subject=child)
    record_event(
        child,
        ASSESSMENT_DUE,
        f"Initial health assessment due by {format_date(due_on)} (20 working days from entering care)",
        occurred_at=entry.effective_date,
        author=auditor.actor,
        source=assessment,
    )
    return assessment


def schedule_next_review(auditor: Auditor, done: HealthAssessment) -> HealthAssessment | None:
    """After an assessment is completed, the next review falls due from the day the child
    was seen: 6 months if the child was under 5 that day, 12 months from 5 (R6.2)."""
    child = done.child
    statuses = {e.status for e in current_legal_statuses(LegalStatusEntry.objects.in_force().filter(person=child))}
    if LegalStatus.LOOKED_AFTER not in statuses:
        return None
    key = review_timescale_key(child, done.seen_on)
    due = timescales.deadline(key, done.seen_on)
    due_on = timezone_date(due.due_at)
    review = HealthAssessment.objects.create(
        child=child,
        kind=Kind.REVIEW,
        previous=done,
        due_on=due_on,
        due_rule=due.describe(),
        child_age_band=age_band(child, done.seen_on),
    )
    auditor.create(review, ["kind", "due_on"], subject=child)
    record_event(
        child,
        ASSESSMENT_DUE,
        f"Review health assessment due by {format_date(due_on)}",
        occurred_at=done.shared_on,
        author=auditor.actor,
        source=review,
    )
    return review


def _close(auditor: Auditor, assessment: HealthAssessment, *, on: datetime.date, reason: str) -> None:
    child = assessment.child
    assessment.closed_on = on
    assessment.closed_reason = reason[: HealthAssessment._meta.get_field("closed_reason").max_length]
    assessment.save_versioned(expected_version=assessment.version, update_fields=["closed_on", "closed_reason"])
    auditor.write(assessment, ["closed_on", "closed_reason"], subject=child)
    record_event(
        child,
        ASSESSMENT_CLOSED,
        f"{assessment.get_kind_display()} closed: {reason}",
        occurred_at=on,
        author=auditor.actor,
        source=assessment,
    )


def close_open_assessments(auditor: Auditor, child, *, on: datetime.date, reason: str) -> int:
    """A child who leaves care has no assessment due: open ones are closed, with the reason."""
    closed = 0
    for assessment in HealthAssessment.objects.select_for_update().open().filter(child=child):
        _close(auditor, assessment, on=on, reason=reason)
        closed += 1
    return closed


def on_legal_status_change(auditor: Auditor, entry) -> None:
    """Entering care opens an initial health assessment; leaving care closes what is open.

    A looked-after start on the same day as a looked-after end is a change of placement (the
    way a new placement is recorded: end the status, start it again with the new placement),
    not a new period of care: no new IHA opens, and the assessments the end closed are open
    again, due when they were."""
    if entry.status != LegalStatus.LOOKED_AFTER:
        return
    if entry.change == LegalStatusEntry.Change.END:
        close_open_assessments(
            auditor, entry.person, on=entry.effective_date, reason=left_care_reason(entry.effective_date)
        )
        return
    same_day_end = (
        LegalStatusEntry.objects.in_force()
        .filter(person=entry.person, status=LegalStatus.LOOKED_AFTER, change=LegalStatusEntry.Change.END,
                effective_date=entry.effective_date)
        .exists()
    )
    if same_day_end:
        reopen_after_placement_change(auditor, entry)
    else:
        open_initial_assessment(auditor, entry)


def left_care_reason(on: datetime.date) -> str:
    return f"left care on {format_date(on)}"


def reopen_after_placement_change(auditor: Auditor, entry) -> int:
    """Open again the assessments closed by the looked-after end of ``entry``'s day: the child
    did not leave care, their placement changed. Each is audited and told in the chronology."""
    child, on = entry.person, entry.effective_date
    reopened = 0
    closed_that_day = HealthAssessment.objects.select_for_update().filter(
        child=child, completed_on__isnull=True, closed_on=on, closed_reason=left_care_reason(on)
    )
    placement = f" ({entry.placement_type})" if entry.placement_type else ""
    for assessment in closed_that_day:
        assessment.closed_on, assessment.closed_reason = None, ""
        assessment.save_versioned(expected_version=assessment.version, update_fields=["closed_on", "closed_reason"])
        auditor.write(assessment, ["closed_on", "closed_reason"], detail={"reason": "change of placement"},
                      subject=child)
        record_event(
            child,
            ASSESSMENT_DUE,
            f"{assessment.get_kind_display()} still due by {format_date(assessment.due_on)}: the change on "
            f"{format_date(on)} was a new placement{placement}, not leaving care",
            occurred_at=on,
            author=auditor.actor,
            source=assessment,
        )
        reopened += 1
    return reopened


def on_legal_status_corrected(auditor: Auditor, wrong, new) -> None:
    """Keep the initial health assessment right when a legal status entry is corrected
    (legal_status.services.correct_legal_status; ``new`` supersedes ``wrong``, same transaction):

    - a looked-after start corrected to another date moves the open IHA it opened: the date of
      entering care, the due date (20 working days from it) and its rule; refused, changing
      nothing, when a step of the IHA is dated before the corrected date;
    - a looked-after start corrected to anything else closes the open IHA it opened;
    - an entry corrected to a looked-after start, or end, opens an IHA, or closes what is open,
      as recording that change would, when it makes the child looked after, or not, now.

    A finished IHA (shared or closed) is history: it is left as it is."""
    looked_after_start = (LegalStatus.LOOKED_AFTER, LegalStatusEntry.Change.START)
    looked_after_end = (LegalStatus.LOOKED_AFTER, LegalStatusEntry.Change.END)
    was, now = (wrong.status, wrong.change), (new.status, new.change)
    child = new.person
    if was == looked_after_start:
        iha = _initial_assessment_opened_by(wrong)
        if iha is not None and iha.is_open:
            if now == looked_after_start:
                _move_initial_assessment(auditor, iha, new)
            else:
                _close(
                    auditor,
                    iha,
                    on=clock.today(),
                    reason=f"opened in error: the looked-after start of {format_date(wrong.effective_date)} was "
                    f"corrected to {new.label.lower()} {new.get_change_display().lower()} ({new.correction_reason})",
                )
    if was == now:
        return
    current = current_legal_statuses(LegalStatusEntry.objects.in_force().filter(person=child))
    looked_after_now = [entry for entry in current if entry.status == LegalStatus.LOOKED_AFTER]
    if (
        now == looked_after_start
        and any(entry.pk == new.pk for entry in looked_after_now)
        and not HealthAssessment.objects.open().filter(child=child, kind=Kind.INITIAL).exists()
    ):
        open_initial_assessment(auditor, new)
    if now == looked_after_end and not looked_after_now:
        close_open_assessments(
            auditor, child, on=new.effective_date, reason=left_care_reason(new.effective_date)
        )


def _initial_assessment_opened_by(entry) -> HealthAssessment | None:
    """The IHA opened by ``entry`` or by an entry it corrects (an IHA left linked to an older
    entry of the chain of corrections)."""
    chain, cursor = [], entry
    while cursor is not None:
        chain.append(cursor.pk)
        cursor = cursor.supersedes
    return (
        HealthAssessment.objects.select_for_update()
        .filter(kind=Kind.INITIAL, legal_status_entry_id__in=chain)
        .order_by("-id")
        .first()
    )


def _move_initial_assessment(auditor: Auditor, iha: HealthAssessment, new) -> None:
    """The date the child entered care was corrected: the IHA follows it, unless a step of it
    is already dated before the corrected date (then the correction is refused)."""
    child = iha.child
    entered = new.effective_date
    changed = ["legal_status_entry"]
    iha.legal_status_entry = new
    previous = {"entered_care_on": iha.entered_care_on, "due_on": iha.due_on}
    if entered != iha.entered_care_on:
        early = iha.steps.filter(occurred_on__lt=entered).order_by("occurred_on", "id").first()
        if early is not None:
            raise ValidationError(
                {
                    "effective_date": f"The initial health assessment already has '{early.get_step_display()}' "
                    f"on {format_date(early.occurred_on)}, before {format_date(entered)}: a step of it cannot "
                    "come before the child entered care. Check the date the child became looked after."
                }
            )
        due = timescales.deadline("lac.iha_due", entered)
        iha.entered_care_on = entered
        iha.due_on = timezone_date(due.due_at)
        iha.due_rule = due.describe()
        iha.child_age_band = age_band(child, iha.due_on)
        changed += ["entered_care_on", "due_on", "due_rule", "child_age_band"]
    iha.save_versioned(expected_version=iha.version, update_fields=changed)
    auditor.write(
        iha,
        changed,
        detail={"reason": new.correction_reason, **{k: v.isoformat() for k, v in previous.items()}},
        subject=child,
    )
    if "due_on" in changed and iha.due_on != previous["due_on"]:
        record_event(
            child,
            ASSESSMENT_DUE,
            f"Initial health assessment now due by {format_date(iha.due_on)}, not {format_date(previous['due_on'])}: "
            f"the date of entering care was corrected to {format_date(entered)}",
            occurred_at=entered,
            author=auditor.actor,
            source=iha,
        )


@transaction.atomic
def record_assessment_step(
    auditor: Auditor,
    assessment: HealthAssessment,
    step: str,
    *,
    expected_version: int,
    occurred_on: datetime.date | None,
    appointment_on: datetime.date | None = None,
    reason: str = "",
    clinician=None,
) -> AssessmentStep:
    """Record a step through the pipeline, refused with ConcurrentEditError when someone
    recorded another step after this nurse opened the page (the step they chose may no
    longer follow, or the appointment they saw may have changed)."""
    permissions.require_of(auditor, "lac.record_assessment_for", assessment.child)
    locked = HealthAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.version != expected_version:
        last = locked.steps.order_by("-id").first()
        raise ConcurrentEditError(locked, {"last step": last.get_step_display() if last else ""})
    return record_step(
        auditor,
        locked,
        step,
        occurred_on=occurred_on,
        appointment_on=appointment_on,
        reason=reason,
        clinician=clinician,
    )
