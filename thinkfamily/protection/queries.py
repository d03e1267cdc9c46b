"""What the child protection pages and services read: the agencies that know the children
and their family (the invitation list, R5.1), a council's and an agency's conferences, and
the conferences whose minutes are overdue."""

from django.db.models import Exists, OuterRef, Q

from thinkfamily.core import clock
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.family import family_picture
from thinkfamily.people.models import Person
from thinkfamily.protection.models import Conference, Invitation, StrategyDiscussion
from thinkfamily.referrals.information_requests.queries import Candidate, family_adults, services_of
from thinkfamily.referrals.services.family_record import linked_children_candidates

# The council's own services convene the conference: they are not invited to it.
CONVENING_KINDS = frozenset({Service.Kind.CHILDRENS_SOCIAL_CARE, Service.Kind.MASH})


def _name(person: Person) -> str:
    return person.given_name or person.full_name


def other_children(child: Person) -> list[Person]:
    """The child's brothers and sisters (an unborn one too) and the other children at home:
    who else a strategy discussion may be about."""
    return [other for other in linked_children_candidates(family_picture(child)) if other.pk != child.pk]


def _family_of(children, today) -> dict:
    """The family of the children concerned: {person id: (person, how they are related)} for
    their brothers and sisters, the other children at home, their parents and the adults at home."""
    subjects = {child.pk for child in children}
    family: dict = {}
    for child in children:
        picture = family_picture(child)
        siblings = {relative.person.pk: relative.relationship.lower() for relative in picture.siblings}
        for other in linked_children_candidates(picture):
            if other.pk not in subjects:
                relation = siblings.get(other.pk, "child in the household")
                family.setdefault(other.pk, (other, f"{relation} of {_name(child)}"))
        for adult, relation in family_adults(child, today):
            family.setdefault(adult.pk, (adult, f"{relation} of {_name(child)}"))
    return family


def agencies_that_know(children) -> list[Candidate]:
    """The agencies to invite to a conference about ``children``: every service with one of the
    children, their brothers and sisters (an unborn one too), the other children at home, their
    parents or the adults at home on a caseload, in an open or recent episode of care, or
    registered with it (a GP practice), except the council's own social care, which convenes
    it. A service that knows one of the children is invited about the children; one that knows
    only a family member, through that person. Children known first, then by organisation."""
    now = clock.now()
    today = clock.today()
    subjects = {child.pk: child for child in children}
    family = _family_of(children, today)
    candidates: dict = {}
    rows = services_of([*subjects, *family], today, now)
    for person_id, service, reason in sorted(rows, key=lambda row: row[0] not in subjects):
        if service.kind in CONVENING_KINDS:
            continue
        if person_id in subjects:
            candidate = candidates.setdefault(service.pk, Candidate(service))
            candidate.reasons.append(f"{_name(subjects[person_id])}: {reason}")
            continue
        person, relation = family[person_id]
        candidate = candidates.setdefault(service.pk, Candidate(service, person))
        candidate.reasons.append(f"{person.full_name} ({relation}): {reason}")
    ordered = sorted(candidates.values(), key=lambda c: (c.known_through is not None, c.service.organisation.name,
                                                         c.service.name))
    for candidate in ordered:
        candidate.reasons = list(dict.fromkeys(candidate.reasons))
    return ordered


# Reading conferences --------------------------------------------------------------------------


def _conferences():
    return Conference.objects.select_related("council", "strategy_discussion", "follows").prefetch_related(
        "children", "invitations__service__organisation", "decisions__child", "followed_by")


def conference(conference_id) -> Conference:
    return _conferences().get(pk=conference_id)


def strategy_discussion(discussion_id) -> StrategyDiscussion:
    return StrategyDiscussion.objects.select_related("council", "recorded_by").prefetch_related(
        "children", "agencies__organisation", "conferences").get(pk=discussion_id)


def invitation(invitation_id) -> Invitation:
    return Invitation.objects.select_related(
        "service__organisation", "known_through", "conference__council", "conference__strategy_discussion",
    ).prefetch_related("conference__children").get(pk=invitation_id)


def report_of(invitation_obj):
    """The invitation's report, or None (the reverse one-to-one raises when there is none)."""
    return invitation_obj.report if hasattr(invitation_obj, "report") else None


def minutes_of(conference_obj):
    return conference_obj.minutes if hasattr(conference_obj, "minutes") else None


def for_child(child):
    """The strategy discussions and conferences about a child, newest first."""
    discussions = list(StrategyDiscussion.objects.filter(children=child).select_related("council")
                       .order_by("-held_on", "-id"))
    conferences = list(_conferences().filter(children=child).order_by("-scheduled_on", "-id"))
    return discussions, conferences


def invitations_of_service(user):
    """The open invitations of the user's service (conference not yet held or reports to send)."""
    if user.team_id is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(service_id=user.team.service_id).select_related(
        "conference").order_by("-conference__scheduled_on")


def overdue_minutes(user, now):
    """Held conferences whose minutes are past their deadline and not received: for a safeguarding
    lead, those to which a service of their organisation was invited; for a designated
    professional, all. The earliest deadline first."""
    rows = _conferences().minutes_overdue(now)
    if user.role not in Practitioner.Role.DESIGNATED:
        invited = Invitation.objects.filter(conference=OuterRef("pk"),
                                            service__organisation_id=user.team.service.organisation_id)
        rows = rows.filter(Exists(invited))
    return list(rows.order_by("minutes_due_at", "id"))


def open_for(discussion: StrategyDiscussion):
    """The discussion's initial conference that is not cancelled, if any."""
    return discussion.conferences.filter(kind=Conference.Kind.INITIAL).filter(~Q(status=Conference.Status.CANCELLED)
                                                                               ).first()
