"""Transitions from CAMHS and waiting times in the demo (R7.3, R7.5), so that the pages have
something to show after ``make run``.

- Young people on the Sefton CAMHS team's caseload approaching 18 (dates of birth counted from
  the generator's anchor): some late (planning due and not started), some due soon, one with a
  plan to move to adult community mental health, one in an open CAMHS episode of care.
- Referrals to Sefton CAMHS, adult ADHD (Mersey Care; the service and its team are made here if
  the area has none) and paediatrics (Southport and Ormskirk), each an episode of care with its
  appointments: seen and treated in different times, some cancelled or not brought, some still
  waiting, a few longer than the 18-week standard.

The people are the generated population's (no one is added: the demo has the number of
children asked for), drawn in a fixed order with a ``random.Random`` of its own, so the same
seed and size give the same rows; written through the ORM (a few dozen)."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db import transaction

from thinkfamily.appointments.models import Appointment, AppointmentStatus
from thinkfamily.core.audit import Auditor
from thinkfamily.demo.area import CAMHS_TEAM, MERSEY_CARE
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.demo.generator.dates import ANCHOR
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare, Practitioner, Service, Team
from thinkfamily.pathways import services as pathway_services
from thinkfamily.pathways.models import TransitionPlan
from thinkfamily.people.models import Person

LONDON = ZoneInfo("Europe/London")
S = Service.Kind
Status = Appointment.Status
SEED = "pathways-1"
# Young people on CAMHS: months to their 18th birthday at the anchor, and whether a plan started.
APPROACHING_18 = [(4, True), (2, False), (4, False), (5, False), (8, False), (9, False), (11, False)]
ADHD_SERVICE, ADHD_TEAM, ADHD_CLINICIAN = "Adult ADHD assessment service", "Adult ADHD team", "adhd.dr.demo"
PAEDS_TEAM, PAEDS_CLINICIAN = "Paediatric ward team", "paeds.dr.demo"
REASON = "Referral accepted"


def _moment(day: date, hour: int = 0) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


class _People:
    """People of the generated population, drawn in a fixed order (no new people: the demo's
    size is the number of children asked for)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set = set()
        self.count = 0
        featured = set(FEATURED_IDS.values())
        self.pool = [p for p in Person.objects.filter(date_of_birth__isnull=False, date_of_death__isnull=True)
                     .exclude(kind=Person.Kind.UNBORN).order_by("nhs_number", "pk") if p.pk not in featured]

    def _take(self, person: Person) -> Person:
        self.used.add(person.pk)
        self.count += 1
        return person

    def nearest_18th(self, birthday: date) -> Person | None:
        """The young person whose 18th birthday is nearest ``birthday`` (within six weeks)."""
        born = birthday - relativedelta(years=18)
        candidates = [p for p in self.pool if p.pk not in self.used and abs((p.date_of_birth - born).days) <= 45]
        if not candidates:
            return None
        return self._take(min(candidates, key=lambda p: (abs((p.date_of_birth - born).days), p.nhs_number or "")))

    def aged(self, youngest: int, oldest: int) -> Person | None:
        """Someone aged from ``youngest`` to ``oldest`` a year before the anchor, at random."""
        year_ago = ANCHOR - relativedelta(years=1)
        candidates = [p for p in self.pool if p.pk not in self.used
                      and youngest <= relativedelta(year_ago, p.date_of_birth).years <= oldest]
        return self._take(self.rng.choice(candidates)) if candidates else None


def _clinician(username, first, last, role, team) -> Practitioner:
    user, created = Practitioner.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "role": role, "team": team,
                                     "email": f"{username}@example.org", "job_title": role.label},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _adhd_team(area) -> Team:
    """The area's adult ADHD service's team, made at Mersey Care when the area has none."""
    service = Service.objects.filter(kind=S.ADULT_ADHD).first() or Service.objects.create(
        organisation=area.organisations[MERSEY_CARE], kind=S.ADULT_ADHD, name=ADHD_SERVICE,
        phone=area.organisations[MERSEY_CARE].phone,
    )
    team = service.teams.first() or Team.objects.create(service=service, name=ADHD_TEAM)
    area.teams.setdefault(team.name, team)
    return team


def _appointment(person, service, team, who, day, status, *, treatment=False):
    booked = Appointment.objects.create(
        person=person, service=service, team=team, practitioner=who, created_by=who, starts_at=_moment(day, 10),
        kind=Appointment.Kind.TREATMENT if treatment else Appointment.Kind.FIRST_ASSESSMENT,
        starts_treatment=treatment, status=status,
    )
    AppointmentStatus.objects.create(appointment=booked, status=Status.BOOKED, recorded_by=who,
                                     recorded_at=_moment(day - timedelta(days=14), 9))
    if status != Status.BOOKED:
        AppointmentStatus.objects.create(appointment=booked, status=status, recorded_by=who,
                                         recorded_at=_moment(day, 12))
    return booked


def _waiting_list(rng, people, team, who, *, count, ages, first_weeks, treatment_weeks):
    """``count`` referrals over the last year: each seen after a draw of ``first_weeks`` and
    treated ``treatment_weeks`` later, or still waiting when those dates are after the anchor;
    one in four has a cancelled or missed appointment first."""
    service = team.service
    for _ in range(count):
        person = people.aged(*ages)
        if person is None:
            return
        if EpisodeOfCare.objects.filter(person=person, service=service, end_at__isnull=True).exists():
            continue
        referred_on = ANCHOR - timedelta(days=rng.randrange(14, 360))
        EpisodeOfCare.objects.create(person=person, service=service, kind=EpisodeOfCare.Kind.CARE,
                                     start_at=_moment(referred_on), reason=REASON)
        first_on = referred_on + timedelta(weeks=rng.randrange(*first_weeks), days=rng.randrange(5))
        if rng.random() < 0.25:
            missed = Status.WAS_NOT_BROUGHT if person.kind == Person.Kind.CHILD else Status.DID_NOT_ATTEND
            early = referred_on + (first_on - referred_on) / 2
            if early < ANCHOR:
                _appointment(person, service, team, who, early, rng.choice([missed, Status.CANCELLED_BY_SERVICE]))
        if first_on >= ANCHOR:
            _appointment(person, service, team, who, first_on, Status.BOOKED)
            continue
        _appointment(person, service, team, who, first_on, Status.ATTENDED)
        treated_on = first_on + timedelta(weeks=rng.randrange(*treatment_weeks))
        if treated_on < ANCHOR:
            _appointment(person, service, team, who, treated_on, Status.ATTENDED, treatment=True)


def _approaching_18(area, people, camhs_who):
    camhs_team = area.teams[CAMHS_TEAM]
    adult_mh = Service.objects.filter(kind=S.ADULT_MENTAL_HEALTH).first()
    for number, (months, with_plan) in enumerate(APPROACHING_18):
        person = people.nearest_18th(ANCHOR + relativedelta(months=months))
        if person is None:
            continue
        if number == len(APPROACHING_18) - 1:  # in an open CAMHS episode rather than on the caseload
            EpisodeOfCare.objects.filter(person=person, service=camhs_team.service, end_at__isnull=True).delete()
            EpisodeOfCare.objects.create(person=person, service=camhs_team.service, kind=EpisodeOfCare.Kind.CARE,
                                         start_at=_moment(ANCHOR - timedelta(days=200)), reason=REASON)
        else:
            CaseloadMembership.objects.get_or_create(
                person=person, team=camhs_team, practitioner=camhs_who, end_date=None,
                defaults={"start_date": ANCHOR - timedelta(days=400 + 30 * number),
                          "reason": "Referral accepted: low mood and anxiety"},
            )
        if with_plan and adult_mh is not None:
            pathway_services.start_transition_plan(
                Auditor(actor=camhs_who, request_id="demo"), person, adult_service=adult_mh,
                started_on=ANCHOR - timedelta(days=40), planned_transfer_on=person.date_of_birth + relativedelta(
                    years=18),
            )


def add_pathways(area) -> dict:
    rng = random.Random(SEED)
    camhs_who = area.practitioners["camhs.demo"]
    with transaction.atomic():
        people = _People(rng)
        _approaching_18(area, people, camhs_who)
        camhs_team = area.teams[CAMHS_TEAM]
        adhd_team = _adhd_team(area)
        adhd_who = _clinician(ADHD_CLINICIAN, "Ruth", "Sandford", Practitioner.Role.ADULT_MH_PRACTITIONER, adhd_team)
        paeds_team = area.teams[PAEDS_TEAM]
        paeds_who = _clinician(PAEDS_CLINICIAN, "Owen", "Lacey", Practitioner.Role.PAEDIATRIC_LIAISON, paeds_team)
        _waiting_list(rng, people, camhs_team, camhs_who, count=14, ages=(8, 17), first_weeks=(3, 16),
                      treatment_weeks=(1, 10))
        _waiting_list(rng, people, adhd_team, adhd_who, count=10, ages=(19, 45), first_weeks=(10, 40),
                      treatment_weeks=(4, 20))
        _waiting_list(rng, people, paeds_team, paeds_who, count=8, ages=(1, 15), first_weeks=(2, 12),
                      treatment_weeks=(1, 10))
    return {"Pathway episodes and caseload places": people.count, "TransitionPlan": TransitionPlan.objects.count()}


def delete_pathways() -> None:
    """Remove the transition plans and the appointments of the pathways' people (before the
    people go: both refer to them)."""
    TransitionPlan.objects.all().delete()
    mine = EpisodeOfCare.objects.filter(reason=REASON, service__kind__in=[S.CAMHS, S.ADULT_ADHD, S.PAEDIATRICS])
    appointments = Appointment.objects.filter(person__in=mine.values("person"))
    AppointmentStatus.objects.filter(appointment__in=appointments).delete()
    appointments.delete()
