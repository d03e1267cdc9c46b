"""What the home pages say: each caseload entry's due items, in words a practitioner reads."""

from dataclasses import dataclass

from django.urls import reverse

from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.home.queries import CaseloadEntry


@dataclass(frozen=True)
class DueItem:
    text: str
    when: str
    overdue: bool = False
    href: str | None = None
    tag: str = ""  # a short word shown as a tag: Overdue, Not sent


@dataclass(frozen=True)
class CaseloadRow:
    entry: CaseloadEntry
    due: list

    @property
    def person(self):
        return self.entry.person

    @property
    def flags(self):
        return self.entry.flags

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.due if item.overdue)


def _assessment_items(entry: CaseloadEntry) -> list[DueItem]:
    items = []
    for row in entry.assessments:
        assessment = row.assessment
        text = assessment.get_kind_display()
        if row.waiting_for:
            text += f": next, {row.waiting_for.lower()}"
        when = f"Due {format_date(assessment.due_on)}"
        if row.waiting_target_on and row.waiting_for:
            when += f"; {row.waiting_for.lower()} by {row.waiting_target}"
        items.append(DueItem(text, when, row.late, reverse("lac:assessment", args=[assessment.pk]),
                             "Overdue" if row.late else ""))
    return items


def _request_items(entry: CaseloadEntry, now) -> list[DueItem]:
    items = []
    for request_obj in entry.requests:
        text = f"MASH information request to answer ({request_obj.get_grade_display().lower()})"
        if request_obj.known_through_id == entry.person.pk and request_obj.child_id != entry.person.pk:
            text += f", about {request_obj.child.full_name}"
        overdue = bool(request_obj.due_at and request_obj.due_at < now)
        when = f"Answer by {format_datetime(request_obj.due_at)}" if request_obj.due_at else "No deadline"
        items.append(DueItem(text, when, overdue, reverse("referrals:mash_request", args=[request_obj.pk]),
                             "Overdue" if overdue else ""))
    return items


def _referral_items(entry: CaseloadEntry, user, now) -> list[DueItem]:
    items = []
    for referral in entry.awaiting_outcome:
        overdue = bool(referral.decision_due_at and referral.decision_due_at < now)
        who = "you" if referral.referrer_id == user.pk else referral.referrer.display_name
        text = f"Referral to {referral.mash.name} MASH awaiting an outcome (sent by {who})"
        when = f"Decision due {format_datetime(referral.decision_due_at)}" if referral.decision_due_at else ""
        href = reverse("referrals:detail", args=[referral.pk]) if referral.referrer_id == user.pk else None
        items.append(DueItem(text, when, overdue, href, "Overdue" if overdue else ""))
    for referral in entry.drafts:
        items.append(DueItem(
            "Your referral to the MASH, drafted and not sent",
            f"Concern recorded {format_datetime(referral.concern.recorded_at)}",
            False,
            reverse("referrals:edit", args=[referral.pk]),
            "Not sent",
        ))
    for concern in entry.concerns:
        overdue = bool(concern.decision_due_at and concern.decision_due_at < now)
        items.append(DueItem(
            "Your concern awaiting a decision (a referral, a discussion with the safeguarding lead, or no referral)",
            f"Decide by {format_datetime(concern.decision_due_at)}" if concern.decision_due_at else "",
            overdue,
            reverse("referrals:concern", args=[concern.pk]),
            "Overdue" if overdue else "",
        ))
    return items


def _appointment_items(entry: CaseloadEntry, now) -> list[DueItem]:
    items = []
    for follow_up in entry.follow_ups:
        overdue = follow_up.due_at < now
        items.append(DueItem(
            f"{follow_up.get_kind_display()}: record what was done",
            f"Record by {format_datetime(follow_up.due_at)}",
            overdue,
            reverse("appointments:follow_up", args=[follow_up.pk]),
            "Overdue" if overdue else "",
        ))
    for appointment in entry.appointments:
        planned = appointment.status == appointment.Status.PLANNED
        text = (f"{appointment.get_kind_display()} planned, not yet held" if planned
                else f"{appointment.get_kind_display()}: what happened is not recorded")
        link = (reverse("people:record", args=[appointment.person_id]) + "#appointments" if planned
                else reverse("appointments:outcome", args=[appointment.pk]))
        items.append(DueItem(text, f"{'Due by' if planned else 'Booked for'} {format_date(appointment.date)}", True,
                             link, "Overdue"))
    return items


def caseload_rows(entries, user, now) -> list[CaseloadRow]:
    rows = []
    for entry in entries:
        due = (_request_items(entry, now) + _assessment_items(entry) + _referral_items(entry, user, now)
               + _appointment_items(entry, now))
        due.sort(key=lambda item: not item.overdue)  # overdue first, otherwise as each module orders them
        rows.append(CaseloadRow(entry, due))
    return rows
