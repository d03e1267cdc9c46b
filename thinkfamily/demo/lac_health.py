"""Looked-after children's health in the demo (issue 6): for every child the generator makes
looked after now, the initial health assessment with its steps (some notifications late,
some children not brought or rescheduled, some typed reports late, some quality assurance
returns), the review health assessments since (every 6 months under 5, every 12 from 5, some
late, the latest open), and SDQ scores (on entry and yearly, ages 4-16) banded with the scheme
in force and stored with it. So the dashboard and the population show something real after
``make run``, and the benchmark has data at scale.

Deterministic: its own ``random.Random`` seeded from the generator's seed (so the rest of the
population is unchanged), dates relative to the generator's anchor, steps after the anchor
not yet happened. The featured children (``demo/featured.py``) draw from one fixed stream
instead, the same on every seed and size, because stories are told about them
(``demo/lac_stories.py``: Jade's health plan follows her latest review); it is the stream
seed 1 gave its first looked-after child, so ``make run``'s Jade keeps the history she had.
Fast: rows are tuples written with ``generator.writing.write_rows`` (COPY on PostgreSQL, executemany
on SQLite). Deadlines and step targets come from ``thinkfamily.core.timescales`` (the values
in force read once), measured as ``lac.services.pipeline.record_step`` measures them."""

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max

from thinkfamily.core import timescales
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.demo.generator.writing import reset_sequences, write_rows
from thinkfamily.lac.models import AssessmentStep, HealthAssessment, SDQScore
from thinkfamily.organisations.models import Practitioner

Step = AssessmentStep.Step
IHA, RHA = HealthAssessment.Kind.INITIAL, HealthAssessment.Kind.REVIEW

# Named clinicians who do the assessments (no sign-in: unusable passwords). Each has their own
# chance of a report being returned by quality assurance, so that the return rate by
# practitioner differs as it does in life (§4.5).
LAC_DOCTORS = [("lac.dr.nair", "Priya", "Nair", 0.06), ("lac.dr.hughes", "Tom", "Hughes", 0.12),
               ("lac.dr.okoye", "Sarah", "Okoye", 0.28), ("lac.dr.byrne", "James", "Byrne", 0.15)]
CIC_NURSES = [("cic.nurse.kelly", "Bernadette", "Kelly", 0.08), ("cic.nurse.amin", "Yasmin", "Amin", 0.2)]
LAC_MEDICAL_TEAM = "LAC medical team"
NOT_BROUGHT_REASONS = ["Foster carer unwell", "Carer forgot the appointment", "Child refused to attend",
                       "Transport not arranged by the placement", "Child moved placement the day before"]
RESCHEDULE_REASONS = ["Clinic cancelled: doctor off sick", "Carer asked for a later date", "School exam that day"]
FEATURED_STREAM = "lac-health-1"
QA_RETURN_REASONS = ["Health plan actions have no owners or dates", "Dental and immunisation history missing",
                     "Emotional health section incomplete", "Report not signed by the assessing doctor"]

HEALTH_ASSESSMENT_COLUMNS = [
    "id", "child_id", "kind", "entered_care_on", "due_on", "due_rule", "previous_id", "notified_on", "requested_on",
    "booked_on", "appointment_on", "seen_on", "report_due_on", "report_typed_on", "qa_accepted_on", "shared_on",
    "completed_on", "not_brought_count", "rescheduled_count", "qa_return_count", "assessing_clinician_id",
    "assessing_service_id", "child_age_band",
]
STEP_COLUMNS = ["assessment_id", "step", "occurred_on", "appointment_on", "reason", "working_days", "target_due_on",
                "target_rule", "late_by_working_days", "recorded_by_id", "recorded_at"]
SDQ_COLUMNS = ["child_id", "completed_on", "informant", "total_difficulties", "band", "scheme", "scheme_rule",
               "received_from_id", "recorded_by_id", "recorded_at"]


def _clinicians(area, specs, team):
    found = []
    for username, first, last, returns in specs:
        user, created = Practitioner.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "team": team, "email": f"{username}@example.org",
                      "role": Practitioner.Role.LAC_PAEDIATRICIAN if username.startswith("lac.")
                      else Practitioner.Role.CIC_NURSE,
                      "job_title": "Looked-after children's paediatrician" if username.startswith("lac.")
                      else "Children in care nurse"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        found.append((user, returns))
    return found


@dataclass
class Assessment:
    """One assessment while it is built: its row values and its steps."""

    values: dict
    steps: list = field(default_factory=list)


class LACHealth:
    def __init__(self, builder):
        b = builder
        self.rng = random.Random(f"lac-health-{b.seed}")
        self.featured_rng = random.Random(FEATURED_STREAM)
        self.anchor = b.anchor
        self.area = b.area
        self.council = b.area.council
        self.cic = b.area.practitioners["cic.demo"]
        medical = b.area.teams[LAC_MEDICAL_TEAM]
        self.doctors = _clinicians(b.area, LAC_DOCTORS, medical)
        self.nurses = [(self.cic, 0.1), *_clinicians(b.area, CIC_NURSES, self.cic.team)]
        self.medical_service_id = medical.service_id
        self.cic_service_id = self.cic.team.service_id
        self.rules = {key: timescales.in_force(key) for key in [
            "lac.iha_due", "lac.iha_notification", "lac.iha_request", "lac.iha_booking", "lac.iha_seen",
            "lac.iha_typed_report", "lac.assessment_qa", "lac.assessment_share", "lac.rha_under5", "lac.rha_5plus",
            "sdq.bands"]}
        self.children = [(p, b.lac_current[p.id]) for p in b.people if p.id in b.lac_current]
        self.next_id = (HealthAssessment.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        self.assessments: list[Assessment] = []
        self.sdq: list[tuple] = []

    # --- the calendar, as lac.services.pipeline measures it -----------------------------------------

    def wd(self, day: date, n: int) -> date:
        return timescales.add_working_days(day, n)

    def target(self, key: str, start: date):
        rule = self.rules[key]
        return start, timescales.add_working_days(start, rule.value), rule.describe()

    def step(self, a: Assessment, step: str, on: date, by, *, target=None, appointment=None, reason=""):
        start, due, rule = target if target else (None, None, "")
        working = timescales.working_days_between(start, on) if start else None
        late = max(0, timescales.working_days_between(due, on)) if due else 0
        recorded = datetime.combine(on, time(12), tzinfo=UTC)
        a.steps.append([step, on, appointment, reason, working, due, rule, late, by.pk, recorded])

    # --- one child ---------------------------------------------------------------------------

    def new(self, **values) -> Assessment:
        a = Assessment({"id": self.next_id, "previous_id": None, "entered_care_on": None, "notified_on": None,
                        "requested_on": None, "booked_on": None, "appointment_on": None, "seen_on": None,
                        "report_due_on": None, "report_typed_on": None, "qa_accepted_on": None, "shared_on": None,
                        "completed_on": None, "not_brought_count": 0, "rescheduled_count": 0, "qa_return_count": 0,
                        "assessing_clinician_id": None, "assessing_service_id": None, **values})
        self.next_id += 1
        self.assessments.append(a)
        return a

    def appointment(self, a: Assessment, booked_from: date, clinician, after_days=(3, 10)) -> date | None:
        """Book, then perhaps not brought or rescheduled and booked again; the day seen, or None."""
        rng = self.rng
        day = booked_from
        for attempt in range(3):
            start_from = day
            booked = self.wd(start_from, rng.randint(0, 2) if attempt else rng.choice([1, 1, 2, 2, 3, 5]))
            if booked > self.anchor:
                return None
            target = self.target("lac.iha_booking", start_from) if a.values["kind"] == IHA else None
            appointment = self.wd(booked, rng.randint(*after_days))
            self.step(a, Step.APPOINTMENT_BOOKED, booked, self.cic, target=target, appointment=appointment)
            a.values["booked_on"], a.values["appointment_on"] = booked, appointment
            if appointment > self.anchor:
                return None
            roll = rng.random()
            if attempt < 2 and roll < 0.12:
                self.step(a, Step.NOT_BROUGHT, appointment, clinician, reason=rng.choice(NOT_BROUGHT_REASONS))
                a.values["not_brought_count"] += 1
            elif attempt < 2 and roll < 0.18:
                moved = appointment - timedelta(days=rng.randint(1, 3))
                moved = max(moved, booked)
                self.step(a, Step.RESCHEDULED, moved, self.cic, reason=rng.choice(RESCHEDULE_REASONS))
                a.values["rescheduled_count"] += 1
                appointment = moved
            else:
                return appointment
            a.values["appointment_on"] = None
            day = appointment
        return None

    def report(self, a: Assessment, seen: date, clinician, service_id, returns: float) -> date | None:
        """Seen, typed, quality assurance (perhaps returned), shared: the day shared, or None."""
        rng = self.rng
        v = a.values
        v["seen_on"] = seen
        v["assessing_clinician_id"], v["assessing_service_id"] = clinician.pk, service_id
        v["report_due_on"] = self.wd(seen, self.rules["lac.iha_typed_report"].value)
        typed_from = seen
        for _ in range(3):
            typed = self.wd(typed_from, rng.randint(1, 3) if rng.random() < 0.7 else rng.randint(4, 12))
            if typed > self.anchor:
                return None
            self.step(a, Step.REPORT_TYPED, typed, clinician, target=self.target("lac.iha_typed_report", typed_from))
            v["report_typed_on"] = typed
            checked = self.wd(typed, rng.choice([0, 1, 1, 2, 2, 3, 5]))
            if checked > self.anchor:
                return None
            if rng.random() < returns:
                self.step(a, Step.QA_RETURNED, checked, self.cic, target=self.target("lac.assessment_qa", typed),
                          reason=rng.choice(QA_RETURN_REASONS))
                v["qa_return_count"] += 1
                typed_from = checked
                continue
            self.step(a, Step.QA_ACCEPTED, checked, self.cic, target=self.target("lac.assessment_qa", typed))
            v["qa_accepted_on"] = checked
            shared = self.wd(checked, rng.choice([0, 0, 1, 1, 2, 4]))
            if shared > self.anchor:
                return None
            self.step(a, Step.SHARED, shared, self.cic, target=self.target("lac.assessment_share", checked))
            v["shared_on"] = v["completed_on"] = shared
            return shared
        return None

    def initial(self, child, entered: date) -> date | None:
        """The IHA; returns the day the child was seen if it was completed."""
        rng = self.rng
        rule = self.rules["lac.iha_due"]
        due = self.wd(entered, rule.value)
        a = self.new(child_id=child.id, kind=IHA, entered_care_on=entered, due_on=due, due_rule=rule.describe(),
                     child_age_band=age_band(child.date_of_birth, due))
        # The council's notification: usually in a few days; slow for some (§4.1).
        notified = self.wd(entered, rng.randint(0, 3) if rng.random() < 0.7 else rng.randint(4, 12))
        if notified > self.anchor:
            return None
        self.step(a, Step.NOTIFICATION_RECEIVED, notified, self.cic,
                  target=self.target("lac.iha_notification", entered))
        a.values["notified_on"] = notified
        requested = self.wd(notified, rng.randint(0, 1) if rng.random() < 0.75 else rng.randint(2, 5))
        if requested > self.anchor:
            return None
        self.step(a, Step.REQUESTED, requested, self.cic, target=self.target("lac.iha_request", notified))
        a.values["requested_on"] = requested
        doctor, returns = self.doctors[rng.randrange(len(self.doctors))]
        seen = self.appointment(a, requested, doctor)
        if seen is None:
            return None
        self.step(a, Step.SEEN, seen, doctor, target=self.target("lac.iha_seen", entered))
        shared = self.report(a, seen, doctor, self.medical_service_id, returns)
        return seen if shared else None

    def reviews(self, child, previous_id: int, seen: date) -> None:
        rng = self.rng
        dob = child.date_of_birth
        while True:
            key = "lac.rha_under5" if seen < dob + relativedelta(years=5) else "lac.rha_5plus"
            rule = self.rules[key]
            due = seen + relativedelta(months=rule.value)
            a = self.new(child_id=child.id, kind=RHA, due_on=due, due_rule=rule.describe(), previous_id=previous_id,
                         child_age_band=age_band(dob, seen))
            if age_on(dob, due) >= 18:
                return
            # Usually seen in the weeks before it is due; a quarter late.
            if rng.random() < 0.75:
                when = due - timedelta(days=rng.randint(3, 40))
            else:
                when = due + timedelta(days=rng.randint(5, 75))
            when = max(when, seen + timedelta(days=30))
            book_from = when - timedelta(days=rng.randint(10, 30))
            if book_from > self.anchor:
                return
            nurse, returns = self.nurses[rng.randrange(len(self.nurses))]
            gap = max(1, timescales.working_days_between(book_from, when))
            next_seen = self.appointment(a, book_from, nurse, after_days=(gap, gap))
            if next_seen is None:
                return
            self.step(a, Step.SEEN, next_seen, nurse, target=(seen, due, a.values["due_rule"]))
            if self.report(a, next_seen, nurse, self.cic_service_id, returns) is None:
                return
            previous_id, seen = a.values["id"], next_seen

    def scores(self, child, entered: date) -> None:
        rng = self.rng
        rule = self.rules["sdq.bands"]
        scheme = rule.value
        bands = sorted(scheme.items(), key=lambda item: item[1][0])
        day = entered + timedelta(days=rng.randint(25, 70))
        baseline = rng.gauss(14, 6)
        while day <= self.anchor:
            age = age_on(child.date_of_birth, day)
            if 4 <= age <= 16:
                total = int(max(0, min(40, round(baseline + rng.gauss(0, 3)))))
                band = next(name for name, (low, high) in bands if low <= total <= high)
                informant = "teacher" if rng.random() < 0.15 else "carer"
                self.sdq.append((child.id, day, informant, total, band, json.dumps(scheme), rule.describe()[:200],
                                 self.council.pk, self.cic.pk, datetime.combine(day, time(12), tzinfo=UTC)))
            day += timedelta(days=rng.randint(330, 400))

    # --- all of them ---------------------------------------------------------------------------

    def build(self) -> None:
        population_rng, featured = self.rng, set(FEATURED_IDS.values())
        for child, entered in self.children:
            if entered > self.anchor:
                continue
            self.rng = self.featured_rng if child.id in featured else population_rng
            seen = self.initial(child, entered)
            if seen is not None:
                iha_id = next(a.values["id"] for a in reversed(self.assessments) if a.values["kind"] == IHA)
                self.reviews(child, iha_id, seen)
            self.scores(child, entered)
        self.rng = population_rng

    def save(self) -> dict:
        assessments = [tuple(a.values[c] for c in HEALTH_ASSESSMENT_COLUMNS) for a in self.assessments]
        steps = [(a.values["id"], *s) for a in self.assessments for s in a.steps]
        write_rows(HealthAssessment, HEALTH_ASSESSMENT_COLUMNS, assessments)
        write_rows(AssessmentStep, STEP_COLUMNS, steps)
        write_rows(SDQScore, SDQ_COLUMNS, self.sdq)
        reset_sequences([HealthAssessment])
        return {"HealthAssessment": len(assessments), "AssessmentStep": len(steps), "SDQScore": len(self.sdq)}


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def age_band(dob: date, on: date) -> str:
    """As lac.services.pipeline.age_band: under 5 or 5 and over on the day."""
    return "under 5" if on < dob + relativedelta(years=5) else "5 and over"


def add_lac_health(builder) -> dict:
    """Write the health assessments and SDQ scores of the children the builder made looked after."""
    health = LACHealth(builder)
    health.build()
    with transaction.atomic():
        return health.save()


def delete_lac_health() -> None:
    """Remove them (tests re-seed in one database): reviews point at the one before, so unlink first."""
    SDQScore.objects.all().delete()
    AssessmentStep.objects.all().delete()
    HealthAssessment.objects.update(previous=None)
    HealthAssessment.objects.all().delete()
