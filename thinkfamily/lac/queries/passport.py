"""How the health passport page reads a young person's passports, immunisations and known
conditions (R6.6): through the child's Access (AccessScope)."""

from django.http import Http404

from thinkfamily.lac.models import HealthCondition, HealthPassport, Immunisation


def passports_for(access):
    return HealthPassport.objects.filter(child=access.person).select_related(
        "generated_by", "reviewed_by", "released_by"
    ).order_by("-created_at", "-id")


def passport_for(access, passport_id) -> HealthPassport:
    try:
        return HealthPassport.objects.select_related("child", "generated_by", "reviewed_by", "released_by").get(
            pk=passport_id, child=access.person
        )
    except (HealthPassport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such health passport") from exc


def immunisations_for(access):
    return Immunisation.objects.filter(child=access.person).order_by("given_on", "id")


def conditions_for(access):
    return HealthCondition.objects.filter(child=access.person).order_by("since", "id")
