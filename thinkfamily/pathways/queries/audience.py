"""Which services' young people and waiting times a user's pages show (R7.3, R7.5): their
own service's for its staff; every service's for safeguarding leads, designated nurses and
(waiting times, figures only) commissioners. Decided from the predicates of access.permissions."""

from thinkfamily.access import permissions
from thinkfamily.organisations.models import Service
from thinkfamily.pathways.queries.transitions import ADULT_SERVICE_KINDS
from thinkfamily.pathways.queries.waits import wait_services


def sees_every_service(user) -> bool:
    return bool(permissions.is_safeguarding_lead(user) or permissions.is_designated_professional(user))


def camhs_services(user):
    """CAMHS services whose young people the user's list shows (None: all of them; empty: none)."""
    if sees_every_service(user):
        return None
    if permissions.works_in_camhs(user):
        return Service.objects.filter(pk=user.team.service_id)
    return Service.objects.none()


def adult_services_receiving(user):
    """For adult mental health staff: their organisation's adult services, whose incoming
    young people (open plans) they see; None for everyone else."""
    if permissions.works_in_adult_mental_health(user) and not sees_every_service(user):
        return Service.objects.filter(organisation_id=user.team.service.organisation_id,
                                      kind__in=ADULT_SERVICE_KINDS)
    return None


def waiting_time_services(user):
    if sees_every_service(user) or permissions.is_commissioner(user):
        return wait_services()
    if permissions.works_in_waiting_time_service(user):
        return wait_services().filter(pk=user.team.service_id)
    return wait_services().none()
