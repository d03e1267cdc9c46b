"""Writes about access: breaking glass and reviewing it."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.presenters import format_datetime
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Practitioner

MINIMUM_JUSTIFICATION = 20


def safeguarding_leads_for(practitioner):
    """Who reviews this practitioner's break-glass accesses: their organisation's leads."""
    organisation = practitioner.organisation
    if organisation is None:
        return Practitioner.objects.none()
    return Practitioner.objects.filter(
        is_active=True,
        team__service__organisation=organisation,
        role__in=[Practitioner.Role.SAFEGUARDING_LEAD, Practitioner.Role.PRACTICE_SAFEGUARDING_LEAD],
    )


@transaction.atomic
def break_glass(auditor: Auditor, practitioner, person, *, reason: str, justification: str) -> BreakGlassAccess:
    justification = (justification or "").strip()
    if reason not in BreakGlassAccess.Reason.values:
        raise ValidationError({"reason": "Choose why you need to open this record."})
    if len(justification) < MINIMUM_JUSTIFICATION:
        raise ValidationError(
            {
                "justification": "Explain why you need this record now, in at least "
                f"{MINIMUM_JUSTIFICATION} characters. Your safeguarding lead will review it."
            }
        )
    now = clock.now()
    access = BreakGlassAccess.objects.create(
        practitioner=practitioner,
        person=person,
        reason=reason,
        justification=justification,
        started_at=now,
        expires_at=now + datetime.timedelta(hours=settings.ACCESS_BREAK_GLASS_HOURS),
    )
    basis = f"Break glass: {access.get_reason_display()}"
    auditor.break_glass(
        person,
        basis,
        {"justification": justification, "expires_at": access.expires_at.isoformat(), "break_glass_id": access.pk},
    )
    organisation = practitioner.organisation
    for lead in safeguarding_leads_for(practitioner):
        Notification.objects.create(
            recipient=lead,
            cause=Notification.Cause.BREAK_GLASS,
            subject_person=person,
            sender=practitioner,
            message=f"{practitioner.display_name} ({practitioner.get_role_display()}, "
            f"{organisation.name if organisation else 'no organisation'}) broke glass at "
            f"{format_datetime(now)}: {access.get_reason_display()}. Please review.",
            link=reverse("access:break_glass_review", args=[access.pk]),
        )
    return access


@transaction.atomic
def review_break_glass(auditor: Auditor, reviewer, access: BreakGlassAccess, *, outcome: str, note: str):
    locked = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
    if locked.reviewed_at is not None:
        raise ValidationError({"outcome": "This access has already been reviewed."})
    if outcome not in BreakGlassAccess.Outcome.values:
        raise ValidationError({"outcome": "Choose whether the access was appropriate."})
    if outcome == BreakGlassAccess.Outcome.INAPPROPRIATE and not note.strip():
        raise ValidationError({"note": "Say what will happen next when an access was not appropriate."})
    if reviewer.pk == locked.practitioner_id:
        raise ValidationError({"outcome": "You cannot review your own break-glass access."})
    locked.reviewed_by, locked.reviewed_at = reviewer, clock.now()
    locked.review_outcome, locked.review_note = outcome, note.strip()
    locked.save(update_fields=["reviewed_by", "reviewed_at", "review_outcome", "review_note"])
    auditor.basis = auditor.basis or "Safeguarding lead review of a break-glass access"
    auditor.write(locked, ["reviewed_by", "reviewed_at", "review_outcome", "review_note"], subject=locked.person)
    return locked
