"""The population of children in care that health is responsible for (R6.4, §4.4, Rec 5.1):
every child looked after now, and every care leaver, that the user may see, filterable by
placed here by another authority, placed out of area, UASC, under 5 with their named
health visitor, placed for adoption, care leavers; with the number of health assessments and
episodes of care of each child.

A status is current when its latest in-force entry that has taken effect is a start (the
order of people.family.current_legal_statuses: effective date, when recorded, id). Here that
is computed in SQL (``current_entries``, over ``LegalStatusEntry.objects.running``, which the
access rules use too) so that the list, its counts and its filters are
each one query, whatever the size of the area. Views reach these children only through an
``AccessScope`` (``scope.people()``)."""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat

from thinkfamily.access import permissions
from thinkfamily.lac.models import HealthAssessment
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service
from thinkfamily.people.models import LegalStatus, LegalStatusEntry

Role = Practitioner.Role
PAGE_SIZE = 50

def can_see_population(user) -> bool:
    return permissions.may(user, "lac.see_population")


def require_population_role(user) -> None:
    permissions.require(user, "lac.see_population")


def area_council_code() -> str:
    return settings.AREA_LOCAL_AUTHORITY_CODE


# Current statuses, in SQL -------------------------------------------------------------------


def current_entries(statuses, today):
    """The start entries of ``statuses`` that are running on ``today`` (see
    ``LegalStatusEntryQuerySet.running``)."""
    statuses = [statuses] if isinstance(statuses, str) else list(statuses)
    return LegalStatusEntry.objects.filter(status__in=statuses).running(today)


def looked_after_ids(today):
    """Ids of the children looked after now (for other modules: the SDQ figure)."""
    return current_entries(LegalStatus.LOOKED_AFTER, today).values("person_id")


# Filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    hint: str


FILTERS = [
    Filter("all", "Everyone", "Every child looked after now, and every care leaver"),
    Filter("other_authority", "Placed in the area by another authority",
           "Looked after by another council and living here"),
    Filter("out_of_area", "Placed out of area", "Looked after and placed outside the responsible council's area"),
    Filter("uasc", "Unaccompanied asylum-seeking children", "Looked after, with a current UASC status"),
    Filter("under_5", "Under 5, with their named health visitor", "Looked after and under 5 today"),
    Filter("adoption", "Placed for adoption", "Looked after and placed for adoption"),
    Filter("care_leavers", "Care leavers", "Care leavers now"),
]
FILTER_KEYS = {f.key for f in FILTERS}


def _conditions(today) -> dict:
    """Each filter as a condition on Person (an ``IN`` over the current entries)."""
    looked_after = current_entries(LegalStatus.LOOKED_AFTER, today)
    own = area_council_code()
    la_ids = looked_after.values("person_id")
    under_5 = Q(date_of_birth__gt=today - relativedelta(years=5))
    return {
        "all": Q(pk__in=current_entries([LegalStatus.LOOKED_AFTER, LegalStatus.CARE_LEAVER], today)
                 .values("person_id")),
        "other_authority": Q(pk__in=looked_after.filter(responsible_authority__isnull=False)
                             .exclude(responsible_authority__code=own).values("person_id")),
        "out_of_area": Q(pk__in=looked_after.filter(placed_out_of_area=True).values("person_id")),
        "uasc": Q(pk__in=la_ids) & Q(pk__in=current_entries(LegalStatus.UASC, today).values("person_id")),
        "under_5": Q(pk__in=la_ids) & under_5,
        "adoption": Q(pk__in=la_ids)
        & Q(pk__in=current_entries(LegalStatus.PLACED_FOR_ADOPTION, today).values("person_id")),
        "care_leavers": Q(pk__in=current_entries(LegalStatus.CARE_LEAVER, today).values("person_id")),
    }


def _named_health_visitor(today):
    """The named health visitor of a child now: a current caseload membership, with a named
    practitioner, in a health-visiting service (the most recent if there are two)."""
    return (
        CaseloadMembership.objects.current(today)
        .filter(person=OuterRef("pk"), team__service__kind=Service.Kind.HEALTH_VISITING, practitioner__isnull=False)
        .order_by("-start_date", "-id")
    )


def _count_of(queryset):
    counted = queryset.order_by().values("person_id" if queryset.model is EpisodeOfCare else "child_id")
    return Coalesce(Subquery(counted.annotate(n=Count("*")).values("n")[:1], output_field=IntegerField()), 0)


def children(scope, today, show: str = "all"):
    """The children in care the user may see, for one filter, each with what the list shows.
    The annotations are correlated subqueries over indexed columns, evaluated for the rows of
    the page only: no query per child."""
    if show not in FILTER_KEYS:
        show = "all"
    conditions = _conditions(today)
    rows = scope.people().filter(conditions["all"])
    if show != "all":
        rows = rows.filter(conditions[show])
    looked_after = current_entries(LegalStatus.LOOKED_AFTER, today).filter(person=OuterRef("pk")).order_by(
        "-effective_date", "-recorded_at", "-id")
    hv = _named_health_visitor(today)
    return rows.annotate(
        assessments=_count_of(HealthAssessment.objects.filter(child=OuterRef("pk"), completed_on__isnull=False)),
        episodes=_count_of(EpisodeOfCare.objects.filter(person=OuterRef("pk"))),
        looked_after_since=Subquery(looked_after.values("effective_date")[:1]),
        placement=Subquery(looked_after.values("placement_type")[:1]),
        responsible_authority=Subquery(looked_after.values("responsible_authority__name")[:1]),
        out_of_area=Subquery(looked_after.values("placed_out_of_area")[:1]),
        is_uasc=Exists(current_entries(LegalStatus.UASC, today).filter(person=OuterRef("pk"))),
        is_placed_for_adoption=Exists(
            current_entries(LegalStatus.PLACED_FOR_ADOPTION, today).filter(person=OuterRef("pk"))),
        care_leaver_since=Subquery(
            current_entries(LegalStatus.CARE_LEAVER, today).filter(person=OuterRef("pk")).values(
                "effective_date")[:1]),
        health_visitor=Subquery(hv.values(
            name=Concat("practitioner__first_name", Value(" "), "practitioner__last_name"))[:1]),
        health_visitor_team=Subquery(hv.values("team__name")[:1]),
    ).order_by("family_name_key", "given_name_key", "pk")


def in_care_since(children, today) -> None:
    """Set ``in_care_since`` on each looked-after child of a page: the start of their period
    of care, which a change of placement does not restart (it is recorded as the status ended
    and started again on the same day). One query for the page."""
    ids = [child.pk for child in children if child.looked_after_since]
    entries = (
        LegalStatusEntry.objects.in_force()
        .filter(person_id__in=ids, status=LegalStatus.LOOKED_AFTER, effective_date__lte=today)
        .values_list("person_id", "change", "effective_date")
    )
    ends, starts = {}, {}
    for person_id, change, effective in entries:
        (ends if change == LegalStatusEntry.Change.END else starts).setdefault(person_id, set()).add(effective)
    for child in children:
        since = child.looked_after_since
        if since is not None:
            # Walk back while this start is the same day as an end: the placement changed.
            while since in ends.get(child.pk, ()):
                earlier = [d for d in starts.get(child.pk, ()) if d < since]
                if not earlier:
                    break
                since = max(earlier)
        child.in_care_since = since


def counts(scope, today) -> dict:
    """How many children each filter shows, in one aggregate query."""
    conditions = _conditions(today)
    rows = scope.people().filter(conditions["all"]).order_by()
    return rows.aggregate(
        **{key: Count("pk", filter=condition) if key != "all" else Count("pk") for key, condition in conditions.items()}
    )
