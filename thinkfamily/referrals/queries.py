"""Reading referrals. Views reach referrals only through these functions, which apply who
may see what and audit the read (the lint refuses ``Referral.objects`` in a views module).

- One referral opens for its parties only (``access.permissions.referral_party_basis``): the referrer, their
  ward manager, their organisation's safeguarding lead, and social care of the receiving
  council once it is sent. Anyone else gets 403, audited as refused.
- The MASH queue lists what a council's MASH has received and not yet closed, oldest first.
- The ward view (R4.4) lists what a ward (ward manager, matron) or an organisation
  (safeguarding lead) has sent, with figures by month computed by aggregate queries."""

import datetime
import statistics
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.referrals import machine
from thinkfamily.referrals.models import Concern, Referral, ReferralStatus
from thinkfamily.referrals.quality import WEAK_BELOW

Role = Practitioner.Role
PER_PAGE = 25
TREND_MONTHS = 12
LIST_RELATED = ("child", "referrer", "referrer_service__organisation", "referrer_team", "mash")


class NotAParty(PermissionDenied):
    """The user is not a party to this referral (audited by the 403 handler, naming it)."""

    def __init__(self, referral):
        self.record = referral
        super().__init__("You are not a party to this referral.")


@dataclass(frozen=True)
class ReferralAccess:
    referral: Referral
    basis: str
    status: str

    @property
    def is_referrer(self) -> bool:
        return self.basis == "Referrer"


def referral_for(user, auditor: Auditor, referral_id, *, path: str = "") -> ReferralAccess:
    """One referral, for a party to it; the read is audited with the basis."""
    referral = Referral.objects.select_related(*LIST_RELATED, "concern").filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral")
    basis = permissions.referral_party_basis(user, referral)
    if basis is None:
        raise NotAParty(referral)
    auditor.read(referral, basis=basis, detail={"path": path} if path else None)
    return ReferralAccess(referral, basis, current_status(referral))


def referral_to_chase(user, auditor: Auditor, referral_id) -> Referral:
    """A referral whose outcome this user may chase (``referrals.chase_outcome``: the referring
    side, while the outcome is not known; a colleague of the referrer's service too, whom its
    discharge guard holds up); the read is audited. Anyone else is refused, audited."""
    referral = Referral.objects.select_related(*LIST_RELATED).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral")
    permissions.require(user, "referrals.chase_outcome", referral)
    auditor.read(referral, basis="Chasing the outcome")
    return referral


def current_status(referral: Referral) -> str:
    return machine.current_status(referral)


def status_history(referral: Referral) -> list[ReferralStatus]:
    return list(referral.statuses.select_related("created_by__team").order_by("id"))


def linked_children(referral: Referral) -> list:
    return list(referral.linked_children.order_by("date_of_birth"))


def overrides(referral: Referral) -> list:
    return list(referral.discharge_overrides.select_related("manager", "team").order_by("created_at"))


# The MASH queue -------------------------------------------------------------------------


def mash_queue(user, auditor: Auditor, page_number=1):
    """Referrals received by the user's council with no outcome yet, oldest first."""
    permissions.require(user, "referrals.see_mash_queue")
    council = user.team.service.organisation
    referrals = (
        Referral.objects.received_by(council)
        .filter(outcome="")
        .with_current_status()
        .select_related(*LIST_RELATED)
        .order_by("sent_at", "id")
    )
    page = Paginator(referrals, PER_PAGE).get_page(page_number)
    auditor.read(
        None,
        basis=f"MASH of {council.name}",
        detail={"page": "mash_queue", "referrals": [r.pk for r in page.object_list]},
    )
    return council, page


# The referrals a practitioner sent (issue 12) ---------------------------------------------


MINE, TEAM = "mine", "team"


def made_by(user, auditor: Auditor, whose: str = MINE, page_number=1):
    """The referrals this user made (``MINE``), or their team's (``TEAM``: every member's,
    theirs too), with their status and outcome, a page: the drafts not sent first (the user's
    own only), then the sent ones, newest first. Withdrawn drafts are left out: they were
    never sent. The read is audited."""
    permissions.require(user, "referrals.see_sent")
    made = Q(referrer=user)
    if whose == TEAM and user.team_id:
        made |= Q(referrer_team_id=user.team_id, sent_at__isnull=False)
    referrals = (
        Referral.objects.filter(made)
        .with_current_status()
        .exclude(current_status=ReferralStatus.Status.WITHDRAWN)
        .select_related(*LIST_RELATED)
        .order_by(F("sent_at").desc(nulls_first=True), "-created_at", "-id")
    )
    page = Paginator(referrals, PER_PAGE).get_page(page_number)
    basis = "Referrer" if whose == MINE else f"Member of {user.team.name}"
    auditor.read(None, basis=basis, detail={"page": f"referrals made ({whose})", "referrals": [r.pk for r in page]})
    return page


def quality_readers(user) -> dict:
    """Who, besides the MASH, sees the quality of this user's referrals: their team's ward
    manager (the ward view) and their organisation's safeguarding lead (its view). Two
    EXISTS queries."""
    if not user.team_id:
        return {"ward_manager": False, "lead": False}
    active = Practitioner.objects.filter(is_active=True)
    return {
        "ward_manager": active.filter(team_id=user.team_id, role=Role.WARD_MANAGER).exists(),
        "lead": active.filter(role=Role.SAFEGUARDING_LEAD,
                              team__service__organisation_id=user.team.service.organisation_id).exists(),
    }


# The ward and department view (R4.4) ------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """Whose referrals a manager sees: a ward (team) or an organisation."""

    label: str
    basis: str
    team_id: int | None = None
    organisation_id: int | None = None

    @property
    def is_organisation(self) -> bool:
        return self.organisation_id is not None

    def concerns(self):
        return Concern.objects.in_area(team_id=self.team_id, organisation_id=self.organisation_id)

    def referrals(self):
        if self.team_id is not None:
            return Referral.objects.filter(referrer_team_id=self.team_id)
        return Referral.objects.filter(referrer_service__organisation_id=self.organisation_id)


def area_for(user) -> Area | None:
    """Ward managers and matrons (role ward manager) see their ward; safeguarding leads
    see their organisation. Nobody else has a ward view."""
    if not permissions.may(user, "referrals.see_ward_view"):
        return None
    team = user.team
    if user.role == Role.WARD_MANAGER:
        return Area(team.name, f"Ward manager of {team.name}", team_id=team.pk)
    if user.role == Role.SAFEGUARDING_LEAD:
        organisation = team.service.organisation
        return Area(organisation.name, f"Safeguarding lead for {organisation.name}", organisation_id=organisation.pk)
    return None


def ward_referrals(area: Area, auditor: Auditor, page_number=1):
    """The area's sent referrals, newest first (a page), and its drafts not yet sent."""
    referrals = area.referrals().sent().with_current_status().select_related(*LIST_RELATED).order_by("-sent_at", "-id")
    page = Paginator(referrals, PER_PAGE).get_page(page_number)
    drafts = list(
        area.referrals()
        .filter(sent_at__isnull=True)
        .with_current_status()
        .filter(current_status=ReferralStatus.Status.DRAFT)
        .select_related(*LIST_RELATED, "concern")
        .order_by("concern__recorded_at")
    )
    auditor.read(
        None,
        basis=area.basis,
        detail={"page": "ward_referrals", "referrals": [r.pk for r in page.object_list] + [r.pk for r in drafts]},
    )
    return page, drafts


@dataclass(frozen=True)
class Figures:
    """Counts for one month, one team, or the whole period."""

    label: str
    referrals: int
    late: int
    with_outcome: int
    weak: int
    median_quality: float | None
    month: datetime.date | None = None  # the month counted, for the figures of one month

    @staticmethod
    def _percent(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def percent_late(self) -> int | None:
        return self._percent(self.late, self.referrals)

    @property
    def percent_with_outcome(self) -> int | None:
        return self._percent(self.with_outcome, self.referrals)

    @property
    def percent_weak(self) -> int | None:
        return self._percent(self.weak, self.referrals)


COUNTS = {
    "referrals": Count("id"),
    "late": Count("id", filter=Q(sent_late=True)),
    "with_outcome": Count("id", filter=~Q(outcome="")),
    "weak": Count("id", filter=Q(quality_score__lt=WEAK_BELOW)),
}


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _months_back(first: datetime.date, count: int) -> list[datetime.date]:
    months = []
    year, month = first.year, first.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def monthly_trends(area: Area, now: datetime.datetime | None = None, months: int = TREND_MONTHS) -> list[Figures]:
    """Referrals sent per month over the last ``months`` months (empty months included):
    how many, how many late, with an outcome, weak, and the median quality score. One
    aggregate query for the counts and one for the scores whose median is taken."""
    now = now or clock.now()
    calendar = _months_back(_month_start(timezone.localdate(now)), months)
    since = timezone.make_aware(datetime.datetime.combine(calendar[0], datetime.time.min))
    sent = area.referrals().sent().filter(sent_at__gte=since).annotate(month=TruncMonth("sent_at"))
    counts = {
        _as_date(row["month"]): row for row in sent.order_by().values("month").annotate(**COUNTS).order_by("month")
    }
    scores: dict = {}
    for month, score in sent.order_by().values_list("month", "quality_score"):
        scores.setdefault(_as_date(month), []).append(score)
    figures = []
    for month in calendar:
        row = counts.get(month, {})
        figures.append(
            Figures(
                label=f"{month:%B %Y}",
                referrals=row.get("referrals", 0),
                late=row.get("late", 0),
                with_outcome=row.get("with_outcome", 0),
                weak=row.get("weak", 0),
                median_quality=_median(scores.get(month, [])),
                month=month,
            )
        )
    return figures


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def totals(area: Area) -> Figures:
    sent = area.referrals().sent()
    row = sent.aggregate(**COUNTS)
    return Figures(
        label="All referrals sent",
        median_quality=_median(sent.values_list("quality_score", flat=True)),
        **row,
    )


def by_team(area: Area) -> list[Figures]:
    """For an organisation: the same figures for each ward or department."""
    sent = area.referrals().sent()
    rows = sent.order_by().values("referrer_team__name", "referrer_service__name").annotate(**COUNTS)
    scores: dict = {}
    for team, service, score in sent.order_by().values_list(
        "referrer_team__name", "referrer_service__name", "quality_score"
    ):
        scores.setdefault((team, service), []).append(score)
    figures = [
        Figures(
            label=f"{row['referrer_team__name'] or 'No team'} ({row['referrer_service__name']})",
            referrals=row["referrals"],
            late=row["late"],
            with_outcome=row["with_outcome"],
            weak=row["weak"],
            median_quality=_median(scores.get((row["referrer_team__name"], row["referrer_service__name"]), [])),
        )
        for row in rows
    ]
    return sorted(figures, key=lambda f: f.label)


# Where a referral can go -------------------------------------------------------------------


def mash_councils():
    """Councils with a MASH in ThinkFamily."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.LOCAL_AUTHORITY, services__kind=Service.Kind.MASH
    ).distinct()


def mash_choices():
    """The councils a referrer may choose, by name."""
    return list(mash_councils().order_by("name"))


def safeguarding_leads_of(organisation_id) -> list:
    """The safeguarding leads of an organisation, by name: whom a concern was discussed with."""
    return list(
        Practitioner.objects.filter(is_active=True, role__in=Role.SAFEGUARDING_LEADS,
                                    team__service__organisation_id=organisation_id)
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )


# Concerns and their decisions (issue 14) ---------------------------------------------------

CONCERN_RELATED = ("child", "recorded_by", "service__organisation", "team", "decided_by", "discussed_with")


def concern_for(user, auditor: Auditor, concern_id, *, path: str = "") -> Concern:
    """One concern, for its recorder, their team or ward manager and their organisation's
    safeguarding lead; the read is audited."""
    concern = Concern.objects.select_related(*CONCERN_RELATED).filter(pk=concern_id).first()
    if concern is None:
        raise Http404("No such concern")
    permissions.require(user, "referrals.decide_concern", concern)  # a 403 that says who may, audited
    basis = "Recorded the concern" if concern.recorded_by_id == user.pk else f"{user.get_role_display()}"
    auditor.read(concern, basis=basis, detail={"path": path} if path else None)
    return concern


def referral_of(concern: Concern) -> Referral | None:
    return Referral.objects.with_current_status().filter(concern=concern).first()


OVERDUE, UNDECIDED = "overdue", "undecided"


def area_concerns(area: Area, auditor: Auditor, show: str, page_number=1, now=None):
    """The area's concerns with no decision: past their decision date (``OVERDUE``, the
    lead's list) or all of them (``UNDECIDED``), the longest waiting first (a page)."""
    now = now or clock.now()
    concerns = area.concerns().undecided()
    if show == OVERDUE:
        concerns = concerns.filter(decision_due_at__lt=now)
    concerns = concerns.select_related(*CONCERN_RELATED).order_by("decision_due_at", "recorded_at", "id")
    page = Paginator(concerns, PER_PAGE).get_page(page_number)
    auditor.read(None, basis=area.basis,
                 detail={"page": f"concerns ({show})", "concerns": [c.pk for c in page.object_list]})
    return page


def concern_counts(area: Area, now=None) -> dict:
    """Concerns awaiting a decision in the area, and how many are past their decision date."""
    now = now or clock.now()
    return area.concerns().undecided().aggregate(
        undecided=Count("id"), overdue=Count("id", filter=Q(decision_due_at__lt=now))
    )


def overdue_concerns_of(user, now=None) -> list[Concern]:
    """The concerns this practitioner recorded that are past their decision date, undecided."""
    now = now or clock.now()
    return list(
        Concern.objects.decision_overdue(now).filter(recorded_by=user).select_related(*CONCERN_RELATED)
        .order_by("decision_due_at", "id")
    )


def undecided_on_record(viewer, person) -> list[Concern]:
    """The concerns about this child awaiting a decision that this viewer may decide (the
    recorder, their manager, their organisation's lead), for the child's record."""
    concerns = Concern.objects.undecided().filter(child=person).select_related(*CONCERN_RELATED)
    return [
        c for c in concerns.order_by("decision_due_at", "id") if permissions.may(viewer, "referrals.decide_concern", c)
    ]
