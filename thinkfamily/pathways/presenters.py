"""What the pathways pages show of each row, in the words a practitioner reads."""

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from thinkfamily.core.presenters import format_date
from thinkfamily.pathways.queries.transitions import due_on


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def months_and_days(start, end) -> str:
    gap = relativedelta(end, start)
    months = gap.years * 12 + gap.months
    if months:
        return _plural(months, "month")
    return _plural(gap.days, "day")


def young_person_row(person, *, months: int, today, services: dict, can_start: bool, can_open: bool) -> dict:
    due = due_on(person.date_of_birth, months)
    birthday = person.date_of_birth + relativedelta(years=18)
    if due < today:
        when = f"Due {format_date(due)}: {months_and_days(due, today)} ago"
    else:
        when = f"Due {format_date(due)}: in {months_and_days(today, due)}" if due > today else "Due today"
    turns = (f"Turns 18 on {format_date(birthday)}" if birthday > today
             else f"Turned 18 on {format_date(birthday)}")
    service = services.get(person.camhs_service_id)
    return {
        "person": person,
        "href": reverse("people:record", args=[person.pk]) if can_open else "",
        "turns": turns,
        "due": when,
        "camhs": f"{service.name} ({service.organisation.name})" if service else "",
        "start_href": reverse("pathways:start_plan", args=[person.pk]) if can_start else "",
    }


def plan_row(plan, *, can_record: bool, can_open: bool) -> dict:
    person = plan.person
    transfer = format_date(plan.planned_transfer_on) if plan.planned_transfer_on else "Not agreed yet"
    return {
        "person": person,
        "href": reverse("people:record", args=[person.pk]) if can_open else "",
        "turns": f"18 on {format_date(person.date_of_birth + relativedelta(years=18))}" if person.date_of_birth
        else "",
        "from": plan.camhs_service.name,
        "to": plan.adult_service.name if plan.adult_service else "",
        "started": format_date(plan.started_on),
        "transfer": transfer,
        "outcome_href": reverse("pathways:record_outcome", args=[person.pk]) if can_record else "",
    }


def weeks(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}"


def wait_row(episode, *, figure: str, breach_days: int) -> dict:
    person = episode.person
    if figure.startswith("waiting"):
        days = episode.days_waiting
    elif figure.startswith("treated"):
        days = episode.days_to_treatment
    else:
        days = episode.days_to_first
    days = int(days or 0)
    first = format_date(timezone.localdate(episode.first_at)) if episode.first_at else "Not yet seen"
    return {
        "person": person,
        "href": reverse("people:record", args=[person.pk]),
        "referred": format_date(episode.started_on),
        "first": first,
        "treated": format_date(timezone.localdate(episode.treated_at)) if episode.treated_at else "Not started",
        "weeks": _plural(days // 7, "week") + (f", {_plural(days % 7, 'day')}" if days % 7 else ""),
        "breach": days > breach_days and not figure.startswith("seen"),
    }
