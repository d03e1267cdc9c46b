"""Deadline sweeps (R4.5, R4.3): remind a service of a MASH request near its deadline,
escalate an overdue one to the receiving organisation's safeguarding lead(s), and chase
referral outcomes (thinkfamily.referrals.services.lifecycle.chase_missing_outcomes).

Modelled on healthchecks' ``sendalerts``, done a batch at a time: each sweep selects
candidates with one query on the partial index of open deadlines (``mash_request_open_due``),
then *claims* a batch of them with one conditional ``UPDATE ... WHERE reminded_at IS NULL
RETURNING id`` and acts only on the rows it claimed. Two workers sweeping at once, or one
sweep run twice, never remind or escalate twice. A batch's claim, its notifications (found
in bulk, inserted together, delivered by one task) and its audit events (appended in one
insert under the chain's lock, last) are one transaction: a failure leaves the batch
unclaimed for the next sweep, never claimed with nobody told.

When a request is "near its deadline" (docs/adr/0009):
- red (4 working hours): 1 working hour before it is due;
- amber and green (end of a working day): from the start of working hours (09:00) on the
  morning of the day it is due;
- blue: no deadline, no reminder, no escalation.
A request already past its deadline is not reminded: it is escalated."""

import datetime
import logging

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.presenters import format_datetime
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.rules import notify_many
from thinkfamily.referrals.information_requests.services import (
    recipients_by_request,
    request_link,
    safeguarding_leads_by_organisation,
)
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


BATCH = 500


def _claim_batch(ids, field: str, now) -> list:
    """Claim these open rows for this sweep with one ``UPDATE ... RETURNING``: the ids whose
    ``field`` this sweep set. The condition (``field IS NULL``, still open) is on the row
    itself, so a second sweep that waited for the row's lock checks it again against the
    committed row and leaves it alone: two sweeps at once never both claim a row."""
    if not ids:
        return []
    quote, ops = connection.ops.quote_name, connection.ops
    meta = InformationRequest._meta
    column = quote(meta.get_field(field).column)
    id_column = quote(meta.pk.column)
    placeholders = ", ".join(["%s"] * len(ids))
    # Only names from the model's own metadata and placeholders are put in the text.
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {column} = %s, {quote('updated_at')} = %s "  # noqa: S608
        f"WHERE {id_column} IN ({placeholders}) AND {column} IS NULL "
        f"AND {quote('answered_at')} IS NULL AND {quote('cancelled_at')} IS NULL RETURNING {id_column}"
    )
    bookkeeping = timezone.now()  # wall clock: row bookkeeping, as auto_now writes it
    params = [ops.adapt_datetimefield_value(now), ops.adapt_datetimefield_value(bookkeeping), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _claim(pk, field: str, now) -> bool:
    """The conditional UPDATE for one row: true only for the one sweep that changed it."""
    return _claim_batch([pk], field, now) == [pk]


def _batches(ids):
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


# What a batch's messages and recipients read: a sweep loads thousands of rows, so only these.
_LOADED = (
    "grade", "due_at", "child_id", "known_through_id", "service_id", "requested_by_id",
    "child__kind", "child__given_name", "child__middle_names", "child__family_name",
    "service__name", "service__kind", "service__organisation_id", "service__organisation__name",
    "requested_by__id",
)


def _load(ids, field: str, now) -> list:
    requests = list(
        InformationRequest.objects.select_related("child", "service__organisation", "requested_by")
        .only(*_LOADED).filter(pk__in=ids).order_by("due_at", "pk")
    )
    for request_obj in requests:
        setattr(request_obj, field, now)
    return requests


def _sweep(candidates, field: str, now, act) -> int:
    """Claim the candidates in batches, and for each batch: load the claimed rows, ``act``
    (the batch's notifications, in bulk) and append the batch's audit events, all in one
    transaction. The audit append is the last statement before the commit, so the chain's
    lock is held for one insert. A failure leaves the batch unclaimed for the next sweep."""
    done = 0
    for batch in _batches(list(candidates.order_by("due_at", "pk").values_list("pk", flat=True))):
        with transaction.atomic():
            claimed = _claim_batch(batch, field, now)
            if not claimed:
                continue
            requests = _load(claimed, field, now)
            notify_many(act(requests))
            _auditor().write_each(requests, [field], detail={"sweep": SWEEP_NAMES[field]})
            done += len(requests)
    return done


SWEEP_NAMES = {"reminded_at": "reminder", "escalated_at": "escalation"}


def _reminders(requests) -> list[dict]:
    recipients = recipients_by_request(requests)
    return [
        {
            "recipients": recipients[request_obj.pk],
            "cause": Cause.MASH_REQUEST_REMINDER,
            "person": request_obj.child,
            "message": (
                f"Reminder: the MASH's {request_obj.get_grade_display().lower()} information request about "
                f"{request_obj.child.full_name} to {request_obj.service.name} is due by "
                f"{format_datetime(request_obj.due_at)} and has not been answered."
            ),
            "link": request_link(request_obj),
        }
        for request_obj in requests
    ]


def _escalations(requests) -> list[dict]:
    leads_by_organisation = safeguarding_leads_by_organisation({r.service.organisation_id for r in requests})
    messages = []
    for request_obj in requests:
        service, child = request_obj.service, request_obj.child
        leads = leads_by_organisation[service.organisation_id]
        what = (
            f"The MASH's {request_obj.get_grade_display().lower()} information request about {child.full_name} "
            f"to {service.name} ({service.organisation.name}) was due by {format_datetime(request_obj.due_at)} "
            "and has not been answered."
        )
        to_mash = (
            f"{what} It has been escalated to {', '.join(lead.display_name for lead in leads)}."
            if leads
            else f"{what} {service.organisation.name} has no safeguarding lead recorded: please telephone."
        )
        link = request_link(request_obj)
        messages += [
            {"recipients": leads, "cause": Cause.MASH_REQUEST_OVERDUE, "person": child, "link": link,
             "message": f"Overdue, escalated to you as safeguarding lead: {what}"},
            {"recipients": [request_obj.requested_by], "cause": Cause.MASH_REQUEST_OVERDUE, "person": child,
             "link": link, "message": to_mash[:500]},
        ]
    return messages


def remind_near_deadline(now=None) -> int:
    """Remind the receiving service of each open request near its deadline, once."""
    now = now or clock.now()
    return _sweep(reminder_candidates(now), "reminded_at", now, _reminders)


def escalate_overdue(now=None) -> int:
    """Tell the receiving organisation's safeguarding lead(s) of each overdue request,
    once, and the MASH worker who asked. An organisation with no safeguarding lead recorded
    is named in the MASH worker's notification, so that the MASH can telephone."""
    now = now or clock.now()
    return _sweep(escalation_candidates(now), "escalated_at", now, _escalations)


def chase_referral_outcomes(now=None) -> int:
    """The referrals' own sweep (R4.3): chase each missing outcome once."""
    return lifecycle.chase_missing_outcomes(now or clock.now())


# Sweeps of capabilities that sit above this one (protection's chase of late conference minutes),
# handed over by their app's ``ready()``: this module cannot import them (docs/adr/0015).
REGISTERED: dict = {}


def register_sweep(name: str, sweep) -> None:
    """Run ``sweep(now)`` with the others, reported under ``name``. Idempotent."""
    REGISTERED[name] = sweep


def run_all(now=None) -> dict:
    """Every deadline sweep, each idempotent. One failing sweep does not stop the others;
    the failure is logged and raised at the end, so the task shows as failed."""
    now = now or clock.now()
    results, failures = {}, []
    for name, sweep in [
        ("reminded", remind_near_deadline),
        ("escalated", escalate_overdue),
        ("outcomes_chased", chase_referral_outcomes),
        *REGISTERED.items(),
    ]:
        try:
            results[name] = sweep(now)
        except Exception as error:  # noqa: BLE001 - the other sweeps still run
            logger.exception("Deadline sweep %s failed", name)
            failures.append(error)
    if failures:
        raise failures[0]
    return results
