"""How the health plan pages read a child's plans (R6.3): always through the child's Access
(AccessScope), so that the legitimate-relationship rules and audit apply."""

from django.http import Http404

from thinkfamily.lac.models import HealthAssessment, HealthPlan, HealthPlanAction


def plans_for(access):
    return (
        HealthPlan.objects.filter(child=access.person)
        .select_related("assessment", "created_by")
        .prefetch_related("actions")
        .order_by("-created_at", "-id")
    )


def plan_for(access, plan_id) -> HealthPlan:
    try:
        return HealthPlan.objects.select_related("child").get(pk=plan_id, child=access.person)
    except (HealthPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such health plan") from exc


def action_for(access, action_id) -> HealthPlanAction:
    try:
        return HealthPlanAction.objects.select_related("plan__child").get(pk=action_id, plan__child=access.person)
    except (HealthPlanAction.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such action") from exc


def assessments_without_plan(access):
    """The child's completed or seen assessments that have no plan yet (to start one from)."""
    return (
        HealthAssessment.objects.filter(child=access.person, seen_on__isnull=False, health_plan__isnull=True)
        .order_by("-seen_on")
    )


def assessment_of(access, assessment_id) -> HealthAssessment | None:
    if not assessment_id:
        return None
    try:
        return HealthAssessment.objects.get(pk=assessment_id, child=access.person)
    except (HealthAssessment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such assessment") from exc


def weak_action_count(actions=None) -> int:
    """Actions saved with at least one SMART finding (one aggregate query)."""
    qs = HealthPlanAction.objects.all() if actions is None else actions
    return qs.exclude(smart_issues=[]).count()
