"""'Who has looked at this record': every audited access to a person, with its basis."""

import datetime

from django.db.models import Q
from django.utils import timezone

from thinkfamily.access import permissions
from thinkfamily.access.scoping import involvement_visible
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import Practitioner


def can_see_access_history(user, access) -> bool:
    """The child's social worker, a safeguarding lead for the person's population, and the
    person's own GP practice lead (R10.2): access.permissions says so."""
    return permissions.may(user, "access.see_access_history", access)


def access_history(person, viewer, *, date_from=None, date_to=None, action="", who=""):
    """Every audited access to the person, newest first, as ``viewer`` may see it: the reads
    and writes of a restricted service's staff (sexual health) only if the viewer may know the
    service is involved with the person (R2.4)."""
    # The rule is applied to practitioners (an area's few thousand), not joined into each
    # event: the person's events are then read newest first from the index on (subject_id,
    # sequence), and a page of 500 stops after 500 rows however many the person has (issue 16:
    # a record read 20,000 times, in a table of ten million events).
    visible_actors = Practitioner.objects.filter(
        involvement_visible(viewer, service="team__service", person=person)
    ).values("pk")
    events = (
        AuditEvent.objects.filter(subject_id=str(person.pk))
        .filter(Q(actor__isnull=True) | Q(actor_id__in=visible_actors))
        .order_by("-sequence")
    )
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tz))
    if date_to:
        events = events.filter(
            occurred_at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tz)
        )
    if action:
        events = events.filter(action=action)
    if who:
        events = events.filter(
            Q(actor__first_name__icontains=who) | Q(actor__last_name__icontains=who)
            | Q(actor_username__icontains=who) | Q(actor_organisation__icontains=who)
        )
    return events
