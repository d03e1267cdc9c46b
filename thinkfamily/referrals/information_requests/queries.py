"""Reading MASH information requests (R4.5, R4.6): who may see which request, which
services know a child (and so may be asked), and the dashboard's figures.

Views reach requests only through these functions, each scoped to the user: a receiving
service's practitioners see their own service's requests; the MASH sees the requests its
council sent; a safeguarding lead sees the requests to their organisation's services."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, FloatField, Q, When
from django.http import Http404
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.core import clock
from thinkfamily.core.aggregates import Percentile
from thinkfamily.core.presenters import format_date
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Service
from thinkfamily.people.models import GPRegistration, HouseholdMembership, Person, Relationship
from thinkfamily.referrals.models import Grade, InformationRequest, InformationResponse, Referral

# An episode of care that ended within this many days still counts as a service that knows
# the child (a CAMHS episode closed in the spring is worth asking about in the autumn).
RECENT_EPISODE_DAYS = 365
PAGE_SIZE = 50


# Who is who ------------------------------------------------------------------------------


def dashboard_scope(user):
    """The requests whose figures this user may see: those their council's MASH sent, or
    those sent to their organisation's services."""
    if permissions.is_mash_worker(user):
        return InformationRequest.objects.filter(mash_id=user.team.service.organisation_id)
    if permissions.is_safeguarding_lead(user):
        return InformationRequest.objects.filter(service__organisation_id=user.team.service.organisation_id)
    raise PermissionDenied("The MASH dashboard is for MASH workers and safeguarding leads.")


def for_service(user):
    """The requests sent to the user's own service: the ones they may answer."""
    if not (user.is_authenticated and user.team_id):
        raise PermissionDenied
    return InformationRequest.objects.filter(service_id=user.team.service_id)


def visible_requests(user):
    """Every request this user may open: their service's, their MASH's, or (for a lead)
    those to their organisation."""
    if not (user.is_authenticated and user.team_id):
        raise PermissionDenied
    condition = Q(service_id=user.team.service_id)
    if permissions.is_mash_worker(user):
        condition |= Q(mash_id=user.team.service.organisation_id)
    if permissions.is_safeguarding_lead(user):
        condition |= Q(service__organisation_id=user.team.service.organisation_id)
    return InformationRequest.objects.filter(condition)


def _with_related(queryset):
    return queryset.select_related(
        "child", "known_through", "service__organisation", "requested_by__team", "mash"
    )


def get_visible(user, request_id) -> InformationRequest:
    """One request this user may open, or 404 (a request to another service is not
    revealed: it answers as if it did not exist)."""
    try:
        return _with_related(visible_requests(user)).get(pk=request_id)
    except (InformationRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such request") from exc


def get_to_answer(user, request_id) -> InformationRequest:
    """A request to the user's own service; another service's is a 404."""
    try:
        return _with_related(for_service(user)).get(pk=request_id)
    except (InformationRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such request for your service") from exc


def response_to(request_obj) -> InformationResponse | None:
    return InformationResponse.objects.filter(request=request_obj).select_related("responder").first()


def service_list(user, *, answered: bool):
    """The user's service's requests: open ones by deadline (blue, with no deadline, last),
    or answered ones, newest first."""
    requests = _with_related(for_service(user))
    if answered:
        return requests.filter(answered_at__isnull=False).order_by("-answered_at", "-id")
    return requests.open().order_by(F("due_at").asc(nulls_last=True), "requested_at", "id")


def sent_by_mash(user, *, answered: bool):
    """The requests the user's council's MASH has sent: open ones by deadline (the overdue
    first, those with no deadline last), or answered ones, newest first."""
    permissions.require(user, "referrals.work_in_mash")
    requests = _with_related(InformationRequest.objects.filter(mash_id=user.team.service.organisation_id))
    if answered:
        return requests.filter(answered_at__isnull=False).order_by("-answered_at", "-id")
    return requests.open().order_by(F("due_at").asc(nulls_last=True), "requested_at", "id")


def requests_for_child(child, mash_id):
    """The requests a council's MASH has sent about a child, newest first."""
    return _with_related(InformationRequest.objects.filter(child=child, mash_id=mash_id)).order_by(
        "-requested_at", "-id"
    )


def for_referral(user, referral):
    """The information requests sent as part of a referral that this user may open (the
    MASH that sent them), oldest first."""
    return _with_related(visible_requests(user).filter(referral=referral)).order_by("requested_at", "id")


def latest_open_referral(child, mash_id):
    """The child's newest referral to this council awaiting an outcome, which requests
    sent now are part of (None when there is none)."""
    return (
        Referral.objects.awaiting_outcome()
        .filter(child=child, mash_id=mash_id)
        .select_related("referrer_team", "referrer_service__organisation")
        .order_by("-sent_at")
        .first()
    )


# Which services know the child -------------------------------------------------------------


@dataclass
class Candidate:
    """A service the MASH may ask, and why it is offered."""

    service: Service
    known_through: Person | None = None
    reasons: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.service.pk}:{self.known_through.pk if self.known_through else ''}"

    @property
    def label(self) -> str:
        return f"{self.service.name}, {self.service.organisation.name}"

    @property
    def hint(self) -> str:
        return "; ".join(self.reasons)


def _practice_services(practice_ids):
    services = Service.objects.filter(
        organisation_id__in=practice_ids, kind=Service.Kind.GENERAL_PRACTICE
    ).select_related("organisation")
    return {service.organisation_id: service for service in services}


def services_of(person_ids, today, now):
    """Current caseloads, open or recent episodes and GP practices of these people:
    [(person_id, service, reason)]."""
    found = []
    caseloads = (
        CaseloadMembership.objects.current(today)
        .filter(person_id__in=person_ids)
        .select_related("team__service__organisation", "practitioner")
    )
    for membership in caseloads:
        who = f" ({membership.practitioner.display_name})" if membership.practitioner_id else ""
        found.append((membership.person_id, membership.team.service, f"on the caseload of {membership.team.name}{who}"))
    recent = now - datetime.timedelta(days=RECENT_EPISODE_DAYS)
    episodes = (
        EpisodeOfCare.objects.filter(person_id__in=person_ids, start_at__lte=now)
        .filter(Q(end_at__isnull=True) | Q(end_at__gte=recent))
        .select_related("service__organisation")
        .order_by("-start_at")
    )
    for episode in episodes:
        when = timezone_date(episode.start_at)
        if episode.end_at is None or episode.end_at > now:
            reason = f"open episode of care since {format_date(when)}"
        else:
            reason = f"episode of care {format_date(when)} to {format_date(timezone_date(episode.end_at))}"
        if episode.reason:
            reason += f" ({episode.reason})"
        found.append((episode.person_id, episode.service, reason))
    registrations = list(
        GPRegistration.objects.current(today).filter(person_id__in=person_ids).select_related("practice")
    )
    practice_services = _practice_services({r.practice_id for r in registrations})
    for registration in registrations:
        service = practice_services.get(registration.practice_id)
        if service is not None:
            found.append((registration.person_id, service, f"registered with {registration.practice.name}"))
    return found


def timezone_date(moment):
    return timezone.localdate(moment)


def family_adults(child, today) -> list[tuple[Person, str]]:
    """The child's parents and step-parents (current) and the adults in the child's
    household: Think Family, their services know things about the child too."""
    adults: dict = {}
    relationships = (
        Relationship.objects.current(today).filter(person=child, type__in=Relationship.PARENT_TYPES)
        .select_related("relative")
    )
    for rel in relationships:
        adults.setdefault(rel.relative_id, (rel.relative, rel.get_type_display().lower()))
    households = HouseholdMembership.objects.current(today).filter(person=child).values("household_id")
    members = (
        HouseholdMembership.objects.current(today)
        .filter(household_id__in=households, person__kind=Person.Kind.ADULT)
        .exclude(person=child)
        .select_related("person")
    )
    for membership in members:
        adults.setdefault(membership.person_id, (membership.person, "adult in the household"))
    return list(adults.values())


def services_that_know(child) -> list[Candidate]:
    """The services the MASH is offered for a child, from the family record and caseloads:
    the child's current caseloads, open or recent episodes of care and GP practice, and the
    same for the child's parents and the adults at home. A service that knows the child and
    an adult is asked once, about the child."""
    now = clock.now()
    today = timezone_date(now)
    adults = family_adults(child, today)
    names = {child.pk: None} | {adult.pk: (adult, relation) for adult, relation in adults}
    candidates: dict = {}
    direct_services = set()
    rows = services_of(list(names), today, now)
    for person_id, service, _reason in rows:
        if person_id == child.pk:
            direct_services.add(service.pk)
    for person_id, service, reason in sorted(rows, key=lambda row: row[0] != child.pk):
        if person_id == child.pk:
            candidate = candidates.setdefault((service.pk, None), Candidate(service))
            candidate.reasons.append(f"{child.given_name or child.full_name}: {reason}")
            continue
        adult, relation = names[person_id]
        if service.pk in direct_services:
            candidate = candidates[(service.pk, None)]
        else:
            candidate = candidates.setdefault((service.pk, person_id), Candidate(service, adult))
        candidate.reasons.append(f"{adult.full_name} ({relation}): {reason}")
    ordered = sorted(
        candidates.values(),
        key=lambda c: (c.known_through is not None, c.service.organisation.name, c.service.name),
    )
    for candidate in ordered:
        candidate.reasons = list(dict.fromkeys(candidate.reasons))
    return ordered


# Dashboard figures -----------------------------------------------------------------------


PERIODS = {"30": 30, "90": 90, "365": 365, "all": None}
DEFAULT_PERIOD = "365"


def _period_start(period: str, now):
    days = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])
    return None if days is None else now - datetime.timedelta(days=days)


def _made_since(since) -> Q:
    """Requests made in the period: since a moment, or all of them ("All time"). A condition
    either way (When() refuses an empty Q)."""
    return Q(requested_at__gte=since) if since else Q(requested_at__isnull=False)


def _open_q() -> Q:
    return Q(answered_at__isnull=True, cancelled_at__isnull=True)


def figures(scope, *, now, period: str, by: str) -> list[dict]:
    """One aggregate query: per grade or per service, the requests made in the period,
    answered, median and 90th percentile working hours from request to answer, % answered
    within the deadline, and (whenever made) open and overdue now."""
    since = _period_start(period, now)
    in_period = _made_since(since)
    rows = scope.filter(in_period | _open_q()) if since else scope
    group = {"grade": ["grade"], "service": ["service_id", "service__name", "service__organisation__name"]}[by]
    answered_in_period = in_period & Q(answered_at__isnull=False)
    # Response times of requests made in the period (NULL otherwise, and percentiles skip NULLs).
    hours = Case(When(in_period, then=F("response_working_hours")), default=None, output_field=FloatField())
    aggregates = rows.values(*group).annotate(
        requested=Count("id", filter=in_period),
        answered=Count("id", filter=answered_in_period),
        median_hours=Percentile(hours, 0.5),
        p90_hours=Percentile(hours, 0.9),
        with_deadline=Count("id", filter=answered_in_period & Q(due_at__isnull=False)),
        on_time=Count("id", filter=answered_in_period & Q(due_at__isnull=False, answered_at__lte=F("due_at"))),
        open=Count("id", filter=_open_q()),
        overdue=Count("id", filter=_open_q() & Q(due_at__lt=now)),
    )
    result = []
    for row in aggregates.order_by(*group):
        row = dict(row)
        row["within_deadline_percent"] = (
            round(100 * row["on_time"] / row["with_deadline"]) if row["with_deadline"] else None
        )
        result.append(row)
    if by == "grade":
        order = {grade: index for index, grade in enumerate(Grade.values)}
        result.sort(key=lambda r: order.get(r["grade"], 99))
    return result


DRILL_FIGURES = {
    "requested": "Requests made",
    "answered": "Answered",
    "on_time": "Answered within the deadline",
    "late": "Answered after the deadline",
    "open": "Open now",
    "overdue": "Overdue now",
}


def drill_down(scope, *, now, period: str, figure: str, grade: str = "", service_id: int | None = None):
    """The requests behind one figure of the dashboard (the view parses the query string:
    forms.DashboardRequestsQuery)."""
    in_period = _made_since(_period_start(period, now))
    conditions = {
        "requested": in_period,
        "answered": in_period & Q(answered_at__isnull=False),
        "on_time": in_period & Q(answered_at__isnull=False, due_at__isnull=False, answered_at__lte=F("due_at")),
        "late": in_period & Q(answered_at__isnull=False, due_at__isnull=False, answered_at__gt=F("due_at")),
        "open": _open_q(),
        "overdue": _open_q() & Q(due_at__lt=now),
    }
    if figure not in conditions:
        raise Http404("No such figure")
    rows = scope.filter(conditions[figure])
    if grade:
        if grade not in Grade.values:
            raise Http404("No such grade")
        rows = rows.filter(grade=grade)
    if service_id:
        rows = rows.filter(service_id=service_id)
    order = ["due_at", "id"] if figure in {"open", "overdue"} else ["-requested_at", "-id"]
    if figure in {"answered", "on_time", "late"}:
        order = ["-response_working_hours", "-id"]
    return _with_related(rows).order_by(*order)


def overdue(scope, now):
    return _with_related(scope.overdue(now)).order_by("due_at", "id")


def open_requests_about(user, person) -> list[InformationRequest]:
    """The open requests about this person that this user may open (for the record's "What
    matters now"), deadline first; none for a user outside a team."""
    if not (user.is_authenticated and user.team_id):
        return []
    return list(
        _with_related(visible_requests(user).open().filter(child=person))
        .order_by(F("due_at").asc(nulls_last=True), "requested_at", "id")
    )
