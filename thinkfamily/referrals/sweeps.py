"""Deadline sweeps (R4.5, R4.3): remind a service of a MASH request near its deadline,
escalate an overdue one to the receiving organisation's safeguarding lead(s), and chase
referral outcomes (thinkfamily.referrals.services.lifecycle.chase_missing_outcomes).

Modelled on healthchecks' ``sendalerts``: each sweep selects candidates with one query on
the partial index of open deadlines (``mash_request_open_due``), then *claims* each row
with a conditional UPDATE (``... WHERE reminded_at IS NULL``) and acts only when the UPDATE
changed one row. Two workers sweeping at once, or one sweep run twice, never remind or
escalate twice. The claim, its audit event and its notifications are one transaction: a
failure leaves the row unclaimed for the next sweep, never claimed with nobody told.

When a request is "near its deadline" (docs/adr/0009):
- red (4 working hours): 1 working hour before it is due;
- amber and green (end of a working day): from the start of working hours (09:00) on the
  morning of the day it is due;
- blue: no deadline, no reminder, no escalation.
A request already past its deadline is not reminded: it is escalated."""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.presenters import format_datetime
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.rules import notify
from thinkfamily.referrals.information_requests.services import request_link, request_recipients, safeguarding_leads
from thinkfamily.referrals.models import Grade, InformationRequest
from thinkfamily.referrals.services import lifecycle

logger = logging.getLogger(__name__)

RED_REMINDER_WORKING_HOURS = 1
Cause = Notification.Cause


def _auditor() -> Auditor:
    return Auditor.system("deadline sweep")


def reminder_horizon_q(now: datetime.datetime) -> Q:
    """The open requests that are near their deadline at ``now`` (and not yet past it)."""
    near = Q(grade=Grade.RED, due_at__lte=timescales.add_working_hours(now, RED_REMINDER_WORKING_HOURS))
    local = timezone.localtime(now)
    day_starts = datetime.time.fromisoformat(timescales.in_force("working_hours", now).value["start"])
    if timescales.is_working_day(local.date()) and local.time() >= day_starts:
        near |= Q(grade__in=[Grade.AMBER, Grade.GREEN], due_at__lte=timescales.end_of_day(local.date()))
    return near


def reminder_candidates(now):
    return (
        InformationRequest.objects.open()
        .filter(reminded_at__isnull=True, due_at__gt=now)
        .filter(reminder_horizon_q(now))
    )


def escalation_candidates(now):
    return InformationRequest.objects.overdue(now).filter(escalated_at__isnull=True)


def _claim(pk, field: str, now) -> bool:
    """The conditional UPDATE: true only for the one sweep that changed the row."""
    still_due = InformationRequest.objects.open().filter(pk=pk, **{f"{field}__isnull": True})
    return still_due.update(**{field: now, "updated_at": timezone.now()}) == 1  # wall clock: bookkeeping, as auto_now


def _load(pk):
    return (
        InformationRequest.objects.select_related("child", "known_through", "service__organisation", "requested_by")
        .get(pk=pk)
    )


def remind_near_deadline(now=None) -> int:
    """Remind the receiving service of each open request near its deadline, once."""
    now = now or clock.now()
    reminded = 0
    ids = list(reminder_candidates(now).order_by("due_at").values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            if not _claim(pk, "reminded_at", now):
                continue
            request_obj = _load(pk)
            request_obj.reminded_at = now
            _auditor().write(request_obj, ["reminded_at"], detail={"sweep": "reminder"})
            child = request_obj.child
            notify(
                request_recipients(request_obj),
                cause=Cause.MASH_REQUEST_REMINDER,
                person=child,
                message=(
                    f"Reminder: the MASH's {request_obj.get_grade_display().lower()} information request about "
                    f"{child.full_name} to {request_obj.service.name} is due by "
                    f"{format_datetime(request_obj.due_at)} and has not been answered."
                ),
                link=request_link(request_obj),
            )
            reminded += 1
    return reminded


def escalate_overdue(now=None) -> int:
    """Tell the receiving organisation's safeguarding lead(s) of each overdue request,
    once, and the MASH worker who asked. An organisation with no safeguarding lead recorded
    is named in the MASH worker's notification, so that the MASH can telephone."""
    now = now or clock.now()
    escalated = 0
    leads_by_organisation: dict = {}
    ids = list(escalation_candidates(now).order_by("due_at").values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            if not _claim(pk, "escalated_at", now):
                continue
            request_obj = _load(pk)
            request_obj.escalated_at = now
            _auditor().write(request_obj, ["escalated_at"], detail={"sweep": "escalation"})
            service, child = request_obj.service, request_obj.child
            organisation_id = service.organisation_id
            if organisation_id not in leads_by_organisation:
                leads_by_organisation[organisation_id] = safeguarding_leads(organisation_id)
            leads = leads_by_organisation[organisation_id]
            what = (
                f"The MASH's {request_obj.get_grade_display().lower()} information request about {child.full_name} "
                f"to {service.name} ({service.organisation.name}) was due by {format_datetime(request_obj.due_at)} "
                "and has not been answered."
            )
            notify(
                leads,
                cause=Cause.MASH_REQUEST_OVERDUE,
                person=child,
                message=f"Overdue, escalated to you as safeguarding lead: {what}",
                link=request_link(request_obj),
            )
            to_mash = (
                f"{what} It has been escalated to {', '.join(lead.display_name for lead in leads)}."
                if leads
                else f"{what} {service.organisation.name} has no safeguarding lead recorded: please telephone."
            )
            notify(
                [request_obj.requested_by],
                cause=Cause.MASH_REQUEST_OVERDUE,
                person=child,
                message=to_mash[:500],
                link=request_link(request_obj),
            )
            escalated += 1
    return escalated


def chase_referral_outcomes(now=None) -> int:
    """The referrals' own sweep (R4.3): chase each missing outcome once."""
    return lifecycle.chase_missing_outcomes(now or clock.now())


def run_all(now=None) -> dict:
    """Every deadline sweep, each idempotent. One failing sweep does not stop the others;
    the failure is logged and raised at the end, so the task shows as failed."""
    now = now or clock.now()
    results, failures = {}, []
    for name, sweep in [
        ("reminded", remind_near_deadline),
        ("escalated", escalate_overdue),
        ("outcomes_chased", chase_referral_outcomes),
    ]:
        try:
            results[name] = sweep(now)
        except Exception as error:  # noqa: BLE001 - the other sweeps still run
            logger.exception("Deadline sweep %s failed", name)
            failures.append(error)
    if failures:
        raise failures[0]
    return results
