"""How views reach looked-after children's health records: always through the child's
record (AccessScope), so that the same legitimate-relationship rules and audit apply."""

from dataclasses import dataclass

from django.http import Http404

from thinkfamily.access.scoping import Access, AccessScope
from thinkfamily.lac.models import HealthAssessment


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
