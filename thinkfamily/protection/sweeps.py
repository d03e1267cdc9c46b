"""The chase of late conference minutes (R5.1, review §3.10): a held conference whose minutes
and plan have not been received within ``cp.minutes`` working days is chased once, by the
deadline sweeps' task in the worker (referrals.tasks; this app hands the sweep over in
``ProtectionConfig.ready``).

Each candidate (one query over the partial index ``conference_minutes_awaited``) is claimed with
a conditional ``UPDATE ... SET minutes_chased_at = now WHERE id = ? AND minutes_chased_at IS
NULL AND minutes_received_at IS NULL``; only the sweep whose UPDATE changed the row tells anyone,
so two sweeps at once, or one run twice, chase once. The claim, its notifications and its audit
event are one transaction: a failure leaves the row unclaimed for the next sweep. Conferences are
few (tens a month in an area), so a row at a time."""

from django.db import transaction
from django.utils import timezone

from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.presenters import format_date, format_datetime
from thinkfamily.notifications.models import Notification
from thinkfamily.notifications.rules import notify
from thinkfamily.organisations.models import Practitioner
from thinkfamily.protection.models import Conference
from thinkfamily.protection.services import conference_link
from thinkfamily.referrals.information_requests.services import safeguarding_leads_by_organisation


def late_minutes(now):
    return Conference.objects.minutes_overdue(now).filter(minutes_chased_at__isnull=True)


def _claim(pk, now) -> bool:
    return Conference.objects.filter(pk=pk, minutes_chased_at__isnull=True, minutes_received_at__isnull=True).update(
        minutes_chased_at=now, updated_at=timezone.now(),  # wall clock: bookkeeping, as auto_now writes it
    ) == 1


def _council_social_care(conference: Conference) -> list:
    """Who at the council is chased: whoever arranged and recorded the conference, else its MASH."""
    people = [who for who in (conference.held_recorded_by, conference.arranged_by) if who is not None and who.is_active]
    return people or list(Practitioner.mash_workers(team__service__organisation=conference.council))


def _chase(conference: Conference, now) -> None:
    children = list(conference.children.all())
    names = ", ".join(child.full_name for child in children)
    what = (f"The minutes and plan of the {conference.get_kind_display().lower()} about {names} held on "
            f"{format_date(conference.held_on)} were due by {format_datetime(conference.minutes_due_at)} and have "
            "not been received.")
    organisations = {invitation.service.organisation_id for invitation in conference.invitations.select_related(
        "service")}
    leads = [lead for people in safeguarding_leads_by_organisation(organisations).values() for lead in people]
    link = conference_link(conference)
    notify(_council_social_care(conference), cause=Notification.Cause.CONFERENCE_MINUTES_OVERDUE,
           person=children[0], link=link, message=f"{what} Please send them to the agencies invited."[:500])
    notify(leads, cause=Notification.Cause.CONFERENCE_MINUTES_OVERDUE, person=children[0], link=link,
           message=f"{what} The council has been chased."[:500])
    Auditor.system("deadline sweep").write(conference, ["minutes_chased_at"], detail={"sweep": "minutes chase"},
                                           subject=children[0])


def chase_late_minutes(now=None) -> int:
    """Chase each conference whose minutes are late, once. Returns how many were chased."""
    now = now or clock.now()
    chased = 0
    candidates = list(late_minutes(now).order_by("minutes_due_at", "pk").values_list("pk", flat=True))
    for pk in candidates:
        with transaction.atomic():
            if not _claim(pk, now):
                continue
            conference = Conference.objects.select_related("council", "arranged_by", "held_recorded_by").get(pk=pk)
            _chase(conference, now)
            chased += 1
    return chased
