"""What the person's record shows of who is working with them, and the record's actions for
caseloads, episodes and the GP practice."""

from django.urls import reverse

from thinkfamily.access import permissions
from thinkfamily.caseloads.queries import caseload_teams
from thinkfamily.core import clock
from thinkfamily.core.models import is_current
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare
from thinkfamily.people.actions import CARE, FAMILY
from thinkfamily.people.models import Person


def record_section(user, person: Person, has_places=True, has_episodes=True) -> dict:
    """What the record shows of who is working with the person: current and past caseload
    places and episodes of care (not lookups: those are in the access history), each with the
    actions this user may take on it. ``has_places``, ``has_episodes``: False when the page
    knows the person has none (they are not read)."""
    places = list(
        CaseloadMembership.objects.filter(person=person)
        .select_related("team__service__organisation", "practitioner")
        .order_by("-start_date", "-id")
    ) if has_places else []
    today = clock.today()
    current = [p for p in places if is_current(p, today)]
    episodes = list(
        EpisodeOfCare.objects.filter(person=person, kind=EpisodeOfCare.Kind.CARE)
        .select_related("service__organisation")
        .order_by("-start_at", "-id")
    ) if has_episodes else []
    now = clock.now()
    return {
        "current_places": [
            {"place": p, "may_change": permissions.may(user, "organisations.change_caseload_place", p)} for p in current
        ],
        "past_places": [p for p in places if p not in current],
        "open_episodes": [
            {"episode": e, "may_close": permissions.may(user, "organisations.close_episode", e)}
            for e in episodes if is_current(e, now, start="start_at", end="end_at")
        ],
        "closed_episodes": [e for e in episodes if not is_current(e, now, start="start_at", end="end_at")],
    }


def record_actions(user, person: Person, access=None) -> list[dict]:
    """The record's actions for caseloads, episodes and the GP practice, as ``{"href", "text",
    "group"}``, for the record's groups of actions (people.actions). ``access``: the user's Access to the
    record when the page has it, so that its basis is not asked again."""
    actions = []
    if caseload_teams(user):
        actions.append({"href": reverse("care:add_to_caseload", args=[person.pk]), "text": "Add to a caseload",
                        "group": CARE})
    service = user.team.service if getattr(user, "team_id", None) else None
    if service is not None and permissions.may(user, "organisations.open_episode", service):
        actions.append({"href": reverse("care:open_episode", args=[person.pk]),
                        "text": f"Take on in {service.name} (open an episode of care)", "group": CARE})
    if not person.is_unborn and permissions.may(user, "people.change_record", access or person):
        actions.append({"href": reverse("people:register_with_gp", args=[person.pk]),
                        "text": "Record a GP registration", "group": FAMILY})
    return actions
