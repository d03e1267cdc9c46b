"""The child protection tests' scene: Liam (7) and his half-sister Mia (tests.conftest.family),
their social worker Sam of Sefton Council, and the agencies that know them: Liam's GP practice,
his health visitor, Mia's CAMHS and their mother Sarah's adult mental health service. The
clock helpers put each step on its day."""

import datetime
import zoneinfo

from tests.cast import practitioner, put_on_caseload, register_with, works_with
from thinkfamily.core import clock
from thinkfamily.organisations.models import EpisodeOfCare, Practitioner, Service
from thinkfamily.protection import queries, services
from thinkfamily.protection.models import Conference

Role = Practitioner.Role
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def adult_mental_health():
    return practitioner("amh", Role.ADULT_MH_PRACTITIONER, "RW4", Service.Kind.ADULT_MENTAL_HEALTH,
                        team="Sefton adult community mental health team", first_name="Alex", last_name="Mind")


def practice_lead():
    """The safeguarding lead of Crosby Village Surgery, Liam's practice."""
    return practitioner("gplead", Role.PRACTICE_SAFEGUARDING_LEAD, "N82001", Service.Kind.GENERAL_PRACTICE,
                        team="Crosby Village Surgery leads", first_name="Grace", last_name="Lead")


def open_episode(person, practitioner_, since: datetime.date):
    return EpisodeOfCare.objects.create(person=person, service=practitioner_.team.service, start_at=at(since))


def known_to_agencies(family, *, gp, health_visitor, camhs, amh, since=datetime.date(2025, 1, 6)):
    """Liam registered with his GP and on his health visitor's caseload; Mia in CAMHS; their
    mother Sarah in adult mental health."""
    register_with(gp.organisation, family["liam"])
    put_on_caseload(health_visitor, family["liam"])
    open_episode(family["mia"], camhs, since)
    open_episode(family["sarah"], amh, since)


def discussion(social_worker, child, held_on, *, other_children=(), summary="Bruising seen at nursery; section "
               "47 enquiry to start.", agencies=()):
    with clock.travel_to(at(held_on, 15)):
        return services.record_strategy_discussion(
            works_with(social_worker, child, *other_children), child, held_on=held_on, section_47=True,
            summary=summary, other_children=other_children, agencies=agencies)


def initial_conference(social_worker, strategy, scheduled_on, *, on=None):
    """The initial conference of ``strategy`` arranged (``on`` the day, else the discussion's
    next day) for ``scheduled_on``, with every agency that knows the family invited."""
    children = list(strategy.children.all())
    with clock.travel_to(at(on or strategy.held_on + datetime.timedelta(days=1), 11)):
        return services.arrange_conference(works_with(social_worker, *children), discussion=strategy,
                                           scheduled_on=scheduled_on, invited=queries.agencies_that_know(children))


def hold(social_worker, conference, held_on, decisions, attendance=None):
    children = list(conference.children.all())
    with clock.travel_to(at(held_on, 16)):
        return services.record_conference_held(
            works_with(social_worker, *children), conference, held_on=held_on, decisions=decisions,
            attendance=attendance or {i.pk: "attended" for i in conference.invitations.all()})


def review(social_worker, initial, day, outcome="continues"):
    """A review conference after ``initial``, arranged a month before ``day`` and held on it."""
    children = list(initial.children.all())
    with clock.travel_to(at(day - datetime.timedelta(days=30))):
        conference = services.arrange_conference(works_with(social_worker, *children), follows=initial,
                                                 kind=Conference.Kind.REVIEW, scheduled_on=day)
    return hold(social_worker, conference, day, {child.pk: (outcome, "") for child in children})
