"""The children-in-care health dashboard, computed from the records (issue 6; R6.1, R6.2,
R6.5): IHA timeliness by month of entering care, median working days per step of the IHA
pipeline, RHA timeliness by age band, the quality assurance return rate by assessing
practitioner and by service, and the SDQ band distribution of the children looked after now.

Each figure is one aggregate query over indexed columns (the assessment's (kind,
entered_care_on) and (kind, due_on) indexes, the step's assessment, the SDQ score's (child,
completed_on)), and is counted over the children the user may see (``scope.people()``), so
that every figure drills down to exactly the children behind it (``drill_down``).

The period is the 12 calendar months to today: IHAs of children who entered care in it,
steps of those IHAs, RHAs that fell due in it (up to today), and assessments due since its
start that reached quality assurance."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404

from thinkfamily.core import timescales
from thinkfamily.core.aggregates import Percentile
from thinkfamily.lac.models import AssessmentStep, HealthAssessment, SDQScore
from thinkfamily.lac.queries.population import PAGE_SIZE, can_see_population, looked_after_ids, require_population_role

Kind = HealthAssessment.Kind
Step = AssessmentStep.Step

can_see_dashboard = can_see_population
require_dashboard_role = require_population_role
__all__ = ["PAGE_SIZE", "can_see_dashboard", "require_dashboard_role"]

AGE_BANDS = ["under 5", "5 and over"]
# The IHA pipeline in the order a child goes through it (lac.services.pipeline).
STEP_ORDER = [Step.NOTIFICATION_RECEIVED, Step.REQUESTED, Step.APPOINTMENT_BOOKED, Step.SEEN, Step.REPORT_TYPED,
              Step.QA_RETURNED, Step.QA_ACCEPTED, Step.SHARED]
STEP_TARGET_KEYS = {
    Step.NOTIFICATION_RECEIVED: "lac.iha_notification",
    Step.REQUESTED: "lac.iha_request",
    Step.APPOINTMENT_BOOKED: "lac.iha_booking",
    Step.SEEN: "lac.iha_seen",
    Step.REPORT_TYPED: "lac.iha_typed_report",
    Step.QA_RETURNED: "lac.assessment_qa",
    Step.QA_ACCEPTED: "lac.assessment_qa",
    Step.SHARED: "lac.assessment_share",
}
SDQ_BAND_LABELS = {"normal": "Normal", "borderline": "Borderline", "concern": "Cause for concern"}
TIMESCALE_KEYS = ["lac.iha_due", "lac.iha_notification", "lac.iha_request", "lac.iha_booking", "lac.iha_seen",
                  "lac.iha_typed_report", "lac.assessment_qa", "lac.assessment_share", "lac.rha_under5",
                  "lac.rha_5plus", "sdq.bands"]


def period_start(today: datetime.date) -> datetime.date:
    """The first day of the month 11 months before this one: 12 calendar months to today."""
    month = today.month - 11
    year = today.year
    if month < 1:
        month += 12
        year -= 1
    return datetime.date(year, month, 1)


def months(today: datetime.date) -> list[datetime.date]:
    first = period_start(today)
    out = []
    for i in range(12):
        m = first.month - 1 + i
        out.append(datetime.date(first.year + m // 12, m % 12 + 1, 1))
    return out


def timescales_in_force() -> list[str]:
    return [timescales.in_force(key).words() for key in TIMESCALE_KEYS]


def sdq_band_label(band: str) -> str:
    return SDQ_BAND_LABELS.get(band, band.replace("_", " ").capitalize())


def _assessments(scope):
    return scope.among(HealthAssessment.objects.all(), "child")


def _open() -> Q:
    return Q(completed_on__isnull=True, closed_on__isnull=True)


def _outcomes(today) -> dict:
    """What happened to an assessment against its due date."""
    return {
        "in_time": Q(completed_on__isnull=False, completed_on__lte=F("due_on")),
        "late": Q(completed_on__isnull=False, completed_on__gt=F("due_on")),
        "overdue": _open() & Q(due_on__lt=today),
        "not_yet_due": _open() & Q(due_on__gte=today),
        "closed": Q(completed_on__isnull=True, closed_on__isnull=False),
    }


# The outcomes each figure's links ask for (lac.forms.dashboard.DashboardDrillQuery refuses others).
ASSESSMENT_OUTCOMES = ["all", "due", "in_time", "late", "overdue", "not_yet_due", "closed"]
FIGURE_OUTCOMES = {"iha": ASSESSMENT_OUTCOMES, "rha": ASSESSMENT_OUTCOMES, "qa": ["all", "returned"],
                   "step": ["all", "late"], "sdq": ["all"]}

OUTCOME_LABELS = {
    "all": "all",
    "in_time": "completed in time",
    "late": "completed late",
    "overdue": "overdue (not completed)",
    "not_yet_due": "not yet due",
    "closed": "closed when the child left care",
}


def _percent(row) -> int | None:
    """Completed in time out of those that are due: completed (in time or late) or overdue."""
    due = row["in_time"] + row["late"] + row["overdue"]
    row["due"] = due
    row["percent"] = round(100 * row["in_time"] / due) if due else None
    return row


def _timeliness(queryset, today, group):
    outcomes = _outcomes(today)
    return queryset.values(*group).annotate(
        total=Count("id"), **{name: Count("id", filter=condition) for name, condition in outcomes.items()}
    ).order_by(*group)


# The figures ----------------------------------------------------------------------------------


def iha_by_month(scope, today) -> list[dict]:
    """IHA timeliness by month of entering care: one aggregate query."""
    since = period_start(today)
    rows = _assessments(scope).filter(kind=Kind.INITIAL, entered_care_on__gte=since, entered_care_on__lte=today)
    found = {
        _as_date(row["month"]): row
        for row in _timeliness(rows.annotate(month=TruncMonth("entered_care_on")), today, ["month"])
    }
    empty = dict.fromkeys(["total", *_outcomes(today)], 0)
    return [_percent({**empty, **found.get(month, {}), "month": month}) for month in months(today)]


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def step_medians(scope, today) -> list[dict]:
    """Median working days each step of the IHA took (from the step it follows), and how
    many were late against their own target: one aggregate query."""
    since = period_start(today)
    iha = _assessments(scope).filter(kind=Kind.INITIAL, entered_care_on__gte=since, entered_care_on__lte=today)
    rows = (
        AssessmentStep.objects.filter(assessment__in=iha.values("pk"), working_days__isnull=False)
        .values("step")
        .annotate(count=Count("id"), median=Percentile("working_days", 0.5),
                  late=Count("id", filter=Q(late_by_working_days__gt=0)))
        .order_by("step")
    )
    found = {row["step"]: row for row in rows}
    out = []
    for step in STEP_ORDER:
        row = found.get(step, {"count": 0, "median": None, "late": 0})
        target = timescales.in_force(STEP_TARGET_KEYS[step]).amount()
        out.append({**row, "step": step, "label": Step(step).label, "target": target})
    return out


def rha_by_age_band(scope, today) -> list[dict]:
    """RHA timeliness by the child's age band, for reviews that fell due in the period: one
    aggregate query."""
    since = period_start(today)
    rows = _assessments(scope).filter(kind=Kind.REVIEW, due_on__gte=since, due_on__lte=today)
    found = {row["child_age_band"]: row for row in _timeliness(rows, today, ["child_age_band"])}
    empty = dict.fromkeys(["total", *_outcomes(today)], 0)
    bands = AGE_BANDS + sorted(set(found) - set(AGE_BANDS))
    return [_percent({**empty, **found.get(band, {}), "child_age_band": band}) for band in bands]


def _reached_qa() -> Q:
    return Q(qa_accepted_on__isnull=False) | Q(qa_return_count__gt=0)


def _qa_rows(scope, today):
    since = period_start(today)
    return _assessments(scope).filter(kind__in=[Kind.INITIAL, Kind.REVIEW], due_on__gte=since).filter(_reached_qa())


def qa_return_rate(scope, today, by: str) -> list[dict]:
    """Assessments returned by quality assurance at least once, out of those that reached it,
    by assessing practitioner or by service: one aggregate query each."""
    group = {
        "practitioner": ["assessing_clinician_id", "assessing_clinician__first_name",
                         "assessing_clinician__last_name", "assessing_clinician__username"],
        "service": ["assessing_service_id", "assessing_service__name", "assessing_service__organisation__name"],
    }[by]
    rows = (
        _qa_rows(scope, today)
        .values(*group)
        .annotate(reached=Count("id"), returned=Count("id", filter=Q(qa_return_count__gt=0)),
                  returns=Sum("qa_return_count"))
        .order_by(*group)
    )
    out = []
    for row in rows:
        row = dict(row)
        row["key"] = row[group[0]] or "none"
        if by == "practitioner":
            name = f"{row['assessing_clinician__first_name']} {row['assessing_clinician__last_name']}".strip()
            row["name"] = name or row["assessing_clinician__username"] or "Not recorded"
            row["detail"] = ""
        else:
            row["name"] = row["assessing_service__name"] or "Not recorded"
            row["detail"] = row["assessing_service__organisation__name"] or ""
        row["percent"] = round(100 * row["returned"] / row["reached"]) if row["reached"] else None
        out.append(row)
    out.sort(key=lambda r: (-(r["percent"] or 0), r["name"]))
    return out


def _latest_sdq(scope, today):
    """The latest SDQ score of each child looked after now that the user may see."""
    later = SDQScore.objects.filter(child=OuterRef("child"), completed_on__lte=today).filter(
        Q(completed_on__gt=OuterRef("completed_on")) | Q(completed_on=OuterRef("completed_on"), pk__gt=OuterRef("pk"))
    )
    children = scope.people().filter(pk__in=looked_after_ids(today))
    return SDQScore.objects.filter(child__in=children, completed_on__lte=today).filter(~Exists(later))


def sdq_bands(scope, today) -> list[dict]:
    """How many children looked after now have each band as their latest SDQ: one query."""
    rows = {row["band"]: row["children"] for row in
            _latest_sdq(scope, today).values("band").annotate(children=Count("id")).order_by("band")}
    scheme = timescales.in_force("sdq.bands").value
    ordered = [name for name, _ in sorted(scheme.items(), key=lambda item: item[1][0])]
    bands = ordered + sorted(set(rows) - set(ordered))
    total = sum(rows.values())
    return [
        {"band": band, "label": sdq_band_label(band), "children": rows.get(band, 0),
         "percent": round(100 * rows.get(band, 0) / total) if total else None,
         "range": "-".join(str(v) for v in scheme[band]) if band in scheme else "earlier scheme"}
        for band in bands
    ]


# Drilling down ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drill:
    """What one figure's drill-down lists: a queryset of assessments, steps or SDQ scores."""

    kind: str  # "assessment", "step" or "sdq"
    heading: str
    rows: object


def _outcome(outcome: str, today) -> Q:
    if outcome == "all":
        return Q()
    outcomes = _outcomes(today)
    if outcome == "due":
        return outcomes["in_time"] | outcomes["late"] | outcomes["overdue"]
    return outcomes[outcome]


def drill_down(scope, today, wanted: dict) -> Drill:
    """The rows behind one figure, from the query string as lac.forms.dashboard.DashboardDrillQuery
    parsed it: ``figure`` (iha, step, rha, qa, sdq) and its keys (month, step, band,
    practitioner, service, outcome)."""
    figure, outcome = wanted["figure"], wanted["outcome"]
    assessments = _assessments(scope).select_related("child", "assessing_clinician", "assessing_service")
    label = "due" if outcome == "due" else OUTCOME_LABELS.get(outcome, outcome)
    if figure == "iha":
        month = wanted["month"]
        next_month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        rows = assessments.filter(kind=Kind.INITIAL, entered_care_on__gte=max(month, period_start(today)),
                                  entered_care_on__lt=next_month, entered_care_on__lte=today)
        heading = f"Initial health assessments of children who entered care in {month:%B %Y}: {label}"
        return Drill("assessment", heading, rows.filter(_outcome(outcome, today)).order_by("entered_care_on", "id"))
    if figure == "rha":
        band = wanted["band"]
        rows = assessments.filter(kind=Kind.REVIEW, due_on__gte=period_start(today), due_on__lte=today,
                                  child_age_band=band).filter(_outcome(outcome, today))
        return Drill("assessment", f"Review health assessments due in the last 12 months, {band}: {label}",
                     rows.order_by("due_on", "id"))
    if figure == "qa":
        rows = _qa_rows(scope, today).select_related("child", "assessing_clinician", "assessing_service")
        for key, field in (("practitioner", "assessing_clinician_id"), ("service", "assessing_service_id")):
            value = wanted[key]
            if value == "none":
                rows = rows.filter(**{f"{field}__isnull": True})
            elif value is not None:
                rows = rows.filter(**{field: value})
        returned = outcome == "returned"
        if returned:
            rows = rows.filter(qa_return_count__gt=0)
        heading = ("Assessments returned by quality assurance" if returned
                   else "Assessments that reached quality assurance")
        return Drill("assessment", heading, rows.order_by("-qa_return_count", "due_on", "id"))
    if figure == "step":
        step = wanted["step"]
        since = period_start(today)
        iha = _assessments(scope).filter(kind=Kind.INITIAL, entered_care_on__gte=since, entered_care_on__lte=today)
        rows = AssessmentStep.objects.filter(assessment__in=iha.values("pk"), step=step, working_days__isnull=False)
        late = outcome == "late"
        if late:
            rows = rows.filter(late_by_working_days__gt=0)
        rows = rows.select_related("assessment__child").order_by("-working_days", "id")
        heading = f"{Step(step).label}{' late against its target' if late else ''}: IHAs of the last 12 months"
        return Drill("step", heading, rows)
    if figure == "sdq":
        band = wanted["band"]
        rows = _latest_sdq(scope, today).filter(band=band).select_related("child").order_by(
            "-total_difficulties", "id")
        return Drill("sdq", f"Children looked after whose latest SDQ is {sdq_band_label(band).lower()}", rows)
    raise Http404("No such figure")


def child_of(row, kind: str):
    if kind == "step":
        return row.assessment.child
    return row.child
