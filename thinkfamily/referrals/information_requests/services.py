"""Writing MASH information requests (R4.5, R4.6): the MASH sends them, the receiving
service answers them. Each write is one atomic function that writes its audit and
chronology events in the transaction and creates its notifications there too (delivered
by e-mail after commit, thinkfamily.notifications.tasks)."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock, timescales
from thinkfamily.core.concurrency import AlreadyRecorded, lock
from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.rules import notify
from thinkfamily.organisations.models import CaseloadMembership, Practitioner, Service
from thinkfamily.referrals.models import Grade, InformationRequest, InformationResponse

MASH_REQUEST_SENT = register("mash_request_sent", "MASH information request sent", Significance.MEDIUM)
MASH_REQUEST_ANSWERED = register("mash_request_answered", "MASH information request answered", Significance.MEDIUM)

Cause = Notification.Cause
Role = Practitioner.Role


# The calendar, for durations ---------------------------------------------------------------


def working_hours_between(start: datetime.datetime, end: datetime.datetime) -> float:
    """Working time between two moments, in hours: only the working hours (the local setting,
    09:00-17:00 by default) of working days (England's bank holidays excluded) count. A
    request at 16:00 on Friday answered at 10:00 on Monday took 2 working hours."""
    if end <= start:
        return 0.0
    value = timescales.in_force("working_hours", start).value
    open_at = datetime.time.fromisoformat(value["start"])
    close_at = datetime.time.fromisoformat(value["end"])
    first, last = timezone.localtime(start), timezone.localtime(end)
    total = datetime.timedelta(0)
    day = first.date()
    while day <= last.date():
        if timescales.is_working_day(day):
            window_start = timezone.make_aware(datetime.datetime.combine(day, open_at))
            window_end = timezone.make_aware(datetime.datetime.combine(day, close_at))
            overlap = min(window_end, last) - max(window_start, first)
            if overlap > datetime.timedelta(0):
                total += overlap
        day += datetime.timedelta(days=1)
    return round(total.total_seconds() / 3600, 2)


def working_day_hours(at=None) -> float:
    value = timescales.in_force("working_hours", at).value
    start = datetime.datetime.combine(datetime.date.min, datetime.time.fromisoformat(value["start"]))
    end = datetime.datetime.combine(datetime.date.min, datetime.time.fromisoformat(value["end"]))
    return (end - start).total_seconds() / 3600


def deadline_words(request_obj) -> str:
    """The deadline inside a sentence: "by 27 October 2026 at 23:59" (the month keeps its
    capital: never lower-case a sentence that holds a date)."""
    if request_obj.due_at is None:
        return "no deadline (for information)"
    return f"by {format_datetime(request_obj.due_at)}"


# Who is told -------------------------------------------------------------------------------


def _active(queryset):
    return queryset.filter(is_active=True)


def request_recipients(request_obj) -> list:
    """Who in the receiving service is told of a request (and reminded of it):
    - a GP practice: its safeguarding lead(s), else its GPs, else anyone in the practice;
    - any other service: the practitioners with the person asked about (the child, or the
      family member the service knows) on caseload in that service; for a team caseload
      with no named practitioner, the team; if nobody in the service has the person on
      caseload (an episode of care, as in ED or a CAMHS intake), every member of the
      service's teams.
    Whoever is told, the request stands on the service's list until it is answered."""
    service = request_obj.service
    staff = _active(Practitioner.objects.filter(team__service=service))
    if service.kind == Service.Kind.GENERAL_PRACTICE:
        for roles in ([Role.PRACTICE_SAFEGUARDING_LEAD], [Role.GP]):
            chosen = list(staff.filter(role__in=roles))
            if chosen:
                return chosen
        return list(staff)
    person_id = request_obj.known_through_id or request_obj.child_id
    memberships = (
        CaseloadMembership.objects.current(timezone.localdate(clock.now()))
        .filter(person_id=person_id, team__service=service)
        .select_related("practitioner")
    )
    named, teams = set(), set()
    for membership in memberships:
        if membership.practitioner_id and membership.practitioner.is_active:
            named.add(membership.practitioner_id)
        else:
            teams.add(membership.team_id)
    if named or teams:
        chosen = list(_active(Practitioner.objects.filter(Q(pk__in=named) | Q(team_id__in=teams))))
        if chosen:
            return chosen
    return list(staff)


def recipients_by_request(requests) -> dict:
    """``request_recipients`` for many requests at once (a sweep's batch), in four queries
    whatever the batch's size: the same people, by request id."""
    if not requests:
        return {}
    today = timezone.localdate(clock.now())
    service_ids = {r.service_id for r in requests}
    staff_by_service: dict = {}
    for practitioner in _active(Practitioner.objects.filter(team__service_id__in=service_ids)).select_related("team"):
        staff_by_service.setdefault(practitioner.team.service_id, []).append(practitioner)
    wanted = {(r.known_through_id or r.child_id, r.service_id) for r in requests
              if r.service.kind != Service.Kind.GENERAL_PRACTICE}
    named: dict = {}
    teams: dict = {}
    if wanted:
        memberships = (
            CaseloadMembership.objects.current(today)
            .filter(person_id__in={person for person, _ in wanted}, team__service_id__in={s for _, s in wanted})
            .select_related("practitioner", "team")
        )
        for membership in memberships:
            key = (membership.person_id, membership.team.service_id)
            if membership.practitioner_id and membership.practitioner.is_active:
                named.setdefault(key, {})[membership.practitioner_id] = membership.practitioner
            else:
                teams.setdefault(key, set()).add(membership.team_id)
    chosen = {}
    for r in requests:
        staff = staff_by_service.get(r.service_id, [])
        if r.service.kind == Service.Kind.GENERAL_PRACTICE:
            leads = [p for p in staff if p.role == Role.PRACTICE_SAFEGUARDING_LEAD]
            gps = [p for p in staff if p.role == Role.GP]
            chosen[r.pk] = leads or gps or staff
            continue
        key = (r.known_through_id or r.child_id, r.service_id)
        people = dict(named.get(key, {}))
        people.update((p.pk, p) for p in staff if p.team_id in teams.get(key, ()))
        chosen[r.pk] = sorted(people.values(), key=lambda p: p.pk) or staff
    return chosen


def safeguarding_leads(organisation_id) -> list:
    """The named safeguarding leads of an organisation (a GP practice's safeguarding lead)."""
    leads = Practitioner.objects.filter(
        team__service__organisation_id=organisation_id, role__in=Role.SAFEGUARDING_LEADS
    )
    return list(_active(leads))


def safeguarding_leads_by_organisation(organisation_ids) -> dict:
    """``safeguarding_leads`` of many organisations in one query, by organisation id."""
    leads: dict = {organisation_id: [] for organisation_id in organisation_ids}
    for lead in _active(Practitioner.objects.filter(
        team__service__organisation_id__in=leads, role__in=Role.SAFEGUARDING_LEADS
    )).select_related("team__service").order_by("pk"):
        leads[lead.team.service.organisation_id].append(lead)
    return leads


# Sending -------------------------------------------------------------------------------------


def request_link(request_obj) -> str:
    return reverse("referrals:mash_request", args=[request_obj.pk])


def _request_message(request_obj) -> str:
    child = request_obj.child
    about = f"{child.full_name} (born {format_date(child.date_of_birth)})" if child.date_of_birth else child.full_name
    through = (
        f", whom your service knows through {request_obj.known_through.full_name}" if request_obj.known_through else ""
    )
    due = deadline_words(request_obj) if request_obj.due_at else "no deadline: for information"
    return (
        f"The MASH asks {request_obj.service.name} what it knows about {about}{through}. "
        f"Graded {request_obj.get_grade_display().lower()}: answer {due}."
    )[:500]


def send_requests(auditor, *, child, candidates, grade: str, question: str, mash_worker, referral=None):
    """The MASH asks each chosen service what it knows about the child. Each request gets
    its deadline from the calendar (``mash.<grade>``) and says which value was in force;
    blue has none. One chronology event, one audit event and the receiving service's
    notifications per request, all in one transaction."""
    if not permissions.is_mash_worker(mash_worker):
        raise PermissionDenied("Only MASH workers send information requests.")
    if grade not in Grade.values:
        raise ValidationError({"grade": "Choose a grade: red, amber, green or blue."})
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "Enter the question the services are asked."})
    if not candidates:
        raise ValidationError({"services": "Choose at least one service to ask."})
    now = clock.now()
    rule = timescales.deadline(f"mash.{grade}", now)
    mash = mash_worker.team.service.organisation
    created = []
    with transaction.atomic():
        lock(child)  # the same requests sent twice at once: the second finds the first's and sends none again
        asked = InformationRequest.objects.filter(
            child=child, mash=mash, question=question, service__in=[c.service for c in candidates],
            answered_at__isnull=True, cancelled_at__isnull=True,
        ).select_related("service")
        asked = {request_obj.service_id: request_obj for request_obj in asked}
        if asked and all(candidate.service.pk in asked for candidate in candidates):
            names = sorted({request_obj.service.name for request_obj in asked.values()})
            raise AlreadyRecorded(
                next(iter(asked.values())),
                f"This question has already been sent to {', '.join(names)} and is waiting for an answer. "
                "Nothing was sent again.", field="services",
            )
        for candidate in (c for c in candidates if c.service.pk not in asked):
            request_obj = InformationRequest.objects.create(
                child=child,
                referral=referral,
                requested_by=mash_worker,
                mash=mash,
                service=candidate.service,
                known_through=candidate.known_through,
                grade=grade,
                question=question,
                requested_at=now,
                due_at=rule.due_at,
                due_rule=rule.describe(),
            )
            auditor.create(
                request_obj,
                ["service", "grade", "question", "due_at", "due_rule", "known_through", "referral"],
                subject=child,
            )
            service = candidate.service
            record_event(
                child,
                MASH_REQUEST_SENT,
                f"The MASH ({mash.name}) asked {service.name} ({service.organisation.name}) what it knows "
                f"({request_obj.get_grade_display().lower()}; {deadline_words(request_obj)}).",
                occurred_at=now,
                author=mash_worker,
                source=request_obj,
                # That a sexual health service knows a young person is itself confidential (R2.4).
                restricted_to_service=service if service.kind == Service.Kind.SEXUAL_HEALTH else None,
            )
            recipients = request_recipients(request_obj)
            notify(
                recipients,
                cause=Cause.MASH_REQUEST,
                person=child,
                sender=mash_worker,
                message=_request_message(request_obj),
                link=request_link(request_obj),
            )
            request_obj.recipient_count = len(recipients)
            created.append(request_obj)
    return created


# Answering -------------------------------------------------------------------------------------

# Characters of substance (what is left without dates, 'no concerns' and administrative words).
MIN_ANALYSIS_CHARACTERS = 40
MIN_KNOWN_CHARACTERS = 20
MIN_VOICE_CHARACTERS = 15
_MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?"
    r"|dec(ember)?"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}[/.-]\d{{1,2}}([/.-]\d{{2,4}})?\b"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})\b(\s+\d{{4}})?"
    rf"|\b({_MONTHS})\s+\d{{4}}\b",
    re.IGNORECASE,
)
# Administrative words that say a contact happened, not what it showed.
_ADMIN_WORDS = re.compile(
    r"\b(seen|attended|dna|was not brought|wnb|did not attend|appointment|appt|contact|contacts|consultation|"
    r"consult|telephone|phone|call|f2f|face to face|visit|visited|review|reviewed|clinic|gp|nurse|on|at|by|and|"
    r"with|for|re|immunisations?|imms|medication|repeat prescription|issued|letter|no|nil|none|n/?a)\b",
    re.IGNORECASE,
)
_NO_CONCERNS = re.compile(
    r"\b(no|nil|not any)\s+(known\s+|current\s+|safeguarding\s+|significant\s+|other\s+)*"
    r"(concerns?|issues?|worries|problems?)(\s+(noted|raised|identified|known|recorded|reported|here|to report))*\b"
    r"|\bnothing\s+(of\s+note|to\s+report|known|significant)\b|\bnot\s+known\s+to\s+(us|the\s+service|service)\b"
    r"|\bnka\b|\bnfa\b",
    re.IGNORECASE,
)


def _substance(text: str) -> str:
    """What is left of a text once dates, 'no concerns' and administrative words are taken
    out: the analysis, if there is any."""
    text = _NO_CONCERNS.sub(" ", text or "")
    text = _DATE.sub(" ", text)
    text = re.sub(r"\b\d+([:.]\d+)?\b", " ", text)
    text = _ADMIN_WORDS.sub(" ", text)
    text = re.sub(r"[^A-Za-z']+", " ", text)
    return " ".join(text.split())


def analysis_problems(data: dict, *, for_gp: bool = False) -> dict:
    """Why an answer is not yet an analysis (review §3.11, §5.2.6): a list of contact dates or
    'no concerns' is refused, with what to write instead. Empty when the answer will do."""
    problems = {}
    who = "the practice" if for_gp else "your service"
    meaning = (data.get("what_it_means_for_the_child") or "").strip()
    if len(_substance(meaning)) < MIN_ANALYSIS_CHARACTERS:
        problems["what_it_means_for_the_child"] = (
            "Say what what you know means for the child: the risks and needs you see, why, and how sure you are. "
            f"'No concerns' or a list of dates is not enough: if {who} has no concerns, say what that is based on "
            "(for example, when the child was last seen and what was seen)."
        )
    known = (data.get("what_we_know") or "").strip()
    if len(_substance(known)) < MIN_KNOWN_CHARACTERS:
        problems["what_we_know"] = (
            f"Describe what {who} knows about the child and family, not only the dates of contact: what was seen, "
            "said or done at those contacts. Put the dates under 'Recent contacts'."
        )
    voice = (data.get("voice_of_the_child") or "").strip()
    if len(_substance(voice)) < MIN_VOICE_CHARACTERS:
        problems["voice_of_the_child"] = (
            "Say what the child has said, shown or experienced, in their own words where you can. If "
            f"{who} has not seen the child, say so and what you know of the child's daily life."
        )
    return problems


@transaction.atomic
def answer_request(auditor, request_obj, *, responder, data: dict) -> InformationResponse:
    """The receiving service answers. Only a practitioner of that service may; an answer
    that is not an analysis is refused; a request is answered once (a second answer, or an
    answer racing another, is refused, never overwritten)."""
    if responder.team_id is None or responder.team.service_id != request_obj.service_id:
        raise PermissionDenied("Only the service asked can answer this request.")
    problems = analysis_problems(data, for_gp=request_obj.service.kind == Service.Kind.GENERAL_PRACTICE)
    if problems:
        raise ValidationError(problems)
    now = clock.now()
    hours = working_hours_between(request_obj.requested_at, now)
    claimed = InformationRequest.objects.filter(
        pk=request_obj.pk, answered_at__isnull=True, cancelled_at__isnull=True
    ).update(
        answered_at=now,
        response_working_hours=hours,
        updated_at=timezone.now(),  # wall clock: bookkeeping, as auto_now writes it
    )
    if claimed != 1:
        raise ValidationError("This request has already been answered or was withdrawn.")
    request_obj.answered_at, request_obj.response_working_hours = now, hours
    response = InformationResponse.objects.create(
        request=request_obj,
        responder=responder,
        responded_at=now,
        what_we_know=data["what_we_know"].strip(),
        what_it_means_for_the_child=data["what_it_means_for_the_child"].strip(),
        voice_of_the_child=(data.get("voice_of_the_child") or "").strip(),
        parental_capacity=(data.get("parental_capacity") or "").strip(),
        recent_contacts=(data.get("recent_contacts") or "").strip(),
    )
    auditor.write(request_obj, ["answered_at", "response_working_hours"])
    auditor.create(
        response,
        ["what_we_know", "what_it_means_for_the_child", "voice_of_the_child", "parental_capacity", "recent_contacts"],
        subject=request_obj.child,
    )
    service = request_obj.service
    late = request_obj.due_at is not None and now > request_obj.due_at
    record_event(
        request_obj.child,
        MASH_REQUEST_ANSWERED,
        f"{service.name} ({service.organisation.name}) answered the MASH's information request"
        f"{' after its deadline' if late else ''}.",
        occurred_at=now,
        author=responder,
        source=request_obj,
        restricted_to_service=service if service.kind == Service.Kind.SEXUAL_HEALTH else None,
    )
    return response
