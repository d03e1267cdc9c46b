"""Strengths and Difficulties Questionnaire scores received from social care (R6.5).

Each score is banded with the scheme in force (``timescales.in_force("sdq.bands")``, a local
setting: 0-13 normal, 14-16 borderline, 17-40 cause for concern by default) and the scheme and
its description are stored beside the score, so that a later change of the local scheme never
rebadges an old score.

Ages: the SDQ has parent and teacher versions for ages 2-17 (and self-report from 11), while
the DfE/DH guidance (and the council's return) asks for it from 4 to 16. A score for a child
aged 2-3 or 17 on the day it was completed is accepted with a warning that it is outside the
4-16 range of the guidance; a score outside 2-17, or a self-report under 11, is refused.

The trend chart is server-rendered SVG (no script), with the table of scores as its text
alternative."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thinkfamily.chronology.services import record_event
from thinkfamily.chronology.types import Significance, register
from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, lock, one_current
from thinkfamily.core.presenters import format_date
from thinkfamily.lac.models import SDQScore
from thinkfamily.lac.queries.sdq import latest_sdq
from thinkfamily.lac.services.plans import require_writer

SDQ_RECORDED = register("sdq_recorded", "Strengths and Difficulties Questionnaire score received", Significance.MEDIUM)

MIN_TOTAL, MAX_TOTAL = 0, 40
MIN_AGE, MAX_AGE = 2, 17  # ages the SDQ versions cover (years on the day it was completed)
GUIDANCE_AGES = (4, 16)  # DfE/DH 2015: on entry to care and every 12 months, ages 4-16
SELF_REPORT_FROM = 11

BAND_LABELS = {name: words.capitalize() for name, words in timescales.SDQ_BAND_WORDS.items()}


class SchemeError(ValueError):
    """The banding scheme in force does not place a score."""


def ordered_bands(scheme: dict) -> list[tuple[str, int, int]]:
    return sorted(((name, int(lo), int(hi)) for name, (lo, hi) in scheme.items()), key=lambda b: b[1])


def band_for(total: int, scheme: dict) -> str:
    """The band a total falls in under ``scheme`` ({band: [low, high]}, inclusive)."""
    for name, low, high in ordered_bands(scheme):
        if low <= total <= high:
            return name
    raise SchemeError(f"The SDQ banding scheme in force does not place a score of {total}.")


def band_label(band: str) -> str:
    return BAND_LABELS.get(band, band.replace("_", " ").capitalize())


def band_tag_class(band: str, scheme: dict) -> str:
    """Green for the first (lowest) band, red for the last, orange between."""
    names = [name for name, _, _ in ordered_bands(scheme)]
    if band not in names:
        return "nhsuk-tag--grey"
    position = names.index(band)
    if position == 0:
        return "nhsuk-tag--green"
    if position == len(names) - 1:
        return "nhsuk-tag--red"
    return "nhsuk-tag--orange"


def describe_scheme(scheme: dict) -> str:
    return ", ".join(f"{lo}-{hi} {band_label(name).lower()}" for name, lo, hi in ordered_bands(scheme))


def scheme_origin(scheme_rule: str) -> str:
    """Where a stored scheme came from ("local default", "local setting from 05 January 2026")."""
    return scheme_rule.rsplit("(", 1)[-1].rstrip(")") if scheme_rule.endswith(")") else scheme_rule


def age_warning(child, completed_on: datetime.date) -> str:
    """A warning for a score outside the ages of the guidance (not a refusal), or ''."""
    age = relativedelta(completed_on, child.date_of_birth).years
    low, high = GUIDANCE_AGES
    if low <= age <= high:
        return ""
    return (
        f"{child.full_name} was {age} when this SDQ was completed: the DfE/DH guidance asks for the SDQ "
        f"from {low} to {high}, so this score is kept and shown but is outside the council's return."
    )


@dataclass(frozen=True)
class Recorded:
    score: SDQScore
    warning: str


@transaction.atomic
def record_sdq(auditor: Auditor, child, *, completed_on: datetime.date, informant: str, total_difficulties,
               received_from=None) -> Recorded:
    """Record a total difficulties score received from social care, banded with the scheme in
    force, which is stored beside the score. Refuses, changing nothing, a score outside 0-40,
    a date in the future or before birth, a child outside ages 2-17 on that day, a self-report
    under 11, and the same informant's score for the same day twice."""
    require_writer(auditor.actor, child)
    if child.kind != "child" or child.date_of_birth is None:
        raise ValidationError({"completed_on": "An SDQ score is recorded for a born child."})
    if isinstance(total_difficulties, bool) or not isinstance(total_difficulties, int):
        raise ValidationError(
            {"total_difficulties": "Enter the total difficulties score as a whole number from 0 to 40."}
        )
    if not MIN_TOTAL <= total_difficulties <= MAX_TOTAL:
        raise ValidationError(
            {"total_difficulties": f"The total difficulties score must be from 0 to 40; {total_difficulties} is not "
                                   "possible. Check the score with social care."}
        )
    if informant not in SDQScore.Informant.values:
        raise ValidationError({"informant": "Choose who completed the questionnaire."})
    if completed_on is None:
        raise ValidationError({"completed_on": "Enter the date the questionnaire was completed."})
    if completed_on > clock.today():
        raise ValidationError({"completed_on": "The date the questionnaire was completed cannot be in the future."})
    if completed_on < child.date_of_birth:
        raise ValidationError({"completed_on": "The date cannot be before the child was born."})
    age = relativedelta(completed_on, child.date_of_birth).years
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValidationError(
            {"completed_on": f"{child.full_name} was {age} on that date. The SDQ is for children aged 2 to 17 "
                             "(the guidance asks for it from 4 to 16): check the date with social care."}
        )
    if informant == SDQScore.Informant.SELF and age < SELF_REPORT_FROM:
        raise ValidationError(
            {"informant": f"The self-report SDQ is for young people aged 11 to 17; {child.full_name} was {age}. "
                          "Check who completed it (a carer or a teacher)."}
        )
    lock(child)  # the same score sent twice at once: the second finds the first

    def already_recorded():
        return AlreadyRecorded(
            SDQScore.objects.filter(child=child, completed_on=completed_on, informant=informant).first(),
            f"A {SDQScore.Informant(informant).label.lower()} SDQ completed on {format_date(completed_on)} is "
            f"already recorded for {child.full_name}.", field="completed_on",
        )

    if SDQScore.objects.filter(child=child, completed_on=completed_on, informant=informant).exists():
        raise already_recorded()
    rule = timescales.in_force("sdq.bands")
    scheme = rule.value
    try:
        band = band_for(total_difficulties, scheme)
    except SchemeError as exc:
        raise ValidationError(
            {"total_difficulties": f"{exc} Ask the person who manages local settings to correct sdq.bands."}
        ) from exc
    with one_current(already_recorded):
        score = SDQScore.objects.create(
            child=child,
            completed_on=completed_on,
            informant=informant,
            total_difficulties=total_difficulties,
            band=band,
            scheme=scheme,
            scheme_rule=rule.describe()[:200],
            received_from=received_from,
            recorded_by=auditor.actor,
            recorded_at=clock.now(),
        )
    auditor.create(score, ["completed_on", "informant", "total_difficulties", "band", "scheme", "received_from"],
                   subject=child)
    source = f" from {received_from.name}" if received_from is not None else ""
    significance = Significance.HIGH if band_tag_class(band, scheme) == "nhsuk-tag--red" else None
    record_event(
        child, SDQ_RECORDED,
        f"SDQ ({score.get_informant_display().lower()}) total difficulties {total_difficulties}: "
        f"{band_label(band).lower()}{source}",
        occurred_at=completed_on, author=auditor.actor, source=score, significance=significance,
    )
    return Recorded(score, age_warning(child, completed_on))


@dataclass(frozen=True)
class NextDue:
    due_on: datetime.date | None
    rule: str
    text: str
    overdue: bool


def next_due(child, latest: SDQScore | None = None, today: datetime.date | None = None) -> NextDue:
    """When the next SDQ is due: 12 months after the last one (the lac.sdq timescale), or now if there is
    none; not due outside ages 4-16."""
    today = today or clock.today()
    latest = latest if latest is not None else latest_sdq(child)
    low, high = GUIDANCE_AGES
    sixteen_ends = child.date_of_birth + relativedelta(years=high + 1)
    fourth = child.date_of_birth + relativedelta(years=low)
    if latest is None:
        rule = timescales.in_force("lac.sdq").describe()
        if today >= sixteen_ends:
            return NextDue(None, rule, f"Not due: the guidance asks for the SDQ from {low} to {high}.", False)
        due_on = max(today, fourth)
        when = "now" if due_on == today else "from " + format_date(due_on)
        return NextDue(due_on, rule, f"No SDQ recorded: due {when} (on entering care, then every 12 months).", False)
    deadline = timescales.deadline("lac.sdq", latest.completed_on)
    due_on = timezone.localtime(deadline.due_at).date()
    if due_on >= sixteen_ends:
        return NextDue(None, deadline.describe(), f"Not due: {child.full_name} will be over {high} by then.", False)
    overdue = due_on < today
    text = f"Due by {format_date(due_on)}" + (f": overdue by {(today - due_on).days} days" if overdue else "")
    return NextDue(due_on, deadline.describe(), text, overdue)
