"""Writing the child protection process (R5.1, R4.6). Each write is one atomic function that
asks permission (access.permissions), writes its rows, its audit events and its chronology
lines, and tells who must know (notifications), in one transaction.

- ``record_strategy_discussion``: the council records a strategy discussion (and whether a
  section 47 enquiry started) about one or more children, with the health agencies that took
  part. The initial conference is due ``cp.icpc`` working days later.
- ``arrange_conference``: the initial conference from a discussion, or the next conference
  (a review, a core group) from one held, with the agencies invited; each invited agency is
  told in its inbox. Due dates come only from core.timescales (the working-day calendar).
- ``send_report``: an invited agency's report, refused when it is a list of contact dates
  (the check of the MASH answer form, referrals.information_requests.services).
- ``record_conference_held``: attendance and apologies, and each child's decision; a plan
  starting or ending is recorded through legal_status.services, so the legal status, its flag
  and its notifications follow as for any status recorded by hand.
- ``record_minutes``: the minutes and the plan, received and kept on the record of every child
  concerned, told to every invited agency.

The same form sent twice writes once: the constraints of protection.models and a conditional
UPDATE (minutes) turn a second submission into ``AlreadyRecorded``."""

import datetime
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock
from thinkfamily.core.presenters import format_date, format_datetime, plural
from thinkfamily.legal_status import services as legal_status
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.rules import notify
from thinkfamily.organisations.models import Organisation, Service
from thinkfamily.people.models import CPCategory, LegalStatus, LegalStatusEntry, Person
from thinkfamily.people.services.checks import not_in_future
from thinkfamily.protection.models import AgencyReport, Conference, Decision, Invitation, Minutes, StrategyDiscussion
from thinkfamily.referrals.information_requests.services import analysis_problems, request_recipients

STRATEGY_DISCUSSION = register("strategy_discussion", "Strategy discussion", Significance.HIGH)
CONFERENCE_ARRANGED = register("conference_arranged", "Child protection conference arranged", Significance.MEDIUM)
CONFERENCE_HELD = register("conference_held", "Child protection conference held: decision", Significance.HIGH)
CONFERENCE_MINUTES = register("conference_minutes", "Conference minutes and plan received", Significance.HIGH)

Cause = Notification.Cause
Kind = Conference.Kind
Outcome = Decision.Outcome

# The timescale each kind of conference is due under, and from what.
NEXT_TIMESCALE = {
    (Kind.INITIAL, Kind.CORE_GROUP): "cp.core_group",
    (Kind.INITIAL, Kind.REVIEW): "cp.first_review",
    (Kind.REVIEW, Kind.REVIEW): "cp.later_reviews",
}
# What a decision may be at each kind of conference.
OUTCOMES = {
    Kind.INITIAL: [Outcome.PLAN, Outcome.NO_PLAN],
    Kind.REVIEW: [Outcome.PLAN_CONTINUES, Outcome.PLAN_ENDS],
}


def conference_link(conference: Conference) -> str:
    return reverse("protection:conference", args=[conference.pk])


def invitation_link(invitation: Invitation) -> str:
    return reverse("protection:invitation", args=[invitation.pk])


def _names(children) -> str:
    names = [child.full_name for child in children]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _council_of(auditor: Auditor, council: Organisation | None) -> Organisation:
    if auditor.actor is not None:
        return auditor.actor.organisation
    if council is None:
        raise ValidationError({"__all__": "Say which council holds the discussion."})
    return council


def _service_of(auditor: Auditor) -> Service | None:
    actor = auditor.actor
    return actor.team.service if actor is not None and actor.team_id else None


def _events(children, event_type, summary: str, *, occurred_at, auditor: Auditor, source) -> None:
    for child in children:
        record_event(child, event_type, summary, occurred_at=occurred_at, author=auditor.actor,
                     service=_service_of(auditor), source=source)


# Strategy discussions ---------------------------------------------------------------------------


@transaction.atomic
def record_strategy_discussion(auditor: Auditor, child: Person, *, held_on: datetime.date, section_47: bool,
                               summary: str, other_children=(), agencies=(), council=None) -> StrategyDiscussion:
    """The council's strategy discussion about ``child`` (and ``other_children`` of the family),
    with the health ``agencies`` (services) that took part. The same discussion sent twice (the
    same children, day and summary) is recorded once."""
    permissions.require_of(auditor, "protection.record_strategy_discussion", child)
    children = [child, *[other for other in other_children if other.pk != child.pk]]
    if any(person.kind == Person.Kind.ADULT for person in children):
        raise ValidationError({"__all__": "A strategy discussion is about children or an unborn baby."})
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": "Say what the discussion decided and why."})
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the strategy discussion."})
    not_in_future("held_on", held_on, "The date of the discussion")
    council = _council_of(auditor, council)
    lock(child)  # the same form sent twice: the second waits and finds the first
    existing = StrategyDiscussion.objects.filter(children=child, council=council, held_on=held_on,
                                                 summary=summary).first()
    if existing is not None:
        raise AlreadyRecorded(existing, f"This strategy discussion of {format_date(held_on)} is already recorded. "
                                        "Nothing new was written.")
    due = timescales.deadline("cp.icpc", held_on)
    now = clock.now()
    discussion = StrategyDiscussion.objects.create(
        council=council, held_on=held_on, section_47=bool(section_47), summary=summary,
        conference_due_at=due.due_at, conference_due_rule=due.describe(), recorded_by=auditor.actor,
        recorded_at=now,
    )
    discussion.children.set(children)
    discussion.agencies.set(agencies)
    auditor.create(discussion, ["held_on", "section_47", "summary", "children", "agencies", "conference_due_at"],
                   subject=child)
    enquiry = "; a section 47 enquiry started" if section_47 else ""
    # That a restricted service (sexual health) took part is not for everyone who reads the
    # children's chronology (R2.4): the discussion's page, the council's, names it.
    named = [service.name for service in agencies if not service.is_restricted]
    took_part = f" with {', '.join(named)}" if named else ""
    _events(children, STRATEGY_DISCUSSION,
            f"Strategy discussion held by {council.name}{took_part}{enquiry}. Initial child protection "
            f"conference due by {format_date(timezone.localdate(due.due_at))}.",
            occurred_at=held_on, auditor=auditor, source=discussion)
    return discussion


# Conferences -------------------------------------------------------------------------------------


def next_due(conference: Conference, kind: str) -> timescales.Deadline | None:
    """When the conference of ``kind`` that follows ``conference`` is due, or None when none
    follows: a core group is due from the initial conference only, and a core group or review
    only while a child of the conference is on a plan."""
    key = NEXT_TIMESCALE.get((conference.kind, kind))
    if key is None or conference.held_on is None:
        return None
    with_plan = any(d.outcome in (Outcome.PLAN, Outcome.PLAN_CONTINUES) for d in conference.decisions.all())
    if not with_plan:  # no child is on a plan: no core group, no review
        return None
    return timescales.deadline(key, conference.held_on)


def _recipients(invitation: Invitation, children) -> list:
    """Who at the invited service is told: as for a MASH information request about the first
    child (or the family member the service knows)."""
    return request_recipients(SimpleNamespace(service=invitation.service, known_through_id=invitation.known_through_id,
                                              child_id=children[0].pk))


def _invite(auditor: Auditor, conference: Conference, candidates, children, now) -> list[Invitation]:
    invitations = []
    what = conference.get_kind_display().lower()
    for candidate in candidates:
        invitation = Invitation.objects.create(
            conference=conference, service=candidate.service, known_through=candidate.known_through,
            reasons="; ".join(candidate.reasons)[:500], invited_at=now,
        )
        auditor.create(invitation, ["service", "known_through", "reasons"], subject=children[0])
        through = f" (your service knows {candidate.known_through.full_name})" if candidate.known_through else ""
        report = " Send your report on the form: your analysis of risk and the voice of the child." if (
            conference.kind in Conference.WITH_MINUTES) else ""
        notify(
            _recipients(invitation, children), cause=Cause.CONFERENCE_INVITATION, person=children[0],
            sender=auditor.actor, link=invitation_link(invitation),
            message=(f"{conference.council.name} invites {candidate.service.name} to a {what} about "
                     f"{_names(children)}{through} on {format_date(conference.scheduled_on)}.{report}")[:500],
        )
        invitations.append(invitation)
    return invitations


@transaction.atomic
def arrange_conference(auditor: Auditor, *, scheduled_on: datetime.date, invited=(), discussion=None,
                       follows: Conference | None = None, kind: str = Kind.INITIAL) -> Conference:
    """Arrange the initial conference of ``discussion``, or the conference of ``kind`` that
    follows the held conference ``follows`` (a review, a core group), and invite the agencies
    ``invited`` (referrals.information_requests.queries.Candidate, from
    protection.queries.agencies_that_know). Each invited agency is told. The same conference
    arranged twice is one conference."""
    source = discussion if follows is None else follows
    permissions.require_of(auditor, "protection.record_conference", source)
    if scheduled_on is None:
        raise ValidationError({"scheduled_on": "Enter the date of the conference."})
    if follows is None:
        kind, discussion = Kind.INITIAL, discussion
        due = timescales.deadline("cp.icpc", discussion.held_on)
        children = list(discussion.children.all())
        earliest = discussion.held_on
    else:
        discussion = follows.strategy_discussion
        due = next_due(follows, kind)
        if due is None:
            raise ValidationError({"__all__": f"No {Conference.Kind(kind).label.lower()} follows this one."})
        children = list(follows.children.all())
        earliest = follows.held_on
    if scheduled_on < earliest:
        raise ValidationError({"scheduled_on": f"The conference must be on or after {format_date(earliest)}."})
    lock(children[0])
    now = clock.now()
    try:
        with transaction.atomic():
            conference = Conference.objects.create(
                kind=kind, strategy_discussion=discussion, follows=follows, council=discussion.council,
                due_at=due.due_at, due_rule=due.describe(), scheduled_on=scheduled_on, arranged_by=auditor.actor,
                arranged_at=now,
            )
    except IntegrityError:
        existing = Conference.objects.exclude(status=Conference.Status.CANCELLED).filter(
            strategy_discussion=discussion, kind=kind, follows=follows).first()
        if existing is None:
            raise
        raise AlreadyRecorded(existing, f"This {existing.get_kind_display().lower()} is already arranged, for "
                                        f"{format_date(existing.scheduled_on)}. Nothing new was written.") from None
    conference.children.set(children)
    auditor.create(conference, ["kind", "scheduled_on", "due_at", "due_rule", "children"], subject=children[0])
    invitations = _invite(auditor, conference, invited, children, now)
    due_day = timezone.localdate(due.due_at)
    late = f" (after its deadline, {format_date(due_day)})" if scheduled_on > due_day else f", due by " \
        f"{format_date(due_day)}"
    _events(children, CONFERENCE_ARRANGED,
            f"{conference.get_kind_display()} arranged by {conference.council.name} for "
            f"{format_date(scheduled_on)}{late}; {plural(len(invitations), 'agency', 'agencies')} invited.",
            occurred_at=now, auditor=auditor, source=conference)
    return conference


def _decision_words(decision: Decision) -> str:
    if decision.outcome == Outcome.PLAN:
        return f"child protection plan ({CPCategory(decision.category).label.lower()})"
    return Outcome(decision.outcome).label.lower()


def _decide(auditor: Auditor, conference: Conference, child: Person, outcome: str, category: str,
            held_on: datetime.date, now) -> Decision:
    allowed = OUTCOMES.get(conference.kind, [])
    if outcome not in allowed:
        raise ValidationError({f"decision_{child.pk}": f"Choose what the conference decided for {child.full_name}."})
    if outcome == Outcome.PLAN and category not in timescales.in_force("cp.categories").value:
        raise ValidationError({f"category_{child.pk}": f"Choose the category of {child.full_name}'s plan."})
    entry = None
    if outcome == Outcome.PLAN:
        entry = legal_status.record_legal_status(
            auditor, child, status=LegalStatus.CHILD_PROTECTION_PLAN, change=LegalStatusEntry.Change.START,
            effective_date=held_on, cp_category=category, responsible_authority=conference.council,
            notes=f"Decided at the {conference.get_kind_display().lower()}",
        )
    elif outcome == Outcome.PLAN_ENDS:
        entry = legal_status.record_legal_status(
            auditor, child, status=LegalStatus.CHILD_PROTECTION_PLAN, change=LegalStatusEntry.Change.END,
            effective_date=held_on, notes=f"Decided at the {conference.get_kind_display().lower()}",
        )
    decision = Decision.objects.create(
        conference=conference, child=child, outcome=outcome, category=category if outcome == Outcome.PLAN else "",
        legal_status_entry=entry, decided_by=auditor.actor, decided_at=now,
    )
    auditor.create(decision, ["outcome", "category", "legal_status_entry"], subject=child)
    return decision


@transaction.atomic
def record_conference_held(auditor: Auditor, conference: Conference, *, held_on: datetime.date,
                           attendance: dict, decisions: dict) -> Conference:
    """The conference was held on ``held_on``: each invitation's ``attendance`` ({invitation id:
    Invitation.Attendance}) and, at a conference (not a core group), each child's decision
    (``decisions``: {child id: (outcome, category)}). A plan starting or ending is a legal status
    recorded through legal_status.services; the minutes become due (``cp.minutes``). Recorded
    once: a second submission finds the conference held."""
    permissions.require_of(auditor, "protection.record_conference", conference)
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    if locked.status == Conference.Status.HELD:
        raise AlreadyRecorded(locked, f"This {locked.get_kind_display().lower()} was already recorded as held on "
                                      f"{format_date(locked.held_on)}. Nothing was changed.")
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date the conference was held."})
    not_in_future("held_on", held_on, "The date of the conference")
    earliest = locked.follows.held_on if locked.follows_id else locked.strategy_discussion.held_on
    if held_on < earliest:
        raise ValidationError({"held_on": f"The conference must be on or after {format_date(earliest)}."})
    now = clock.now()
    children = list(conference.children.all())
    for invitation in locked.invitations.all():
        value = attendance.get(invitation.pk, Invitation.Attendance.INVITED)
        if value not in Invitation.Attendance.values:
            raise ValidationError({f"attendance_{invitation.pk}": "Choose whether the agency attended."})
        if value != invitation.attendance:
            invitation.attendance = value
            invitation.save(update_fields=["attendance", "updated_at"])
            auditor.write(invitation, ["attendance"], subject=children[0])
    locked.status, locked.held_on, locked.held_recorded_by = Conference.Status.HELD, held_on, auditor.actor
    fields = ["status", "held_on", "held_recorded_by"]
    if locked.kind in Conference.WITH_MINUTES:
        due = timescales.deadline("cp.minutes", held_on)
        locked.minutes_due_at, locked.minutes_due_rule = due.due_at, due.describe()
        fields += ["minutes_due_at", "minutes_due_rule"]
    locked.save(update_fields=[*fields, "updated_at"])
    auditor.write(locked, fields, subject=children[0])
    for child in children:
        summary = f"{locked.get_kind_display()} held by {locked.council.name}"
        if locked.kind in Conference.WITH_MINUTES:
            outcome, category = decisions.get(child.pk, ("", ""))
            decision = _decide(auditor, locked, child, outcome, category, held_on, now)
            summary += f". Decision: {_decision_words(decision)}"
        record_event(child, CONFERENCE_HELD, f"{summary}.", occurred_at=held_on, author=auditor.actor,
                     service=_service_of(auditor), source=locked)
    return locked


# Reports --------------------------------------------------------------------------------------


@transaction.atomic
def send_report(auditor: Auditor, invitation: Invitation, *, data: dict) -> AgencyReport:
    """An invited agency's report to the conference, on the template: what it knows, its analysis
    of risk, the voice of the child. A list of contact dates or 'no concerns' is refused (the
    GP's version too), with what to write instead; sent once."""
    permissions.require_of(auditor, "protection.send_report", invitation)
    service = invitation.service
    problems = analysis_problems(data, for_gp=service.kind == Service.Kind.GENERAL_PRACTICE)
    if problems:
        raise ValidationError(problems)
    existing = AgencyReport.objects.filter(invitation=invitation).first()
    if existing is not None:
        raise AlreadyRecorded(existing, f"{service.name}'s report was already sent on "
                                        f"{format_datetime(existing.sent_at)}. Nothing new was sent.")
    now = clock.now()
    fields = ["what_we_know", "what_it_means_for_the_child", "voice_of_the_child", "parental_capacity",
              "recent_contacts"]
    try:
        with transaction.atomic():
            report = AgencyReport.objects.create(
                invitation=invitation, author=auditor.actor, sent_at=now,
                **{name: (data.get(name) or "").strip() for name in fields},
            )
    except IntegrityError:
        existing = AgencyReport.objects.get(invitation=invitation)
        raise AlreadyRecorded(existing, f"{service.name}'s report was already sent. Nothing new was sent.") from None
    conference = invitation.conference
    children = list(conference.children.all())
    auditor.create(report, fields, subject=children[0])
    recorders = [who for who in (conference.arranged_by,) if who is not None]
    notify(recorders, cause=Cause.CONFERENCE_REPORT, person=children[0], sender=auditor.actor,
           link=conference_link(conference),
           message=f"{service.name} sent its report for the {conference.get_kind_display().lower()} about "
                   f"{_names(children)} on {format_date(conference.scheduled_on)}."[:500])
    return report


# Minutes ----------------------------------------------------------------------------------------


@transaction.atomic
def record_minutes(auditor: Auditor, conference: Conference, *, received_on: datetime.date, minutes: str,
                   plan: str = "") -> Minutes:
    """The minutes (and the plan, when there is one) received: kept on the record of every child
    concerned (a chronology line each) and told to every invited agency. Recorded once: the
    claim is a conditional UPDATE, so two at once write one."""
    permissions.require_of(auditor, "protection.record_minutes", conference)
    if conference.status != Conference.Status.HELD or conference.kind not in Conference.WITH_MINUTES:
        raise ValidationError({"__all__": "Minutes are recorded for a conference that has been held."})
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": "Enter the minutes, or paste them from the council's document."})
    plans = Decision.objects.filter(conference=conference, outcome__in=[Outcome.PLAN, Outcome.PLAN_CONTINUES])
    plan = (plan or "").strip()
    if plans.exists() and not plan:
        raise ValidationError({"plan": "Enter the child protection plan decided at the conference."})
    if received_on is None:
        raise ValidationError({"received_on": "Enter the date the minutes were received."})
    not_in_future("received_on", received_on, "The date the minutes were received")
    now = clock.now()
    claimed = Conference.objects.filter(pk=conference.pk, minutes_received_at__isnull=True).update(
        minutes_received_at=now, updated_at=timezone.now(),  # wall clock: bookkeeping, as auto_now writes it
    )
    if claimed != 1:
        existing = Minutes.objects.get(conference=conference)
        raise AlreadyRecorded(existing, "The minutes of this conference are already recorded. Nothing was changed.")
    record = Minutes.objects.create(conference=conference, received_on=received_on, minutes=minutes, plan=plan,
                                    recorded_by=auditor.actor, recorded_at=now)
    children = list(conference.children.all())
    auditor.create(record, ["received_on", "minutes", "plan"], subject=children[0])
    late = conference.minutes_due_at is not None and now > conference.minutes_due_at
    what = "Minutes and child protection plan" if plan else "Minutes"
    _events(children, CONFERENCE_MINUTES,
            f"{what} of the {conference.get_kind_display().lower()} of {format_date(conference.held_on)} received"
            f"{' after their deadline' if late else ''} and kept on the record.",
            occurred_at=now, auditor=auditor, source=record)
    for invitation in conference.invitations.select_related("service"):
        notify(_recipients(invitation, children), cause=Cause.CONFERENCE_MINUTES, person=children[0],
               sender=auditor.actor, link=conference_link(conference),
               message=f"{what} of the {conference.get_kind_display().lower()} about {_names(children)} on "
                       f"{format_date(conference.held_on)} are on the record."[:500])
    return record
