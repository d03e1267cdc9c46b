"""Young people on a CAMHS caseload approaching 18 (R7.3; review §2.27, NICE NG43).

On CAMHS: an open episode of care (kind care) in a CAMHS service, or a current place on the
caseload of a CAMHS team. Transition planning is due from the local number of months before
the 18th birthday (``transition.start``, read with ``timescales.in_force``): the due date is
the 18th birthday less those months (``relativedelta``). A young person is late when the due
date has passed and no transition plan was ever started, while they are under 18 or turned
18 within the last year and are still on CAMHS; due soon when the due date is within the
next ``DUE_SOON_MONTHS``.

Each list is one query: the date-of-birth bounds are worked out once for the months in
force (``_born_after``), so the database compares an indexed date, whatever the size of the
area."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from thinkfamily.core import clock, timescales
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Service
from thinkfamily.pathways.models import TransitionPlan
from thinkfamily.people.models import Person

TIMESCALE = "transition.start"
# How far ahead the "due soon" list looks: planning starts within the next three months.
DUE_SOON_MONTHS = 3
# A young person still on CAMHS after their 18th birthday with no plan stays on the late list
# for the year after it.
LISTED_AFTER_18_MONTHS = 12
ADULT_SERVICE_KINDS = (Service.Kind.ADULT_MENTAL_HEALTH, Service.Kind.ADULT_ADHD, Service.Kind.ADULT_SUBSTANCE_MISUSE)


def months_in_force(at=None) -> int:
    return int(timescales.in_force(TIMESCALE, at).value)


def due_on(date_of_birth: datetime.date, months: int) -> datetime.date:
    """The day transition planning is due: the 18th birthday less ``months``."""
    return date_of_birth + relativedelta(years=18) - relativedelta(months=months)


def _born_after(day: datetime.date, months: int) -> datetime.date:
    """The earliest date of birth whose due date falls on or after ``day`` (the due date grows
    with the date of birth, so a bound on the date of birth is a bound on the due date)."""
    born = day - relativedelta(years=18) + relativedelta(months=months)
    while due_on(born, months) < day:
        born += datetime.timedelta(days=1)
    while due_on(born - datetime.timedelta(days=1), months) >= day:
        born -= datetime.timedelta(days=1)
    return born


def _camhs_episodes(now, services):
    episodes = EpisodeOfCare.objects.current(now).filter(
        person=OuterRef("pk"), kind=EpisodeOfCare.Kind.CARE, service__kind=Service.Kind.CAMHS
    )
    return episodes.filter(service__in=services) if services is not None else episodes


def _camhs_places(today, services):
    places = CaseloadMembership.objects.current(today).filter(
        person=OuterRef("pk"), team__service__kind=Service.Kind.CAMHS
    )
    return places.filter(team__service__in=services) if services is not None else places


def on_camhs(today, now, services=None):
    """Everyone on CAMHS now (of ``services``, or of any CAMHS service), with the CAMHS
    service they are on (``camhs_service_id``: an episode's, else a caseload place's)."""
    episodes, places = _camhs_episodes(now, services), _camhs_places(today, services)
    return (
        Person.objects.filter(Exists(episodes) | Exists(places))
        .filter(date_of_birth__isnull=False, date_of_death__isnull=True)
        .annotate(camhs_service_id=Coalesce(Subquery(episodes.values("service_id")[:1]),
                                            Subquery(places.values("team__service_id")[:1])))
    )


def _without_plan():
    return ~Exists(TransitionPlan.objects.filter(person=OuterRef("pk")))


@dataclass(frozen=True)
class Window:
    months: int
    late_born_before: datetime.date  # due date before today
    soon_born_before: datetime.date  # due date within the next DUE_SOON_MONTHS
    oldest_born_after: datetime.date  # not yet 19

    def late_q(self) -> Q:
        return Q(date_of_birth__lt=self.late_born_before, date_of_birth__gt=self.oldest_born_after)

    def soon_q(self) -> Q:
        return Q(date_of_birth__gte=self.late_born_before, date_of_birth__lt=self.soon_born_before)


def window(today: datetime.date, months: int | None = None) -> Window:
    months = months_in_force() if months is None else months
    return Window(
        months=months,
        late_born_before=_born_after(today, months),
        soon_born_before=_born_after(today + relativedelta(months=DUE_SOON_MONTHS) + datetime.timedelta(days=1),
                                     months),
        oldest_born_after=today - relativedelta(years=18, months=LISTED_AFTER_18_MONTHS),
    )


def _among(people, among, person: str = "pk"):
    """Only the rows whose person (``person``) is one of ``among`` (the people a user may open,
    from access.scoping), if given: checked for each row's person (an EXISTS on its primary
    key), never by first listing everyone the user may open."""
    return people if among is None else people.filter(Exists(among.filter(pk=OuterRef(person))))


def late(today, now, *, services=None, months=None, among=None):
    """On CAMHS, due date passed, no plan ever started: the longest overdue first."""
    people = on_camhs(today, now, services).filter(window(today, months).late_q()).filter(_without_plan())
    return _among(people, among).order_by("date_of_birth", "family_name", "given_name")


def due_soon(today, now, *, services=None, months=None, among=None):
    """On CAMHS, planning due within the next few months, no plan started yet."""
    people = on_camhs(today, now, services).filter(window(today, months).soon_q()).filter(_without_plan())
    return _among(people, among).order_by("date_of_birth", "family_name", "given_name")


def plans_heading_to(services):
    """Open plans whose young person will move to one of ``services``."""
    return (TransitionPlan.objects.open().filter(adult_service__in=services)
            .select_related("person", "camhs_service__organisation", "adult_service")
            .order_by("planned_transfer_on", "started_on"))


def open_plans(services=None, among=None):
    plans = TransitionPlan.objects.open().select_related("person", "camhs_service__organisation", "adult_service")
    if services is not None:
        plans = plans.filter(camhs_service__in=services)
    plans = _among(plans, among, "person")
    return plans.order_by("planned_transfer_on", "started_on")


def adult_services():
    return Service.objects.filter(kind__in=ADULT_SERVICE_KINDS).select_related("organisation").order_by(
        "organisation__name", "name"
    )


def camhs_services_of(person, today=None, now=None):
    """The CAMHS services ``person`` is on now."""
    today, now = today or clock.today(), now or clock.now()
    episode_services = EpisodeOfCare.objects.current(now).filter(
        person=person, kind=EpisodeOfCare.Kind.CARE, service__kind=Service.Kind.CAMHS
    ).values("service_id")
    place_services = CaseloadMembership.objects.current(today).filter(
        person=person, team__service__kind=Service.Kind.CAMHS
    ).values("team__service_id")
    return Service.objects.filter(Q(pk__in=episode_services) | Q(pk__in=place_services))


def plans_of(person):
    return TransitionPlan.objects.filter(person=person).select_related(
        "camhs_service__organisation", "adult_service__organisation", "started_by", "outcome_by"
    )


def worked_with_by(user, people, today, now) -> set:
    """Of ``people``, those the user's team has on its caseload or the user's service has in an
    open episode of care: the bases on which CAMHS staff change a record (access.rules). One query."""
    ids = [p.pk for p in people]
    if not ids or not getattr(user, "team_id", None):
        return set()
    places = CaseloadMembership.objects.current(today).filter(person_id__in=ids, team_id=user.team_id)
    episodes = EpisodeOfCare.objects.current(now).filter(person_id__in=ids, kind=EpisodeOfCare.Kind.CARE,
                                                         service_id=user.team.service_id)
    return set(places.values_list("person_id", flat=True).union(episodes.values_list("person_id", flat=True)))
