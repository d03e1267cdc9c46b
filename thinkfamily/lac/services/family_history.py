"""The family and parental health history captured on entry to care (R6.6), from the
council's information: shown in the initial health assessment, and in the care leaver's health
passport only when it may be shared with the young person."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.lac.models import FamilyHealthHistory

FAMILY_HISTORY_RECORDED = register(
    "family_health_history", "Family health history recorded", Significance.LOW
)


@transaction.atomic
def record_family_health_history(
    auditor: Auditor,
    child,
    *,
    relative: str,
    condition: str,
    source: str,
    details: str = "",
    may_share_with_young_person: bool = False,
) -> FamilyHealthHistory:
    """One entry of the family and parental health history from the council's information
    on entry to care (R6.6): shown in the IHA, and in the passport only where it may be shared."""
    permissions.require_of(auditor, "lac.record_assessment_for", child)
    condition, source, details = condition.strip(), source.strip(), details.strip()
    errors = {}
    if relative not in FamilyHealthHistory.Relative.values:
        errors["relative"] = "Choose whose health this is about."
    if not condition:
        errors["condition"] = "Enter the condition, for example 'Type 1 diabetes' or 'Depression'."
    if not source:
        errors["source"] = "Say where this came from, for example 'Council's placement information form'."
    if errors:
        raise ValidationError(errors)
    entry = FamilyHealthHistory.objects.create(
        child=child,
        relative=relative,
        condition=condition,
        details=details,
        may_share_with_young_person=may_share_with_young_person,
        source=source,
        recorded_by=auditor.actor,
        recorded_at=clock.now(),
    )
    auditor.create(entry, ["relative", "condition", "details", "may_share_with_young_person", "source"], subject=child)
    record_event(
        child,
        FAMILY_HISTORY_RECORDED,
        f"Family health history: {entry.get_relative_display().lower()}, {condition}",
        occurred_at=clock.now(),
        author=auditor.actor,
        source=entry,
    )
    return entry
