"""Reads for the caseload and episode-of-care pages: which teams and practitioners a place can
go to, a place or an episode of the person's record, and the person an NHS number and date of
birth name."""

import datetime

from django.core.exceptions import ValidationError

from thinkfamily.access import permissions
from thinkfamily.appointments.models import FollowUp
from thinkfamily.core import nhs_numbers
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Team
from thinkfamily.people.models import Person


def find_for_caseload(*, nhs_number: str, date_of_birth: datetime.date) -> Person | None:
    """The one record whose NHS number and date of birth both match exactly, or None. Nothing
    else is said: no partial match, no name, no hint that the NHS number exists."""
    try:
        digits = nhs_numbers.validate(nhs_number)
    except ValidationError:
        return None
    return Person.objects.filter(nhs_number=digits, date_of_birth=date_of_birth).first()


def caseload_teams(user) -> list[Team]:
    """The teams to whose caseload this user may add: their own, if their role holds caseloads."""
    team = user.team if getattr(user, "team_id", None) else None
    return [team] if team is not None and permissions.may(user, "organisations.add_to_caseload", team) else []


def transfer_teams() -> list[Team]:
    """Teams a place can go to: every team (out of area is an end, with its reason)."""
    return list(Team.objects.select_related("service__organisation").order_by("service__organisation__name", "name"))


def transfer_practitioners() -> list[Practitioner]:
    """Practitioners a place can go to: the active holders of caseloads, in every team."""
    return list(
        Practitioner.objects.filter(is_active=True, team__isnull=False, role__in=Practitioner.Role.CASELOAD_HOLDERS)
        .select_related("team__service__organisation")
        .order_by("last_name", "first_name")
    )


def colleagues(team: Team) -> list[Practitioner]:
    return list(Practitioner.objects.filter(team=team, is_active=True).order_by("last_name", "first_name"))


def caseload_place(person: Person, place_id) -> CaseloadMembership:
    """A place on this person's record (a 404 for another person's)."""
    return CaseloadMembership.objects.select_related("team__service", "practitioner", "person").get(
        pk=place_id, person=person
    )


def care_episode(person: Person, episode_id) -> EpisodeOfCare:
    return EpisodeOfCare.objects.select_related("service__organisation", "person").get(
        pk=episode_id, person=person, kind=EpisodeOfCare.Kind.CARE
    )


def disengagement_follow_up(episode: EpisodeOfCare) -> FollowUp | None:
    """The open disengagement follow-up a discharge for non-engagement from this episode's
    service raised (R7.2), if any."""
    if episode.end_at is None:
        return None
    return (
        FollowUp.objects.open()
        .filter(person_id=episode.person_id, service_id=episode.service_id, kind=FollowUp.Kind.DISENGAGEMENT,
                appointment__isnull=True)
        .select_related("assigned_to", "service")
        .first()
    )
