"""Looked-after children's health stories for the featured young people, so that the demo
children-in-care nurse (``cic.demo``, Ciara Lynch) finds a health plan, immunisations,
conditions, family health history and a released health passport after ``make run``, not
empty pages. ``demo/lac_health.py`` gives every looked-after child assessments and SDQ
scores as bulk rows; these stories add the rest.

Each story is played through the real services (``lac.services``: plans, passport, pipeline,
family history; ``legal_status.services``) as the demo practitioners, with the clock
(``core.clock``) moved to fixed moments before the demo's anchor date (1 November 2026). So
the SMART findings, coverage, passport snapshot, chronology, audit events and notifications
are exactly what the application writes, and the same rows come out on every seed and size:
the featured people have fixed ids, and their assessment history in ``lac_health`` is drawn
from a stream that does not depend on the seed. Only bookkeeping differs between runs (audit
times, ``updated_at``, the milliseconds the moved clock runs on); the ``created_at`` that the
pages show ("Started", "Passport prepared") is the wall clock (``auto_now_add``), so the
stories date it to the moment told.

- Jade Taylor (14, looked after since September 2023, placed in Chorley): family health
  history from the council on entry to care (her mother's depression, which she may be told;
  her father's schizophrenia, which she has not been told), her immunisations and asthma from
  the GP record, and the health plan agreed after her review health assessment of February
  2026: a dental check-up (done in April), immunisations, vision and hearing, each specific,
  owned and dated, and "Continue to monitor emotional health", with no owner or date, which
  the SMART check flags; a sexual health action added after the October strategy discussion
  (``demo/referrals.py``).
- Keira Molloy (17, a care leaver since June 2026): the health passport. No featured young
  person was 16 or over and in or leaving care. Choosing one of the generated care leavers
  would not do (who they are changes with the seed and size), nor would ageing Jade (the
  referral stories need her at 14), so ``demo/featured.py`` adds one young person, made as
  the others are (fixed uuid5 id, fixed synthetic NHS number, fixed dates), with her mother
  for parental responsibility and the family picture. She is 17, approaching 18, and left
  care at 17 (accommodated under section 20, so a "relevant child" under the Children
  (Leaving Care) Act 2000): the passport is prepared before 18, while she is still the
  children-in-care nurse's, and both ways to a passport hold (16 or over; a care leaver).
  Her looked-after status opens her initial health assessment through
  ``legal_status.services.apply_consequences`` as recording it does (the status, its flag and
  chronology lines are the generator's bulk rows, so only its health assessments are played);
  the assessment and three yearly reviews are recorded step by step,
  and leaving care closes the review that was next due. Then immunisations, type 1 diabetes and
  anxiety (ended), family history (two entries she may be told, one she may not), and a
  passport prepared, reviewed and released by ``cic.demo`` in October 2026, so its page shows
  the released passport and its PDF link.

Fast (measured: 0.17 s on SQLite, 0.35 s on PostgreSQL) and run once: ``seed_demo --if-empty``
does nothing when people exist; ``generator.population.delete_people`` removes the rows
(``delete_lac_stories``; the audit trail is append-only and keeps its events)."""

import datetime
import zoneinfo

from django.db import transaction

from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.demo.lac_health import LAC_DOCTORS, LAC_MEDICAL_TEAM, _clinicians
from thinkfamily.lac.models import (
    AssessmentStep,
    FamilyHealthHistory,
    HealthArea,
    HealthAssessment,
    HealthCondition,
    HealthPassport,
    HealthPlan,
    HealthPlanAction,
    Immunisation,
)
from thinkfamily.lac.services import passport, pipeline, plans
from thinkfamily.lac.services.family_history import record_family_health_history
from thinkfamily.legal_status import services as legal_status
from thinkfamily.people.models import LegalStatus, LegalStatusEntry, Person

LONDON = zoneinfo.ZoneInfo("Europe/London")
Step = AssessmentStep.Step
Relative = FamilyHealthHistory.Relative
COUNCIL_INFORMATION = "Sefton Council's placement information (CoramBAAF health form, Part C)"


def _at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def _day(year, month, day) -> datetime.date:
    return datetime.date(year, month, day)


class _Story:
    """The demo children-in-care nurse, and the LAC doctor she works with, at fixed moments."""

    def __init__(self, area):
        self.people = {p.pk: p for p in Person.objects.filter(pk__in=FEATURED_IDS.values())}
        self.nurse = Auditor(area.practitioners["cic.demo"])
        [(doctor, _)] = _clinicians(area, LAC_DOCTORS[:1], area.teams[LAC_MEDICAL_TEAM])
        self.doctor = Auditor(doctor)
        # The looked-after status itself was recorded by children's social care (bulk rows in
        # demo/featured.py, with its flag and chronology lines from demo/generator/); its
        # health assessments follow from it as they do when it is recorded (``status_changed``).
        self.social_care = Auditor.system("looked-after status recorded by Sefton children's social care (demo)")

    def status_changed(self, entry) -> None:
        """The consequences of a legal status entry written in bulk that the bulk rows do not hold:
        its health assessments (legal_status.services, in the order it applies them)."""
        legal_status.apply_consequences(
            self.social_care, legal_status.Change(legal_status.Kind.RECORDED, entry.person, entry),
            only={legal_status.Consequence.HEALTH_ASSESSMENTS},
        )

    def person(self, name) -> Person:
        return self.people[FEATURED_IDS[name]]

    @staticmethod
    def dated(row, moment) -> None:
        """Date a row's created_at (wall clock, auto_now_add) to the moment of the story."""
        type(row).objects.filter(pk=row.pk).update(created_at=moment)
        row.created_at = moment

    def family_history(self, when, child, entries) -> None:
        with clock.travel_to(when):
            for relative, condition, details, may_share in entries:
                record_family_health_history(
                    self.nurse, child, relative=relative, condition=condition, details=details,
                    may_share_with_young_person=may_share, source=COUNCIL_INFORMATION,
                )

    def immunisations(self, when, child, given) -> None:
        with clock.travel_to(when):
            for vaccine, given_on in given:
                passport.record_immunisation(self.nurse, child, vaccine=vaccine, given_on=given_on)

    def condition(self, when, child, **fields) -> None:
        with clock.travel_to(when):
            passport.record_condition(self.nurse, child, **fields)

    def steps(self, assessment, steps) -> HealthAssessment:
        """Record steps (who, step, day[, appointment]) each on its own day, in the afternoon."""
        for who, step, day, *appointment in steps:
            with clock.travel_to(datetime.datetime.combine(day, datetime.time(16), tzinfo=LONDON)):
                pipeline.record_step(who, assessment, step, occurred_on=day,
                                     appointment_on=appointment[0] if appointment else None)
            assessment.refresh_from_db()
        return assessment


def _jade(story: _Story) -> None:
    jade = story.person("Jade Taylor")
    story.family_history(_at(2023, 10, 2, 11), jade, [
        (Relative.MOTHER, "Depression and anxiety",
         "Kelly has been treated by her GP since 2019. Jade knows her mum has been unwell.", True),
        (Relative.FATHER, "Schizophrenia",
         "Diagnosed in 2015, under a community mental health team. From the father's social worker; Jade has "
         "not been told, and her social worker will decide with her when.", False),
    ])
    # From her GP record after the initial health assessment (seen 10 October 2023).
    story.immunisations(_at(2023, 10, 30, 14), jade, [
        ("MMR first dose", _day(2013, 7, 1)),
        ("Hib/MenC booster", _day(2013, 7, 1)),
        ("MMR second dose", _day(2015, 11, 2)),
        ("4-in-1 pre-school booster (DTaP/IPV)", _day(2015, 11, 2)),
    ])
    story.condition(_at(2023, 10, 30, 14, 20), jade, name="Asthma", since=_day(2016, 5, 10),
                    notes="Mild. Salbutamol inhaler when needed, more in winter; asthma reviews at Chorley Market "
                    "Surgery.")
    story.immunisations(_at(2024, 11, 20, 9), jade, [("HPV (single dose), Year 8 school session", _day(2024, 11, 12))])
    story.immunisations(_at(2025, 10, 15, 9), jade, [("Flu (nasal spray), school session", _day(2025, 10, 8))])

    # The health plan agreed after her latest completed review health assessment.
    agreed = _at(2026, 2, 20, 10)
    review = HealthAssessment.objects.filter(child=jade, completed_on__isnull=False).order_by("-completed_on").first()
    if review is None or review.completed_on > agreed.date():
        raise ValueError(f"Jade's plan follows a review completed by {agreed:%d %B %Y}: found {review}")
    nurse = story.nurse
    with clock.travel_to(agreed):
        plan = plans.create_plan(nurse, jade, assessment=review)
        story.dated(plan, agreed)
        dental = plans.add_action(
            nurse, plan, area=HealthArea.DENTAL,
            action="Book a dental check-up with Chorley Smile Dental Practice; Susan to take Jade and send the "
            "dentist's letter to the children in care nurse",
            owner="Foster carer, Susan Clarke", due_on=_day(2026, 4, 30))
        plans.add_action(
            nurse, plan, area=HealthArea.IMMUNISATIONS,
            action="Teenage booster (Td/IPV) and MenACWY at the Year 9 school session in March, or at the practice "
            "nurse's catch-up clinic at Chorley Market Surgery if she misses it; Susan to return the consent form",
            owner="Foster carer, Susan Clarke", due_on=_day(2026, 12, 18))
        plans.add_action(
            nurse, plan, area=HealthArea.VISION,
            action="Sight test at Specsavers Chorley, two years after her last in January 2025; Mark to book it and "
            "tell the children in care nurse the result",
            owner="Foster carer, Mark Clarke", due_on=_day(2027, 1, 22))
        plans.add_action(
            nurse, plan, area=HealthArea.HEARING,
            action="Hearing test at the audiology clinic, Royal Preston Hospital, for the muffled hearing in her "
            "left ear since an ear infection in December; the GP to refer (the wait is about 40 weeks)",
            owner="GP, Chorley Market Surgery", due_on=_day(2026, 12, 11))
        plans.add_action(nurse, plan, area=HealthArea.EMOTIONAL, action="Continue to monitor emotional health")
    with clock.travel_to(_at(2026, 4, 16, 9, 30)):
        plans.complete_action(nurse, dental, done_on=_day(2026, 4, 14))
    # After the strategy discussion about exploitation (demo/referrals.py, 12 October 2026).
    with clock.travel_to(_at(2026, 10, 14, 15)):
        plans.add_action(
            nurse, plan, area=HealthArea.SEXUAL_HEALTH,
            action="Refer Jade to the young people's sexual health service in Chorley for contraception advice and "
            "a healthy relationships session, and go with her to the first appointment",
            owner="Children in care nurse, Ciara Lynch", due_on=_day(2026, 12, 4))


def _keira(story: _Story) -> None:
    keira = story.person("Keira Molloy")
    nurse, doctor = story.nurse, story.doctor
    entries = LegalStatusEntry.objects.in_force().filter(person=keira, status=LegalStatus.LOOKED_AFTER)
    entered = entries.get(change=LegalStatusEntry.Change.START)
    left = entries.get(change=LegalStatusEntry.Change.END)

    with clock.travel_to(_at(2023, 3, 6, 15)):
        story.status_changed(entered)
    iha = HealthAssessment.objects.get(child=keira, kind=HealthAssessment.Kind.INITIAL)
    story.steps(iha, [
        (nurse, Step.NOTIFICATION_RECEIVED, _day(2023, 3, 8)),
        (nurse, Step.REQUESTED, _day(2023, 3, 9)),
        (nurse, Step.APPOINTMENT_BOOKED, _day(2023, 3, 10), _day(2023, 3, 24)),
    ])
    story.family_history(_at(2023, 3, 13, 11), keira, [
        (Relative.MOTHER, "Depression",
         "Donna has been treated by her GP since 2012 and has talked to Keira about it.", True),
        (Relative.GRANDPARENT, "Breast cancer", "Maternal grandmother, diagnosed at 44.", True),
        (Relative.FATHER, "Bipolar disorder",
         "From the father's social worker. He has not agreed to Keira being told; her social worker will ask "
         "him again.", False),
    ])
    story.steps(iha, [
        (doctor, Step.SEEN, _day(2023, 3, 24)),
        (doctor, Step.REPORT_TYPED, _day(2023, 3, 29)),
        (nurse, Step.QA_ACCEPTED, _day(2023, 3, 30)),
        (nurse, Step.SHARED, _day(2023, 3, 31)),  # schedules the first review, 12 months from the day seen
    ])
    story.immunisations(_at(2023, 3, 31, 14), keira, [
        ("MMR first dose", _day(2010, 1, 20)),
        ("Hib/MenC booster", _day(2010, 1, 20)),
        ("MMR second dose", _day(2012, 6, 5)),
        ("4-in-1 pre-school booster (DTaP/IPV)", _day(2012, 6, 5)),
        ("HPV first dose, Year 8 school session", _day(2021, 11, 10)),
        ("HPV second dose, Year 8 school session", _day(2022, 6, 15)),
        ("Teenage booster (Td/IPV), Year 9 school session", _day(2023, 2, 8)),
        ("MenACWY, Year 9 school session", _day(2023, 2, 8)),
    ])
    story.condition(_at(2023, 3, 31, 14, 30), keira, name="Type 1 diabetes", since=_day(2018, 9, 14),
                    notes="Basal-bolus insulin; paediatric diabetes team at Southport and Formby District General "
                    "Hospital. Carries glucose tablets and a hypo kit.")

    def review(booked, seen, typed, accepted, shared):
        """A yearly review health assessment by the children in care nurse; sharing it schedules the next."""
        due = HealthAssessment.objects.get(child=keira, kind=HealthAssessment.Kind.REVIEW, completed_on=None,
                                           closed_on=None)
        story.steps(due, [
            (nurse, Step.APPOINTMENT_BOOKED, booked, seen),
            (nurse, Step.SEEN, seen),
            (nurse, Step.REPORT_TYPED, typed),
            (nurse, Step.QA_ACCEPTED, accepted),
            (nurse, Step.SHARED, shared),
        ])

    review(_day(2024, 2, 26), _day(2024, 3, 12), _day(2024, 3, 15), _day(2024, 3, 18), _day(2024, 3, 19))
    review(_day(2025, 2, 17), _day(2025, 3, 4), _day(2025, 3, 7), _day(2025, 3, 10), _day(2025, 3, 11))
    story.condition(_at(2025, 7, 10, 11), keira, name="Anxiety", since=_day(2023, 4, 20), ended_on=_day(2025, 6, 30),
                    notes="Six sessions of CBT with Sefton CAMHS; discharged June 2025.")
    story.immunisations(_at(2025, 10, 20, 9), keira,
                        [("Flu (inactivated injection), for her diabetes", _day(2025, 10, 14))])
    review(_day(2026, 2, 9), _day(2026, 2, 24), _day(2026, 2, 27), _day(2026, 3, 2), _day(2026, 3, 3))
    # Leaving care at 17 closes the review that was next due.
    with clock.travel_to(_at(2026, 6, 1, 12)):
        story.status_changed(left)

    prepared = _at(2026, 10, 19, 11)
    with clock.travel_to(prepared):
        prepared_passport = passport.generate_passport(nurse, keira)
        story.dated(prepared_passport, prepared)
    with clock.travel_to(_at(2026, 10, 21, 14)):
        passport.review_passport(
            nurse, prepared_passport,
            note="Checked against the GP summary from Southport Promenade Surgery and the diabetes team's last "
            "letter; family history agreed with Keira's personal adviser.")
    with clock.travel_to(_at(2026, 10, 22, 15, 30)):
        passport.release_passport(nurse, prepared_passport)


STORY_MODELS = [HealthPassport, FamilyHealthHistory, HealthCondition, Immunisation, HealthPlanAction, HealthPlan]


@transaction.atomic
def add_lac_stories(area) -> dict:
    """Play the stories; returns how many rows of each kind there are now (with lac_health's)."""
    story = _Story(area)
    for play in (_jade, _keira):
        play(story)
    return {model.__name__: model.objects.count()
            for model in [HealthAssessment, AssessmentStep, *reversed(STORY_MODELS)]}


def delete_lac_stories() -> None:
    """Remove them (tests re-seed in one database); before delete_lac_health, as plans name assessments."""
    for model in STORY_MODELS:
        model.objects.all().delete()
