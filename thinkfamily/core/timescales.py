"""Every deadline in ThinkFamily is computed here (R10.4): England's working days (bank
holidays and substitute days from the ``holidays`` package), working hours for hour-based
deadlines, and the timescales below (``TIMESCALES``), each with its rule, default, kind
(national or local) and source.

Local timescales can be changed without code (a TimescaleSetting row, kept with who and
when); national ones cannot. Every figure computed from a timescale can say which value was
in force (``InForce.describe()``)."""

import ast
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils import timezone

NATIONAL, LOCAL = "national", "local"
WORKING_DAYS, WORKING_HOURS, MONTHS, NO_DEADLINE, VALUE = "working days", "working hours", "months", "none", "value"


@dataclass(frozen=True)
class Timescale:
    key: str
    rule: str
    default: object
    unit: str
    kind: str
    source: str


TIMESCALES = {
    t.key: t
    for t in [
        Timescale(
            "lac.first_review",
            "First looked-after review after the child becomes looked after",
            20,
            WORKING_DAYS,
            NATIONAL,
            "Care Planning, Placement and Case Review (England) Regulations 2010, reg 33",
        ),
        Timescale(
            "lac.iha_due",
            "Initial health assessment done and reported, from entering care",
            20,
            WORKING_DAYS,
            NATIONAL,
            "Regs 2010 reg 7 with reg 33; DfE/DH 2015",
        ),
        Timescale("lac.iha_typed_report", "Typed IHA report after the clinic", 3, WORKING_DAYS, LOCAL, "review §4.2"),
        # The steps of the IHA pipeline, each with its own target so that the slow step shows
        # (review §4.1). Local defaults chosen so that the steps fit inside lac.iha_due; see
        # docs/adr/0011-looked-after-childrens-health-pipeline.md.
        Timescale(
            "lac.iha_notification", "IHA: council's notification received by health, from entering care",
            3, WORKING_DAYS, LOCAL, "ThinkFamily default within lac.iha_due (review §4.1)",
        ),
        Timescale(
            "lac.iha_request", "IHA: request to the medical team, from the notification",
            1, WORKING_DAYS, LOCAL, "ThinkFamily default within lac.iha_due (review §4.1)",
        ),
        Timescale(
            "lac.iha_booking", "IHA: appointment booked, from the request (or a missed appointment)",
            2, WORKING_DAYS, LOCAL, "ThinkFamily default within lac.iha_due (review §4.1)",
        ),
        Timescale(
            "lac.iha_seen", "IHA: child seen in clinic, from entering care",
            14, WORKING_DAYS, LOCAL, "ThinkFamily default within lac.iha_due (review §4.1)",
        ),
        Timescale(
            "lac.assessment_qa", "Quality assurance of a health assessment report, from typing",
            2, WORKING_DAYS, LOCAL, "ThinkFamily default within lac.iha_due (review §4.5)",
        ),
        Timescale(
            "lac.assessment_share", "Assessment report shared with the CIC nurse and GP, from acceptance",
            1, WORKING_DAYS, LOCAL, "ThinkFamily default within lac.iha_due (review §4.2)",
        ),
        Timescale("lac.rha_under5", "Review health assessment, child under 5", 6, MONTHS, NATIONAL, "Regs 2010 reg 7"),
        Timescale(
            "lac.rha_5plus", "Review health assessment, child 5 and over", 12, MONTHS, NATIONAL, "Regs 2010 reg 7"
        ),
        Timescale(
            "lac.sdq", "Strengths and Difficulties Questionnaire, ages 4-16", 12, MONTHS, NATIONAL, "DfE/DH 2015"
        ),
        Timescale(
            "sdq.bands",
            "SDQ total difficulties bands (0-40)",
            {"normal": [0, 13], "borderline": [14, 16], "concern": [17, 40]},
            VALUE,
            LOCAL,
            "local authority guidance (3-band)",
        ),
        Timescale(
            "csc.referral_decision",
            "Social care acknowledges a referral and decides next steps",
            1,
            WORKING_DAYS,
            NATIONAL,
            "Working Together to Safeguard Children",
        ),
        Timescale(
            "csc.assessment",
            "Social care assessment complete, from referral",
            45,
            WORKING_DAYS,
            NATIONAL,
            "Working Together",
        ),
        Timescale(
            "cp.icpc",
            "Initial child protection conference, from the strategy discussion",
            15,
            WORKING_DAYS,
            NATIONAL,
            "Working Together",
        ),
        Timescale(
            "cp.first_review",
            "First review conference after the initial conference",
            3,
            MONTHS,
            NATIONAL,
            "Working Together",
        ),
        Timescale("cp.later_reviews", "Later review conferences, at most", 6, MONTHS, NATIONAL, "Working Together"),
        Timescale(
            "cp.core_group",
            "First core group after the initial conference",
            10,
            WORKING_DAYS,
            NATIONAL,
            "Working Together",
        ),
        Timescale(
            "cp.minutes",
            "Conference minutes and plan received and secured on the record",
            20,
            WORKING_DAYS,
            LOCAL,
            "review §3.10",
        ),
        Timescale(
            "cp.categories",
            "Categories of a child protection plan",
            ["neglect", "physical", "emotional", "sexual"],
            VALUE,
            NATIONAL,
            "Working Together",
        ),
        Timescale(
            "health.referral_delay",
            "From a concern recorded to the referral sent (over this is overdue)",
            1,
            WORKING_DAYS,
            LOCAL,
            "review §3.15",
        ),
        Timescale("mash.red", "MASH information request, red", 4, WORKING_HOURS, LOCAL, "local MASH protocol"),
        Timescale("mash.amber", "MASH information request, amber", 1, WORKING_DAYS, LOCAL, "local MASH protocol"),
        Timescale("mash.green", "MASH information request, green", 3, WORKING_DAYS, LOCAL, "local MASH protocol"),
        Timescale(
            "mash.blue",
            "MASH information request, blue (for information)",
            None,
            NO_DEADLINE,
            LOCAL,
            "local MASH protocol",
        ),
        Timescale(
            "wnb.threshold",
            "Missed appointments that raise a 'was not brought' alert",
            {"missed": 2, "months": 12, "missed_if_cp_or_looked_after": 1},
            VALUE,
            LOCAL,
            "RCGP safeguarding toolkit",
        ),
        Timescale(
            "wnb.follow_up",
            "A 'was not brought' or disengagement follow-up recorded, from the alert",
            2,
            WORKING_DAYS,
            LOCAL,
            "ThinkFamily default: missed appointments acted on, not filed (review §2.21-2.22, Rec 2.5, 6.1)",
        ),
        Timescale(
            "dash.high_risk",
            "DASH checklist 'yes' answers that mean high risk (refer to MARAC)",
            14,
            VALUE,
            NATIONAL,
            "SafeLives DASH guidance",
        ),
        Timescale(
            "da.routine_enquiry",
            "Routine enquiry about domestic abuse in pregnancy (weeks of gestation)",
            {"at_booking": True, "weeks": [28, 34], "after_birth": True},
            VALUE,
            LOCAL,
            "review §2.2, NICE PH50",
        ),
        Timescale(
            "fgm.report", "Known FGM in an under-18 reported to police", 1, MONTHS, NATIONAL, "FGM Act 2003 s.5B"
        ),
        Timescale(
            "hcp.contacts",
            "Health visiting mandated reviews (days after birth; antenatal from weeks of pregnancy)",
            {"antenatal_from_weeks": 28, "new_birth_visit_days": [10, 14], "six_to_eight_weeks_days": [42, 56]},
            VALUE,
            NATIONAL,
            "Healthy Child Programme",
        ),
        Timescale(
            "ed.liaison_review",
            "A 16- or 17-year-old seen in an adult emergency department reviewed by paediatric liaison",
            1,
            WORKING_DAYS,
            LOCAL,
            "review §5.2.24, Rec 2.6 (next-day review)",
        ),
        Timescale(
            "waits.referral_to_treatment",
            "From referral to the start of treatment (weeks); longer waits are listed as breaches",
            18,
            VALUE,
            NATIONAL,
            "NHS Constitution: referral to treatment within 18 weeks (consultant-led services); review §5.1.14, §2.26",
        ),
        Timescale(
            "transition.start",
            "Planning transfer from CAMHS to adult services, before the 18th birthday",
            6,
            MONTHS,
            LOCAL,
            "review §2.27; NICE NG43",
        ),
        Timescale(
            "training.l3_hours",
            "Level 3 safeguarding refresher hours over 3 years",
            {"min": 12, "max": 16},
            VALUE,
            NATIONAL,
            "Intercollegiate document, 2019",
        ),
        Timescale(
            "cpis.lookback",
            "Statuses shown at point-of-care lookup: current, and ended within",
            12,
            MONTHS,
            NATIONAL,
            "CP-IS",
        ),
        Timescale(
            "working_hours",
            "Working hours for hour-based deadlines",
            {"start": "09:00", "end": "17:00"},
            VALUE,
            LOCAL,
            "local setting",
        ),
    ]
}


# What each timescale means, as a practitioner reads it: ``{value}`` is the value in force in
# words ("20 working days", "12 months"). Timescales whose value is a table of figures say it
# through a function of the value. Keys never reach a page: pages cite these sentences.
SENTENCES = {
    "lac.first_review": "First looked-after review within {value} of becoming looked after",
    "lac.iha_due": "Initial health assessment done and reported within {value} of becoming looked after",
    "lac.iha_typed_report": "Typed initial health assessment report within {value} of the clinic",
    "lac.iha_notification": "Council's notification received by health within {value} of the child becoming "
                            "looked after",
    "lac.iha_request": "Initial health assessment requested from the medical team within {value} of the "
                       "council's notification",
    "lac.iha_booking": "Initial health assessment appointment booked within {value} of the request (or of a "
                       "missed appointment)",
    "lac.iha_seen": "Child seen for the initial health assessment within {value} of becoming looked after",
    "lac.assessment_qa": "Health assessment report quality-assured within {value} of being typed",
    "lac.assessment_share": "Health assessment report shared with the children-in-care nurse and the GP within "
                            "{value} of being accepted",
    "lac.rha_under5": "Review health assessment every {value} for a child under 5",
    "lac.rha_5plus": "Review health assessment every {value} for a child aged 5 or over",
    "lac.sdq": "Strengths and Difficulties Questionnaire every {value} for a child aged 4 to 16",
    "csc.referral_decision": "Children's social care decides what happens next within {value} of a referral",
    "csc.assessment": "Children's social care assessment complete within {value} of the referral",
    "cp.icpc": "Initial child protection conference within {value} of the strategy discussion",
    "cp.first_review": "First review conference within {value} of the initial conference",
    "cp.later_reviews": "Later review conferences at least every {value}",
    "cp.core_group": "First core group meeting within {value} of the initial conference",
    "cp.minutes": "Conference minutes and plan received and kept on the record within {value}",
    "health.referral_delay": "Referral sent to the MASH within {value} of the concern being recorded",
    "mash.red": "Red MASH information request answered within {value}",
    "mash.amber": "Amber MASH information request answered within {value}",
    "mash.green": "Green MASH information request answered within {value}",
    "mash.blue": "Blue MASH information request (for information): no deadline",
    "wnb.follow_up": "Follow-up of a 'was not brought' or disengagement alert recorded within {value}",
    "dash.high_risk": "{value} or more 'yes' answers on the DASH checklist mean high risk (refer to MARAC)",
    "fgm.report": "Known FGM in a girl under 18 reported to the police within {value}",
    "ed.liaison_review": "A 16- or 17-year-old seen in an adult emergency department reviewed by paediatric "
                         "liaison within {value}",
    "waits.referral_to_treatment": "Treatment starts within {value} weeks of the referral",
    "transition.start": "Planning the move from CAMHS to adult services starts {value} before the 18th birthday",
    "cpis.lookback": "Child protection and looked-after statuses shown at a lookup: current ones and those ended "
                     "within the last {value}",
}

# The categories of a child protection plan in words (people.models.CPCategory's codes).
CP_CATEGORY_WORDS = {
    "neglect": "neglect", "physical": "physical abuse", "emotional": "emotional abuse", "sexual": "sexual abuse",
}

# The SDQ's band names in words (the names a scheme may use; the lac pages' labels too).
SDQ_BAND_WORDS = {
    "normal": "normal", "borderline": "borderline", "concern": "cause for concern",
    "close_to_average": "close to average", "slightly_raised": "slightly raised", "high": "high",
    "very_high": "very high",
}


def plural(count, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun, singular for exactly one: "1 working day", "3 working days",
    "2.5 working days"."""
    shown = f"{count:g}" if isinstance(count, float) else str(count)
    return f"{shown} {singular if count == 1 else (plural_form or singular + 's')}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def sdq_bands_words(bands: dict) -> str:
    """{'normal': [0, 13], ...} as words: "0 to 13: normal; 14 to 16: borderline; ..."."""
    ordered = sorted(bands.items(), key=lambda item: int(item[1][0]))
    return "; ".join(f"{lo} to {hi}: {SDQ_BAND_WORDS.get(name, name.replace('_', ' '))}" for name, (lo, hi) in ordered)


def _value_sentence(key: str, value) -> str:
    """The sentence of a timescale whose value is a table of figures."""
    if key == "sdq.bands":
        return f"SDQ total difficulties score bands: {sdq_bands_words(value)}"
    if key == "wnb.threshold":
        return (f"A 'was not brought' alert after {plural(value['missed'], 'missed appointment')} in "
                f"{plural(value['months'], 'month')} ({value['missed_if_cp_or_looked_after']} for a child on a child "
                "protection plan or looked after)")
    if key == "da.routine_enquiry":
        asked = (["at booking"] if value.get("at_booking") else []) + [
            f"at {_join([str(w) for w in value.get('weeks', [])])} weeks of pregnancy"] * bool(value.get("weeks")) + (
            ["after the birth"] if value.get("after_birth") else [])
        return f"Routine enquiry about domestic abuse in pregnancy: {_join(asked)}"
    if key == "hcp.contacts":
        nbv, six = value["new_birth_visit_days"], value["six_to_eight_weeks_days"]
        return (f"Health visiting reviews: antenatal from {value['antenatal_from_weeks']} weeks of pregnancy, new "
                f"birth visit {nbv[0]} to {nbv[1]} days after the birth, 6 to 8 week review {six[0]} to {six[1]} days "
                "after the birth")
    if key == "training.l3_hours":
        return f"Level 3 safeguarding refresher: {value['min']} to {value['max']} hours over 3 years"
    if key == "cp.categories":
        names = [CP_CATEGORY_WORDS.get(code, code) for code in value]
        return f"A child protection plan is under one of these categories: {_join(names)}"
    if key == "working_hours":
        return f"Working hours for hour-based deadlines: {value['start']} to {value['end']}"
    raise KeyError(key)


def amount(timescale: "Timescale", value) -> str:
    """A timescale's value in words: "1 working day", "4 working hours", "12 months"."""
    if timescale.unit == WORKING_DAYS:
        return plural(value, "working day")
    if timescale.unit == WORKING_HOURS:
        return plural(value, "working hour")
    if timescale.unit == MONTHS:
        return plural(value, "month")
    return str(value)


def sentence(key: str, value) -> str:
    """What timescale ``key`` says with ``value`` in force, in a practitioner's words."""
    timescale = TIMESCALES[key]
    if key in SENTENCES:
        return SENTENCES[key].format(value=amount(timescale, value))
    return _value_sentence(key, value)


@dataclass(frozen=True)
class InForce:
    """The value of a timescale at a moment, and where it came from."""

    timescale: Timescale
    value: object
    local_setting_id: int | None = None
    effective_from: datetime.datetime | None = None

    def describe(self) -> str:
        unit = "" if self.timescale.unit in (VALUE, NO_DEADLINE) else f" {self.timescale.unit}"
        origin = (
            f"local setting from {timezone.localtime(self.effective_from):%d %B %Y}"
            if self.local_setting_id
            else f"{self.timescale.kind} default"
        )
        return f"{self.timescale.key} = {self.value}{unit} ({origin})"

    def origin_words(self) -> str:
        if self.local_setting_id:
            return f"local timescale, set from {timezone.localtime(self.effective_from).day} " \
                   f"{timezone.localtime(self.effective_from):%B %Y}"
        return f"{self.timescale.kind} timescale"

    def words(self) -> str:
        """The rule as a page cites it: "Amber MASH information request answered within 1
        working day (local timescale)"."""
        return f"{sentence(self.timescale.key, self.value)} ({self.origin_words()})"

    def amount(self) -> str:
        return amount(self.timescale, self.value)


_STORED = re.compile(r"^(?P<key>[a-z0-9_.]+) = (?P<value>.*?)(?: (?P<unit>working days|working hours|months))? "
                     r"\((?P<origin>national default|local default|local setting from (?P<since>.+))\)$", re.S)


def in_words(stored: str) -> str:
    """A rule as stored with a figure (``InForce.describe()``: "mash.amber = 1 working days
    (local default)") in a practitioner's words; anything else as it is."""
    match = _STORED.match((stored or "").strip())
    if not match or match["key"] not in TIMESCALES:
        return stored
    key, raw = match["key"], match["value"]
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return stored
    if match["since"]:
        origin = f"local timescale, set from {match['since'].lstrip('0')}"
    else:
        origin = match["origin"].replace("default", "timescale")
    return f"{sentence(key, value)} ({origin})"


def in_force(key: str, at: datetime.datetime | None = None) -> InForce:
    from thinkfamily.core import clock
    from thinkfamily.core.models import TimescaleSetting

    timescale = TIMESCALES[key]
    if timescale.kind == LOCAL:
        setting = (
            TimescaleSetting.objects.filter(key=key, effective_from__lte=at or clock.now())
            .order_by("-effective_from", "-id")
            .first()
        )
        if setting is not None:
            return InForce(timescale, setting.value, setting.pk, setting.effective_from)
    return InForce(timescale, timescale.default)


# The working-day calendar ----------------------------------------------------------------


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def bank_holiday_name(day: datetime.date) -> str | None:
    return holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The Nth working day after ``day`` (``day`` itself does not count)."""
    current = day
    remaining = count
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 on the same day; negative
    if ``end`` is before ``start``). A concern on Friday and a referral on Monday: 1."""
    if end < start:
        return -working_days_between(end, start)
    days, current = 0, start
    while current < end:
        current += datetime.timedelta(days=1)
        days += is_working_day(current)
    return days


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _hours(at=None) -> tuple[datetime.time, datetime.time]:
    value = in_force("working_hours", at).value
    start = datetime.time.fromisoformat(value["start"])
    end = datetime.time.fromisoformat(value["end"])
    return start, end


def add_working_hours(moment: datetime.datetime, hours: float) -> datetime.datetime:
    """``hours`` of working time after ``moment``, counting only working hours of working
    days (a red request at 16:00 on Friday with 4 hours is due at 12:00 on Monday)."""
    open_at, close_at = _hours(moment)
    local = timezone.localtime(moment)
    remaining = datetime.timedelta(hours=hours)
    day = local.date()
    cursor = local.replace(tzinfo=None)
    while True:
        if is_working_day(day):
            window_start = datetime.datetime.combine(day, open_at)
            window_end = datetime.datetime.combine(day, close_at)
            start = max(cursor, window_start)
            if start < window_end:
                available = window_end - start
                if remaining <= available:
                    return timezone.make_aware(start + remaining)
                remaining -= available
        day += datetime.timedelta(days=1)
        cursor = datetime.datetime.combine(day, datetime.time.min)


@dataclass(frozen=True)
class Deadline:
    due_at: datetime.datetime | None
    in_force: InForce

    def describe(self) -> str:
        return self.in_force.describe()


def deadline(key: str, start: datetime.datetime | datetime.date, at: datetime.datetime | None = None) -> Deadline:
    """When something started at ``start`` is due under timescale ``key``, and the value used."""
    rule = in_force(key, at)
    unit, value = rule.timescale.unit, rule.value
    start_day = start.date() if isinstance(start, datetime.datetime) else start
    if isinstance(start, datetime.datetime):
        start_day = timezone.localtime(start).date()
    if unit == WORKING_DAYS:
        return Deadline(end_of_day(add_working_days(start_day, value)), rule)
    if unit == WORKING_HOURS:
        moment = (
            start
            if isinstance(start, datetime.datetime)
            else timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
        )
        return Deadline(add_working_hours(moment, value), rule)
    if unit == MONTHS:
        return Deadline(end_of_day(start_day + relativedelta(months=value)), rule)
    if unit == NO_DEADLINE:
        return Deadline(None, rule)
    raise ValueError(f"{key} is a value, not a deadline")


def change_local_setting(auditor, key: str, value, *, effective_from: datetime.datetime, reason: str):
    """Change a local timescale from a moment on. National timescales are fixed in law or
    guidance and cannot be changed here."""
    from django.core.exceptions import ValidationError

    from thinkfamily.core.models import TimescaleSetting

    timescale = TIMESCALES.get(key)
    if timescale is None:
        raise ValidationError({"key": f"There is no timescale called {key}."})
    if timescale.kind != LOCAL:
        raise ValidationError({"key": f"{key} is a national timescale ({timescale.source}) and cannot be changed."})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the local timescale is changing, and on whose authority."})
    default = timescale.default
    if isinstance(default, int) and not (isinstance(value, int) and value > 0):
        raise ValidationError({"value": f"{key} must be a whole number above zero ({timescale.unit})."})
    if isinstance(default, dict) and (not isinstance(value, dict) or set(value) != set(default)):
        raise ValidationError({"value": f"{key} must have the keys {', '.join(sorted(default))}."})
    setting = TimescaleSetting.objects.create(
        key=key, value=value, effective_from=effective_from, changed_by=auditor.actor, reason=reason.strip()
    )
    auditor.create(setting, ["key", "value", "effective_from", "reason"])
    return setting
