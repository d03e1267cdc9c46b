"""The lists and figures of attendances: a service's incomplete ones (R1.6), ED triage
completeness per department (R5.5), the next-day paediatric liaison list (R7.4)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from thinkfamily.assessments.models import Attendance, answered_q
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.models import HouseholdMembership, Person, Relationship

PARENT_TYPES = [Relationship.Type.MOTHER, Relationship.Type.FATHER, Relationship.Type.STEP_PARENT]


def attendance(pk) -> Attendance:
    try:
        return Attendance.objects.select_related(
            "person", "service__organisation", "practitioner", "completed_by", "liaison_reviewed_by"
        ).get(pk=pk)
    except (Attendance.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such attendance") from exc


def incomplete_for(service: Service):
    return Attendance.objects.incomplete().filter(service=service).select_related("person", "practitioner")


def known_children(adult: Person) -> list[Person]:
    """The children and unborn babies recorded in the adult's family or current household."""
    households = HouseholdMembership.objects.current().filter(person=adult).values("household_id")
    at_home = HouseholdMembership.objects.current().filter(household_id__in=households).values("person_id")
    theirs = Relationship.objects.filter(relative=adult, type__in=PARENT_TYPES).values("person_id")
    return list(
        Person.objects.filter(Q(pk__in=at_home) | Q(pk__in=theirs), kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN])
        .exclude(pk=adult.pk)
        .order_by("date_of_birth", "given_name")
    )


def _emergency_departments(user):
    """The EDs a user's figures cover: a ward manager's own; a lead's organisation's."""
    service = user.team.service
    if service.kind == Service.Kind.EMERGENCY_DEPARTMENT:
        return Service.objects.filter(pk=service.pk)
    return Service.objects.filter(kind=Service.Kind.EMERGENCY_DEPARTMENT, organisation_id=service.organisation_id)


@dataclass(frozen=True)
class Completeness:
    service: Service
    attendances: int
    answered: int

    @property
    def missing(self) -> int:
        return self.attendances - self.answered

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.attendances) if self.attendances else None


def ed_completeness(user, since, until) -> list[Completeness]:
    """Per ED: attendances in the period, and those with every triage question answered."""
    services = list(_emergency_departments(user).select_related("organisation"))
    counts = {
        row["service"]: row
        for row in Attendance.objects.filter(service__in=services, attended_at__gte=since, attended_at__lt=until)
        .values("service")
        .annotate(total=Count("id"), answered=Count("id", filter=answered_q()))
    }
    return [
        Completeness(service, counts.get(service.pk, {}).get("total", 0), counts.get(service.pk, {}).get("answered", 0))
        for service in services
    ]


def ed_service_for(user, service_id) -> Service:
    try:
        return _emergency_departments(user).get(pk=service_id)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such emergency department") from exc


def missing_answers(service: Service, since, until):
    return (
        Attendance.objects.filter(service=service, attended_at__gte=since, attended_at__lt=until)
        .missing_answers()
        .select_related("person", "practitioner", "service")
    )


def liaison_list(user):
    """Children seen in an adults-only ED of the user's organisation, not yet reviewed by
    paediatric liaison, the longest due first."""
    return (
        Attendance.objects.awaiting_liaison_review()
        .filter(service__organisation_id=user.team.service.organisation_id)
        .select_related("person", "service")
        .order_by("liaison_review_due_at", "id")
    )


def liaison_nurses_exist(user) -> bool:
    return Practitioner.objects.filter(
        role=Practitioner.Role.PAEDIATRIC_LIAISON, team__service__organisation_id=user.team.service.organisation_id
    ).exists()
