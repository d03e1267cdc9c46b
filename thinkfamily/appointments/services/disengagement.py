"""Adults who disengage while children or an unborn baby are known (R7.2; review §2.9-2.10,
§2.19-2.22, Rec 2.5, 6.1).

An adult who misses appointments with an adult service (substance misuse, adult mental health,
adult ADHD, maternity, general practice), or whom such a service discharges for
non-engagement, while children or an unborn baby are known to be around them, gets a required
follow-up: contact the children's practitioners and consider a referral. It is a ``FollowUp``
of kind DISENGAGEMENT (one open per adult and service), on the named practitioner's home page
and the manager's list until someone records what was done.

- Missed appointments count against the local 'was not brought' rule (``wnb.threshold``: two
  in 12 months, or one where a known child has a child protection plan or is looked after, or
  the unborn baby has concerns: ``was_not_brought.one_miss_reason``); a discharge for
  non-engagement raises it at once.
- The children known are those living with the adult, those the adult is a parent, carer or
  other adult in regular contact of (a current relationship), and the unborn babies the adult
  is a parent of, whatever the adult's sex.
- The adult's chronology (``follow_ups.raise_follow_up``) and each child's say so, and each
  child's health visitor or school nurse and GP are told (``notifications.rules.on_adult_disengaged``).

Sexual health is not an adult service here: its involvement is confidential (R2.4), so a
missed sexual health appointment tells no one outside it."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.appointments.services.follow_ups import raise_follow_up
from thinkfamily.appointments.services.was_not_brought import one_miss_reason
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import ADULT_AROUND_CHILD_DISENGAGED
from thinkfamily.core import clock
from thinkfamily.core.presenters import format_date
from thinkfamily.core.timescales import in_force
from thinkfamily.notifications import rules
from thinkfamily.organisations.models import Service
from thinkfamily.people.models import Person, Relationship

# The adult services that book appointments (an emergency department books none).
ADULT_SERVICE_KINDS = Service.ADULT_KINDS - {Service.Kind.EMERGENCY_DEPARTMENT}
# The ties by which a child is known to an adult who does not live with them.
CONTACT_TYPES = Relationship.PARENT_TYPES | {Relationship.Type.CARER, Relationship.Type.OTHER_ADULT}


@dataclass(frozen=True)
class KnownChild:
    person: Person
    tie: str  # "lives with them", "mother", "other adult in regular contact"...

    def describe(self) -> str:
        child = self.person
        if child.is_unborn:
            due = f", due {format_date(child.expected_delivery_date)}" if child.expected_delivery_date else ""
            return f"an unborn baby{due}"
        age = child.age_in_years()
        return f"{child.full_name} ({age})" if age is not None else child.full_name


def children_known(adult: Person) -> list[KnownChild]:
    """The children and unborn babies known to be around the adult: in the adult's household
    (``notifications.rules.children_in_household``), or the adult's child, step-child,
    foster or kinship child, or a child the adult is in regular contact with (a current
    relationship). Living children and unborn babies only, oldest first, unborn last."""
    known: dict = {}
    for child in rules.children_in_household(adult).filter(date_of_death__isnull=True):
        known[child.pk] = KnownChild(child, "lives with them")
    ties = (
        Relationship.objects.current()
        .filter(relative=adult, type__in=CONTACT_TYPES, person__kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN],
                person__date_of_death__isnull=True)
        .select_related("person")
    )
    for tie in ties:
        known.setdefault(tie.person_id, KnownChild(tie.person, tie.get_type_display().lower()))
    return sorted(known.values(), key=lambda k: (k.person.is_unborn, k.person.date_of_birth or datetime.date.max,
                                                 k.person.full_name))


def _why_one_is_enough(children: list[KnownChild]) -> str | None:
    """Why one missed appointment is enough (the 'was not brought' rule's own reasons: a known
    child has a child protection plan or is looked after, or the unborn baby has concerns),
    in a practitioner's words, or None."""
    for known in children:
        because = one_miss_reason(known.person)
        if because:
            return f"one missed appointment is enough because {known.describe()} {because}"
    return None


def _misses(appointment: Appointment, months: int) -> int:
    """The adult's missed appointments with this service in the ``months`` up to this one."""
    day = appointment.date or clock.today()
    since = day - relativedelta(months=months)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    return (
        Appointment.objects.missed()
        .filter(person_id=appointment.person_id, service_id=appointment.service_id)
        .filter(Q(starts_at__gte=start) | Q(starts_at__isnull=True, due_by__gte=since))
        .count()
    )


def applies(person: Person, service: Service) -> bool:
    """Disengagement is an adult's, from an adult service."""
    return person.kind == Person.Kind.ADULT and service.kind in ADULT_SERVICE_KINDS


def _named_practitioner(person: Person, service: Service, *, fallback=None):
    """The adult's named practitioner in the service (their caseload holder in one of its
    teams, or its members for a team caseload), or ``fallback``."""
    return rules.caseload_practitioners(person).filter(team__service=service).first() or fallback


def _children_words(children: list[KnownChild]) -> str:
    words = [k.describe() for k in children]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _raise(*, adult, service, team, assigned_to, appointment, what, rule, recorded_by, children) -> FollowUp | None:
    reason = (
        f"{adult.full_name} {what}. Children known: {_children_words(children)}. Contact the children's health "
        "visitor, school nurse or GP and consider a referral to children's social care."
    )
    follow_up, created = raise_follow_up(
        kind=FollowUp.Kind.DISENGAGEMENT, person=adult, service=service, team=team, assigned_to=assigned_to,
        appointment=appointment, reason=reason[:500], rule_in_force=rule, sender=recorded_by,
    )
    if not created:
        return follow_up  # already open: the practitioner is already on it, and the children's were told
    # raise_follow_up wrote the adult's chronology line and told the practitioner; the
    # children's records say so too, and their practitioners are told.
    who = assigned_to.display_name if assigned_to is not None else (team.name if team else service.name)
    for known in children:
        record_event(
            known.person, ADULT_AROUND_CHILD_DISENGAGED,
            f"{_adult_in_childs_life(known)} disengaged from {service.name}: {adult.full_name} {what}. "
            f"{who} is following it up.",
            occurred_at=clock.now(), author=recorded_by, service=service, source=follow_up,
        )
        rules.on_adult_disengaged(follow_up, known.person, sender=recorded_by)
    return follow_up


def _adult_in_childs_life(known: KnownChild) -> str:
    if known.tie == "lives with them":
        return "Adult in the household"
    return f"Adult in the child's life ({known.tie})"


def after_missed(appointment: Appointment, recorded_by) -> FollowUp | None:
    """Called in the outcome service's transaction when an adult's appointment is recorded as
    did not attend: raise the disengagement follow-up when children are known and the misses
    reach the 'was not brought' threshold. Returns the open follow-up, or None."""
    adult, service = appointment.person, appointment.service
    if not applies(adult, service):
        return None
    children = children_known(adult)
    if not children:
        return None
    rule = in_force("wnb.threshold")
    months = int(rule.value.get("months", 12))
    because = _why_one_is_enough(children)
    needed = int(rule.value.get("missed_if_cp_or_looked_after", 1) if because else rule.value.get("missed", 2))
    missed = _misses(appointment, months)
    if missed < needed:
        return None
    times = "an appointment" if missed == 1 else f"{missed} appointments"
    what = f"did not attend {times} with {service.name} in {months} months" + (f" ({because})" if because else "")
    return _raise(
        adult=adult, service=service, team=appointment.team, appointment=appointment, what=what,
        assigned_to=(appointment.practitioner if appointment.practitioner_id and appointment.practitioner.is_active
                     else _named_practitioner(adult, service)),
        rule=rule.describe(), recorded_by=recorded_by, children=children,
    )


def after_discharge_for_non_engagement(episode, recorded_by) -> FollowUp | None:
    """Called in ``caseloads.services.close_episode``'s transaction when a service discharges
    an adult for non-engagement: with children known, the follow-up is raised at once (no
    threshold), for the adult's named practitioner in the service or whoever discharged them."""
    adult, service = episode.person, episode.service
    if not applies(adult, service):
        return None
    children = children_known(adult)
    if not children:
        return None
    assigned_to = _named_practitioner(adult, service, fallback=recorded_by)
    team = assigned_to.team if assigned_to is not None and assigned_to.team.service_id == service.pk else None
    return _raise(
        adult=adult, service=service, team=team, appointment=None, assigned_to=assigned_to,
        what=f"was discharged by {service.name} for not engaging",
        rule="Discharged for non-engagement: follow-up raised at once", recorded_by=recorded_by, children=children,
    )
