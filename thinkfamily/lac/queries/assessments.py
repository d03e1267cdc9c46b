"""How the health assessment pages reach an assessment: always through the child's record
(AccessScope, ``assessment_for``), so that the same legitimate-relationship rules and audit
apply. And what the assessment page shows beside the steps, read for that child: who may
record, the family health history (R6.6), the latest SDQ score (R6.5), the child's CAMHS
involvement (R6.7), and the UASC part with the assessing clinician's training (Rec 10.1)."""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from thinkfamily.access import permissions
from thinkfamily.access.scoping import Access, AccessScope
from thinkfamily.chronology.models import Event
from thinkfamily.chronology.queries import readable as chronology_readable
from thinkfamily.core import clock
from thinkfamily.lac.models import FamilyHealthHistory, HealthAssessment, SDQScore, UASCAssessment, UASCTraining
from thinkfamily.lac.queries import sdq
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service
from thinkfamily.people.family import current_legal_statuses
from thinkfamily.people.models import LegalStatus, LegalStatusEntry


@dataclass(frozen=True)
class AssessmentAccess:
    assessment: HealthAssessment
    access: Access


def assessment_for(scope: AccessScope, assessment_id) -> AssessmentAccess:
    """The assessment, if the user may open the child's record (audited), or 404/403."""
    child_id = HealthAssessment.objects.filter(pk=assessment_id).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Http404("No health assessment found")
    access = scope.person(child_id)
    assessment = (
        HealthAssessment.objects.select_related("child", "assessing_clinician", "assessing_service", "previous")
        .prefetch_related("steps__recorded_by")
        .get(pk=assessment_id)
    )
    return AssessmentAccess(assessment=assessment, access=access)


# Practitioners of these services record the steps of an assessment of a child they may see:
# the children-in-care nurses, the looked-after children's medical team, and health visitors
# (who do the review health assessments of under-5s in many areas).


def can_record(user, access: Access | None = None) -> bool:
    """Whether this user records on a child's health assessments. ``access`` (the child's
    record opened through AccessScope) is the legitimate relationship; this is the service."""
    if access is not None and not access.can_edit:
        return False  # break glass or a lookup opens the record to read, not to run the pipeline
    return permissions.may(user, "lac.record_assessments")


def family_history(access: Access) -> list[FamilyHealthHistory]:
    return list(FamilyHealthHistory.objects.filter(child=access.person).select_related("recorded_by"))


def latest_sdq(access: Access) -> SDQScore | None:
    return sdq.latest_sdq(access.person)


@dataclass(frozen=True)
class CamhsInvolvement:
    episodes: list  # open EpisodeOfCare with a CAMHS service
    caseloads: list  # current CaseloadMembership with a CAMHS team (the named practitioner)
    last_contact: Event | None
    last_contact_readable: bool

    @property
    def involved(self) -> bool:
        return bool(self.episodes or self.caseloads)


def camhs_involvement(user, access: Access) -> CamhsInvolvement:
    """Open CAMHS referral (episode of care) or caseload, since when, with whom, and the last
    CAMHS contact in the chronology (R6.7). A contact restricted to CAMHS (R2.4) shows that it
    happened and when, not what it was."""
    child = access.person
    now = clock.now()
    episodes = list(
        EpisodeOfCare.objects.current(now).filter(person=child, service__kind=Service.Kind.CAMHS)
        .select_related("service__organisation")
        .order_by("start_at")
    )
    caseloads = list(
        CaseloadMembership.objects.current()
        .filter(person=child, team__service__kind=Service.Kind.CAMHS)
        .select_related("practitioner", "team__service__organisation")
        .order_by("start_date")
    )
    last = (
        Event.objects.filter(person=child, service__kind=Service.Kind.CAMHS, occurred_at__lte=now)
        .select_related("service", "author")
        .order_by("-occurred_at", "-id")
        .first()
    )
    user_service = user.team.service_id if user.team_id else None
    readable = last is not None and chronology_readable(last, user_service)
    return CamhsInvolvement(episodes, caseloads, last, readable)


def is_uasc(access: Access) -> bool:
    """Whether the child's legal statuses include a current UASC status."""
    entries = LegalStatusEntry.objects.in_force().filter(person=access.person)
    return any(entry.status == LegalStatus.UASC for entry in current_legal_statuses(entries))


def uasc_part(assessment: HealthAssessment) -> UASCAssessment | None:
    return UASCAssessment.objects.filter(assessment=assessment).select_related("recorded_by").first()


def latest_uasc_training(practitioner) -> UASCTraining | None:
    if practitioner is None:
        return None
    return UASCTraining.objects.filter(practitioner=practitioner).order_by("-completed_on", "-id").first()


def training_history(practitioner) -> list[UASCTraining]:
    return list(UASCTraining.objects.filter(practitioner=practitioner).select_related("recorded_by"))


def clinician_choices(user) -> list[Practitioner]:
    """Who can be recorded as the assessing clinician: the user, and the members of the
    looked-after children's medical teams and of the user's own team."""
    people = Practitioner.objects.filter(is_active=True).filter(
        Q(pk=user.pk) | Q(team__service__kind=Service.Kind.LAC_MEDICAL) | Q(team_id=user.team_id)
    )
    return list(people.select_related("team").order_by("last_name", "first_name", "username"))


def training_colleagues(user) -> list[Practitioner]:
    """Whose UASC training this user may record: their own, and their own team's."""
    return list(
        Practitioner.objects.filter(is_active=True)
        .filter(Q(pk=user.pk) | Q(team_id=user.team_id))
        .order_by("last_name", "first_name", "username")
    )
