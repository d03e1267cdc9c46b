"""What the child protection pages show, in a practitioner's words."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.core.timescales import in_words
from thinkfamily.protection.models import Conference, Decision


def due_words(due_at) -> str:
    return format_date(timezone.localdate(due_at)) if due_at else ""


@dataclass(frozen=True)
class ConferenceRow:
    conference: Conference
    title: str
    href: str
    scheduled: str
    due: str
    rule: str
    status: str
    late: bool
    children: list
    decisions: list
    minutes_due: str
    minutes_overdue: bool
    minutes_chased: str


def decision_words(decision: Decision) -> str:
    words = Decision.Outcome(decision.outcome).label
    if decision.category:
        words += f" ({decision.get_category_display().lower()})"
    return f"{decision.child.full_name}: {words}"


def conference_row(conference: Conference, now) -> ConferenceRow:
    due_day = timezone.localdate(conference.due_at)
    held = conference.status == Conference.Status.HELD
    late = (conference.held_on or conference.scheduled_on) > due_day
    return ConferenceRow(
        conference=conference,
        title=conference.get_kind_display(),
        href=reverse("protection:conference", args=[conference.pk]),
        scheduled=format_date(conference.held_on if held else conference.scheduled_on),
        due=format_date(due_day),
        rule=in_words(conference.due_rule),
        status="Held" if held else conference.get_status_display(),
        late=late,
        children=[child.full_name for child in conference.children.all()],
        decisions=[decision_words(decision) for decision in conference.decisions.all()],
        minutes_due=due_words(conference.minutes_due_at),
        minutes_overdue=bool(held and conference.minutes_received_at is None and conference.minutes_due_at
                             and conference.minutes_due_at < now),
        minutes_chased=format_datetime(conference.minutes_chased_at) if conference.minutes_chased_at else "",
    )
