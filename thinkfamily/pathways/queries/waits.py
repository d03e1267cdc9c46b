"""Waiting times from referral to first appointment and to treatment, per service (R7.5;
review §5.1.14, §2.26): CAMHS, adult ADHD and paediatrics.

Referral received: the start of the episode of care (kind care) in the service: the day the
service took the referral on (caseloads.services.open_episode). First appointment: the
earliest attended appointment in that service for the person on or after that day (and
before the episode ended); treatment: the earliest attended appointment that starts
treatment. Cancelled, rescheduled and missed appointments are not being seen; an
appointment in another service does not count.

Every figure is one aggregate query over the episodes, grouped by service: the first
appointment and the treatment are correlated subqueries on the appointments' (service,
status) index, and the percentiles are ``core.aggregates.Percentile`` (PostgreSQL's
``percentile_cont``). Completed waits count when they ended in the last 12 months; the people
still waiting are those whose episode is open. A wait longer than the national referral to
treatment standard (``waits.referral_to_treatment``, 18 weeks) is a breach."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Floor

from thinkfamily.appointments.models import Appointment
from thinkfamily.core import timescales
from thinkfamily.core.aggregates import Percentile
from thinkfamily.organisations.models import EpisodeOfCare, Service

WAIT_SERVICE_KINDS = (Service.Kind.CAMHS, Service.Kind.ADULT_ADHD, Service.Kind.PAEDIATRICS)
STANDARD = "waits.referral_to_treatment"
_NEVER = datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)


class DaysBetween(Func):
    """Days (with the fraction of a day) from the second moment to the first, in SQL."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
                              arg_joiner=" - ", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="(julianday(%(expressions)s))",
                              arg_joiner=") - julianday(", **extra_context)


def standard_weeks(at=None) -> int:
    return int(timescales.in_force(STANDARD, at).value)


def wait_services():
    return Service.objects.filter(kind__in=WAIT_SERVICE_KINDS).select_related("organisation").order_by(
        "kind", "organisation__name", "name"
    )


def _attended(*, treatment: bool):
    seen = Appointment.objects.filter(
        person=OuterRef("person"), service=OuterRef("service"), status=Appointment.Status.ATTENDED,
        starts_at__gte=OuterRef("start_at"),
        starts_at__lt=Coalesce(OuterRef("end_at"), Value(_NEVER, output_field=DateTimeField())),
    )
    if treatment:
        seen = seen.filter(starts_treatment=True)
    return Subquery(seen.order_by("starts_at").values("starts_at")[:1], output_field=DateTimeField())


def _days(later, earlier):
    """Whole days from ``earlier`` to ``later`` (a referral taken on at midnight and seen at
    10 in the morning four weeks later waited 28 days)."""
    return Floor(DaysBetween(later, earlier))


def episodes(services, now):
    """The services' episodes of care with their first appointment, their treatment, and the
    days waited to each (or so far, while waiting)."""
    now_value = Value(now, output_field=DateTimeField())
    return (
        EpisodeOfCare.objects.filter(kind=EpisodeOfCare.Kind.CARE, service__in=services, start_at__lte=now)
        .annotate(first_at=_attended(treatment=False), treated_at=_attended(treatment=True))
        .annotate(
            days_to_first=_days(F("first_at"), F("start_at")),
            days_to_treatment=_days(F("treated_at"), F("start_at")),
            days_waiting=_days(now_value, F("start_at")),
        )
    )


@dataclass(frozen=True)
class Period:
    since: datetime.datetime
    now: datetime.datetime
    weeks: int  # the referral to treatment standard in force

    @property
    def breach_days(self) -> int:
        return self.weeks * 7


def period(now) -> Period:
    return Period(since=now - relativedelta(months=12), now=now, weeks=standard_weeks(now))


# The figures, each a condition on the annotated episodes (and the drill-down's rows).
def conditions(p: Period) -> dict[str, Q]:
    waiting = Q(end_at__isnull=True) | Q(end_at__gt=p.now)
    return {
        "seen_first": Q(first_at__gte=p.since, first_at__lte=p.now),
        "treated": Q(treated_at__gte=p.since, treated_at__lte=p.now),
        "treated_breach": Q(treated_at__gte=p.since, treated_at__lte=p.now, days_to_treatment__gt=p.breach_days),
        "waiting_first": waiting & Q(first_at__isnull=True),
        "waiting_treatment": waiting & Q(treated_at__isnull=True),
        "waiting_breach": waiting & Q(treated_at__isnull=True, days_waiting__gt=p.breach_days),
    }


FIGURES = {
    "seen_first": "Seen for a first appointment in the last 12 months",
    "treated": "Started treatment in the last 12 months",
    "treated_breach": "Started treatment in the last 12 months after waiting longer than the standard",
    "waiting_first": "Still waiting for a first appointment",
    "waiting_treatment": "Still waiting for treatment",
    "waiting_breach": "Waiting for treatment longer than the standard",
}


def _weeks(days):
    return None if days is None else round(days / 7, 1)


def figures(services, now) -> list[dict]:
    """Per service: median and 90th percentile weeks to the first appointment and to treatment
    (waits completed in the last 12 months), the people still waiting, the median and longest
    wait so far for treatment, and the breaches of the standard. One query."""
    p = period(now)
    c = conditions(p)

    def only(name, value):
        return Case(When(c[name], then=value), default=None, output_field=FloatField())

    rows = (
        episodes(services, now).values("service_id")
        .annotate(
            seen_first=Count("id", filter=c["seen_first"]),
            first_median=Percentile(only("seen_first", F("days_to_first")), 0.5),
            first_p90=Percentile(only("seen_first", F("days_to_first")), 0.9),
            treated=Count("id", filter=c["treated"]),
            treatment_median=Percentile(only("treated", F("days_to_treatment")), 0.5),
            treatment_p90=Percentile(only("treated", F("days_to_treatment")), 0.9),
            treated_breach=Count("id", filter=c["treated_breach"]),
            waiting_first=Count("id", filter=c["waiting_first"]),
            waiting_treatment=Count("id", filter=c["waiting_treatment"]),
            waiting_median=Percentile(only("waiting_treatment", F("days_waiting")), 0.5),
            waiting_longest=Max(only("waiting_treatment", F("days_waiting"))),
            waiting_breach=Count("id", filter=c["waiting_breach"]),
        )
        .order_by("service_id")
    )
    by_service = {row["service_id"]: row for row in rows}
    result = []
    for service in services:
        row = by_service.get(service.pk, {})
        result.append({
            "service": service,
            **{name: row.get(name, 0) for name in FIGURES},
            **{name: _weeks(row.get(name)) for name in ("first_median", "first_p90", "treatment_median",
                                                         "treatment_p90", "waiting_median", "waiting_longest")},
        })
    return result


def people_behind(service, figure: str, now, among=None):
    """The episodes behind one figure of one service: for the people still waiting, the
    longest wait first; for completed waits, the longest first too. ``among``: only the
    people of this queryset (those the user may open)."""
    p = period(now)
    rows = episodes([service], now).filter(conditions(p)[figure]).select_related("person")
    if among is not None:
        rows = rows.filter(Exists(among.filter(pk=OuterRef("person"))))  # per row, not everyone first
    if figure.startswith("waiting"):
        return rows.order_by("start_at", "id")
    longest = "-days_to_treatment" if figure.startswith("treated") else "-days_to_first"
    return rows.order_by(longest, "start_at", "id")


def longest_waits(service, now, limit: int = 10):
    """The people still waiting for treatment, longest first."""
    return people_behind(service, "waiting_treatment", now)[:limit]
