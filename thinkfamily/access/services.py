"""Writes about access: breaking glass and reviewing it; changing and resetting passwords."""

import datetime
import secrets

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.urls import reverse

from thinkfamily.access.models import BreakGlassAccess, PasswordReset
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock
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
    lock(person)  # one break-glass of this person at a time: a second one sees the first
    now = clock.now()
    open_already = BreakGlassAccess.objects.active(now).filter(practitioner=practitioner, person=person).first()
    if open_already is not None:  # the same form sent twice, or again while access lasts: one access, one review
        raise AlreadyRecorded(
            open_already,
            f"You already have break-glass access to this record, until {format_datetime(open_already.expires_at)}. "
            "Your safeguarding lead has been told once.",
        )
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
            created_at=now,
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


@transaction.atomic
def change_password(auditor: Auditor, practitioner, *, new_password: str) -> None:
    """The practitioner chooses a new password (the view has checked their current one).
    Every other session of theirs ends with it: Django ties a session to the password."""
    try:
        validate_password(new_password, practitioner)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from error
    practitioner.set_password(new_password)
    practitioner.save(update_fields=["password"])
    replaced_one_time, _ = PasswordReset.objects.filter(practitioner=practitioner).delete()
    auditor.write(practitioner, ["password"], detail={"changed_by": "themselves", "after_reset": replaced_one_time > 0})


# No 0/o, 1/l/i: read out over the phone without mistakes.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _one_time_password(practitioner) -> str:
    """Four groups of four random characters (about 79 bits), which the validators accept."""
    for _ in range(50):
        candidate = "-".join("".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(4))
        try:
            validate_password(candidate, practitioner)
        except ValidationError:
            continue  # rare (a name or a word by chance): draw again
        return candidate
    raise ImproperlyConfigured("AUTH_PASSWORD_VALIDATORS refuse every one-time password reset_password makes.")


@transaction.atomic
def reset_password(auditor: Auditor, practitioner, *, reason: str) -> str:
    """An administrator resets a practitioner's password, after checking who is asking: a
    one-time password, returned to be given to them, which they must replace when they next
    sign in. Their other sessions end, and a lock-out on their username is lifted."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the password is being reset and how you checked who asked."})
    one_time = _one_time_password(practitioner)
    practitioner.set_password(one_time)
    practitioner.save(update_fields=["password"])
    PasswordReset.objects.update_or_create(
        practitioner=practitioner, defaults={"reset_at": clock.now(), "reason": reason[:300]}
    )
    AxesProxyHandler.reset_attempts(username=practitioner.get_username())
    auditor.write(practitioner, ["password"], detail={"one_time": True, "reason": reason[:300]})
    return one_time
