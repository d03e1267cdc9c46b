"""The discharge guard (R4.3): a child is not discharged from a team's caseload while a
referral the team's service made has no outcome, unless a manager (the ward manager, or a
safeguarding lead of the organisation) overrides with a reason, kept with the referral."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock
from thinkfamily.core.presenters import format_date
from thinkfamily.organisations.models import CaseloadMembership, Practitioner, Team
from thinkfamily.people.models import Person
from thinkfamily.referrals import machine
from thinkfamily.referrals.models import DischargeOverride, Referral

Role = Practitioner.Role


def is_manager_for(user, team: Team) -> bool:
    """A ward manager (or matron) of the team, or a safeguarding lead of its organisation
    (access.permissions: ``referrals.override_discharge_guard``)."""
    return permissions.may(user, "referrals.override_discharge_guard", team)


def referrals_without_outcome(person: Person, team: Team):
    """Referrals about the person sent by the team's service whose outcome is not known."""
    return (
        Referral.objects.awaiting_outcome()
        .filter(child=person, referrer_service_id=team.service_id)
        .order_by("sent_at")
    )


def _guard_message(person: Person, open_referrals) -> str:
    dates = [format_date(timezone.localdate(r.sent_at)) for r in open_referrals]
    if len(dates) == 1:
        what = f"a referral to the MASH sent on {dates[0]} whose outcome is not known"
    else:
        what = f"referrals to the MASH sent on {', '.join(dates[:-1])} and {dates[-1]} whose outcomes are not known"
    return f"{person.given_name or person.full_name} has {what}: chase it, or ask a manager to override with a reason."


@transaction.atomic
def discharge(auditor: Auditor, person: Person, team: Team, on: datetime.date, override_reason: str | None = None):
    """End the person's caseload membership with ``team`` on ``on``. Refused while a referral
    the team's service sent has no outcome, unless a manager (the ward manager, or a
    safeguarding lead of the organisation) overrides with a reason, kept with the referral."""
    actor = auditor.actor
    permissions.require_of(auditor, "referrals.discharge_from_caseload", team)
    if on > clock.today():
        raise ValidationError({"on": "The discharge date must be today or in the past."})
    lock(person)  # one discharge at a time: a second one (the same form sent twice) finds it done
    memberships = list(
        CaseloadMembership.objects.current(on).filter(person=person, team=team)
    )
    if not memberships:
        ended = CaseloadMembership.objects.filter(person=person, team=team, end_date=on).first()
        if ended is not None:
            raise AlreadyRecorded(
                ended, f"{person.full_name} has already been discharged from {team.name}'s caseload, on "
                f"{format_date(on)}."
            )
        raise ValidationError(f"{person.full_name} is not on {team.name}'s caseload.")
    if any(on < membership.start_date for membership in memberships):
        raise ValidationError({"on": "The discharge date must be on or after the date the caseload began."})
    open_referrals = list(referrals_without_outcome(person, team))
    reason = (override_reason or "").strip()
    overrides = []
    if open_referrals:
        if not reason:
            raise ValidationError({"override_reason": _guard_message(person, open_referrals)})
        permissions.require_of(auditor, "referrals.override_discharge_guard", team)
        for referral in open_referrals:
            override = DischargeOverride.objects.create(
                person=person, team=team, referral=referral, manager=actor, reason=reason, created_at=clock.now()
            )
            auditor.create(override, ["reason", "referral", "team"])
            overrides.append(override)
    for membership in memberships:
        membership.end_date = on
        membership.save(update_fields=["end_date"])
        auditor.write(membership, ["end_date"], detail={"overrides": [o.pk for o in overrides]})
    summary = f"Discharged from {team.name} ({team.service.name})"
    if overrides:
        summary += f" by {actor.display_name} overriding the discharge guard: {reason}"
    record_event(person, machine.DISCHARGED, summary[:500], occurred_at=on, author=actor, service=team.service)
    return overrides


def discharge_teams(user, person: Person, current_places=None) -> list[Team]:
    """The teams this user may discharge the person from: their own team, and for a
    safeguarding lead any team of their organisation, where the person is on caseload.
    ``current_places``: the person's current caseload places (with their team, service and
    organisation), when the page has read them already (the record)."""
    if not user.team_id:
        return []
    if current_places is not None:
        lead = user.role == Role.SAFEGUARDING_LEAD
        organisation_id = user.team.service.organisation_id
        teams = {
            m.team_id: m.team for m in current_places
            if m.team_id == user.team_id or (lead and m.team.service.organisation_id == organisation_id)
        }
        return sorted(teams.values(), key=lambda t: t.name)
    memberships = CaseloadMembership.objects.current(clock.today()).filter(person=person)
    if user.role == Role.SAFEGUARDING_LEAD:
        memberships = memberships.filter(
            Q(team_id=user.team_id) | Q(team__service__organisation_id=user.team.service.organisation_id)
        )
    else:
        memberships = memberships.filter(team_id=user.team_id)
    teams = {m.team_id: m.team for m in memberships.select_related("team__service__organisation")}
    return sorted(teams.values(), key=lambda t: t.name)
