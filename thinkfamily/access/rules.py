"""Who may see a person's record: the legitimate relationships, in one place.

A practitioner sees a person only when one of these holds (R10.1):
- the person is on their caseload or their team's (current CaseloadMembership);
- the person is in an open episode of care with their service (an ED attendance opens one
  for ``ACCESS_ED_EPISODE_HOURS``, default 72);
- they work at the GP practice where the person is registered now;
- they are a MASH or social care worker and the child has children's social care
  involvement with their council (a legal status for which it is responsible, or a
  referral sent to its MASH);
- they work in a children-in-care health service or a looked-after children's medical team
  and the child is looked after, placed for adoption or a care leaver now, for an authority
  that commissions their organisation (or registered with a practice in a commissioning
  CCG's area);
- they are a safeguarding lead (named professional) and the person is in their
  organisation's population, or a designated professional at a CCG and the person is
  registered with a practice the CCG commissions;
- an open follow-up of missed appointments or disengagement about the person is assigned to
  them (to read, so that a worker who discharged an adult for non-engagement can still
  follow it up; until it is recorded);
- or they have broken glass for this person and the access has not expired.

Each rule is an ``Exists`` subquery, so the same rules filter a search (``people_q``) and
explain one record (``basis_for``) without joins that multiply rows."""

from dataclasses import dataclass

import rules as django_rules  # the django-rules package (this module is thinkfamily.access.rules)
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.appointments.models import FollowUp
from thinkfamily.core import clock
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatus, LegalStatusEntry, Person
from thinkfamily.referrals.models import Referral

Role = Practitioner.Role
IN_CARE_STATUSES = [LegalStatus.LOOKED_AFTER, LegalStatus.PLACED_FOR_ADOPTION, LegalStatus.CARE_LEAVER]


@dataclass(frozen=True)
class Rule:
    code: str
    description: str
    condition: object  # an Exists() over OuterRef("pk") of Person


def rules_for(user, now=None) -> list[Rule]:
    """The rules that can give this user access, most specific first."""
    if not user.is_authenticated or not user.is_active or user.team_id is None or user.role in Role.NO_PERSON_ACCESS:
        return []
    now = now or clock.now()
    today = timezone.localdate(now)
    team = user.team
    service = team.service
    organisation = service.organisation
    person = OuterRef("pk")
    rules = [
        Rule(
            "caseload",
            f"On the caseload of {team.name}",
            Exists(CaseloadMembership.objects.filter(person=person, team=team).current(today)),
        ),
        Rule(
            "episode",
            f"Open episode of care with {service.name}",
            Exists(
                EpisodeOfCare.objects.current(now).filter(
                    person=person, service=service, kind=EpisodeOfCare.Kind.CARE
                )
            ),
        ),
    ]
    if organisation.kind == Organisation.Kind.GP_PRACTICE:
        rules.append(
            Rule(
                "gp_registration",
                f"Registered at {organisation.name}",
                Exists(GPRegistration.objects.filter(person=person, practice=organisation).current(today)),
            )
        )
    if user.role in Role.CHILDRENS_SOCIAL_CARE and organisation.kind == Organisation.Kind.LOCAL_AUTHORITY:
        rules.append(
            Rule(
                "social_care",
                f"Children's social care involvement with {organisation.name}",
                Exists(LegalStatusEntry.objects.in_force().filter(person=person, responsible_authority=organisation))
                # A child referred to this council's MASH (R4.1): the MASH must open the record to decide.
                | Exists(Referral.objects.filter(child=person, mash=organisation, sent_at__isnull=False)),
            )
        )
    if service.kind in Service.CHILDREN_IN_CARE_KINDS:
        # The looked-after children's medical team (the LAC paediatricians who see the child
        # for the initial health assessment) serves the same children as the nurses.
        # The children-in-care health team is told when a child in its area becomes looked
        # after or is placed for adoption (notifications.rules.children_in_care_team), and
        # does their health assessments until they leave care. Its area is whoever
        # commissions its organisation: a child is in it when the authority responsible for
        # the current status, or the one that placed the child, commissions the team's
        # organisation, or when the child is registered with a GP practice commissioned by a
        # CCG that commissions it (a child placed here by another council). A team whose
        # commissioning is not recorded sees no one by this rule (break glass, which is
        # reviewed, covers the gap): no commissioning means no area, not every child in care.
        commissioners = organisation.commissioned_by.values("pk")
        in_care = LegalStatusEntry.objects.filter(person=person, status__in=IN_CARE_STATUSES).running(today)
        rules.append(
            Rule(
                "children_in_care",
                f"Looked after, placed for adoption or leaving care in the area {organisation.name} serves",
                Exists(
                    in_care.filter(
                        Q(responsible_authority__in=commissioners) | Q(placing_authority__in=commissioners)
                    )
                )
                | (
                    Exists(in_care)
                    & Exists(
                        GPRegistration.objects.current(today).filter(
                            person=person, practice__commissioned_by__in=commissioners
                        )
                    )
                ),
            )
        )
    if user.role in Role.SAFEGUARDING_LEADS:
        population = (
            Exists(CaseloadMembership.objects.filter(person=person, team__service__organisation=organisation))
            | Exists(EpisodeOfCare.objects.filter(person=person, service__organisation=organisation))
            | Exists(GPRegistration.objects.filter(person=person, practice=organisation).current(today))
        )
        rules.append(Rule("safeguarding_lead", f"Safeguarding lead for {organisation.name}'s population", population))
    if user.role in Role.DESIGNATED and organisation.kind == Organisation.Kind.CCG:
        rules.append(
            Rule(
                "designated",
                f"Designated professional for {organisation.name}",
                Exists(
                    GPRegistration.objects.filter(person=person, practice__commissioned_by=organisation).current(today)
                ),
            )
        )
    # A point-of-care lookup or an ED attendance: to read, not to write (access.permissions).
    rules.append(
        Rule(
            "lookup",
            f"Point-of-care lookup or attendance at {service.name}",
            Exists(
                EpisodeOfCare.objects.current(now).filter(
                    person=person, service=service, kind__in=EpisodeOfCare.READ_ONLY_KINDS
                )
            ),
        )
    )
    # An open follow-up assigned to the user (R7.1, R7.2): to read, not to write, until it is
    # recorded (a discharge for non-engagement ends the episode that gave access).
    rules.append(
        Rule(
            "follow_up",
            "A follow-up assigned to you",
            Exists(FollowUp.objects.open().filter(person=person, assigned_to=user)),
        )
    )
    rules.append(
        Rule(
            "break_glass",
            "Break glass",
            Exists(BreakGlassAccess.objects.filter(person=person, practitioner=user, expires_at__gt=now)),
        )
    )
    return rules


def people_q(user, now=None, rules=None) -> Q:
    """A filter on Person: everyone this user may see. Nobody when no rule applies.
    ``rules``: rules_for(user, now), when the caller has built them."""
    rules = rules_for(user, now) if rules is None else rules
    if not rules:
        return Q(pk__in=[])
    condition = Q(rules[0].condition)
    for rule in rules[1:]:
        condition |= Q(rule.condition)
    return condition


def person_and_basis(user, person_id, now=None, facts=None, rules=None) -> tuple[Person, Rule | None, dict]:
    """The person with the first rule that gives this user access to them (or None), in one
    query: the rules are asked of the row as it is read. ``facts``: more expressions to ask of
    the person's row ({name: expression}), whose values come back as a dict; ``rules``:
    rules_for(user, now), when the caller has built them. Raises Person.DoesNotExist."""
    rules = rules_for(user, now) if rules is None else rules
    annotations = {f"rule_{index}": rule.condition for index, rule in enumerate(rules)}
    facts = facts or {}
    person = Person.objects.annotate(**annotations, **{f"fact_{name}": value for name, value in facts.items()}).get(
        pk=person_id
    )
    found = [rule for index, rule in enumerate(rules) if getattr(person, f"rule_{index}")]
    values = {name: getattr(person, f"fact_{name}") for name in facts}
    for name in [*annotations, *(f"fact_{name}" for name in facts)]:  # the person is a plain Person again
        delattr(person, name)
    return person, found[0] if found else None, values


def basis_for(user, person, now=None) -> Rule | None:
    """The first rule that gives this user access to this person, or None."""
    rules = rules_for(user, now)
    if not rules:
        return None
    annotations = {f"rule_{index}": rule.condition for index, rule in enumerate(rules)}
    row = Person.objects.filter(pk=person.pk).annotate(**annotations).values(*annotations).first()
    if row is None:
        return None
    for index, rule in enumerate(rules):
        if row[f"rule_{index}"]:
            return rule
    return None


# Who keeps the contacts directory (R2.5) ---------------------------------------------------
# django-rules predicates, registered as the permissions organisations.add_contactentry (on an
# Organisation) and organisations.change_contactentry (on a ContactEntry), so that a service,
# a view and a template ask ``rules.has_perm(name, user, obj)`` and never repeat the rule.
# Verifying an entry ("I rang it and it answers") stays open to every signed-in practitioner:
# it changes nothing but the record of who last checked it.


def _works_at(user, organisation_id) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.team_id is not None
        and organisation_id is not None
        and user.team.service.organisation_id == organisation_id
    )


@django_rules.predicate
def keeps_contacts_of(user, organisation) -> bool:
    """A safeguarding lead (named, or a GP practice's) or an administrator of the organisation."""
    return _works_at(user, getattr(organisation, "pk", None)) and (
        user.role in Role.SAFEGUARDING_LEADS or user.is_staff
    )


@django_rules.predicate
def works_at_organisation(user, organisation) -> bool:
    """Any practitioner of the organisation: may add entries for it."""
    return _works_at(user, getattr(organisation, "pk", None))


@django_rules.predicate
def owns_contact_entry(user, entry) -> bool:
    """Whoever an entry belongs to may correct it: the professional it names, the members of
    its team, for an entry with neither the organisation's practitioners; and always the
    organisation's safeguarding leads and administrators. Nobody outside the organisation (a
    commissioner cannot change the MASH's out-of-hours number)."""
    if not _works_at(user, entry.organisation_id):
        return False
    if user.role in Role.SAFEGUARDING_LEADS or user.is_staff or entry.practitioner_id == user.pk:
        return True
    if entry.team_id is not None:
        return user.team_id == entry.team_id
    return entry.practitioner_id is None


django_rules.add_perm("organisations.add_contactentry", works_at_organisation | keeps_contacts_of)
django_rules.add_perm("organisations.change_contactentry", owns_contact_entry)
