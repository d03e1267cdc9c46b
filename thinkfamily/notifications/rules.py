"""Who is told what (R2.3). Each rule finds its recipients from the record and creates
the notifications inside the caller's transaction; e-mail alerts follow after commit.

- looked-after status starts or ends: every practitioner with the child on caseload, the
  child's GP practice and the children-in-care nursing team (§5.2.13, Rec 10.4);
- placed for adoption: the children-in-care health team (§4.11, Rec 10.3);
- child protection plan starts or ends: the GP practice, the health visitor or school nurse,
  and the sexual health service if the young person has attended it (§3.18);
- MARAC, MAPPA or domestic abuse recorded for an adult: the GP practice of every child in
  the adult's household (§3.12, Rec 1.4);
- change of school, with its reason: the school nurse (§5.2.19);
- an adult seen in ED with risky behaviour and children at home: a paediatric liaison
  notification to each child's health visitor or school nurse and GP (§2.11);
- an adult who disengaged from an adult service (missed appointments, discharged for
  non-engagement) while children are known: each child's health visitor or school nurse and
  GP (R7.2, §2.19-2.22);
- a point-of-care lookup: the child's social worker, or the responsible authority's MASH
  (§5.2.1);
- an adult seen by an adult service says a child lives with them or is in regular contact
  (Think Family): the child's health visitor or school nurse and GP (R1.6)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse

from thinkfamily.core import clock
from thinkfamily.core.compiled import CompiledRead, Slot, slots
from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.tasks import enqueue_after_commit, enqueue_batch
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import (
    GPRegistration,
    HouseholdMembership,
    LegalStatus,
    LegalStatusEntry,
    Person,
    Relationship,
)

Role = Practitioner.Role
Cause = Notification.Cause
GP_ROLES = [Role.PRACTICE_SAFEGUARDING_LEAD, Role.GP]
HEALTH_VISITING_SCHOOL_NURSING = [Service.Kind.HEALTH_VISITING, Service.Kind.SCHOOL_NURSING]


# Recipients ------------------------------------------------------------------------------


def _active(queryset):
    return queryset.filter(is_active=True)


def caseload_practitioners(person, service_kinds=None):
    """The named practitioners with the person on caseload; for a team caseload with no
    named practitioner, or whose named practitioner has left (inactive), the team's members."""
    memberships = CaseloadMembership.objects.current().filter(person=person).select_related("practitioner")
    if service_kinds:
        memberships = memberships.filter(team__service__kind__in=service_kinds)
    named, teams = set(), set()
    for membership in memberships:
        if membership.practitioner_id and membership.practitioner.is_active:
            named.add(membership.practitioner_id)
        else:
            teams.add(membership.team_id)
    return _active(Practitioner.objects.filter(Q(pk__in=named) | Q(team_id__in=teams)))


def registered_practice_id(person):
    """The person's current GP practice; for an unborn child, the mother's."""
    if person.is_unborn:
        mother = (
            Relationship.objects.filter(person=person, type=Relationship.Type.MOTHER)
            .values_list("relative_id", flat=True)
            .first()
        )
        if mother is None:
            return None
        return GPRegistration.objects.current().filter(person_id=mother).values_list("practice_id", flat=True).first()
    return GPRegistration.objects.current().filter(person=person).values_list("practice_id", flat=True).first()


def gp_practice(person):
    """The practice safeguarding lead of the child's current practice (for an unborn child,
    the mother's practice), or its GPs if it has no lead."""
    practice_id = registered_practice_id(person)
    if practice_id is None:
        return Practitioner.objects.none()
    staff = _active(Practitioner.objects.filter(team__service__organisation_id=practice_id))
    leads = staff.filter(role=Role.PRACTICE_SAFEGUARDING_LEAD)
    return leads if leads.exists() else staff.filter(role=Role.GP)


def children_in_care_team(person, entry=None):
    """The children-in-care health team(s) for this child: those of providers commissioned by
    the child's responsible or placing authority, or by the CCG that commissions the child's
    GP practice. Where no such commissioning is recorded, every children-in-care team (an
    installation for one area), rather than no one."""
    authorities = set()
    entries = LegalStatusEntry.objects.in_force().filter(person=person)
    for responsible, placing in entries.values_list("responsible_authority_id", "placing_authority_id"):
        authorities.update(pk for pk in (responsible, placing) if pk)
    if entry is not None:
        authorities.update(pk for pk in (entry.responsible_authority_id, entry.placing_authority_id) if pk)
    practice_id = registered_practice_id(person)
    if practice_id is not None:
        authorities.update(
            Organisation.commissioned_by.through.objects.filter(from_organisation_id=practice_id).values_list(
                "to_organisation_id", flat=True
            )
        )
    everyone = _active(Practitioner.objects.filter(team__service__kind=Service.Kind.CHILDREN_IN_CARE))
    commissioned = everyone.filter(team__service__organisation__commissioned_by__in=authorities).distinct()
    return commissioned if authorities and commissioned.exists() else everyone


def health_visitor_or_school_nurse(person):
    """The 0-19 practitioners (health visitor, school nurse) with the child on caseload."""
    return caseload_practitioners(person, HEALTH_VISITING_SCHOOL_NURSING)


def school_nurses(person):
    """The school nursing practitioners with the child on caseload."""
    return caseload_practitioners(person, [Service.Kind.SCHOOL_NURSING])


def sexual_health_if_attended(person):
    services = EpisodeOfCare.objects.filter(person=person, service__kind=Service.Kind.SEXUAL_HEALTH).values(
        "service_id"
    )
    return _active(Practitioner.objects.filter(team__service_id__in=services))


@dataclass(frozen=True)
class CareRows:
    """What the rules read about people, read once and shared with the page that shows the
    same rows (the point-of-care lookup): the current places on caseloads (with their
    practitioner and team) and the in-force legal status entries (with their responsible
    authority), each by person id."""

    memberships: dict = field(default_factory=dict)
    legal_status_entries: dict = field(default_factory=dict)

    @classmethod
    def of(cls, people) -> "CareRows":
        """Two queries, whatever the number of people (each compiled once: core.compiled)."""
        ids = [person.pk for person in people]
        memberships, entries = defaultdict(list), defaultdict(list)
        for membership in _MEMBERSHIPS.run(shape=(len(ids),), people=ids, today=clock.today()):
            memberships[membership.person_id].append(membership)
        for entry in _ENTRIES.run(shape=(len(ids),), people=ids):
            entries[entry.person_id].append(entry)
        return cls(dict(memberships), dict(entries))


_MEMBERSHIPS = CompiledRead(lambda count: (
    CaseloadMembership.objects.current(on=Slot("today", CaseloadMembership._meta.get_field("start_date")))
    .filter(person__pk__in=slots("people", count, CaseloadMembership._meta.get_field("person")))
    .select_related("practitioner", "team")
))
_ENTRIES = CompiledRead(lambda count: (
    LegalStatusEntry.objects.in_force()
    .filter(person__pk__in=slots("people", count, LegalStatusEntry._meta.get_field("person")))
    .select_related("person", "responsible_authority")
))


def _by_name(practitioners) -> list:
    """Practitioners once each, in Practitioner's order (family name, then given name)."""
    unique = {practitioner.pk: practitioner for practitioner in practitioners}
    return sorted(unique.values(), key=lambda p: (p.last_name, p.first_name))


def social_workers_or_mash(people, care: CareRows) -> dict:
    """``social_worker_or_mash`` for many people from rows read once (``care``): {person id:
    [practitioners]}, in at most one more query whatever the number of people: the social
    workers of team caseloads (a team's place, or a named practitioner who has left) and the
    MASH workers of the responsible authorities of the people with no named social worker,
    read together; a person whose team has no social worker falls back on the MASH."""
    named, teams, authorities = {}, {}, {}
    for person in people:
        named[person.pk], teams[person.pk] = set(), set()
        for membership in care.memberships.get(person.pk, []):
            if membership.practitioner_id and membership.practitioner.is_active:
                named[person.pk].add(membership.practitioner)
            else:
                teams[person.pk].add(membership.team_id)
        named[person.pk] = {p for p in named[person.pk] if p.role == Role.SOCIAL_WORKER}
        if not named[person.pk]:
            authorities[person.pk] = {
                entry.responsible_authority_id for entry in care.legal_status_entries.get(person.pk, [])
                if entry.responsible_authority_id
            }
    all_teams, wanted = sorted(set().union(*teams.values())), sorted(set().union(*authorities.values()))
    rows = _TEAM_OR_MASH_WORKERS.run(shape=(len(all_teams), len(wanted)), teams=all_teams, authorities=wanted) \
        if all_teams or wanted else []
    members = [p for p in rows if p.role == Role.SOCIAL_WORKER]
    mash = [p for p in rows if p.role in Role.MASH]
    found = {}
    for person in people:
        workers = [*named[person.pk], *(p for p in members if p.team_id in teams[person.pk])]
        found[person.pk] = _by_name(workers) if workers else [
            worker for worker in mash if worker.team.service.organisation_id in authorities[person.pk]
        ]
    return found


def _team_or_mash_workers(teams: int, authorities: int):
    """The social workers of ``teams`` team caseloads and the MASH workers of ``authorities``
    councils, in one query (compiled once for each number of each: core.compiled)."""
    wanted = Q(pk__in=[])
    if teams:
        wanted |= Q(team__pk__in=slots("teams", teams, Practitioner._meta.get_field("team")), role=Role.SOCIAL_WORKER)
    if authorities:
        councils = slots("authorities", authorities, Service._meta.get_field("organisation"))
        wanted |= Q(pk__in=Practitioner.mash_workers(team__service__organisation__pk__in=councils).values("pk"))
    return _active(Practitioner.objects.filter(wanted)).select_related("team__service")


_TEAM_OR_MASH_WORKERS = CompiledRead(_team_or_mash_workers)


def social_worker_or_mash(person) -> list:
    """The person's social workers (on their caseload), else the MASH workers of the councils
    responsible for their legal statuses."""
    return social_workers_or_mash([person], CareRows.of([person]))[person.pk]


def children_in_household(adult):
    households = HouseholdMembership.objects.current().filter(person=adult).values("household_id")
    ids = (
        HouseholdMembership.objects.current()
        .filter(household_id__in=households)
        .exclude(person=adult)
        .values("person_id")
    )
    return Person.objects.filter(pk__in=ids, kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN])


# Sending ---------------------------------------------------------------------------------


def notify(recipients, *, cause, person, message, sender=None, link=None) -> list[Notification]:
    """One notification per recipient (duplicates collapsed), in the caller's transaction."""
    link = link if link is not None else (reverse("people:record", args=[person.pk]) if person else "")
    created = []
    seen = set()
    for recipient in recipients:
        if recipient.pk in seen or (sender is not None and recipient.pk == sender.pk):
            continue
        seen.add(recipient.pk)
        notification = Notification.objects.create(
            recipient=recipient, cause=cause, subject_person=person, message=message, sender=sender, link=link,
            created_at=clock.now(),
        )
        enqueue_after_commit(notification)
        created.append(notification)
    return created


def notify_many(messages) -> list[Notification]:
    """Many notifications at once (a sweep's batch): ``messages`` is a list of dicts with
    ``recipients`` and ``notify``'s other arguments. The rows go in with one multi-row insert
    in the caller's transaction, and one delivery task takes the whole batch, its row written in
    the same transaction (``tasks.enqueue_batch``).
    Each message's duplicates are collapsed as ``notify`` collapses them."""
    now = clock.now()
    rows = []
    for message in messages:
        person, sender = message["person"], message.get("sender")
        link = message.get("link")
        link = link if link is not None else (reverse("people:record", args=[person.pk]) if person else "")
        seen = set()
        for recipient in message["recipients"]:
            if recipient.pk in seen or (sender is not None and recipient.pk == sender.pk):
                continue
            seen.add(recipient.pk)
            rows.append(Notification(
                recipient=recipient, cause=message["cause"], subject_person=person, message=message["message"],
                sender=sender, link=link, created_at=now,
            ))
    created = Notification.objects.bulk_create(rows, batch_size=500)
    enqueue_batch(created)
    return created


def _union(*querysets):
    people = {}
    for queryset in querysets:
        for practitioner in queryset:
            people.setdefault(practitioner.pk, practitioner)
    return list(people.values())


# Rules ------------------------------------------------------------------------------------


def _same_day_end(entry: LegalStatusEntry) -> bool:
    return (
        LegalStatusEntry.objects.in_force()
        .filter(person=entry.person, status=entry.status, change=LegalStatusEntry.Change.END,
                effective_date=entry.effective_date)
        .exists()
    )


def on_legal_status_change(entry: LegalStatusEntry, sender=None) -> list[Notification]:
    person = entry.person
    started = entry.change == LegalStatusEntry.Change.START
    verb = "started" if started else "ended"
    when = format_date(entry.effective_date)
    if entry.status == LegalStatus.LOOKED_AFTER:
        recipients = _union(caseload_practitioners(person), gp_practice(person), children_in_care_team(person, entry))
        if not started:
            message = f"{person.full_name} stopped being looked after on {when}."
        elif _same_day_end(entry):
            # A new placement is recorded as the status ended and started again the same day:
            # say so, after the "stopped being looked after" of the end.
            placement = f" ({entry.placement_type})" if entry.placement_type else ""
            message = f"{person.full_name} is still looked after: a new placement{placement} from {when}."
        else:
            message = f"{person.full_name} became looked after on {when}."
        return notify(recipients, cause=Cause.LOOKED_AFTER, person=person, sender=sender, message=message)
    if entry.status == LegalStatus.PLACED_FOR_ADOPTION and started:
        return notify(
            children_in_care_team(person, entry),
            cause=Cause.PLACED_FOR_ADOPTION,
            person=person,
            sender=sender,
            message=f"{person.full_name} was placed for adoption on {when}.",
        )
    if entry.status == LegalStatus.CHILD_PROTECTION_PLAN:
        recipients = _union(
            gp_practice(person), health_visitor_or_school_nurse(person), sexual_health_if_attended(person)
        )
        category = f" ({entry.get_cp_category_display().lower()})" if entry.cp_category else ""
        plan = "An unborn child protection plan" if person.is_unborn else "A child protection plan"
        return notify(
            recipients,
            cause=Cause.CHILD_PROTECTION_PLAN,
            person=person,
            sender=sender,
            message=f"{plan}{category} {verb} for {person.full_name} on {when}.",
        )
    return []


def on_flag_raised(flag) -> list[Notification]:
    if flag.type.code not in {"marac", "mappa", "domestic_abuse"} or flag.person.kind != Person.Kind.ADULT:
        return []
    created = []
    for child in children_in_household(flag.person):
        created += notify(
            gp_practice(child),
            cause=Cause.ADULT_RISK,
            person=child,
            sender=flag.raised_by,
            message=f"An adult in {child.full_name}'s household ({flag.person.full_name}) has a {flag.type.label} "
            f"flag from {format_date(flag.start_date)}, raised by {flag.raised_by_organisation.name}.",
        )
    return created


def on_school_change(enrolment, sender=None) -> list[Notification]:
    person = enrolment.person
    return notify(
        school_nurses(person),
        cause=Cause.SCHOOL_CHANGE,
        person=person,
        sender=sender,
        message=f"{person.full_name} moved to {enrolment.school.name} on "
        f"{format_date(enrolment.start_date)}. Reason: {enrolment.reason_for_move}",
    )


def on_adult_ed_attendance(episode, *, risky_behaviour: str, sender=None) -> list[Notification]:
    adult = episode.person
    created = []
    for child in children_in_household(adult):
        recipients = _union(health_visitor_or_school_nurse(child), gp_practice(child))
        created += notify(
            recipients,
            cause=Cause.PAEDIATRIC_LIAISON,
            person=child,
            sender=sender,
            message=f"Paediatric liaison: {adult.full_name}, an adult in {child.full_name}'s household, attended "
            f"{episode.service.name} on {format_datetime(episode.start_at)}: {risky_behaviour}",
        )
    return created


def on_think_family_child(attendance, child, sender=None) -> list[Notification]:
    """A parent or carer seen by an adult service said a child lives with them or is in regular
    contact (R1.6): the child's health visitor or school nurse and GP are told."""
    adult = attendance.person
    return notify(
        _union(health_visitor_or_school_nurse(child), gp_practice(child)),
        cause=Cause.THINK_FAMILY,
        person=child,
        sender=sender,
        message=f"Think Family: {adult.full_name} was seen by {attendance.service.name} on "
        f"{format_datetime(attendance.attended_at)} and said {child.full_name} lives with them or is in regular "
        f"contact.",
    )


def on_adult_disengaged(follow_up, child, sender=None) -> list[Notification]:
    """An adult around ``child`` disengaged from an adult service (the follow-up it raised):
    the child's health visitor or school nurse and GP practice are told."""
    adult = follow_up.person
    follower = follow_up.assigned_to.display_name if follow_up.assigned_to_id else follow_up.service.name
    about = "the unborn baby" if child.is_unborn else child.full_name
    return notify(
        _union(health_visitor_or_school_nurse(child), gp_practice(child)),
        cause=Cause.ADULT_DISENGAGED,
        person=child,
        sender=sender,
        message=f"{adult.full_name}, an adult in the life of {about}, has disengaged from {follow_up.service.name} "
        f"({format_date(clock.today())}). {follower} is following it up and may contact you.",
    )


def _lookup_message(lookup, mother=None) -> str:
    person, who = lookup.person, lookup.practitioner
    if mother is not None:
        due = f", due {format_date(person.expected_delivery_date)}" if person.expected_delivery_date else ""
        seen = f"{mother.full_name}, the mother of {person.full_name}{due},"
    else:
        seen = person.full_name
    return (f"{seen} was seen at {lookup.service.name} on {format_datetime(lookup.looked_up_at)} by "
            f"{who.display_name} ({who.get_role_display()}).")


def on_point_of_care_lookup(lookup, mother=None) -> list[Notification]:
    """``mother``: set when the lookup is of an unborn child found through the woman looked up.
    The unborn child's social care is told, and told that the woman was seen (an unborn baby
    is never seen at a service)."""
    return notify(
        social_worker_or_mash(lookup.person),
        cause=Cause.POINT_OF_CARE_LOOKUP,
        person=lookup.person,
        sender=lookup.practitioner,
        message=_lookup_message(lookup, mother),
    )


def on_point_of_care_lookups(lookup, unborn_lookups, care: CareRows) -> list[Notification]:
    """``on_point_of_care_lookup`` for a woman's lookup and her unborn children's at once, from
    rows read once (``care``, about all of them): one insert for every notification and one
    delivery task, whatever the number of unborn children."""
    lookups = [lookup, *unborn_lookups]
    recipients = social_workers_or_mash([each.person for each in lookups], care)
    return notify_many([
        {"recipients": recipients[each.person.pk], "cause": Cause.POINT_OF_CARE_LOOKUP, "person": each.person,
         "sender": each.practitioner, "message": _lookup_message(each, None if each is lookup else lookup.person)}
        for each in lookups
    ])
