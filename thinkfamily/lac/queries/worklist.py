"""The children-in-care team's work list (R6.1): open health assessments that are overdue or
at risk, most late first, for the children the user may see.

At risk means due within ``AT_RISK_WORKING_DAYS`` working days, or the step the assessment is
waiting for already past its own target (the council's notification not received 3 working
days after entering care, the typed report not done 3 working days after the clinic...).
Both are decided in the database, so the list pages like any other: the step targets are
turned into "started on or before" dates once per page, and the last step of each assessment
is one correlated subquery over the (assessment, id) index."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery

from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock, timescales
from thinkfamily.core.presenters import format_date
from thinkfamily.lac.models import AssessmentStep, HealthAssessment

Step = AssessmentStep.Step
Kind = HealthAssessment.Kind
PER_PAGE = 25
AT_RISK_WORKING_DAYS = 5

# The step an assessment waits for after its last step, and the timescale that step is
# measured against from the date of the last step (lac.services.pipeline.target_for, without queries).
WAITING_FOR = {
    None: (Step.NOTIFICATION_RECEIVED, "lac.iha_notification"),  # from entering care
    Step.NOTIFICATION_RECEIVED: (Step.REQUESTED, "lac.iha_request"),
    Step.REQUESTED: (Step.APPOINTMENT_BOOKED, "lac.iha_booking"),
    Step.NOT_BROUGHT: (Step.APPOINTMENT_BOOKED, "lac.iha_booking"),
    Step.RESCHEDULED: (Step.APPOINTMENT_BOOKED, "lac.iha_booking"),
    Step.APPOINTMENT_BOOKED: (Step.SEEN, "lac.iha_seen"),  # from entering care
    Step.SEEN: (Step.REPORT_TYPED, "lac.iha_typed_report"),
    Step.QA_RETURNED: (Step.REPORT_TYPED, "lac.iha_typed_report"),
    Step.REPORT_TYPED: (Step.QA_ACCEPTED, "lac.assessment_qa"),
    Step.QA_ACCEPTED: (Step.SHARED, "lac.assessment_share"),
}
FROM_ENTERING_CARE = {None, Step.APPOINTMENT_BOOKED}
# The timescale an assessment's due date comes from: how its lateness is counted (an initial
# assessment in working days, a review in months, so its lateness in calendar days).
DUE_TIMESCALE = {Kind.INITIAL: "lac.iha_due", Kind.REVIEW: "lac.rha_5plus"}


def _latest_start_already_late(working_days: int, today: datetime.date) -> datetime.date:
    """The last start date whose target (``working_days`` after it) is before today."""
    day = today - datetime.timedelta(days=1)
    while timescales.add_working_days(day, working_days) >= today:
        day -= datetime.timedelta(days=1)
    return day


def _days(count: int, working: bool) -> str:
    return f"{count} {'working ' if working else ''}day{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class WorkRow:
    assessment: HealthAssessment
    days_late: int  # in working days when ``late_in_working_days``, else calendar days
    last_step: str
    last_step_on: datetime.date | None
    waiting_for: str
    waiting_target_on: datetime.date | None
    waiting_late_by: int  # working days past the waiting step's target, 0 if not late
    late_in_working_days: bool = True

    @property
    def late_text(self) -> str:
        """The assessment's lateness, once, in its timescale's unit: "18 working days late"."""
        return f"{_days(self.days_late, self.late_in_working_days)} late" if self.days_late else ""

    @property
    def waiting_late_text(self) -> str:
        """The waiting step's own lateness, unless its target is the due date itself (then the
        lateness is the assessment's, already said once in its own column)."""
        if not self.waiting_late_by or self.waiting_target_on == self.assessment.due_on:
            return ""
        return f"{_days(self.waiting_late_by, True)} late"

    @property
    def child(self):
        return self.assessment.child

    @property
    def late(self) -> bool:
        return self.days_late > 0 or self.waiting_late_by > 0

    @property
    def waiting_target(self) -> str:
        return format_date(self.waiting_target_on)


class WorkList:
    def __init__(self, scope: AccessScope, today: datetime.date | None = None):
        self.scope = scope
        self.today = today or clock.today()
        # One look-up per timescale per page (a local setting may be in force), never per row.
        self.rules = {key: timescales.in_force(key) for key in {key for _, key in WAITING_FOR.values()}}
        self.at_risk_by = timescales.add_working_days(self.today, AT_RISK_WORKING_DAYS)
        self.due_units = {kind: timescales.TIMESCALES[key].unit for kind, key in DUE_TIMESCALE.items()}

    def _late_before(self, key) -> datetime.date:
        return _latest_start_already_late(self.rules[key].value, self.today)

    def waiting_step_late(self) -> Q:
        """The step the assessment waits for is already past its own target."""
        iha = Q(kind=Kind.INITIAL)
        return (
            (iha & Q(last_step__isnull=True, entered_care_on__lte=self._late_before("lac.iha_notification")))
            | (iha & Q(last_step=Step.NOTIFICATION_RECEIVED, last_step_on__lte=self._late_before("lac.iha_request")))
            | (
                iha
                & Q(last_step__in=[Step.REQUESTED, Step.NOT_BROUGHT, Step.RESCHEDULED])
                & Q(last_step_on__lte=self._late_before("lac.iha_booking"))
            )
            | (iha & Q(last_step=Step.APPOINTMENT_BOOKED, entered_care_on__lte=self._late_before("lac.iha_seen")))
            | Q(last_step=Step.SEEN, report_due_on__lt=self.today)
            | Q(last_step=Step.QA_RETURNED, last_step_on__lte=self._late_before("lac.iha_typed_report"))
            | Q(last_step=Step.REPORT_TYPED, last_step_on__lte=self._late_before("lac.assessment_qa"))
            | Q(last_step=Step.QA_ACCEPTED, last_step_on__lte=self._late_before("lac.assessment_share"))
        )

    def _open_assessments(self):
        last = AssessmentStep.objects.filter(assessment=OuterRef("pk")).order_by("-id")
        return (
            self.scope.among(HealthAssessment.objects.open(), "child")
            .annotate(
                last_step=Subquery(last.values("step")[:1]),
                last_step_on=Subquery(last.values("occurred_on")[:1]),
            )
        )

    def queryset(self):
        return (
            self._open_assessments()
            .filter(Q(due_on__lte=self.at_risk_by) | self.waiting_step_late())
            .select_related("child")
            .order_by("due_on", "entered_care_on", "id")
        )

    def _row(self, a: HealthAssessment) -> WorkRow:
        waiting, key = WAITING_FOR.get(a.last_step, (None, ""))
        target_on = None
        if a.kind == Kind.REVIEW and a.last_step in (None, Step.APPOINTMENT_BOOKED):
            # A review is booked and seen against its due date (lac.services.pipeline.target_for).
            waiting = Step.APPOINTMENT_BOOKED if a.last_step is None else Step.SEEN
            target_on = a.due_on
        elif a.last_step == Step.SEEN and a.report_due_on:
            target_on = a.report_due_on
        elif key:
            start = a.entered_care_on if a.last_step in FROM_ENTERING_CARE else a.last_step_on
            if start is not None:
                target_on = timescales.add_working_days(start, self.rules[key].value)
        late_by = (
            max(0, timescales.working_days_between(target_on, self.today)) if target_on and target_on < self.today
            else 0
        )
        working = self.due_units[a.kind] == timescales.WORKING_DAYS
        days_late = (
            max(0, timescales.working_days_between(a.due_on, self.today)) if working and a.due_on < self.today
            else 0 if working else a.days_late(self.today)
        )
        return WorkRow(
            assessment=a,
            days_late=days_late,
            late_in_working_days=working,
            last_step=Step(a.last_step).label if a.last_step else "Nothing recorded yet",
            last_step_on=a.last_step_on,
            waiting_for=Step(waiting).label if waiting else "",
            waiting_target_on=target_on,
            waiting_late_by=late_by,
        )

    def for_children(self, child_ids) -> list[WorkRow]:
        """Every open assessment of these children, due or not, soonest first (one query):
        what a caseload's home page shows against each child."""
        assessments = self._open_assessments().filter(child_id__in=list(child_ids)).order_by("due_on", "id")
        return [self._row(a) for a in assessments]

    def page(self, page_number=1):
        """One page of rows, and an audit of whose names were shown."""
        page = Paginator(self.queryset(), PER_PAGE).get_page(page_number)
        rows = [self._row(a) for a in page.object_list]
        self.scope.auditor.read(
            None,
            basis="Children-in-care health work list",
            detail={"page": "lac_worklist", "assessments": [r.assessment.pk for r in rows]},
        )
        return page, rows
