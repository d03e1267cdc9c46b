"""What each role's home page reads (issue 12, R10.1).

A caseload home lists a page of the people on the user's (or their team's) caseload that
they may open, and for those people, in one query per module whatever the page holds: their
current flags, their open health assessments (lac), the MASH information requests their
service has to answer about them (about a child, or a child known through them), the
referrals about them awaiting an outcome, and the user's own referrals not yet sent. The
other sections are counts over the existing queues, each one aggregate query."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q

from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.access.scoping import AccessScope
from thinkfamily.appointments import queries as appointment_queries
from thinkfamily.flags.models import Flag
from thinkfamily.flags.services import may_see_flag
from thinkfamily.lac.queries.worklist import WorkList
from thinkfamily.organisations.models import CaseloadMembership, Organisation, Practitioner, Team
from thinkfamily.referrals import queries as referral_queries
from thinkfamily.referrals.information_requests import queries as requests_queries
from thinkfamily.referrals.models import Concern, InformationRequest, Referral, ReferralStatus

PER_PAGE = 25
MINE, TEAM = "mine", "team"


@dataclass
class CaseloadEntry:
    """One person on the caseload, and what is due for them from every module."""

    person: object
    flags: list = field(default_factory=list)
    assessments: list = field(default_factory=list)  # lac.queries.worklist.WorkRow
    requests: list = field(default_factory=list)  # InformationRequest to answer
    awaiting_outcome: list = field(default_factory=list)  # Referral sent, no outcome yet
    drafts: list = field(default_factory=list)  # Referral this user drafted and has not sent
    concerns: list = field(default_factory=list)  # Concern this user recorded, undecided, with no draft
    follow_ups: list = field(default_factory=list)  # FollowUp open about the person (missed appointments)
    appointments: list = field(default_factory=list)  # Appointment still waiting after its date


def caseload_people(scope: AccessScope, whose: str, today: datetime.date):
    """The people on the user's own caseload (``MINE``) or their team's (``TEAM``: the team's
    own places and every member's) today, that the user may open, by name."""
    user = scope.user
    places = CaseloadMembership.objects.current(today)
    places = places.filter(practitioner=user) if whose == MINE else places.filter(team_id=user.team_id)
    return (
        scope.people()
        .filter(pk__in=places.values("person_id"))
        .order_by("family_name", "given_name", "date_of_birth", "pk")
    )


def caseload_page(scope: AccessScope, whose: str, page_number, *, today, now):
    """One page of the caseload with what is due for each person (a constant number of
    queries), and an audit of whose names were shown."""
    user = scope.user
    page = Paginator(caseload_people(scope, whose, today), PER_PAGE).get_page(page_number)
    entries = {person.pk: CaseloadEntry(person) for person in page.object_list}
    ids = list(entries)
    if ids:
        for flag in Flag.objects.current(today).filter(person_id__in=ids).select_related("type"):
            if may_see_flag(user, flag):
                entries[flag.person_id].flags.append(flag)
        for row in WorkList(scope, today).for_children(ids):
            entries[row.assessment.child_id].assessments.append(row)
        for request_obj in requests_to_answer(user).filter(Q(child_id__in=ids) | Q(known_through_id__in=ids)):
            for person_id in {request_obj.child_id, request_obj.known_through_id} & set(ids):
                entries[person_id].requests.append(request_obj)
        awaiting = Referral.objects.awaiting_outcome().filter(child_id__in=ids).select_related("mash", "referrer")
        for referral in awaiting.order_by("sent_at", "id"):
            entries[referral.child_id].awaiting_outcome.append(referral)
        for referral in drafts_of(user).filter(child_id__in=ids):
            entries[referral.child_id].drafts.append(referral)
        undecided = Concern.objects.undecided().filter(recorded_by=user, child_id__in=ids, referral__isnull=True)
        for concern in undecided.order_by("decision_due_at", "id"):
            entries[concern.child_id].concerns.append(concern)
        follow_ups, waiting = appointment_queries.due_among(ids, user, today)
        for follow_up in follow_ups:
            unborn = follow_up.appointment.for_unborn_id if follow_up.appointment_id else None
            for person_id in {follow_up.person_id, unborn} & set(ids):
                entries[person_id].follow_ups.append(follow_up)
        for appointment in waiting:
            for person_id in {appointment.person_id, appointment.for_unborn_id} & set(ids):
                entries[person_id].appointments.append(appointment)
    scope.auditor.read(
        None,
        basis="Caseload",
        detail={"page": f"home: caseload ({whose})", "people": [str(i) for i in ids]},
    )
    return page, list(entries.values())


def requests_to_answer(user):
    """The MASH information requests the user's service has not answered yet, by deadline."""
    if not user.team_id:
        return InformationRequest.objects.none()
    return (
        InformationRequest.objects.open()
        .filter(service_id=user.team.service_id)
        .select_related("child", "known_through")
        .order_by("due_at", "id")
    )


def drafts_of(user):
    """The referrals this user started and has neither sent nor withdrawn."""
    return (
        Referral.objects.filter(referrer=user, sent_at__isnull=True)
        .with_current_status()
        .filter(current_status=ReferralStatus.Status.DRAFT)
        .select_related("concern")
        .order_by("created_at", "id")
    )


# Counts for the other sections (one aggregate query each) ----------------------------------


def service_request_counts(user, now) -> dict:
    """The requests to the user's service: open, overdue, and answered (one query)."""
    if not user.team_id:
        return {"open": 0, "overdue": 0, "answered": 0}
    is_open = Q(answered_at__isnull=True, cancelled_at__isnull=True)
    return InformationRequest.objects.filter(service_id=user.team.service_id).aggregate(
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(due_at__lt=now)),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
    )


def sent_referral_counts(user, now) -> dict:
    """The referrals the user made: sent, awaiting an outcome, the outcome overdue; and their
    drafts not sent."""
    sent = Q(sent_at__isnull=False)
    return Referral.objects.filter(referrer=user).aggregate(
        sent=Count("id", filter=sent),
        awaiting=Count("id", filter=sent & Q(outcome="")),
        overdue=Count("id", filter=sent & Q(outcome="", decision_due_at__lt=now)),
    ) | {"drafts": drafts_of(user).count()}


def mash_queue_counts(user, now) -> dict:
    council_id = user.team.service.organisation_id
    return (
        Referral.objects.received_by(council_id)
        .filter(outcome="")
        .aggregate(waiting=Count("id"), overdue=Count("id", filter=Q(decision_due_at__lt=now)))
    )


def mash_request_counts(user, now) -> dict:
    """The requests the user's MASH sent (or, for a lead, those sent to their organisation):
    open, overdue, and escalated to a lead."""
    return (
        requests_queries.dashboard_scope(user)
        .open()
        .aggregate(
            open=Count("id"),
            overdue=Count("id", filter=Q(due_at__lt=now)),
            escalated=Count("id", filter=Q(escalated_at__isnull=False)),
        )
    )


def ward_counts(user, now) -> dict:
    area = referral_queries.area_for(user)
    concerns = referral_queries.concern_counts(area, now)
    return {"label": area.label} | area.referrals().aggregate(
        awaiting=Count("id", filter=Q(sent_at__isnull=False, outcome="")),
        overdue=Count("id", filter=Q(sent_at__isnull=False, outcome="", decision_due_at__lt=now)),
    ) | {"concerns_undecided": concerns["undecided"], "concerns_overdue": concerns["overdue"]}


def concerns_awaiting_decision(scope: AccessScope, now) -> list:
    """The concerns the user recorded that are past their decision date, undecided, with
    whether each child's record opens to them; the read is audited."""
    concerns = referral_queries.overdue_concerns_of(scope.user, now)
    if concerns:
        scope.auditor.read(None, basis="Recorded the concerns",
                           detail={"page": "home: concerns awaiting a decision", "concerns": [c.pk for c in concerns]})
    return concerns


def break_glass_to_review(user) -> int:
    return BreakGlassAccess.objects.for_organisation(user.organisation).awaiting_review().count()


def worklist_count(scope: AccessScope, today) -> int:
    return WorkList(scope, today).queryset().count()


def area_counts() -> dict:
    """The area a local administrator runs: its organisations, teams and active staff."""
    return {
        "organisations": Organisation.objects.count(),
        "teams": Team.objects.count(),
        "staff": Practitioner.objects.filter(is_active=True).exclude(role="").count(),
        "without_team": Practitioner.objects.filter(is_active=True, team__isnull=True).count(),
    }
