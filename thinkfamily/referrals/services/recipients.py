"""Who receives a referral and who hears of it: the MASH a referral goes to by default (one
of referrals.queries.mash_councils), its MASH workers, and the referrer's managers."""

from thinkfamily.organisations.models import Organisation, Practitioner
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import LegalStatusEntry, Person
from thinkfamily.referrals.models import Referral
from thinkfamily.referrals.queries import mash_councils

Role = Practitioner.Role


def default_mash(child: Person, referrer) -> Organisation | None:
    """The MASH of the council responsible for the child (a current legal status), else of
    a council that commissions the referrer's organisation, else the only MASH there is."""
    councils = {org.pk: org for org in mash_councils()}
    statuses = current_legal_statuses(LegalStatusEntry.objects.in_force().filter(person=child))
    for entry in reversed(statuses):
        if entry.responsible_authority_id in councils:
            return councils[entry.responsible_authority_id]
    organisation = referrer.organisation if referrer is not None else None
    if organisation is not None:
        commissioning = organisation.commissioned_by.filter(pk__in=list(councils)).order_by("name").first()
        if commissioning is not None:
            return commissioning
    if len(councils) == 1:
        return next(iter(councils.values()))
    return sorted(councils.values(), key=lambda org: org.name)[0] if councils else None


def mash_workers(organisation):
    return Practitioner.mash_workers(team__service__organisation=organisation)


def referrer_managers(referral: Referral):
    """The referrer's ward manager (or a safeguarding lead in the team); failing one, the
    safeguarding leads of the referrer's organisation."""
    managers = Practitioner.objects.filter(is_active=True, role__in=list(Role.REFERRAL_MANAGERS))
    if referral.referrer_team_id:
        in_team = managers.filter(team_id=referral.referrer_team_id)
        if in_team.exists():
            return in_team
    return managers.filter(
        role=Role.SAFEGUARDING_LEAD, team__service__organisation_id=referral.referrer_service.organisation_id
    )
